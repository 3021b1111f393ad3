"""Information feedback (信息反馈, F1–F3) on any ticket."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.feedback import FeedbackDesk as D
from propsvc.server.routes.actions import write

router = APIRouter(prefix="/feedback", tags=["feedback"])
N = "/{number}"

write(router, f"{N}/refer", "feedback", D.refer, "Pass the matter to its handler (F1)")
write(router, f"{N}/report-up", "feedback", D.report_up, "Report to the superior (F2)")
write(router, f"{N}/reply", "feedback", D.reply, "The handler's reply (F2)")
write(router, f"{N}/answer", "feedback", D.answer, "Answer the resident (F3)")
