"""The ``propsvc`` command: global options, one-line errors, exit codes, output mode.

Exit codes: 0 done · 1 refused (an SOP rule, not found, forbidden, conflict) · 2 bad usage
or input. Every command group is named in ``COMMANDS`` and imported only when it runs, so
``--help`` loads no family's module and opens no database. The commands call the
``propsvc.office.Office`` facade and nothing under it.
"""

from __future__ import annotations

import os
import sys
import types

import click

from propsvc.commands.context import Ctx
from propsvc.commands.lazy import LazyGroup
from propsvc.errors import InvalidInput, PropsvcError
from propsvc.i18n import _, gettext_plain, ngettext
from propsvc.permissions import ROLES

C = "propsvc.commands"


def _click_speaks_the_catalogue() -> None:
    """click's own lines (usage errors, help headings) come from its modules' ``gettext``:
    point them at the catalogue, so they follow ``--lang`` like every other text."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.termui, click.types, click.utils):
        if hasattr(module, "_"):
            module._ = gettext_plain  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]

# name → (module:command, its help as the listing shows it)
COMMANDS: dict[str, tuple[str, str]] = {
    "ticket": (f"{C}.ticket:ticket", "Open tickets and look them up."),
    "repair": (f"{C}.repair:repair",
               "Work orders, arrival, assessment, fees, materials, completion (R2–R11)."),
    "complaint": (f"{C}.complaint:complaint",
                  "Classify, dispatch, reply, agree a remedy, resolve, confirm (C2–C10)."),
    "help": (f"{C}.help:help_",
             "Answer help requests, medical emergencies, routing to other tickets (H1–H6)."),
    "inquiry": (f"{C}.inquiry:inquiry",
                "Inquiries (咨询): oral at once, written within 2 days (H4)."),
    "feedback": (f"{C}.feedback:feedback",
                 "Pass a matter to its handler and answer back (信息反馈, F1–F3)."),
    "incident": (f"{C}.incident:incident", "Report special incidents, record playbook "
                 "steps and the written report (I1–I4)."),
    "visit": (f"{C}.visit:visit", "Return visits after completion (R13, V1–V3)."),
    "key": (f"{C}.keys:key",
            "Keys kept by the office: filing, deposits, loans, returns (K1–K6)."),
    "reno": (f"{C}.renovation:reno",
             "Renovation permits, inspections, violations and deposit refunds (N1–N10)."),
    "movein": (f"{C}.movein:movein", "Move-in: documents, agreements, owner file, fees, "
               "keys, joint inspection (Q5)."),
    "paid": (f"{C}.paid:paid", "Paid services: decide and quote, owner accepts, dispatch, "
             "complete, fee, visit (Q1)."),
    "release": (f"{C}.release:release",
                "Goods release: register, confirm fees, owner signs, out at the gate (Q2)."),
    "fees": (f"{C}.fees:fees", "The cashier's record of fee arrears per unit, checked "
             "before goods release (Q2)."),
    "found": (f"{C}.found:found",
              "Lost property: record, weekly notice, claim, disposal after 3 months (Q3)."),
    "vacancy": (f"{C}.vacancy:vacancy",
                "Vacant units: application, monthly inspection, end (Q4)."),
    "handover": (f"{C}.handover:handover",
                 "交接班记录本 — take over, triage, OK, reasons, entries, hand over (S1–S5)."),
    "carryover": (f"{C}.handover:carryover",
                  "遗留问题档案 — the monthly carry-over file (S6–S7)."),
    "patrol": (f"{C}.patrol:patrol", "Estate patrol findings, dispatched and tracked (P1)."),
    "register": (f"{C}.register:register", "Registers as on the paper forms (登记表)."),
    "archive": (f"{C}.exports:archive", "Write the whole month: every register as xlsx, "
                "handover logs, carry-over, summary."),
    "tick": (f"{C}.admin:tick",
             "Record every deadline missed up to now and chase/escalate (R11). Idempotent."),
    "overdue": (f"{C}.admin:overdue", "Open deadlines past due, oldest first."),
    "rebuild": (f"{C}.admin:rebuild", "Drop every read model and rebuild it from the events "
                "(progress bar on a terminal)."),
    "profile": (f"{C}.admin:profile", "The SOP profile in force."),
    "rules": (f"{C}.admin:rules", "Every SOP rule the engine enforces: its ID, what it says, "
              "the profile numbers in force and the scenarios that cover it."),
    "whatif": (f"{C}.whatif:whatif", "Replay a month's deadlines under another profile, "
               "in memory: compliance per rule."),
    "calendar": (f"{C}.calendar:calendar", "Public holidays and make-up working days (调休) "
                 "that working-day deadlines follow."),
    "demo": (f"{C}.demo:demo", "Play a month of repair calls at a 624-unit estate, then "
             "print the registers."),
    "verify": (f"{C}.trust:verify", "Walk the event log's hash chain; name the first broken "
               "link (exit 1) or print the count and the head hash (exit 0)."),
    "backup": (f"{C}.trust:backup", "A consistent copy of the SQLite store while desks keep "
               "working (PostgreSQL: pg_dump, or events export)."),
    "events": (f"{C}.trust:events", "The event log as JSON lines (transfer, archive, "
               "restore)."),
    "office": (f"{C}.offices:office",
               "The registered management offices (an unknown --office is refused)."),
    "notifications": (f"{C}.notification:notifications",
                      "The in-app notifications of misses, chases and escalations (issue 15)."),
    "notify": (f"{C}.notification:notify",
               "Send notifications out: webhooks (WeCom, DingTalk, any JSON) and mail."),
    "user": (f"{C}.user:user",
             "Accounts of the desk server: add, grant, revoke, passwd, disable, list, token."),
    "serve": (f"{C}.serve:serve",
              "Run the desk server: the JSON API under /api/v1 over the same store (--db)."),
}


@click.group(cls=LazyGroup, lazy=COMMANDS,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", envvar="PROPSVC_DB", default="propsvc.db", show_default=True,
              help="SQLite file path or postgresql:// URL (env PROPSVC_DB).")
@click.option("--office", envvar="PROPSVC_OFFICE", default="main", show_default=True,
              help="Management office code (env PROPSVC_OFFICE).")
@click.option("--actor", envvar="PROPSVC_ACTOR", default="desk", show_default=True,
              help="Who is acting (env PROPSVC_ACTOR).")
@click.option("--role", envvar="PROPSVC_ROLE", default="desk", show_default=True,
              type=click.Choice(ROLES),
              help="The actor's role (env PROPSVC_ROLE); see docs/roles.md.")
@click.option("--at", "at", metavar="TIME", default=None,
              help="Business time of a late entry (office time, e.g. '2026-11-22 09:03').")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--profile", "profile_path", envvar="PROPSVC_PROFILE", default=None,
              metavar="FILE", help="SOP profile TOML overriding the defaults.")
@click.option("--lang", envvar="PROPSVC_LANG", default=None, metavar="LANG",
              callback=lambda _ctx, _param, value: _language(value),
              help="Language of every text: zh-CN (default; also zh, zh_CN) or en "
                   "(env PROPSVC_LANG, else LANG).")
@click.version_option(package_name="propsvc")
@click.pass_context
def cli(ctx: click.Context, db: str, office: str, actor: str, role: str, at: str | None,
        as_json: bool, profile_path: str | None, lang: str) -> None:
    """propsvc — the management office's service desk, recorded as events.

    Every action is an immutable event; registers, the overdue list and ticket histories
    are rebuilt from those events. Times without an offset are office-local.
    """
    from propsvc.i18n import set_lang

    set_lang(lang)
    ctx.obj = Ctx(db, office, actor, role, at, as_json, profile_path)
    ctx.call_on_close(ctx.obj.close)


def _language(value: str | None) -> str:
    """``--lang``/``PROPSVC_LANG``: zh, zh-CN, zh_CN or en; none given: ``LANG``."""
    from propsvc.i18n import from_environment, normalise

    if value is None:
        return from_environment()
    found = normalise(value)
    if found is None:
        raise click.BadParameter(_("{value!r} is not a language: use zh, zh-CN, zh_CN or en",
                                   value=value))
    return found


def _early_language(argv: list[str]) -> None:
    """The language is set before click parses anything, so that click's own usage
    errors (No such option, Missing option, …) speak it too."""
    from propsvc.i18n import from_environment, normalise, set_lang

    chosen = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    set_lang(normalise(chosen) or from_environment())


# after the decorators (their texts are fixed when the module loads), before any run
_click_speaks_the_catalogue()


def main(argv: list[str] | None = None) -> None:
    sys.exit(run(argv))


def _one_line(message: str) -> str:
    """Click lists choices on indented lines ("Choose from:\n\ta,\n\tb"): join them."""
    return " ".join(line.strip() for line in message.splitlines() if line.strip())


def _readable(argv: list[str]) -> None:
    """An argument that is not valid text (bytes the terminal could not decode arrive as
    lone surrogates) is bad input, before any command sees it."""
    for position, arg in enumerate(argv, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidInput(_("argument {position} is not valid UTF-8 text: retype it (check "
                                 "the terminal's encoding)", position=position)) from None
        if "\x00" in arg:
            raise InvalidInput(_("argument {position} holds a NUL character: retype it",
                                 position=position))


PLUGINS_OFF = ("__all__", "1", "true")  # pydantic's own values for "no plugins"
PLUGIN_LOADER = "pydantic.plugin._loader"


def _no_pydantic_plugin_search() -> None:
    """propsvc uses no pydantic plugin, and pydantic's search for them imports
    ``importlib.metadata`` and reads every installed package's entry points when the
    first event class is used (30–90 ms CPU of a command, issue 11). Unless
    ``PYDANTIC_DISABLE_PLUGINS`` says otherwise (set it empty, or to names to skip, to
    have pydantic load installed plugins), the CLI answers that search as pydantic does
    with ``PYDANTIC_DISABLE_PLUGINS=__all__``: no plugins."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS", "__all__") not in PLUGINS_OFF:
        return
    if PLUGIN_LOADER in sys.modules:  # pydantic already looked (the CLI run in-process)
        return
    loader = types.ModuleType(PLUGIN_LOADER, "pydantic's plugin loader with plugins off")
    loader.get_plugins = tuple  # type: ignore[attr-defined]
    sys.modules[PLUGIN_LOADER] = loader


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code; every error becomes one line on stderr."""
    args = sys.argv[1:] if argv is None else argv
    _no_pydantic_plugin_search()
    _early_language(args)
    try:
        _readable(args)
        cli.main(args=argv, prog_name="propsvc", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        click.echo(_("error: aborted"), err=True)
        return 1
    except click.UsageError as err:
        if type(err).__name__ == "NoArgsIsHelpError" and err.ctx:  # click >= 8.2: no command
            click.echo(err.ctx.get_help())  # the help is wanted: stdout, error stays 1 line
            click.echo(_("error: missing command (see '{command} --help')",
                         command=err.ctx.command_path), err=True)
            return 2
        where = _(" (see '{command} --help')", command=err.ctx.command_path) if err.ctx else ""
        click.echo(_("error: {message}", message=_one_line(err.format_message())) + where,
                   err=True)
        return 2
    except click.ClickException as err:
        click.echo(_("error: {message}", message=_one_line(err.format_message())), err=True)
        return err.exit_code
    except PropsvcError as err:
        click.echo(_("error: {message}", message=" ".join(str(err).splitlines())), err=True)
        return err.exit_code
    except KeyboardInterrupt:
        click.echo(_("error: interrupted"), err=True)
        return 130
    except Exception as err:  # the last line of defence: never a traceback for a user
        from propsvc.store.failures import describe

        message, code = describe(err)
        click.echo(_("error: {message}", message=message), err=True)
        return code
    return 0


__all__ = ["COMMANDS", "InvalidInput", "cli", "main", "run"]
