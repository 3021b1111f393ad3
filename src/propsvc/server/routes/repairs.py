"""Repairs (R1–R15): open, work order, arrival, assessment, fees, materials, completion."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.repair import RepairDesk as D
from propsvc.server.routes.actions import write

router = APIRouter(prefix="/repairs", tags=["repairs"])
N = "/{number}"

write(router, "", "repairs", D.open, "Record a repair call (R1)")
write(router, f"{N}/order", "repairs", D.order, "Issue the work order (R3)")
write(router, f"{N}/arrive", "repairs", D.arrive, "The technician is on site (R4)")
write(router, f"{N}/assess", "repairs", D.assess, "Ask for a technical assessment (R5)")
write(router, f"{N}/reassess-done", "repairs", D.reassess_done, "Assessment done (R5)")
write(router, f"{N}/quote", "repairs", D.quote, "Tell the owner the fee (R2)")
write(router, f"{N}/accept-fee", "repairs", D.accept_fee, "The owner accepts the fee (R2, R14)")
write(router, f"{N}/start", "repairs", D.start, "Start work (R2)")
write(router, f"{N}/materials", "repairs", D.materials, "Itemise parts used (R6)")
write(router, f"{N}/escalate", "repairs", D.escalate, "Report a major fault upwards (R7)")
write(router, f"{N}/defer", "repairs", D.defer, "Temporary measure, cannot fix now (R8)")
write(router, f"{N}/complete", "repairs", D.complete, "Return slip signed and rated (R9)")
write(router, f"{N}/collect-fee", "repairs", D.collect_fee, "Fee collected on site (R10)")
write(router, f"{N}/chase", "repairs", D.chase, "Chase an unfinished work order (R11)")
write(router, f"{N}/reopen", "repairs", D.reopen, "Still not fixed: book a new visit (R12)")
