"""Complaints (C1–C10)."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.complaint import ComplaintDesk as D
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/complaints", tags=["complaints"])
N = "/{number}"

write(router, "", "complaints", D.open, "Record a complaint (C1)")
read(router, "/register", Reader.complaint_register, "投诉登记表 — a month's complaints")
read(router, "/summary", Reader.complaint_summary, "A month's complaints by class and cause")
write(router, f"{N}/classify", "complaints", D.classify, "Classify (C2)")
write(router, f"{N}/notify-superior", "complaints", D.notify_superior,
      "Tell the superior (C3)")
write(router, f"{N}/dispatch", "complaints", D.dispatch, "Dispatch to a department (C4)")
write(router, f"{N}/respond", "complaints", D.respond, "The department's reply (C5)")
write(router, f"{N}/agree", "complaints", D.agree, "Agree a remedy and a date (C6)")
write(router, f"{N}/resolve", "complaints", D.resolve, "Resolved (C7)")
write(router, f"{N}/confirm", "complaints", D.confirm, "The complainant confirms (C8)")
