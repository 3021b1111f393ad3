"""One API request per action of the permission matrix, on numbers that do not exist:
each desk checks the matrix before it loads anything, so a forbidden role gets 403 and
an allowed one gets past it (404 for the unknown number, or 422/200 for the input)."""

from __future__ import annotations

from typing import Any

T = "BX-20261101-999"  # a ticket number no test records
C = "TS-20261101-999"
R = "ZX-20261101-999"
K = "K-NONE-999"
M = "JB-20261101-999"
PEOPLE: dict[str, Any] = {"unit": "3-2-1201", "caller": "张先生", "phone": "13800000000",
                          "summary": "矩阵测试"}

REQUESTS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "ticket.open.repair": ("POST", "/repairs", PEOPLE),
    "ticket.open.complaint": ("POST", "/complaints", {**PEOPLE, "channel": "phone"}),
    "ticket.open.help": ("POST", "/help", {**PEOPLE, "help_kind": "other"}),
    "ticket.open.inquiry": ("POST", "/inquiries", PEOPLE),
    "ticket.void": ("POST", f"/tickets/{T}/void", {"reason": "x"}),
    "ticket.merge": ("POST", f"/tickets/{T}/merge", {"into": "BX-20261101-998"}),
    "repair.order": ("POST", f"/repairs/{T}/order", {"technician": "王师傅"}),
    "repair.arrive": ("POST", f"/repairs/{T}/arrive", {}),
    "repair.assess": ("POST", f"/repairs/{T}/assess", {}),
    "repair.reassess": ("POST", f"/repairs/{T}/reassess-done", {}),
    "repair.quote": ("POST", f"/repairs/{T}/quote", {"amount": "80", "items": "角阀"}),
    "repair.accept_fee": ("POST", f"/repairs/{T}/accept-fee", {}),
    "repair.start": ("POST", f"/repairs/{T}/start", {}),
    "repair.materials": ("POST", f"/repairs/{T}/materials", {"items": ["阀,DN15,铜,1,30"]}),
    "repair.escalate": ("POST", f"/repairs/{T}/escalate", {"to": "manager", "reason": "x"}),
    "repair.defer": ("POST", f"/repairs/{T}/defer", {"measure": "关阀", "reason": "缺件"}),
    "repair.complete": ("POST", f"/repairs/{T}/complete", {"signed_by": "张先生", "rating": 5}),
    "repair.collect_fee": ("POST", f"/repairs/{T}/collect-fee", {"amount": "80"}),
    "repair.chase": ("POST", f"/repairs/{T}/chase", {}),
    "repair.visit": ("POST", f"/visits/{T}", {"method": "phone", "result": "satisfied"}),
    "repair.visit_review": ("POST", f"/visits/{T}/review", {}),
    "repair.reopen": ("POST", f"/repairs/{T}/reopen", {"reason": "又漏了"}),
    "complaint.classify": ("POST", f"/complaints/{C}/classify", {"complaint_class": 1}),
    "complaint.notify_superior": ("POST", f"/complaints/{C}/notify-superior", {}),
    "complaint.dispatch": ("POST", f"/complaints/{C}/dispatch", {"to": "engineering"}),
    "complaint.respond": ("POST", f"/complaints/{C}/respond", {"text": "已处理"}),
    "complaint.agree": ("POST", f"/complaints/{C}/agree",
                        {"remedy": "更换", "by": "2026-11-23 12:00"}),
    "complaint.resolve": ("POST", f"/complaints/{C}/resolve", {}),
    "complaint.confirm": ("POST", f"/complaints/{C}/confirm", {"signed_by": "张先生"}),
    "help.answer": ("POST", f"/help/{T}/answer", {"text": "已答复"}),
    "help.medical": ("POST", f"/help/{T}/medical", {"action": "ambulance", "staff": ["小王"]}),
    "help.route": ("POST", f"/help/{T}/route", {"to": "repair"}),
    "inquiry.answer": ("POST", f"/inquiries/{T}/answer", {"text": "已答复"}),
    "feedback.refer": ("POST", f"/feedback/{T}/refer", {"to": "engineering"}),
    "feedback.report_up": ("POST", f"/feedback/{T}/report-up", {}),
    "feedback.reply": ("POST", f"/feedback/{T}/reply", {"text": "已回复"}),
    "feedback.answer": ("POST", f"/feedback/{T}/answer", {"text": "已答复"}),
    "incident.report": ("POST", "/incidents", {"category": "fire", "place": "3栋",
                                               "description": "冒烟"}),
    "incident.step": ("POST", "/incidents/SJ-20261101-999/step", {"step": "报警"}),
    "incident.written_report": ("POST", "/incidents/SJ-20261101-999/written-report",
                                {"course": "经过", "outcome": "结果"}),
    "key.register": ("POST", "/keys", {"label": None, "key_class": "public", "area": "会所"}),
    "key.handover": ("POST", "/keys/handover", {"developer": "开发商", "units": ["3-2-1201"]}),
    "key.deposit": ("POST", "/keys/deposit", {"unit": "3-2-1201", "owner": "张先生",
                                              "id_last4": "1234"}),
    "key.lend": ("POST", f"/keys/{K}/lend", {"to": "小王", "id_last4": "1234",
                                             "purpose": "巡查", "borrower_type": "staff"}),
    "key.give_back": ("POST", f"/keys/{K}/give-back", {}),
    "key.retrieve": ("POST", f"/keys/{K}/retrieve", {"id_last4": "1234"}),
    "key.check": ("POST", f"/keys/{K}/check", {}),
    "reno.apply": ("POST", "/renovations", {"unit": "3-2-1201", "contractor": "某装修",
                                            "scope": "厨房", "start": "2026-12-01",
                                            "end": "2026-12-20", "documents": []}),
    "reno.pre_inspect": ("POST", f"/renovations/{R}/pre-inspect", {"failed": []}),
    "reno.review": ("POST", f"/renovations/{R}/review", {"approve": True}),
    "reno.sign": ("POST", f"/renovations/{R}/sign", {}),
    "reno.agreement": ("POST", f"/renovations/{R}/agreement", {}),
    "reno.pay_deposit": ("POST", f"/renovations/{R}/pay-deposit", {"amount": "2000"}),
    "reno.permit": ("POST", f"/renovations/{R}/permit", {}),
    "reno.phase": ("POST", f"/renovations/{R}/phase", {"phase": "plumbing"}),
    "reno.inspect": ("POST", f"/renovations/{R}/inspect", {"result": "ok"}),
    "reno.violation": ("POST", f"/renovations/{R}/violation", {}),
    "reno.materials": ("POST", f"/renovations/{R}/materials",
                       {"direction": "in", "items": "瓷砖"}),
    "reno.resolve": ("POST", f"/renovations/{R}/resolve", {"note": "已整改"}),
    "reno.extend": ("POST", f"/renovations/{R}/extend",
                    {"to": "2026-12-30", "signed_by": "owner"}),
    "reno.accept": ("POST", f"/renovations/{R}/accept", {"stage": "initial"}),
    "reno.return_passes": ("POST", f"/renovations/{R}/return-passes", {"count": 1}),
    "reno.refund": ("POST", f"/renovations/{R}/refund", {}),
    "reno.spot_check": ("POST", f"/renovations/{R}/spot-check", {}),
    "handover.take_over": ("POST", "/handover/take-over", {}),
    "handover.triage": ("POST", f"/handover/{M}/triage", {"triage": "urgent"}),
    "handover.ok": ("POST", f"/handover/{M}/ok", {}),
    "handover.reason": ("POST", f"/handover/{M}/reason", {"reason": "缺件"}),
    "handover.note": ("POST", "/handover/note", {"entry": "交代事项"}),
    "handover.hand_over": ("POST", "/handover/hand-over", {}),
    "patrol.record": ("POST", "/patrol", {"area": "public", "finding": "路灯不亮"}),
    "carryover.close_month": ("POST", "/carryover/2026-10/close", None),
    "tick": ("POST", "/tick", None),
}
# What the server does not serve: files written on the server's own disk, and acts on
# the store as a whole (the CLI on the server's machine does them).
NOT_SERVED = {"rebuild", "demo", "register.export", "register.work_order", "archive",
              "backup", "events.export", "events.import", "office.add"}
