"""The ``propsvc`` command: global options, one-line errors, exit codes, output mode.

Exit codes: 0 done · 1 refused (an SOP rule, not found, forbidden, conflict) · 2 bad usage
or input. Every command group is named in ``COMMANDS`` and imported only when it runs, so
``--help`` loads no family's module and opens no database. The commands call the
``propsvc.office.Office`` facade and nothing under it.
"""

from __future__ import annotations

import sys

import click

from propsvc.commands.context import Ctx
from propsvc.commands.lazy import LazyGroup
from propsvc.errors import InvalidInput, PropsvcError
from propsvc.permissions import ROLES

C = "propsvc.commands"
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
@click.option("--lang", envvar="PROPSVC_LANG", default="zh-CN", show_default=True,
              type=click.Choice(["zh-CN", "en"], case_sensitive=False),
              help="Language of the handover books' tables (env PROPSVC_LANG).")
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
            raise InvalidInput(f"argument {position} is not valid UTF-8 text: retype it "
                               "(check the terminal's encoding)") from None
        if "\x00" in arg:
            raise InvalidInput(f"argument {position} holds a NUL character: retype it")


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code; every error becomes one line on stderr."""
    try:
        _readable(sys.argv[1:] if argv is None else argv)
        cli.main(args=argv, prog_name="propsvc", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except click.UsageError as err:
        if type(err).__name__ == "NoArgsIsHelpError" and err.ctx:  # click >= 8.2: no command
            click.echo(err.ctx.get_help())  # the help is wanted: stdout, error stays 1 line
            click.echo(f"error: missing command (see '{err.ctx.command_path} --help')",
                       err=True)
            return 2
        where = f" (see '{err.ctx.command_path} --help')" if err.ctx else ""
        click.echo(f"error: {_one_line(err.format_message())}{where}", err=True)
        return 2
    except click.ClickException as err:
        click.echo(f"error: {_one_line(err.format_message())}", err=True)
        return err.exit_code
    except PropsvcError as err:
        click.echo(f"error: {' '.join(str(err).splitlines())}", err=True)
        return err.exit_code
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        return 130
    except Exception as err:  # the last line of defence: never a traceback for a user
        from propsvc.store.failures import describe

        message, code = describe(err)
        click.echo(f"error: {message}", err=True)
        return code
    return 0


__all__ = ["COMMANDS", "InvalidInput", "cli", "main", "run"]
