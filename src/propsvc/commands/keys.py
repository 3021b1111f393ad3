"""``propsvc key``: key custody — register, deposit, lend, return, retrieve (K1–K6) —
and the key registers (钥匙留存登记表, 钥匙借用登记表)."""

from __future__ import annotations

import click

from propsvc.commands.context import Ctx, as_of_options, output, pass_ctx, read_options
from propsvc.i18n import _
from propsvc.vocabulary import BORROWER_TYPES, KEY_CLASSES, KEY_STATUSES

BORROWERS = click.Choice(BORROWER_TYPES.codes)
KEY_COLUMNS = [("label", "钥匙编号"), ("key_class", "类别"), ("unit", "房号"),
               ("area", "区域"), ("equipment", "设备"), ("owner", "留存业主"),
               ("status", "状态"), ("borrower", "借用人"), ("due_at", "应还时间"),
               ("label_checked_at", "标签核查"), ("label_check_due", "应核查")]


@click.group()
def key() -> None:
    """Keys kept by the office: filing, deposits, loans, returns (K1–K6)."""


@key.command("register")
@click.option("--label", help="The label on the key (default: the unit for unit keys).")
@click.option("--class", "key_class", required=True,
              type=click.Choice(KEY_CLASSES.codes),
              help="Owner unit / public area / equipment room (K1).")
@click.option("--unit", "unit_", help="Building-unit-room, for a unit key.")
@click.option("--area", help="Floor or area, for a public-area key.")
@click.option("--equipment", help="The equipment room, for an equipment key.")
@output
@pass_ctx
def register(ctx: Ctx, label: str | None, key_class: str, unit_: str | None,
             area: str | None, equipment: str | None) -> None:
    """File a key under its class and label it (K1)."""
    ctx.recorded(ctx.office.keys.register(label=label, key_class=key_class, unit_=unit_,
                                        area=area, equipment=equipment, at=ctx.at))


@key.command("deposit")
@click.option("--unit", "unit_", required=True, help="The owner's unit (K1).")
@click.option("--owner", required=True, help="The owner depositing the key; signs (K2).")
@click.option("--id-last4", "id_last4", required=True, help="Last 4 characters of the ID.")
@click.option("--label", help="Label if not the unit number.")
@output
@pass_ctx
def deposit(ctx: Ctx, unit_: str, owner: str, id_last4: str, label: str | None) -> None:
    """Record an owner's spare key in the deposit register (K2)."""
    ctx.recorded(ctx.office.keys.deposit(unit_=unit_, owner=owner, id_last4_=id_last4,
                                       label=label, at=ctx.at))


@key.command("lend")
@click.argument("label")
@click.option("--to", "to", required=True, help="The borrower's name; signs (K3).")
@click.option("--id-last4", "id_last4", required=True, help="Borrower's ID, last 4 (K3).")
@click.option("--purpose", required=True, help="What the key is for (K3).")
@click.option("--borrower-type", required=True, type=BORROWERS, help="Who borrows (K3).")
@click.option("--due", metavar="TIME", help="Due back (default: end of today).")
@click.option("--approved-by", metavar="HEAD", help="Department head's approval (marketing).")
@click.option("--ticket", metavar="NUMBER", help="The repair ticket (owner-deposited keys, R1).")
@click.option("--renovation", metavar="NUMBER", help="The renovation permit (contractors).")
@click.option("--personal", is_flag=True, help="For a personal reason (never public keys).")
@output
@pass_ctx
def lend(ctx: Ctx, label: str, to: str, id_last4: str, purpose: str, borrower_type: str,
         due: str | None, approved_by: str | None, ticket: str | None,
         renovation: str | None, personal: bool) -> None:
    """Lend a key: identity, purpose and due-back time recorded (K3); tick chases (K5)."""
    ctx.recorded(ctx.office.keys.lend(
        label, to=to, id_last4_=id_last4, purpose=purpose, borrower_type=borrower_type,
        due=ctx.time(due), approved_by=approved_by, ticket=ticket, renovation=renovation,
        personal=personal, at=ctx.at))


@key.command("return")
@click.argument("label")
@output
@pass_ctx
def return_(ctx: Ctx, label: str) -> None:
    """The borrowed key is back in the cabinet (K3, K5)."""
    ctx.recorded(ctx.office.keys.give_back(label, ctx.at))


@key.command("retrieve")
@click.argument("label")
@click.option("--id-last4", "id_last4", required=True, help="The owner's ID, last 4 (K4).")
@click.option("--signed-by", help="Who signs (default: the depositing owner).")
@output
@pass_ctx
def retrieve(ctx: Ctx, label: str, id_last4: str, signed_by: str | None) -> None:
    """The owner takes the deposited key back after an identity check (K4)."""
    ctx.recorded(ctx.office.keys.retrieve(label, id_last4_=id_last4, signed_by=signed_by,
                                        at=ctx.at))


@key.command("handover")
@click.option("--developer", required=True, help="The developer handing the keys over (K6).")
@click.option("--unit", "units", multiple=True, required=True, help="Repeat for each unit.")
@output
@pass_ctx
def handover(ctx: Ctx, developer: str, units: tuple[str, ...]) -> None:
    """The developer hands over a batch of unit keys before move-in (K6)."""
    ctx.recorded(ctx.office.keys.handover(developer=developer, units=list(units), at=ctx.at))


@key.command("check")
@click.argument("label")
@click.option("--problem", metavar="NOTE", help="What was wrong with the label (and done).")
@output
@pass_ctx
def check(ctx: Ctx, label: str, problem: str | None) -> None:
    """Record the regular check of a key's label (K5)."""
    ctx.recorded(ctx.office.keys.check_label(label, problem, ctx.at))


@key.command("list")
@click.option("--check-due", is_flag=True, help="Only keys whose label check is due (K5).")
@output
@pass_ctx
def list_(ctx: Ctx, check_due: bool) -> None:
    """Every key by class and label, where it is now, and its label check (K1, K5)."""
    from propsvc.views.common import render_rows

    rows = ctx.read.keys(ctx.at, check_due)
    ctx.emit(rows, lambda r: render_rows("钥匙一览", r, KEY_COLUMNS, ctx.calendar))


@key.command("find")
@click.argument("text", required=False)
@click.option("--unit", help="The unit (or its start, e.g. 3-2) the key belongs to.")
@click.option("--status", type=click.Choice(KEY_STATUSES.codes), help="Only keys in it.")
@output
@pass_ctx
def find(ctx: Ctx, text: str | None, unit: str | None, status: str | None) -> None:
    """Find keys by label, unit, borrower or owner (TEXT matches the start of any)."""
    from propsvc.views.common import render_rows

    rows = ctx.read.find_keys(text, unit, status)
    ctx.emit(rows, lambda r: render_rows("钥匙查找", r, KEY_COLUMNS[:9], ctx.calendar))


@key.command("overdue")
@output
@pass_ctx
def overdue(ctx: Ctx) -> None:
    """Keys not back by their due time, oldest first (K5)."""
    from propsvc.views.common import render_rows

    ctx.emit(ctx.read.key_overdue(ctx.at), lambda r: render_rows("逾期未还钥匙 (K5)", r, [
        ("label", "钥匙编号"), ("borrower", "借用人"), ("borrower_type", "类别"),
        ("purpose", "事由"), ("lent_at", "借出"), ("due_at", "应还"),
        ("minutes_overdue", "逾期(分钟)"), ("missed", "已催还")], ctx.calendar))


@key.command("history")
@click.argument("label")
@as_of_options
@output
@pass_ctx
def history(ctx: Ctx, label: str, as_of: str | None, as_known_at: str | None) -> None:
    """Every event of one key, with business and recorded time."""
    from propsvc.views.common import render_history

    ctx.emit(ctx.read.key_history(label, ctx.time(as_of), ctx.time(as_known_at)),
             lambda r: render_history(r, ctx.calendar))


@key.command("show")
@click.argument("label")
@as_of_options
@output
@pass_ctx
def show(ctx: Ctx, label: str, as_of: str | None, as_known_at: str | None) -> None:
    """Where a key is, its current loan, label check, deadlines and chases."""
    from propsvc.views.common import render_state

    ctx.emit(ctx.read.key(label, ctx.time(as_of), ctx.time(as_known_at)),
             lambda v: render_state(_("key {label}", label=v["label"]), v, ctx.calendar))


@click.command("key-deposits")
@read_options
@output
@pass_ctx
def key_deposits(ctx: Ctx) -> None:
    """钥匙留存登记表 — owners' deposited keys and their retrieval (K2, K4)."""
    from propsvc.commands.register import show_register

    show_register(ctx, "key-deposits", ctx.read.key_deposits())


@click.command("key-loans")
@click.option("--date", metavar="YYYY-MM-DD", help="One office-local day (default today).")
@click.option("--month", metavar="YYYY-MM", help="A whole month.")
@read_options
@output
@pass_ctx
def key_loans(ctx: Ctx, date: str | None, month: str | None) -> None:
    """钥匙借用登记表 — every loan with identity, purpose, due and return (K3, K5)."""
    from propsvc.commands.register import show_register

    data = ctx.read.key_loans(date, month)
    show_register(ctx, "key-loans", data, data["register"])
