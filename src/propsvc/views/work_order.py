"""维修单 — the work order of one repair as the paper form has it (R1–R10): the intake, the
technician's times, the fee the owner agreed to, the materials used, the temporary
measure, and who signs. Built from ``ticket show``'s view (already masked for the
reader's role) into the data the catalogue's ``work-order`` entry prints."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from propsvc.vocabulary import TICKET_STATUSES


def _yes(value: bool | None, yes: str = "是", no: str = "否") -> str | None:
    return None if value is None else (yes if value else no)


def _amount(quantity: Any, price: Any) -> Decimal | None:
    try:
        return Decimal(str(quantity)) * Decimal(str(price))
    except (InvalidOperation, TypeError):
        return None


def work_order_data(view: dict[str, Any]) -> dict[str, Any]:
    i = view["intake"]
    fee = view.get("fee") or {}
    done = view.get("completion") or {}
    deferral = view.get("deferral") or {}
    correction = view.get("correction") or {}
    pairs: list[tuple[str, Any]] = [
        ("单号", view["number"]), ("状态", TICKET_STATUSES.label(view["status"])),
        ("报修时间", i["opened_at"]), ("开单时间", view.get("ordered_at")),
        ("房号/位置", i["unit"] or i["location"]), ("报修部位", i["part"]),
        ("报修人", i["caller"]), ("联系电话", i["phone"]),
        ("家中有人(R1)", _yes(i["home"])),
        ("备用钥匙(R1)", _yes(i["spare_key"], "可用", "不可用")),
        ("预约时间", i["appointment"]), ("紧急(R4)", _yes(i["urgent"])),
        ("报修内容", i["summary"]), ("公共区域", _yes(i["public_area"])),
        ("维修人员", view.get("technician")), ("到场时间", view.get("arrived_at")),
        ("完工时间", view.get("completed_at")), ("现场用时(分钟)", done.get("minutes_on_site")),
        ("收费项目(R2)", fee.get("items")), ("报价金额", _money(fee.get("amount"))),
        ("业主同意收费", fee.get("accepted_at")), ("已收费用(R10)", _money(fee.get("collected"))),
        ("临时措施(R8)", deferral.get("measure")), ("未修复原因", deferral.get("reason")),
        ("业主签字(R9)", done.get("signed_by")), ("满意度(R9)", done.get("rating")),
    ]
    if correction:
        pairs.append(("备注", correction.get("text")))
    fields = [{"label": a, "value": b, "label2": c, "value2": d}
              for (a, b), (c, d) in zip(pairs[0::2], [*pairs[1::2], ("", None)], strict=False)]
    materials = [{**m, "amount": _amount(m.get("quantity"), m.get("unit_price"))}
                 for m in view.get("materials", [])]
    signed = {"业主签字(R9)": done.get("signed_by"), "维修人员": view.get("technician"),
              "开单(客服)": i.get("recorded_by")}
    return {"number": view["number"], "fields": fields, "materials": materials,
            "signed": signed}


def _money(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
