"""``propsvc register``: the paper registers, rebuilt from events. Each register's command
lives with its family (``repair.py`` has ``register repairs``); this group names them all
and loads a family only when one of its registers is asked for."""

from __future__ import annotations

from typing import Any

import click

from propsvc.commands.context import Ctx
from propsvc.commands.lazy import LazyGroup

C = "propsvc.commands"
REGISTERS: dict[str, tuple[str, str]] = {
    "repairs": (f"{C}.repair:repairs",
                "业主报修记录表 — every repair call of a day or month (R1–R15)."),
    "daily-repairs": (f"{C}.repair:daily_repairs",
                      "维修日报表 — the day's repairs, in-home vs public area (R8, R15)."),
    "visits": (f"{C}.visit:visits", "回访登记表 — visits and the achieved rate vs target "
               "(R13, V2)."),
    "complaints": (f"{C}.complaint:complaints", "业主投诉登记表 — every complaint of the "
                   "month with channel and key points (C1)."),
    "complaint-summary": (f"{C}.complaint:complaint_summary", "住户投诉汇总表 — the "
                          "month-end complaint summary for the manager (C11)."),
    "help": (f"{C}.help:help_register",
             "住户求助登记表 — help requests of a month or a year (H1–H6)."),
    "inquiries": (f"{C}.inquiry:inquiries", "Inquiry register — oral and written inquiries "
                  "and their answers (H4)."),
    "incidents": (f"{C}.incident:incidents", "特别事件报告 — incidents, who was told, "
                  "playbook steps, written report (I1–I4)."),
    "key-deposits": (f"{C}.keys:key_deposits",
                     "钥匙留存登记表 — owners' deposited keys and their retrieval (K2, K4)."),
    "key-loans": (f"{C}.keys:key_loans", "钥匙借用登记表 — every loan with identity, purpose, "
                  "due and return (K3, K5)."),
    "renovations": (f"{C}.renovation:renovations",
                    "装修登记 — every renovation and where it stands (N1–N10)."),
    "passes": (f"{C}.renovation:passes", "施工证登记表 — numbered passes and whether they "
               "came back (N4, N6, N9)."),
    "extensions": (f"{C}.renovation:extension_list",
                   "延时施工申请 — extensions granted and who signed them (N8)."),
    "patrol": (f"{C}.patrol:patrol_register", "巡视跟进登记表 — the month's findings and "
               "unfinished ones carried in (P1, S7)."),
    "daily": (f"{C}.handover:daily", "物业日报表 — per category opened/completed/overdue/"
              "OK'd/carried over; major entries."),
    "moveins": (f"{C}.movein:moveins", "业主入住登记表 — documents, agreements, file, fees, "
                "keys, inspection, visit (Q5)."),
    "paid": (f"{C}.paid:paid_register", "有偿服务登记表 — quote, acceptance, dispatch, "
             "completion, fee and visit (Q1)."),
    "releases": (f"{C}.release:releases", "物品放行登记表 — goods, plate, driver, fee "
                 "confirmation, signature, out (Q2)."),
    "found": (f"{C}.found:found_register",
              "拾遗物品登记表 — items found, notices, claims and disposals (Q3)."),
    "vacancies": (f"{C}.vacancy:vacancies", "空置房登记表 — every vacancy, its fee rate, "
                  "inspections and end (Q4)."),
    "vacancy-inspections": (f"{C}.vacancy:vacancy_inspections", "空置房巡查表 — every unit "
                            "vacant in the month and its inspection (Q4)."),
    "after-closing": (f"{C}.sealed:after_closing", "A closed month's seal and what was "
                      "entered into it after closing (补录)."),
    "export": (f"{C}.exports:export",
               "Write one register to a csv or xlsx file with the paper form's headers."),
    "work-order": (f"{C}.exports:work_order",
                   "维修单 — print one repair's work order: intake, times, fee, materials, "
                   "signatures."),
}


# the registers a company role reads with --office all (every office side by side)
COMPANY_WIDE = frozenset(REGISTERS) - {"after-closing", "export", "work-order"}


class RegisterGroup(LazyGroup):
    """The registers, each read taking ``--office CODE|all`` after its name."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None and cmd_name in COMPANY_WIDE:
            from propsvc.commands.scope import add_office_option

            add_office_option(command)
        return command


@click.group(cls=RegisterGroup, lazy=REGISTERS)
def register() -> None:
    """Registers as on the paper forms (登记表)."""


def show_register(ctx: Ctx, name: str, data: dict[str, Any], title: str | None = None) -> None:
    """A register of the catalogue as JSON, or as a table with its paper headers."""
    from propsvc.queries.registers import REGISTERS as CATALOGUE
    from propsvc.views.common import render_rows

    form = CATALOGUE[name]
    if title is None:
        title = f"{data['register']} {data['period']}" if "period" in data else data["register"]
    def table(d: dict[str, Any]) -> None:
        render_rows(title, d["rows"], form.fields, ctx.calendar, words=form.labels())
        if d.get("late_entries"):  # entered after an earlier month was closed
            from propsvc.queries.columns import Column

            render_rows(f"补录 late entries ({title})", d["late_entries"],
                        (Column("business_date", "业务日期"), *form.fields), ctx.calendar,
                        words=form.labels())

    ctx.emit(data, table)
