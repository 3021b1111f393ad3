"""The other desk services (Q1–Q5): move-in, paid service, goods release, the cashier's
fees, lost property and vacant units — one line per desk action and register."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.fees import FeesDesk
from propsvc.desks.found import FoundDesk
from propsvc.desks.movein import MoveInDesk
from propsvc.desks.paid import PaidDesk
from propsvc.desks.release import ReleaseDesk
from propsvc.desks.vacancy import VacancyDesk
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(tags=["desk services"])
N = "/{number}"

read(router, "/moveins", Reader.moveins, "业主入住登记表 — move-ins (Q5)", rename={"day": "date"})
write(router, "/moveins", "movein", MoveInDesk.start, "Start a move-in (Q5)")
for step, doc in (("verify", "Documents seen (Q5)"), ("sign", "Agreements signed (Q5)"),
                  ("file", "The owner file (Q5)"), ("pay", "Fees paid (Q5)"),
                  ("keys", "The unit's keys handed over (Q5, K6)"),
                  ("inspect", "The joint inspection (Q5; a defect opens a repair)"),
                  ("complete", "Move-in complete (V1 visit due)"),
                  ("visit", "The move-in return visit (V1, V2)")):
    write(router, f"/moveins{N}/{step}", "movein", getattr(MoveInDesk, step), doc)
read(router, f"/moveins{N}", Reader.movein_record, "A move-in's state (movein show)",
     rename={"known_at": "as_known_at"})
read(router, f"/moveins{N}/history", Reader.movein_history, "Every event of a move-in",
     rename={"known_at": "as_known_at"})

read(router, "/paid", Reader.paid, "有偿服务登记表 — paid services (Q1)", rename={"day": "date"})
write(router, "/paid", "paid", PaidDesk.request, "Request a paid service (Q1)")
for step, doc in (("decide", "Chargeable or not, and the quote (Q1)"),
                  ("accept", "The owner accepts the quote (Q1)"),
                  ("dispatch", "Dispatched to a work order or a cleaning order (Q1)"),
                  ("complete", "The service done (Q1)"),
                  ("collect", "The fee collected, to the cashier (Q1)"),
                  ("visit", "The paid-service return visit (V1, V2)")):
    write(router, f"/paid{N}/{step}", "paid", getattr(PaidDesk, step), doc)
read(router, f"/paid{N}", Reader.paid_record, "A paid service's state (paid show)",
     rename={"known_at": "as_known_at"})
read(router, f"/paid{N}/history", Reader.paid_history, "Every event of a paid service",
     rename={"known_at": "as_known_at"})

read(router, "/releases", Reader.releases, "物品放行登记表 — goods releases (Q2)",
     rename={"day": "date"})
write(router, "/releases", "release", ReleaseDesk.apply, "Apply to take goods out (Q2)")
for step, doc in (("confirm", "The desk confirms the fees are settled (Q2)"),
                  ("sign", "The owner signs (Q2)"), ("out", "Out through the gate (Q2)")):
    write(router, f"/releases{N}/{step}", "release", getattr(ReleaseDesk, step), doc)
read(router, f"/releases{N}", Reader.release_record,
     "A goods release's state (release show)", rename={"known_at": "as_known_at"})
read(router, f"/releases{N}/history", Reader.release_history,
     "Every event of a goods release", rename={"known_at": "as_known_at"})

read(router, "/fees/arrears", Reader.arrears, "Arrears on record per unit (Q2)")
write(router, "/fees/arrears", "fees", FeesDesk.arrears, "The cashier records arrears (Q2)")
write(router, "/fees/settle", "fees", FeesDesk.settle, "The cashier records them settled (Q2)")

read(router, "/found", Reader.found, "拾遗物品登记表 — lost property (Q3)", rename={"day": "date"})
write(router, "/found", "found", FoundDesk.record, "Record a found item (Q3)")
write(router, "/found/notice", "found", FoundDesk.notice, "Post the week's notice (Q3)")
for step, doc in (("to-admin", "A valuable handed to administration (Q3)"),
                  ("claim", "Claimed by its owner (Q3)"),
                  ("dispose", "Unclaimed after 3 months: to the company (Q3)")):
    write(router, f"/found{N}/{step}", "found", getattr(FoundDesk, step.replace("-", "_")), doc)
read(router, f"/found{N}", Reader.found_record, "A found item's state (found show)",
     rename={"known_at": "as_known_at"})
read(router, f"/found{N}/history", Reader.found_history, "Every event of a found item",
     rename={"known_at": "as_known_at"})

read(router, "/vacancies", Reader.vacancies, "空置房登记表 — vacant units (Q4)")
read(router, "/vacancies/inspections", Reader.vacancy_inspections,
     "空置房巡查表 — the month's inspections (Q4)")
write(router, "/vacancies", "vacancy", VacancyDesk.apply, "Register a vacancy (Q4)")
write(router, "/vacancies/inspect", "vacancy", VacancyDesk.inspect,
      "A monthly inspection with the meter readings (Q4)")
write(router, "/vacancies/end", "vacancy", VacancyDesk.end, "End a vacancy (Q4)")
read(router, "/vacancies/{unit}", Reader.vacancy_record,
     "A unit's vacancies and inspections (vacancy show)", rename={"known_at": "as_known_at"})
read(router, "/vacancies/{unit}/history", Reader.vacancy_history,
     "Every event of a unit's vacancies", rename={"known_at": "as_known_at"})
