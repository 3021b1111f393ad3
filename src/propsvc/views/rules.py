"""``propsvc rules``: each rule with its statement, its numbers in force and the
scenarios that cover it."""

from __future__ import annotations

from typing import Any

from propsvc.i18n import _
from propsvc.views.common import console


def _value(value: Any) -> str:
    from propsvc.views.common import yes_no
    from propsvc.vocabulary import word

    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list | tuple):
        return ", ".join(word("borrower_type", str(v)) for v in value)
    return str(value)


def render_rules(data: dict[str, Any]) -> None:
    out = console()
    for rule in data["rules"]:
        out.print(f"[bold]{rule['rule']}[/bold]  {rule['statement']}", markup=True,
                  highlight=False)
        for entry in rule["profile"]:
            out.print("    " + _("{key} = {value} ({text})", key=entry["key"],
                                 value=_value(entry["value"]), text=entry["text"]),
                      markup=False)
        if not rule["scenarios"]:
            out.print("    " + _("no feature scenario covers it yet"), markup=False)
        for s in rule["scenarios"]:
            out.print("    " + _("scenario: {feature} — {scenario}", feature=s["feature"],
                                 scenario=s["scenario"]), markup=False)
    out.print(_("{n} rules", n=len(data["rules"])))
