"""Information feedback on a ticket (F1–F3), as ``propsvc feedback`` has it: a numbered
work-contact slip to the handler, the handler reporting up and replying to the desk, the
desk answering the customer. A complaint's slip and reply are its own C4 dispatch and
handler's reply (the complaint actions), so refer and reply are offered on the other kinds."""

from __future__ import annotations

from propsvc.i18n import N_
from propsvc.web.actions.base import DONE, NOTE, TEXT, TICKET_KINDS, Action, View, events
from propsvc.web.forms import Field

NOT_COMPLAINTS = ("repair", "help", "inquiry")


SLIPS, REPLIES, ANSWERS = "WorkContactSlipIssued", "HandlerReplied", "CustomerAnswered"


def _count(v: View, event: str) -> int:
    """How often ``event`` was recorded (a repair's view has no desk part to count)."""
    return events(v).count(event)


def _referable(v: View) -> bool:
    """F1 while the ticket is open and no earlier slip waits for its reply (F2)."""
    return v["status"] not in DONE and _count(v, REPLIES) >= _count(v, SLIPS)


def _reply_due(v: View) -> bool:
    return _count(v, SLIPS) > _count(v, REPLIES)


def _reportable(v: View) -> bool:
    return _count(v, SLIPS) > 0 and "ReportedToSuperior" not in events(v)


def _answer_due(v: View) -> bool:
    return _count(v, REPLIES) > _count(v, ANSWERS)


FEEDBACK_ACTIONS: tuple[Action, ...] = (
    Action("refer", N_("Pass on: work-contact slip"), "feedback.refer", NOT_COMPLAINTS,
           _referable,
           lambda o, n, p: o.feedback.refer(n, p.need("to"), p.flag("needs_superior")),
           (Field("to", N_("Handler (person or department)"), required=True,
                  aliases=("handler",)),
            Field("needs_superior", N_("The superior must decide"), "checkbox")), "F1"),
    Action("report_up", N_("Handler reported to the superior"), "feedback.report_up",
           TICKET_KINDS, _reportable,
           lambda o, n, p: o.feedback.report_up(n, p.text("note")), (NOTE,), "F2"),
    Action("reply", N_("Handler's reply to the desk"), "feedback.reply", NOT_COMPLAINTS,
           _reply_due, lambda o, n, p: o.feedback.reply(n, p.need("text")), (TEXT,), "F2"),
    Action("feedback_answer", N_("Tell the customer"), "feedback.answer", TICKET_KINDS,
           _answer_due, lambda o, n, p: o.feedback.answer(n, p.need("text")), (TEXT,), "F3"),
)
