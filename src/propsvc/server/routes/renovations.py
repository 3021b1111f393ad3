"""Renovations (N1–N10): application, review, permit, inspections, refund."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.renovation import RenoDesk as D
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/renovations", tags=["renovations"])
N = "/{number}"
R = "renovations"

read(router, "", Reader.renovations, "装修登记表 — every renovation (reno list)")
write(router, "", R, D.apply, "Apply for a renovation permit (N1)")
read(router, "/find", Reader.find_renovations, "Find renovations", rename={"text": "q"})
read(router, "/passes", Reader.passes, "施工人员出入证 — passes (N5)")
read(router, "/extensions", Reader.extensions, "Extensions granted (N8)")
read(router, "/due-inspections", Reader.due_inspections, "Inspections due (N6)",
     rename={"day": "date"})
read(router, "/spot-checks", Reader.spot_checks, "The manager's spot checks (N10)",
     rename={"day": "date"})
read(router, N, Reader.renovation, "One renovation's state")
read(router, f"{N}/history", Reader.renovation_history, "Every event of one renovation")
write(router, f"{N}/pre-inspect", R, D.pre_inspect, "Pre-inspection (N2)")
write(router, f"{N}/review", R, D.review, "Engineering reviews the plan (N3)")
write(router, f"{N}/sign", R, D.sign, "The manager signs (N3)")
write(router, f"{N}/agreement", R, D.agreement, "Agreement signed (N4)")
write(router, f"{N}/pay-deposit", R, D.pay_deposit, "Deposit and fee paid (N4)")
write(router, f"{N}/permit", R, D.permit, "Permit and passes issued (N5)")
write(router, f"{N}/phase", R, D.phase, "A phase of the works (N6)")
write(router, f"{N}/inspect", R, D.inspect, "An inspection (N6)")
write(router, f"{N}/violation", R, D.violation, "A violation found (N7)")
write(router, f"{N}/materials", R, D.materials, "Materials in or out (N7)")
write(router, f"{N}/resolve", R, D.resolve, "A violation put right (N7)")
write(router, f"{N}/reissue-passes", R, D.reissue_passes,
      "New passes once a violation is resolved (N6)")
write(router, f"{N}/extend", R, D.extend, "Extend the permit (N8)")
write(router, f"{N}/accept", R, D.accept, "Acceptance (N9)")
write(router, f"{N}/return-passes", R, D.return_passes, "Passes returned (N9)")
write(router, f"{N}/deduct", R, D.deduct, "An amount kept back from the deposit (N9)")
write(router, f"{N}/refund", R, D.refund, "Refund the deposit (N9: manager signs, cashier pays)")
write(router, f"{N}/spot-check", R, D.spot_check, "The manager's spot check (N10)")
