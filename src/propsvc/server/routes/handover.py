"""交接班记录本 and 遗留问题档案 (S1–S7) and the daily report."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.handover import HandoverDesk as D
from propsvc.office.facade import Office
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(tags=["handover"])
H = "handover"

read(router, "/handover", Reader.handover_log, "The shift's handover log (handover show)",
     rename={"day": "date"})
write(router, "/handover/take-over", H, D.take_over, "Take over the shift (S1)")
write(router, "/handover/note", H, D.note, "An entry in the log (S2)")
write(router, "/handover/hand-over", H, D.hand_over, "Hand over the shift (S5)")
write(router, "/handover/{number}/triage", H, D.triage, "Triage an open matter (S3)")
write(router, "/handover/{number}/ok", H, D.ok, "Mark a matter OK (S3, S4)")
write(router, "/handover/{number}/reason", H, D.reason, "Give the reason it stays open (S4)")
read(router, "/carryover/{month}", Reader.carryover_file, "The month's carry-over file (S6)")
write(router, "/carryover/{month}/close", "", Office.close_month,
      "Archive the month's carry-over file (S7)")
read(router, "/daily-report", Reader.daily_report, "The day's report (S1–S7)",
     rename={"day": "date"})
