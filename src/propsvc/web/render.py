"""Rendering a page: one Jinja2 environment over ``web/templates`` (autoescaped), the
filters every page uses (office-local time, countdowns, vocabulary labels) and the
context every page gets (the user, their role and office, the language, the CSRF token,
the navigation their role may use)."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from propsvc.calendar import OfficeCalendar
from propsvc.desks.users import Principal
from propsvc.i18n import N_, _, lang
from propsvc.vocabulary import GROUPS, say_status
from propsvc.web.timeline import event_label

HERE = Path(__file__).parent


def roles_of(*families: str) -> frozenset[str]:
    """Who the nav shows a desk service to: the roles holding any of its actions in the
    permission matrix, and the auditor (who reads everything)."""
    from propsvc.permissions import MATRIX

    held: set[str] = {"auditor"}
    for action, roles in MATRIX.items():
        if action.split(".")[0] in families:
            held |= roles
    return frozenset(held)


NAV: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    ("/", N_("Desk"), None),
    ("/calls/new", N_("New call"), frozenset({"desk", "manager", "supervisor"})),
    ("/search", N_("Search"), None),
    ("/handover", N_("Handover log"), frozenset({"desk", "manager", "supervisor"})),
    ("/carryover", N_("Carry-over"), None),
    ("/keys", N_("Keys"), frozenset({"desk", "manager", "security", "auditor"})),
    ("/renovations", N_("Renovations"), None),
    ("/movein", N_("Move-ins"), roles_of("movein")),
    ("/paid", N_("Paid services"), roles_of("paid")),
    ("/release", N_("Goods releases"), roles_of("release")),
    ("/fees", N_("Fee arrears"), roles_of("fees", "release")),
    ("/found", N_("Lost property"), roles_of("found")),
    ("/vacancy", N_("Vacant units"), roles_of("vacancy")),
    ("/registers", N_("Registers"), None),
    ("/dashboard", N_("Dashboard"), frozenset({"desk", "manager", "supervisor", "auditor",
                                                "company"})),
    ("/tech", N_("My work orders"), frozenset({"technician", "engineering"})),
)


@cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(("html", "svg")), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals["_"] = _
    env.globals["event_label"] = event_label
    env.filters["label"] = label
    env.filters["status"] = status_label
    return env


def label(code: Any, group: str) -> str:
    """A coded value in the page's language (``{{ row.kind | label('ticket_kind') }}``)."""
    if code is None or code == "":
        return "—"
    choices = GROUPS.get(group)
    if choices is None or str(code) not in choices:
        return str(code)
    return choices.label(str(code), lang())


def status_label(code: Any, kind: str | None = "repair") -> str:
    """A ticket's status in words for its kind, in the page's language."""
    return "—" if code is None else say_status(kind, str(code))


def datum(value: Any, cal: OfficeCalendar | None = None) -> str:
    """One value of an event's data as a person reads it: times in office time, yes/no,
    lists and records as short text (never a Python repr)."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str):
        if cal is not None and len(value) >= 16 and value[4:5] == "-" and value[10:11] == "T":
            try:
                return when(cal, value.replace("Z", "+00:00"))
            except ValueError:
                return value
        return value
    if isinstance(value, dict):
        return " ".join(datum(v, cal) for v in value.values() if v not in (None, "", []))
    if isinstance(value, list | tuple):
        return "; ".join(datum(v, cal) for v in value)
    return str(value)


def when(cal: OfficeCalendar, value: str | datetime | None) -> str:
    if value is None or value == "":
        return "—"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return cal.local(moment).strftime("%Y-%m-%d %H:%M")


def countdown(due: str | datetime | None, now: datetime) -> dict[str, Any]:
    """How long until (or since) a due time, in minutes, and as text for the page."""
    if due is None:
        return {"minutes": None, "text": "—", "overdue": False}
    moment = datetime.fromisoformat(due) if isinstance(due, str) else due
    minutes = int((moment - now).total_seconds() // 60)
    late = minutes < 0
    span = abs(minutes)
    padded = f"{span % 60:02d}"
    text = _("{hours}h {minutes}m", hours=span // 60, minutes=padded) \
        if span >= 60 else _("{minutes}m", minutes=span)
    return {"minutes": minutes, "overdue": late,
            "text": _("{span} overdue", span=text) if late else _("in {span}", span=text),
            "due": moment.isoformat()}


def nav_for(role: str) -> list[tuple[str, str]]:
    return [(href, _(text)) for href, text, roles in NAV if roles is None or role in roles]


def _server_now(request: Request) -> str:
    """The server's clock (the page's countdowns run from it, not the browser's)."""
    clock = getattr(request.app.state.settings, "clock", None)
    return clock.now().isoformat() if clock is not None else ""


STREAM = "/api/v1/notifications/stream"


def stream_url(request: Request) -> str | None:
    """The notifications' live stream (server-sent events), when the server has one."""
    has = any(getattr(r, "path", None) == STREAM for r in request.app.routes)
    return STREAM if has else None


def page(request: Request, template: str, user: Principal | None, cal: OfficeCalendar | None,
         status: int = 200, **context: Any) -> HTMLResponse:
    """One page: the template with the shared context."""
    from propsvc.web.session import language

    current = language(request)
    shared = {"request": request, "user": user, "lang": current,
              "csrf": user.csrf if user else "", "nav": nav_for(user.role) if user else [],
              "path": request.url.path, "stream": stream_url(request),
              "server_now": _server_now(request),
              "when": (lambda v: when(cal, v)) if cal else str,
              "datum": lambda v: datum(v, cal)}
    html = environment().get_template(template).render(**shared, **context)
    return HTMLResponse(html, status_code=status)
