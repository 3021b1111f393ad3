"""The ticket page's history in clerk words (issue 10): every event a ticket can record has
a label and every one of its fields a label (or is bookkeeping a clerk does not read), in
the page's language through the catalogue; the zh-CN page shows no class name or field
code."""

from __future__ import annotations

import contextvars
import re
from typing import Any

import pytest

from propsvc.aggregates import (
    complaint,
    corrections,
    deadlines,
    feedback,
    fees,
    found,
    help,
    movein,
    paid,
    release,
    renovation,
    renovation_events,
    repair,
    ticket,
    vacancy,
)
from propsvc.aggregates.base import Event
from propsvc.i18n import set_lang
from propsvc.web.event_words import EVENTS, FIELDS, HIDDEN
from propsvc.web.render import datum
from propsvc.web.timeline import timeline
from tests.web.conftest import csrf_of, log_in
from tests.web.test_pages import open_repair

FAMILIES = (ticket, repair, complaint, help, feedback, deadlines, corrections)
TICKET_EVENTS = sorted(
    (cls for module in FAMILIES for cls in vars(module).values()
     if isinstance(cls, type) and issubclass(cls, Event) and cls is not Event
     and cls.__module__ == module.__name__), key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", TICKET_EVENTS, ids=lambda c: c.__name__)
def test_every_ticket_event_and_each_of_its_fields_has_a_label(cls: type[Event]) -> None:
    assert cls.__name__ in EVENTS
    own = set(cls.model_fields) - set(Event.model_fields)
    assert own - set(FIELDS) - HIDDEN == set()


SERVICES = (movein, paid, release, fees, found, vacancy, renovation, renovation_events)


@pytest.mark.parametrize("module", SERVICES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_every_desk_service_event_has_a_label_in_both_languages(module: Any) -> None:
    """The desk-service record pages' (Q1–Q5) and the renovation page's history show
    these labels."""
    names = [c.__name__ for c in vars(module).values() if isinstance(c, type)
             and issubclass(c, Event) and c is not Event and c.__module__ == module.__name__]
    assert names and set(names) <= set(EVENTS)
    from propsvc.web.timeline import event_label

    def zh() -> list[str]:
        set_lang("zh-CN")
        return [event_label(n) for n in names]

    words = contextvars.copy_context().run(zh)
    assert all(re.search(r"[\u4e00-\u9fff]", w) for w in words), words


def _h(event: str, role: str = "desk", **data: Any) -> dict[str, Any]:
    return {"event": event, "occurred_at": "2026-11-22T01:00:00+00:00",
            "recorded_at": "2026-11-22T01:00:00+00:00", "actor": "propsvc" if role ==
            "policy" else "lily", "role": role, "data": data}


def rows_in(lang: str, history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def run() -> list[dict[str, Any]]:
        set_lang(lang)
        return timeline(history, datum)

    return contextvars.copy_context().run(run)


def test_a_deadline_event_names_its_deadline_and_who_it_goes_to_in_words() -> None:
    history = [
        _h("DeadlineSet", "policy", key="R3.work_order#1", rule="R3",
           label="work order issued", basis="call received (working hours)",
           on_miss="escalate:supervisor"),
        _h("DeadlineMet", "policy", key="R3.work_order#1", rule="R3", late_minutes=0),
        _h("Escalated", "policy", rule="H3", to="supervisor", reason="x", automatic=True),
        _h("HelpRouted", to="incident", linked_number="SJ-20261122-001"),
    ]
    set_, met, up, routed = rows_in("zh-CN", history)
    assert (set_["title"], set_["actor"], set_["role"], set_["rule"]) == (
        "设定时限", "系统", "时限规则", "R3")
    assert "起算：来电（工作时间）" in set_["details"]
    assert not any("escalate:" in d for d in set_["details"])  # bookkeeping left out
    assert met["details"] == ["时限：开出维修单"]  # its label, and no "0 minutes late"
    assert "对象：主管" in up["details"] and "自动：是" in up["details"]
    assert "对象：转特别事件" in routed["details"]
    assert rows_in("en", history)[1]["title"] == "Deadline met"


def test_the_zh_ticket_page_shows_the_history_in_words_not_class_names(client: Any) -> None:
    log_in(client, "lily")
    number = open_repair(client)
    client.post(f"/tickets/{number}/order", data={"csrf_token": csrf_of(client),
                                                  "technician": "wang"})
    page = client.get(f"/tickets/{number}").text
    history = page[page.index('<ol class="timeline">'):page.index("</ol>")]
    item = re.search(r'<li data-event="WorkOrderIssued".*?</li>', history, re.S)
    assert item is not None and "开出维修单" in item.group(0)
    assert "维修人员：wang" in item.group(0)
    shown = re.sub(r"<[^>]+>", " ", history)  # the text a clerk reads
    assert not re.search(r"\b[A-Z][a-z]+[A-Z]\w+\b", shown)  # no CamelCase event name
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|\b(?:caller|summary|channel):", shown)
    client.get(f"/lang?to=en&next=/tickets/{number}")
    english = client.get(f"/tickets/{number}").text
    assert "Work order issued" in english and "technician: wang" in english
