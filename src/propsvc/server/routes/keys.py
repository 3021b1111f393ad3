"""Keys kept by the office (K1–K6)."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.keys import KeyDesk as D
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/keys", tags=["keys"])
L = "/{label}"

read(router, "", Reader.keys, "Every key and where it is (key list)")
write(router, "", "keys", D.register, "File a key (K1)")
write(router, "/handover", "keys", D.handover, "Keys handed over by the developer (K1)")
write(router, "/deposit", "keys", D.deposit, "An owner deposits a spare key (K2)")
read(router, "/find", Reader.find_keys, "Find keys by label, unit or status",
     rename={"text": "q"})
read(router, "/overdue", Reader.key_overdue, "Loans past due (K5)")
read(router, "/deposits", Reader.key_deposits, "钥匙寄存登记表 (K2)")
read(router, "/loans", Reader.key_loans, "钥匙借用登记表 (K3)", rename={"day": "date"})
read(router, L, Reader.key, "One key's state")
read(router, f"{L}/history", Reader.key_history, "Every event of one key")
write(router, f"{L}/lend", "keys", D.lend, "Lend a key (K3, K4)")
write(router, f"{L}/give-back", "keys", D.give_back, "A lent key is returned (K5)")
write(router, f"{L}/retrieve", "keys", D.retrieve, "The owner takes a deposited key back (K2)")
write(router, f"{L}/check", "keys", D.check_label, "The monthly check of a key (K6)")
