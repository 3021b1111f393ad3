"""A desk-service record on the terminal (``movein show`` …, Q1–Q5): each field with its
label and each coded value in words, the nested parts (owner file, inspections, quote,
claim, vacancy periods) as lines of facts, then the deadlines and chases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from propsvc.calendar import OfficeCalendar
from propsvc.i18n import N_, _
from propsvc.views.common import console, local, print_facts, yes_no
from propsvc.vocabulary import SUBJECT_STATUSES, word

if TYPE_CHECKING:
    from rich.console import Console

# every field of the five views (msgids)
FIELDS: dict[str, str] = {
    "number": N_("number"), "office": N_("office"), "unit": N_("unit"),
    "owner": N_("owner"), "phone": N_("phone"), "status": N_("status"),
    "started_at": N_("started"), "documents": N_("documents seen"),
    "missing": N_("documents missing"), "verified_at": N_("documents checked"),
    "agreements": N_("agreements signed"), "owner_file": N_("owner file"),
    "members": N_("household members"), "vehicles": N_("vehicles"),
    "emergency_contact": N_("emergency contact"), "paid": N_("fees paid"),
    "keys": N_("keys handed over"), "keys_from": N_("keys from the developer"),
    "inspections": N_("inspections"), "round": N_("round"), "result": N_("result"),
    "defects": N_("defects"), "tickets": N_("repair tickets"), "checks": N_("checks"),
    "passed": N_("inspection passed"), "completed_at": N_("completed at"),
    "visit": N_("return visit"), "method": N_("method"), "note": N_("note"),
    "days_after_completion": N_("days after completion"),
    "within_window": N_("within the window"), "version": N_("version"),
    "service": N_("service"), "caller": N_("caller"), "requested_at": N_("requested"),
    "decision": N_("decision"), "chargeable": N_("chargeable"), "rate": N_("rate"),
    "unit_price": N_("unit price"), "quantity": N_("quantity"), "amount": N_("amount"),
    "department": N_("department"), "reason": N_("reason"),
    "accepted": N_("quote accepted"), "signed_by": N_("signed by"),
    "dispatch": N_("dispatched"), "to": N_("to"), "order": N_("order"),
    "fee": N_("fee collected"), "cashier": N_("cashier"), "goods": N_("goods"),
    "plate": N_("vehicle plate"), "driver": N_("driver"), "name": N_("name"),
    "id_last4": N_("ID last 4"), "applied_at": N_("applied"),
    "confirmed": N_("fees confirmed"), "signed": N_("signed by the owner"),
    "by": N_("by"), "out_at": N_("let out"), "item": N_("item"), "place": N_("place"),
    "finder": N_("finder"), "valuable": N_("valuable"), "found_at": N_("found"),
    "admin": N_("to administration"), "received_by": N_("received by"),
    "noticed": N_("in the notices (weeks)"), "claim": N_("claim"),
    "claimant": N_("claimant"), "description": N_("description"),
    "disposed": N_("disposed of"), "months_kept": N_("months kept"),
    "periods": N_("vacancy periods"), "period": N_("period"), "from": N_("from"),
    "fee_rate": N_("fee rate"), "month": N_("month"), "water": N_("water (t)"),
    "power": N_("power (kWh)"), "water_limit": N_("water limit (t)"),
    "power_limit": N_("power limit (kWh)"), "occupied": N_("occupied"),
    "ended": N_("ended"), "on": N_("on"), "fee_rate_stopped": N_("fee rate stopped"),
    "owner_told": N_("owner told"), "at": N_("at"), "as_of": N_("as of")}

# a field named alike in another part: its own label there
PART_FIELDS: dict[str, str] = {
    "inspections": N_("joint inspections"), "periods.inspections": N_("monthly inspections"),
    "periods.from": N_("vacant from"), "periods.to": N_("vacant until"),
    "dispatch.to": N_("dispatched to"), "signed.by": N_("signed by"),
    "periods.owner": N_("applied by the owner"),
    "ended.on": N_("ended on"), "claim.at": N_("claimed at"), "visit.at": N_("visited at")}


def _label(part: str, name: str) -> str:
    return _(PART_FIELDS.get(f"{part}.{name}") or PART_FIELDS.get(name)
             or FIELDS.get(name, name))


# the vocabulary list that words a field's codes, by the part it is in
WORDS: dict[str, str] = {
    "documents": "movein_document", "missing": "movein_document",
    "agreements": "movein_agreement", "inspections.result": "movein_inspection_result",
    "checks": "second_inspection_check", "department": "paid_department",
    "visit.method": "visit_method", "visit.result": "visit_result",
    "ended.reason": "vacancy_end_reason"}
SKIPPED = ("deadlines", "chases", "office", "as_of")


def _value(part: str, name: str, value: Any, cal: OfficeCalendar) -> str:
    group = WORDS.get(f"{part}.{name}") or WORDS.get(name)
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list):
        return ", ".join(_value(part, name, v, cal) for v in value)
    if name == "at" or name.endswith("_at"):
        return local(cal, value)
    if group is not None:
        return word(group, str(value))
    return str(value)


def _facts(part: str, value: dict[str, Any], cal: OfficeCalendar) -> str:
    return " · ".join(f"{_label(part, k)} {_value(part, k, v, cal)}"
                      for k, v in value.items() if not isinstance(v, dict | list) or
                      (isinstance(v, list) and all(not isinstance(x, dict) for x in v)))


def _part(out: Console, part: str, value: Any, cal: OfficeCalendar, indent: str,
          outer: str = "") -> None:
    """A nested part: a dict as one line of facts, a list of dicts one line each (and
    their own nested parts below them)."""
    label = _label(outer, part)
    items = value if isinstance(value, list) else [value]
    out.print(f"{indent}{label}:", markup=False)
    for item in items:
        print_facts(out, _facts(part, item, cal), indent + "  ")
        for name, inner in item.items():
            if isinstance(inner, dict) or (isinstance(inner, list) and inner
                                           and isinstance(inner[0], dict)):
                _part(out, name, inner, cal, indent + "    ", part)


def render_record(subject: str, title: str, view: dict[str, Any], cal: OfficeCalendar
                  ) -> None:
    """``<family> show``: the record's fields, its parts, deadlines and chases."""
    out = console()
    out.print(title, style="bold", markup=False)
    if view.get("as_of"):
        out.print(_("  as of {local}", local=local(cal, view["as_of"])), markup=False)
    for name, value in view.items():
        if name in SKIPPED:
            continue
        if isinstance(value, dict) or (isinstance(value, list) and value
                                       and isinstance(value[0], dict)):
            _part(out, name, value, cal, "  ")
        elif name == "status":
            out.print(f"  {_(FIELDS[name])}: {SUBJECT_STATUSES[subject].say(value)}",
                      markup=False)
        else:
            out.print(f"  {_label('', name)}: {_value('', name, value, cal)}",
                      markup=False)
    _deadlines(out, view, cal)


def _deadlines(out: Console, view: dict[str, Any], cal: OfficeCalendar) -> None:
    for d in view.get("deadlines", []):
        flag = " [red]" + _("missed") + "[/red]" if d["missed"] else ""
        out.print(_("  {rule} {label} by {local}: {state}{flag}",
                    rule=d['rule'], label=_(d['label']), local=local(cal, d['due_at']),
                    state=word("deadline_state", d['state']), flag=flag))
    for c in view.get("chases", []):
        out.print(_("  chased {to} at {local} ({rule})",
                    to=c['to'], local=local(cal, c['at']), rule=c['rule']))
