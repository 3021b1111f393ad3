"""The registers (登记表) per day or month as the paper forms lay them out — the same
sheets ``register export`` writes — on the page, and as xlsx or csv downloads."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from propsvc.errors import InvalidInput, PropsvcError
from propsvc.i18n import _
from propsvc.office.facade import Office
from propsvc.queries.columns import Part, Row
from propsvc.queries.registers import EXPORTED, REGISTERS, Register
from propsvc.views.forms import Sheet, csv_rows, sheet_of
from propsvc.web.render import page
from propsvc.web.routes.common import call, held_roles
from propsvc.web.session import PageError, page_office, page_user

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = 50  # rows a page shows of a one-table form (a month's register holds hundreds)


@dataclass(frozen=True)
class Paged:
    """Which page of the form is shown: ``no`` of ``pages``, ``size`` rows each."""

    no: int = 1
    pages: int = 1
    size: int = PAGE


@dataclass(frozen=True)
class _Window(Part):
    """A part that takes only the rows of one page (the cells of the rest are never made)."""

    start: int = 0
    stop: int = 0

    def take(self, data: dict[str, Any]) -> list[Row]:
        return super().take(data)[self.start:self.stop]


def paged(form: Register, pages: list[tuple[str, dict[str, Any]]], asked: int | None
          ) -> tuple[Register, Paged]:
    """The form as one page shows it: a one-sheet form of one table is paged (``asked``
    counts from 1); a report of several tables, or a form of one sheet per day, is short
    per sheet and shown whole. The download is always whole (``asked`` None)."""
    if asked is None or len(pages) != 1 or len(form.parts) != 1:
        return form, Paged()
    part = form.parts[0]
    count = max(1, -(-len(part.take(pages[0][1])) // PAGE))
    at = Paged(min(max(asked, 1), count), count)
    start = (at.no - 1) * PAGE
    window = _Window(part.rows, part.columns, part.caption, part.header, start, start + PAGE)
    return replace(form, parts=(window,)), at


def sheets_of(office: Office, name: str, month: str | None, day: str | None,
              page: int | None = None) -> tuple[str, list[Sheet], Paged]:
    """The register's sheets for the period (one per day for a form kept per day); with
    ``page``, only that page's rows of a long one-table form."""
    form, label, pages = office.read.export(name, month, day)
    title, now = office.read.office_name(), office.read.now()
    period = label if form.period != "none" else None
    shown, at = paged(form, pages, page)
    return label, [sheet_of(shown, data, office.calendar, name=sheet or form.title,
                            office=title, period=sheet if form.per_day else period,
                            made_at=now) for sheet, data in pages], at


def _period(request: Request) -> tuple[str | None, str | None]:
    q = request.query_params
    return q.get("month") or None, q.get("date") or None


@router.get("/registers", response_class=HTMLResponse)
async def registers(request: Request) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    listed = [{"name": n, "title": REGISTERS[n].title, "period": REGISTERS[n].period}
              for n in EXPORTED]
    roles = await call(held_roles, request, user)
    return page(request, "registers.html", user, office.calendar, title=_("Registers"),
                listed=listed, roles=roles, today=office.read.day(None).isoformat(),
                month=office.read.month(None))


@router.get("/registers/{name}", response_class=HTMLResponse)
async def register(request: Request, name: str) -> HTMLResponse:
    user = await page_user(request)
    office = page_office(request, user)
    month, day = _period(request)
    form = _form(name)
    if form.period == "month" and not month:
        month = office.read.month(None)
    try:
        label, sheets, at = await call(sheets_of, office, name, month, day,
                                       _page_no(request))
    except PropsvcError as err:
        raise PageError(err) from None
    roles = await call(held_roles, request, user)
    query = "&".join(f"{k}={v}" for k, v in (("month", month), ("date", day)) if v)
    return page(request, "register.html", user, office.calendar, title=form.title,
                name=name, form=form, label=label, sheets=sheets, roles=roles, query=query,
                month=month or "", day=day or "", paged=at)


def _page_no(request: Request) -> int:
    text = request.query_params.get("page", "1")
    return int(text) if text.isdigit() else 1


@router.get("/registers/{name}/download")
async def download(request: Request, name: str, format: str = "xlsx") -> Response:
    user = await page_user(request)
    office = page_office(request, user)
    month, day = _period(request)
    form = _form(name)
    if form.period == "month" and not month:
        month = office.read.month(None)
    try:
        if format not in ("csv", "xlsx"):
            raise InvalidInput(f"format {format!r}: use csv or xlsx")
        label, sheets, _whole = await call(sheets_of, office, name, month, day)
        if format == "csv" and len(sheets) > 1:
            raise InvalidInput(_("{form} of a month is one sheet per day: export it as "
                                 "xlsx, or one --date as csv", form=form.title))
    except PropsvcError as err:
        raise PageError(err) from None
    body, media = await call(_file, sheets, format)
    filename = quote(f"{form.title}-{label}.{format}")
    return Response(body, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{filename}"})


def _file(sheets: list[Sheet], fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        import csv

        text = io.StringIO()
        csv.writer(text).writerows(csv_rows(sheets[0]))
        return ("\ufeff" + text.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    from propsvc.views.exports import workbook

    out = io.BytesIO()
    workbook(sheets).save(out)
    return out.getvalue(), XLSX


def _form(name: str) -> Any:
    from propsvc.errors import NotFound

    if name not in EXPORTED:
        raise PageError(NotFound(f"no register {name!r}: use one of {', '.join(EXPORTED)}"))
    return REGISTERS[name]
