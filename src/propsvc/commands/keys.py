"""``propsvc key``: key custody — register, deposit, lend, return, retrieve (K1–K6)."""

from __future__ import annotations

import click

from propsvc.cli import Ctx, pass_ctx
from propsvc.commands.common import done

BORROWERS = click.Choice(["owner", "contractor", "maintenance", "marketing", "developer",
                          "staff"])
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
              type=click.Choice(["unit", "public", "equipment"]),
              help="Owner unit / public area / equipment room (K1).")
@click.option("--unit", "unit_", help="Building-unit-room, for a unit key.")
@click.option("--area", help="Floor or area, for a public-area key.")
@click.option("--equipment", help="The equipment room, for an equipment key.")
@pass_ctx
def register(ctx: Ctx, label: str | None, key_class: str, unit_: str | None,
             area: str | None, equipment: str | None) -> None:
    """File a key under its class and label it (K1)."""
    done(ctx, ctx.runtime.keys.register(label=label, key_class=key_class, unit_=unit_,
                                        area=area, equipment=equipment, at=ctx.at))


@key.command("deposit")
@click.option("--unit", "unit_", required=True, help="The owner's unit (K1).")
@click.option("--owner", required=True, help="The owner depositing the key; signs (K2).")
@click.option("--id-last4", "id_last4", required=True, help="Last 4 characters of the ID.")
@click.option("--label", help="Label if not the unit number.")
@pass_ctx
def deposit(ctx: Ctx, unit_: str, owner: str, id_last4: str, label: str | None) -> None:
    """Record an owner's spare key in the deposit register (K2)."""
    done(ctx, ctx.runtime.keys.deposit(unit_=unit_, owner=owner, id_last4_=id_last4,
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
@pass_ctx
def lend(ctx: Ctx, label: str, to: str, id_last4: str, purpose: str, borrower_type: str,
         due: str | None, approved_by: str | None, ticket: str | None,
         renovation: str | None, personal: bool) -> None:
    """Lend a key: identity, purpose and due-back time recorded (K3); tick chases (K5)."""
    done(ctx, ctx.runtime.keys.lend(
        label, to=to, id_last4_=id_last4, purpose=purpose, borrower_type=borrower_type,
        due=ctx.time(due), approved_by=approved_by, ticket=ticket, renovation=renovation,
        personal=personal, at=ctx.at))


@key.command("return")
@click.argument("label")
@pass_ctx
def return_(ctx: Ctx, label: str) -> None:
    """The borrowed key is back in the cabinet (K3, K5)."""
    done(ctx, ctx.runtime.keys.give_back(label, ctx.at))


@key.command("retrieve")
@click.argument("label")
@click.option("--id-last4", "id_last4", required=True, help="The owner's ID, last 4 (K4).")
@click.option("--signed-by", help="Who signs (default: the depositing owner).")
@pass_ctx
def retrieve(ctx: Ctx, label: str, id_last4: str, signed_by: str | None) -> None:
    """The owner takes the deposited key back after an identity check (K4)."""
    done(ctx, ctx.runtime.keys.retrieve(label, id_last4_=id_last4, signed_by=signed_by,
                                        at=ctx.at))


@key.command("handover")
@click.option("--developer", required=True, help="The developer handing the keys over (K6).")
@click.option("--unit", "units", multiple=True, required=True, help="Repeat for each unit.")
@pass_ctx
def handover(ctx: Ctx, developer: str, units: tuple[str, ...]) -> None:
    """The developer hands over a batch of unit keys before move-in (K6)."""
    done(ctx, ctx.runtime.keys.handover(developer=developer, units=list(units), at=ctx.at))


@key.command("check")
@click.argument("label")
@click.option("--problem", metavar="NOTE", help="What was wrong with the label (and done).")
@pass_ctx
def check(ctx: Ctx, label: str, problem: str | None) -> None:
    """Record the regular check of a key's label (K5)."""
    done(ctx, ctx.runtime.keys.check_label(label, problem, ctx.at))


@key.command("list")
@click.option("--check-due", is_flag=True, help="Only keys whose label check is due (K5).")
@pass_ctx
def list_(ctx: Ctx, check_due: bool) -> None:
    """Every key by class and label, where it is now, and its label check (K1, K5)."""
    from propsvc.queries.keys import key_list
    from propsvc.views.common import render_rows

    rt = ctx.reader()
    rows = key_list(rt.read_engine, rt.office, ctx.at or rt.clock.now(),
                    rt.profile.keys.label_check_days)
    if check_due:
        rows = [r for r in rows if r["label_check_due"]]
    ctx.emit(rows, lambda r: render_rows("钥匙一览", r, KEY_COLUMNS, ctx.calendar))


@key.command("overdue")
@pass_ctx
def overdue(ctx: Ctx) -> None:
    """Keys not back by their due time, oldest first (K5)."""
    from propsvc.permissions import mask
    from propsvc.queries.keys import key_overdue
    from propsvc.views.common import render_rows

    rt = ctx.reader()
    rows = mask(key_overdue(rt.read_engine, rt.office, ctx.at or rt.clock.now()), ctx.role)
    ctx.emit(rows, lambda r: render_rows("逾期未还钥匙 (K5)", r, [
        ("label", "钥匙编号"), ("borrower", "借用人"), ("borrower_type", "类别"),
        ("purpose", "事由"), ("lent_at", "借出"), ("due_at", "应还"),
        ("minutes_overdue", "逾期(分钟)"), ("missed", "已催还")], ctx.calendar))


@key.command("history")
@click.argument("label")
@pass_ctx
def history(ctx: Ctx, label: str) -> None:
    """Every event of one key, with business and recorded time."""
    from propsvc.commands.common import history as show

    show(ctx, ctx.runtime.keys.key_id(label), f"key {label}")


@key.command("show")
@click.argument("label")
@pass_ctx
def show(ctx: Ctx, label: str) -> None:
    """Where a key is, its current loan, label check, deadlines and chases."""
    from propsvc.views.custody import key_view, render_view

    rt = ctx.runtime
    rt.require_existing()
    view = key_view(rt.keys.load(label), rt.clock.now())
    ctx.emit(view, lambda v: render_view(f"key {v['label']}", v, ctx.calendar))
