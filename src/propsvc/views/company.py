"""Company-wide reads on a terminal (``--office all``): a register's rows of every office
with an office column, then the rows per office and the total; a KPI read as a table with
a column per office and a total column."""

from __future__ import annotations

from typing import Any

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import _
from propsvc.views.common import render_rows


def is_company(data: Any) -> bool:
    """Whether a read's answer is a company-wide one (``office.company``)."""
    return isinstance(data, dict) and data.get("office") == "all" and "offices" in data


def _title(data: dict[str, Any]) -> str:
    period = data.get("period") or data.get("month") or data.get("date") or ""
    name = data.get("register") or data.get("form") or ""
    if name == "overdue":
        name = _("overdue (逾期未办)")
    offices = _("(all offices: {offices})", offices=", ".join(data["offices"]))
    return " ".join(str(p) for p in (name, period, offices) if p)


def render_company(data: dict[str, Any], cal: OfficeCalendar) -> None:
    if "kpis" in data:
        _figures(data, cal)
    else:
        _rows(data, cal)


def _rows(data: dict[str, Any], cal: OfficeCalendar) -> None:
    from propsvc.queries.columns import Column
    from propsvc.queries.registers import REGISTERS
    from propsvc.views.deadlines import OVERDUE_COLUMNS

    form = REGISTERS.get(data.get("form") or "")
    fields = list(form.fields) if form else [Column(k, h) for k, h in OVERDUE_COLUMNS]
    words = form.labels() if form else None
    office = Column("office", _("office (管理处)"))
    render_rows(_title(data), data["rows"], [office, *fields], cal, words=words)
    if data.get("late_entries"):
        render_rows(_("补录 late entries"), data["late_entries"],
                    [office, Column("business_date", "业务日期"), *fields], cal, words=words)
    counts = [k for k in data["total"]]
    totals = [*data["per_office"], {"office": _("total (合计)"), **data["total"]}]
    render_rows(_("per office (各管理处)"), totals,
                [office, *(Column(k, _count_header(k)) for k in counts)], cal)


def _count_header(key: str) -> str:
    return _("rows (条数)") if key == "rows" else key


def _figures(data: dict[str, Any], cal: OfficeCalendar) -> None:
    from propsvc.queries.columns import Column

    codes = data["offices"]
    rows = [{"kpi": k["kpi"], **{f"o:{c}": k["by_office"][c] for c in codes},
             "total": k["total"]} for k in data["kpis"]]
    columns = [Column("kpi", _("figure (指标)")), *(Column(f"o:{c}", c) for c in codes),
               Column("total", _("total (合计)"))]
    render_rows(_title(data), rows, columns, cal)
