"""The desk services' pages (Q1–Q5): one spec per service — its list page (the open
records, their deadlines, the "new" forms) and its record page (state, deadlines,
history, the next steps as forms) — and the routes every service gets from it. The use
cases are the facade's (``web.ops``); a spec only says which forms, columns and reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from propsvc.errors import PropsvcError
from propsvc.i18n import N_, _
from propsvc.office.reader import Reader
from propsvc.queries.registers import REGISTERS
from propsvc.vocabulary import VISIT_METHODS, VISIT_RESULTS
from propsvc.web.forms import Field, FormError
from propsvc.web.ops import Op, allowed, post
from propsvc.web.render import page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import PageError, page_office, page_user

Row = dict[str, Any]
# the return visit of a move-in or a paid service (V1)
VISIT_FIELDS = (Field("method", N_("Method"), "select", True, VISIT_METHODS),
                Field("result", N_("Result"), "select", True, VISIT_RESULTS),
                Field("note", N_("Note")))


@dataclass(frozen=True)
class Col:
    """A column of a list (or a fact of a record): the row's key, an English msgid and
    how the value is shown (``text``, ``link`` to the record, ``time``, ``bool``, ``word``
    of the vocabulary list ``group``, ``list`` of words of ``group``)."""

    key: str  # a dotted path into a record (``decision.amount``, ``periods.-1.owner``)
    label: str
    kind: str = "text"
    group: str | None = None

    def value(self, row: Any) -> Any:
        for part in self.key.split("."):
            if isinstance(row, dict):
                row = row.get(part)
            elif isinstance(row, list) and row and part.lstrip("-").isdigit():
                row = row[int(part)] if -len(row) <= int(part) < len(row) else None
            else:
                return None
        return row


@dataclass(frozen=True)
class ServicePages:
    family: str  # the records' subject (movein, paid, …) and the permissions' prefix
    path: str  # /movein
    title: str  # English msgid
    registers: tuple[str, ...]  # the paper registers' names (``/registers/{name}``)
    columns: tuple[Col, ...]
    new: tuple[Op, ...]  # the list page's forms
    steps: tuple[Op, ...] = ()  # the record page's forms
    facts: tuple[Col, ...] = ()  # what the record page shows of the record
    offers: Callable[[Row], tuple[str, ...]] = lambda r: ()  # steps the state admits
    # the record and its history, now or as of a business time
    record: Callable[[Reader, str, datetime | None], Row] | None = None
    history: Callable[[Reader, str, datetime | None], list[Row]] | None = None
    rows: Callable[[Reader], list[Row]] | None = None  # default: service_open(family)
    key: str = "number"  # what names a record in its path (the unit for a vacancy)
    rule: str = ""  # the SOP rule of the service, in the heading

    def open_rows(self, read: Reader) -> list[Row]:
        if self.rows is not None:
            return self.rows(read)
        rows: list[Row] = read.service_open(self.family)["rows"]
        return rows

    def status_group(self) -> str:
        return f"{self.family}_status"


def install(router: APIRouter, spec: ServicePages) -> None:
    """The list page, its forms, the record page and its steps."""
    list_path, one_path = spec.path, spec.path + "/{number}"

    async def list_page(request: Request) -> Response:
        return await show_list(spec, request)

    async def list_post(request: Request, code: str) -> Response:
        user = await page_user(request)
        return await post(request, page_office(request, user), spec.new, code, spec.path,
                          lambda *a: show_list(spec, *a))

    router.add_api_route(list_path, list_page, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(list_path + "/{code}", list_post, methods=["POST"])
    if spec.record is None:
        return

    async def one_page(request: Request, number: str) -> Response:
        return await show_one(spec, request, number)

    async def step_post(request: Request, number: str, code: str) -> Response:
        user = await page_user(request)

        async def again(req: Request, error: FormError | None, failed: str | None,
                        values: dict[str, Any], status: int) -> Response:
            return await show_one(spec, req, number, error, failed, values, status)

        return await post(request, page_office(request, user), spec.steps, code,
                          f"{spec.path}/{number}", again, fixed={"number": number})

    router.add_api_route(one_path, one_page, methods=["GET"], response_class=HTMLResponse)
    router.add_api_route(one_path + "/{code}", step_post, methods=["POST"])


def _flash(request: Request, error: FormError | None) -> str | None:
    return _("Recorded.") if request.query_params.get("done") and not error else None


async def show_list(spec: ServicePages, request: Request, error: FormError | None = None,
                    failed: str | None = None, values: dict[str, Any] | None = None,
                    status: int = 200) -> Response:
    user = await page_user(request)
    office = page_office(request, user)
    try:
        rows = await call(spec.open_rows, office.read)
    except PropsvcError as err:
        raise PageError(err) from None
    roles = await call(held_roles, request, user)
    ops = allowed(spec.new, user.role)
    forms = [(n, REGISTERS[n].title) for n in spec.registers]
    return page(request, "service_list.html", user, office.calendar, status=status,
                registers=forms,
                title=_(spec.title), spec=spec, rows=rows, ops=ops,
                row_ops={c: op for c, op in ops.items() if op.per_row},
                error=error, failed=failed, values=values or {}, roles=roles,
                action_base=spec.path, flash=_flash(request, error),
                extra=extra_of(spec, office))


async def show_one(spec: ServicePages, request: Request, number: str,
                   error: FormError | None = None, failed: str | None = None,
                   values: dict[str, Any] | None = None, status: int = 200) -> Response:
    user = await page_user(request)
    office = page_office(request, user)
    assert spec.record is not None and spec.history is not None
    record, history = spec.record, spec.history
    as_of = request.query_params.get("as_of") or None

    def model() -> dict[str, Any]:
        moment = office.calendar.parse_time(as_of.replace("T", " ")) if as_of else None
        return {"r": record(office.read, number, moment),
                "history": history(office.read, number, moment)}

    try:
        found = await call(model)
    except PropsvcError as err:
        raise PageError(err) from None
    mine = {} if as_of else allowed(spec.steps, user.role)  # the past takes no action
    ops = {c: mine[c] for c in spec.offers(found["r"]) if c in mine}
    name = str(found["r"].get(spec.key) or number)
    roles = await call(held_roles, request, user)
    return page(request, "service_record.html", user, office.calendar, status=status,
                title=f"{_(spec.title)} {name}", spec=spec, name=name, ops=ops, error=error,
                failed=failed, values=values or {}, roles=roles,
                action_base=f"{spec.path}/{name}", flash=_flash(request, error),
                extra=extra_of(spec, office), as_of=as_of or "", **found)


def extra_of(spec: ServicePages, office: Any) -> dict[str, Any]:
    """What a service's page shows besides its records (the paid services' rate table)."""
    if spec.family == "paid":
        return {"rates": [(code, str(price)) for code, price in office.profile.paid.rates.items()]}
    return {}
