"""Inquiries (咨询, H4)."""

from __future__ import annotations

from fastapi import APIRouter

from propsvc.desks.inquiry import InquiryDesk as D
from propsvc.office.reader import Reader
from propsvc.server.routes.actions import read, write

router = APIRouter(prefix="/inquiries", tags=["inquiries"])

write(router, "", "inquiries", D.open, "Record an inquiry (H4)")
read(router, "/register", Reader.inquiry_register, "A month's inquiries")
write(router, "/{number}/answer", "inquiries", D.answer, "Answer (H4: written in 2 days)")
