"""Step definitions for features/报修管理.feature (SOP R1–R15, V1–V3 for repairs).

Steps are thin: they read the business words, move the settable clock to the time the
step names, call one use case of ``rt.repairs`` (or ``tick`` / a query), and check what a
desk user would see: a register row, the ticket view, or the refusal message.

A refused action is kept and must be checked by the next step ("系统依 … 拒绝办理"); an
unexpected refusal surfaces at the next step that reads, or at the end of the scenario.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from propsvc.calendar import OfficeCalendar
from propsvc.clock import SettableClock
from propsvc.desks.result import Result
from propsvc.errors import PropsvcError
from propsvc.office import Office
from propsvc.queries import deadlines as deadlines_q
from propsvc.queries import repair as queries
from propsvc.queries import visit as visits_q
from propsvc.views.ticket import history_view, ticket_view
from tests.office import tick

# -- words ↔ values ----------------------------------------------------------------------
STATUS = {
    "received": "已登记",
    "ordered": "已派单",
    "on_site": "维修工已到场",
    "assessing": "等待班长评估",
    "working": "维修中",
    "deferred": "暂缓处理",
    "completed": "已完工",
    "closed": "已结案",
    "voided": "作废",
    "merged": "已合并",
}
WHO = {
    "主管": "supervisor",
    "管理处经理": "manager",
    "公司工程顾问": "adviser",
    "保修施工单位": "contractor",
    "保险公司": "insurer",
    "维修部": "maintenance",
    "维修部主管": "maintenance-head",
}
DEADLINES = {  # the name a desk uses → the deadline key's prefix (rule.name)
    "开单": "R3.work_order",
    "到场": "R4.arrival",
    "评估后返场": "R5.assessment",
    "4小时催办": "R11.chase",
    "24小时催办": "R11.escalate",
    "返修": "V3.fix",
}
VISIT_METHOD = {"电话": "phone", "上门": "in-person", "现场查看": "on-site"}
VISIT_RESULT = {"满意": "satisfied", "不满意": "unsatisfied"}
SECTION = {"入户": "in_home", "公共区域": "public"}
REPORT_LIST = {"接报": "received", "完工": "completed", "未完": "open", "暂缓": "deferred"}
YES_NO = {True: "是", False: "否", None: "未说明"}
KEY_USABLE = {True: "可用", False: "不可用", None: "未说明"}

# -- the little grammar of times: "09:03", "第二天 10:00", "次日 08:30" ---------------------
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
DAY_RE = r"(?:今天|次日|第[一二三四五六七八九十\d]+天|\d{4}-\d{2}-\d{2})"
TIME_RE = rf"(?:{DAY_RE}\s*)?\d{{1,2}}:\d{{2}}"


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN[text[1]] if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN[tens] * 10 + (_CN[ones] if ones else 0)
    return _CN[text]


def S(template: str) -> parsers.re:
    """A step pattern: ``"{x}"`` is quoted text, ``{t…}`` a clock reading, ``{day}`` a
    day, ``{n…}`` a number; every other character is literal."""
    out, pos = [], 0
    for m in re.finditer(r'"\{(\w+)\}"|\{(\w+)\}', template):
        out.append(re.escape(template[pos : m.start()]))
        quoted, bare = m.group(1), m.group(2)
        if quoted:
            out.append(f'"(?P<{quoted}>[^"]*)"')
        elif bare.startswith("t"):
            out.append(f"(?P<{bare}>{TIME_RE})")
        elif bare == "day":
            out.append(f"(?P<day>{DAY_RE})")
        elif bare.startswith("n"):
            out.append(rf"(?P<{bare}>\d+(?:\.\d+)?)")
        else:
            out.append(f"(?P<{bare}>.+?)")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return parsers.re("".join(out))


# -- the desk: runtime, clock, and which ticket each place refers to ---------------------
@dataclass
class Desk:
    rt: Office
    clock: SettableClock
    today: date
    numbers: dict[str, str] = field(default_factory=dict)
    outcome: Result | None = None
    error: PropsvcError | None = None
    last_tick: dict[str, Any] | None = None

    @property
    def cal(self) -> OfficeCalendar:
        return self.rt.profile.office_calendar

    # time
    def day(self, text: str) -> date:
        text = text.strip()
        if text == "今天":
            return self.today
        if text == "次日":
            return self.today + timedelta(days=1)
        m = re.fullmatch(r"第(.+)天", text)
        if m:
            return self.today + timedelta(days=_cn_number(m.group(1)) - 1)
        return date.fromisoformat(text)

    def when(self, text: str) -> datetime:
        m = re.fullmatch(rf"(?:({DAY_RE})\s*)?(\d{{1,2}}):(\d{{2}})", text.strip())
        assert m, f"cannot read the clock reading {text!r}"
        day = self.day(m.group(1)) if m.group(1) else self.today
        local = datetime.combine(day, time(int(m.group(2)), int(m.group(3))), self.cal.zone)
        return self.cal.parse_time(local.isoformat())

    def local(self, when: datetime | str | None) -> str | None:
        if when is None:
            return None
        if isinstance(when, str):
            when = datetime.fromisoformat(when)
        return self.cal.local(when).strftime("%Y-%m-%d %H:%M")

    def move_clock(self, text: str) -> None:
        target = self.when(text)
        assert target >= self.clock.now(), (
            f"the scenario goes back in time: {text} is before {self.local(self.clock.now())}"
        )
        self.clock.set(target)

    # acting
    def do(self, at: str | None, action: Callable[[], Any]) -> Any:
        """Move the clock, run one use case; keep a refusal for the next step to check."""
        self.settled()
        if at is not None:
            self.move_clock(at)
        try:
            result = action()
        except PropsvcError as err:
            self.error = err
            return None
        if isinstance(result, Result):
            self.outcome = result
            self.numbers[self._place_of(result)] = result.number
        return result

    def _place_of(self, outcome: Result) -> str:
        intake = outcome.aggregate.intake
        return str(intake.unit or intake.location)

    def settled(self) -> None:
        if self.error is not None:
            err, self.error = self.error, None
            raise AssertionError(f"an earlier step was refused and nobody checked: {err}")

    # reading
    def number(self, place: str) -> str:
        self.settled()
        assert place in self.numbers, f"no repair recorded for {place!r} in this scenario"
        return self.numbers[place]

    def view(self, place: str) -> dict[str, Any]:
        ticket = self.rt.service.load(self.number(place))
        return ticket_view(ticket, self.clock.now())

    def deadline(self, place: str, name: str) -> dict[str, Any]:
        view = self.view(place)
        prefix = DEADLINES[name]
        found = [
            d
            for d in view["deadlines"]
            if d["key"].split("#")[0].startswith(prefix) and d["key"].endswith(f"#{view['cycle']}")
        ]
        assert found, f"{place}: no {name} deadline in cycle {view['cycle']}: {view['deadlines']}"
        return found[-1]

    def read(self) -> Any:
        self.settled()
        self.rt.backend.catch_up()
        return self.rt.backend.read_db

    def register_row(self, place: str) -> dict[str, Any]:
        number = self.number(place)
        start = self.cal.day_start(self.today)
        rows = queries.repair_register(
            self.read(), self.rt.code, start, start + timedelta(days=62)
        )
        found = [r for r in rows if r["number"] == number]
        assert found, f"{number} is not in the repair register"
        return found[0]


@pytest.fixture
def desk(rt: Office, clock: SettableClock) -> Iterator[Desk]:
    d = Desk(rt, clock, rt.profile.office_calendar.local_date(clock.now()))
    yield d
    if d.error is not None:
        pytest.fail(f"the last step was refused and no step checked it: {d.error}")


def money(value: Any) -> str | None:
    return None if value is None else f"{Decimal(str(value)):.2f}"


REGISTER_COLUMNS: dict[str, Callable[[Desk, dict[str, Any]], Any]] = {
    "房号": lambda d, r: r["unit"],
    "地点": lambda d, r: r["location"],
    "报修人": lambda d, r: r["caller"],
    "联系电话": lambda d, r: r["phone"],
    "报修部位": lambda d, r: r["part"],
    "问题描述": lambda d, r: r["summary"],
    "家中有人": lambda d, r: YES_NO[r["home"]],
    "备用钥匙": lambda d, r: KEY_USABLE[r["spare_key"]],
    "预约时间": lambda d, r: d.local(r["appointment"]),
    "紧急": lambda d, r: YES_NO[r["urgent"]],
    "公共区域": lambda d, r: YES_NO[r["public_area"]],
    "状态": lambda d, r: STATUS[r["status"]],
    "维修工": lambda d, r: r["technician"],
    "派单时间": lambda d, r: d.local(r["ordered_at"]),
    "到场时间": lambda d, r: d.local(r["arrived_at"]),
    "完工时间": lambda d, r: d.local(r["completed_at"]),
    "签收人": lambda d, r: r["signed_by"],
    "满意度": lambda d, r: r["rating"],
    "报价": lambda d, r: money(r["quote_amount"]),
    "收费项目": lambda d, r: r["quote_items"],
    "已收费用": lambda d, r: money(r["fee_collected"]),
    "材料项数": lambda d, r: r["materials"],
    "材料金额": lambda d, r: money(r["materials_total"]),
    "临时措施": lambda d, r: r["deferred_measure"],
    "暂停分钟": lambda d, r: r["paused_minutes"],
    "暂停中": lambda d, r: YES_NO[r["paused_at"] is not None],
    "超时次数": lambda d, r: r["missed"],
    "催办次数": lambda d, r: r["chases"],
    "上报次数": lambda d, r: r["escalations"],
    "重开次数": lambda d, r: r["reopens"],
    "回访次数": lambda d, r: r["visits"],
}


def _pairs(datatable: list[list[str]]) -> list[tuple[str, str]]:
    """A two-column table, with or without a 项目|内容 header row."""
    rows = [(r[0].strip(), r[1].strip()) for r in datatable]
    return rows[1:] if rows and rows[0] == ("项目", "内容") else rows


def _records(datatable: list[list[str]]) -> list[dict[str, str]]:
    head = [h.strip() for h in datatable[0]]
    return [dict(zip(head, (c.strip() for c in row), strict=True)) for row in datatable[1:]]


# == background ==========================================================================
@given(S("今天是 {day}，现在是 {t}"))
def today_is(desk: Desk, day: str, t: str) -> None:
    desk.today = desk.day(day)
    desk.clock.set(desk.when(t))


@when(S("时钟走到 {t}"))
def clock_moves(desk: Desk, t: str) -> None:
    desk.move_clock(t)


# == R1: intake ==========================================================================
INTAKE_FIELDS = {
    "房号",
    "报修人",
    "联系电话",
    "报修部位",
    "问题描述",
    "家中有人",
    "备用钥匙",
    "预约时间",
    "紧急",
    "公共区域",
    "地点",
}


@given(S("客服在 {t} 接到报修电话并登记:"))
@when(S("客服在 {t} 接到报修电话并登记:"))
def intake_form(desk: Desk, t: str, datatable: list[list[str]]) -> None:
    form = dict(_pairs(datatable))
    assert set(form) <= INTAKE_FIELDS, f"unknown intake fields {set(form) - INTAKE_FIELDS}"
    key = form.get("备用钥匙")
    usable = None if key is None else ("同意使用" in key and "不同意" not in key)
    home = form.get("家中有人")
    appointment = form.get("预约时间")
    desk.do(
        t,
        lambda: desk.rt.repairs.open(
            unit=form.get("房号"),
            caller=form.get("报修人", ""),
            phone=form.get("联系电话"),
            summary=form.get("问题描述", ""),
            part=form.get("报修部位"),
            urgent=form.get("紧急") == "是",
            home=None if home is None else home == "是",
            spare_key=usable,
            appointment=desk.when(appointment) if appointment else None,
            public_area=form.get("公共区域") == "是",
            location=form.get("地点"),
        ),
    )


def _open_call(
    desk: Desk,
    t: str,
    unit: str,
    caller: str,
    part: str,
    summary: str,
    *,
    urgent: bool = False,
    appointment: str | None = None,
) -> None:
    desk.do(
        t,
        lambda: desk.rt.repairs.open(
            unit=unit,
            caller=caller,
            phone="13800000000",
            summary=f"{part}{summary}",
            part=part,
            urgent=urgent,
            appointment=desk.when(appointment) if appointment else None,
        ),
    )


@given(S('"{unit}" 的业主 "{caller}" 在 {t} 来电报修 "{part}" {summary}，属紧急报修'))
@when(S('"{unit}" 的业主 "{caller}" 在 {t} 来电报修 "{part}" {summary}，属紧急报修'))
def urgent_call(desk: Desk, unit: str, caller: str, t: str, part: str, summary: str) -> None:
    _open_call(desk, t, unit, caller, part, summary, urgent=True)


@given(S('"{unit}" 的业主 "{caller}" 在 {t} 来电报修 "{part}" {summary}，预约 {tappt} 上门'))
@when(S('"{unit}" 的业主 "{caller}" 在 {t} 来电报修 "{part}" {summary}，预约 {tappt} 上门'))
def booked_call(
    desk: Desk, unit: str, caller: str, t: str, part: str, summary: str, tappt: str
) -> None:
    _open_call(desk, t, unit, caller, part, summary, appointment=tappt)


@given(
    parsers.re(
        rf'"(?P<unit>[^"]*)" 的业主 "(?P<caller>[^"]*)" 在 (?P<t>{TIME_RE}) '
        r'来电报修 "(?P<part>[^"]*)" (?P<summary>[^，]+)'
    )
)
@when(
    parsers.re(
        rf'"(?P<unit>[^"]*)" 的业主 "(?P<caller>[^"]*)" 在 (?P<t>{TIME_RE}) '
        r'来电报修 "(?P<part>[^"]*)" (?P<summary>[^，]+)'
    )
)
def plain_call(desk: Desk, unit: str, caller: str, t: str, part: str, summary: str) -> None:
    _open_call(desk, t, unit, caller, part, summary)


@given(S('住户 "{caller}" 在 {t} 来电反映公共区域 "{place}" 的 "{part}" {summary}'))
@when(S('住户 "{caller}" 在 {t} 来电反映公共区域 "{place}" 的 "{part}" {summary}'))
def public_call(desk: Desk, caller: str, t: str, place: str, part: str, summary: str) -> None:
    desk.do(
        t,
        lambda: desk.rt.repairs.open(
            unit=None,
            location=place,
            public_area=True,
            caller=caller,
            phone="13900000000",
            part=part,
            summary=f"{part}{summary}",
        ),
    )


# == R14: staff report their own findings ================================================
@given(S('{role} "{caller}" 在 {t} 发现 "{place}" 的 "{part}" {summary}，自行填写维修单'))
@when(S('{role} "{caller}" 在 {t} 发现 "{place}" 的 "{part}" {summary}，自行填写维修单'))
def staff_report(
    desk: Desk, role: str, caller: str, t: str, place: str, part: str, summary: str
) -> None:
    desk.do(
        t,
        lambda: desk.rt.repairs.open(
            unit=None,
            location=place,
            public_area=True,
            caller=caller,
            phone=None,
            part=part,
            summary=f"{part}{summary}（{role}发现）",
            channel="staff",
        ),
    )


@then(S('"{place}" 的工单历史显示维修单由报修人自行填写'))
def self_filled(desk: Desk, place: str) -> None:
    history = history_view(desk.rt.service.events_of(desk.number(place)))
    orders = [h for h in history if h["event"] == "WorkOrderIssued"]
    assert orders, f"{place}: no work order in the history"
    assert orders[0]["data"]["self_filled"] is True
    assert orders[0]["actor"] == desk.rt.user.name


# == R3–R5: work order, arrival, assessment ===============================================
@given(S('客服在 {t} 为 "{place}" 的报修开出维修单，派给 "{tech}"'))
@when(S('客服在 {t} 为 "{place}" 的报修开出维修单，派给 "{tech}"'))
def work_order(desk: Desk, t: str, place: str, tech: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.order(number, tech))


@given(S('维修工 "{tech}" 在 {t} 到达 "{place}"'))
@when(S('维修工 "{tech}" 在 {t} 到达 "{place}"'))
def arrives(desk: Desk, tech: str, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.arrive(number, tech))


@given(S('"{place}" 的报修已派给 "{tech}"，维修工已于 {t} 到场'))
def on_site_already(desk: Desk, place: str, tech: str, t: str) -> None:
    """Set-up only: an in-home call at 09:00, work order at 09:02, arrival at ``t``."""
    _open_call(desk, "09:00", place, "张三", "厨房水龙头", "漏水")
    work_order(desk, "09:02", place, tech)
    arrives(desk, tech, t, place)
    desk.settled()


@given(S('"{place}" 的报修已于 {t} 完工，由业主 "{owner}" 签字'))
def completed_already(desk: Desk, place: str, t: str, owner: str) -> None:
    """Set-up only: call 09:00, order 09:02, arrival 09:30, signed off at ``t``."""
    _open_call(desk, "09:00", place, owner, "厨房水龙头", "漏水")
    work_order(desk, "09:02", place, "李师傅")
    arrives(desk, "李师傅", "09:30", place)
    complete(desk, t, owner, place, "5")
    desk.settled()


@given("以下报修已于今天完工:")
def completed_today(desk: Desk, datatable: list[list[str]]) -> None:
    """Set-up only: each row is called in, ordered, attended and signed off in turn."""
    for row in _records(datatable):
        done = desk.when(row["完工时间"])
        start = desk.local(done - timedelta(minutes=30))
        assert start is not None
        _open_call(desk, start[-5:], row["房号"], row["业主"], "灯具", "不亮")
        work_order(desk, start[-5:], row["房号"], "李师傅")
        arrives(desk, "李师傅", start[-5:], row["房号"])
        complete(desk, row["完工时间"], row["业主"], row["房号"], "5")
    desk.settled()


@when(S('维修工在 {t} 报请班长评估 "{place}" 的故障'))
def ask_assessment(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.assess(number))


@when(S('维修工在 {t} 评估完毕回到 "{place}" 现场'))
def back_on_site(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.reassess_done(number))


# == R2, R6, R10: fees and materials ======================================================
@given(S('维修工在 {t} 向 "{place}" 的业主报价 {namount} 元，收费项目为 "{items}"'))
@when(S('维修工在 {t} 向 "{place}" 的业主报价 {namount} 元，收费项目为 "{items}"'))
def quote(desk: Desk, t: str, place: str, namount: str, items: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.quote(number, namount, items))


@given(S('业主在 {t} 同意 "{place}" 的报价'))
@when(S('业主在 {t} 同意 "{place}" 的报价'))
def accept_fee(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.accept_fee(number))


@given(S('维修工在 {t} 开始维修 "{place}"'))
@when(S('维修工在 {t} 开始维修 "{place}"'))
def start_work(desk: Desk, t: str, place: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.start(number))


@when(S('维修工在 {t} 在 "{place}" 的维修单上登记所用材料:'))
def materials(desk: Desk, t: str, place: str, datatable: list[list[str]]) -> None:
    number = desk.number(place)
    items = [
        ",".join(r[k] for k in ("名称", "规格", "型号", "数量", "单价"))
        for r in _records(datatable)
    ]
    desk.do(t, lambda: desk.rt.repairs.materials(number, items))


@then(S('"{place}" 的维修单列有以下材料:'))
def materials_listed(desk: Desk, place: str, datatable: list[list[str]]) -> None:
    seen = [
        {
            "名称": m["name"],
            "规格": m["spec"],
            "型号": m["model"],
            "数量": str(Decimal(m["quantity"]).normalize()),
            "单价": money(m["unit_price"]),
        }
        for m in desk.view(place)["materials"]
    ]
    want = [{**r, "单价": money(r["单价"])} for r in _records(datatable)]
    assert seen == want


@when(S('维修工在 {t} 收取 "{place}" 的维修费 {namount} 元并交出纳'))
def collect_fee(desk: Desk, t: str, place: str, namount: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.collect_fee(number, namount))


# == R7, R8: escalation and deferral ======================================================
@when(S('客服在 {t} 将 "{place}" 的报修报告给 "{to}"，原因是 "{reason}"'))
def escalate(desk: Desk, t: str, place: str, to: str, reason: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.escalate(number, WHO[to], reason))


@when(S('维修工在 {t} 对 "{place}" 先做临时处理 "{measure}"，原因是 "{reason}"'))
def defer(desk: Desk, t: str, place: str, measure: str, reason: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.defer(number, measure, reason))


# == R9: completion =======================================================================
@given(S('维修工在 {t} 请 "{signer}" 在 "{place}" 的维修单上签字完工，满意度 {nrating} 分'))
@when(S('维修工在 {t} 请 "{signer}" 在 "{place}" 的维修单上签字完工，满意度 {nrating} 分'))
def complete(desk: Desk, t: str, signer: str, place: str, nrating: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.complete(number, signer, int(nrating)))


@then(S('"{place}" 的维修单记录维修工在现场用时 {nminutes} 分钟'))
def minutes_on_site(desk: Desk, place: str, nminutes: str) -> None:
    completion = desk.view(place)["completion"]
    assert completion is not None, f"{place} is not completed"
    assert completion["minutes_on_site"] == int(nminutes)


# == R11: chasing =========================================================================
@when(S('客服在 {t} 就 "{place}" 的报修催办，备注 "{note}"'))
def chase(desk: Desk, t: str, place: str, note: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.chase(number, note))


@then(S('"{place}" 的报修第 {nlevel} 次催办发给 "{to}"'))
def chased(desk: Desk, place: str, nlevel: str, to: str) -> None:
    chases = desk.view(place)["chases"]
    level = int(nlevel)
    assert len(chases) >= level, f"{place}: only {len(chases)} chase(s): {chases}"
    assert chases[level - 1]["rule"] == "R11"
    assert chases[level - 1]["level"] == level
    assert chases[level - 1]["to"] == WHO[to], chases


@then(S('"{place}" 的报修共催办 {ncount} 次'))
def chase_count(desk: Desk, place: str, ncount: str) -> None:
    assert len(desk.view(place)["chases"]) == int(ncount)


# == R12, V3: return visits and reopening ================================================
@when(S('客服在 {t} 接到业主反映 "{place}" 仍未修好："{reason}"，重新预约 {tappt} 上门'))
def reopen(desk: Desk, t: str, place: str, reason: str, tappt: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.reopen(number, reason, desk.when(tappt)))


@when(S('客服在 {t} 接到业主反映 "{place}" 仍未修好："{reason}"'))
def reopen_unbooked(desk: Desk, t: str, place: str, reason: str) -> None:
    number = desk.number(place)
    desk.do(t, lambda: desk.rt.repairs.reopen(number, reason))


@given(S('客服在 {t} {method}回访 "{place}"，业主{result}，记录 "{note}"'))
@when(S('客服在 {t} {method}回访 "{place}"，业主{result}，记录 "{note}"'))
def visit(desk: Desk, t: str, method: str, place: str, result: str, note: str) -> None:
    number = desk.number(place)
    desk.do(
        t, lambda: desk.rt.visits.record(number, VISIT_METHOD[method], VISIT_RESULT[result], note)
    )


@when(S('客服在 {t} {method}回访 "{place}"，业主{result}，并由业主 "{signer}" 签字'))
def signed_visit(desk: Desk, t: str, method: str, place: str, result: str, signer: str) -> None:
    number = desk.number(place)
    desk.do(
        t,
        lambda: desk.rt.visits.record(
            number, VISIT_METHOD[method], VISIT_RESULT[result], None, signer
        ),
    )


@then(S('"{place}" 的报修已重新打开 {ncount} 次，最近一次依据 "{rule}"，原因 "{reason}"'))
def reopened(desk: Desk, place: str, ncount: str, rule: str, reason: str) -> None:
    view = desk.view(place)
    assert len(view["reopens"]) == int(ncount), view["reopens"]
    assert view["reopens"][-1]["rule"] == rule
    assert view["reopens"][-1]["reason"] == reason
    assert view["cycle"] == int(ncount) + 1


def _month(desk: Desk, text: str) -> str:
    return desk.today.strftime("%Y-%m") if text == "本月" else text


@then(S('{month}的回访登记表中 "{place}" 的回访记录为:'))
def visit_row(desk: Desk, month: str, place: str, datatable: list[list[str]]) -> None:
    number = desk.number(place)
    register = visits_q.visit_register(
        desk.read(), desk.rt.code, desk.cal, _month(desk, month), desk.rt.profile
    )
    rows = [v for v in register["visits"] if v["number"] == number]
    assert rows, f"{number} has no visit in {month}"
    row = rows[-1]
    shown = {
        "方式": {v: k for k, v in VISIT_METHOD.items()}[row["method"]],
        "结果": {v: k for k, v in VISIT_RESULT.items()}[row["result"]],
        "回访人": row["visitor"],
        "业主签字": row["resident_signed_by"] or "无",
        "记录": row["note"] or "",
        "回访时间": desk.local(row["visited_at"]),
        "在七天期限内": YES_NO[row["within_window"]],
    }
    for key, value in _pairs(datatable):
        assert str(shown[key]) == value, f"{key}: {shown[key]!r} != {value!r}"


@then(
    S(
        "{month}的回访登记表中 {day} 完工 {ndone} 宗、回访 {nvisited} 宗，回访率 {nrate}%，"
        "{verdict}每日不少于 {nfloor}% 的要求"
    )
)
def daily_rate(
    desk: Desk,
    month: str,
    day: str,
    ndone: str,
    nvisited: str,
    nrate: str,
    verdict: str,
    nfloor: str,
) -> None:
    register = visits_q.visit_register(
        desk.read(), desk.rt.code, desk.cal, _month(desk, month), desk.rt.profile
    )
    wanted = desk.day(day).isoformat()
    days = [d for d in register["days"] if d["date"] == wanted]
    assert days, f"no completions on {wanted}: {register['days']}"
    entry = days[0]
    assert (entry["completed"], entry["visited"]) == (int(ndone), int(nvisited)), entry
    assert round(entry["rate"] * 100, 2) == float(nrate)
    assert round(entry["floor"] * 100, 2) == float(nfloor)
    assert entry["meets_floor"] is (verdict == "达到")


@then(S("{month}的回访登记表中当月维修回访率 {nrate}%，{verdict} {ntarget}% 的目标"))
def monthly_rate(desk: Desk, month: str, nrate: str, verdict: str, ntarget: str) -> None:
    summary = visits_q.visit_register(
        desk.read(), desk.rt.code, desk.cal, _month(desk, month), desk.rt.profile
    )["summary"]
    assert summary["rule"] == "V2"
    assert round(summary["rate"] * 100, 2) == float(nrate), summary
    assert round(summary["target"] * 100, 2) == float(ntarget)
    assert summary["meets_target"] is (verdict == "达到")


# == the clock: tick, overdue list, deadlines =============================================
@when(S("时钟走到 {t}，系统执行到期检查"))
def run_tick(desk: Desk, t: str) -> None:
    desk.last_tick = desk.do(t, lambda: tick(desk.rt))


@then("这次到期检查没有新的记录")
def tick_quiet(desk: Desk) -> None:
    desk.settled()
    assert desk.last_tick is not None, "no tick ran"
    assert desk.last_tick["missed"] == [] and desk.last_tick["follow_ups"] == [], desk.last_tick


@then(S('逾期清单中有 "{place}" 的 "{name}" 时限，已逾期 {nminutes} 分钟'))
def overdue_listed(desk: Desk, place: str, name: str, nminutes: str) -> None:
    number = desk.number(place)
    rows = deadlines_q.overdue(desk.read(), desk.rt.code, desk.clock.now())
    found = [r for r in rows if r["number"] == number and r["key"].startswith(DEADLINES[name])]
    assert found, f"{number} {name} is not on the overdue list: {rows}"
    assert found[0]["minutes_overdue"] == int(nminutes)


@then(S('逾期清单中没有 "{place}"'))
def overdue_not_listed(desk: Desk, place: str) -> None:
    number = desk.number(place)
    rows = deadlines_q.overdue(desk.read(), desk.rt.code, desk.clock.now())
    assert [r for r in rows if r["number"] == number] == []


@then("登记后系统开出以下时限:")
def deadlines_opened(desk: Desk, datatable: list[list[str]]) -> None:
    desk.settled()
    assert desk.outcome is not None
    names = {v: k for k, v in DEADLINES.items()}
    opened = [
        (names[d.key.split("#")[0]], d.rule, desk.local(d.due_at))
        for d in desk.outcome.deadlines_opened
    ]
    want = [(w["时限"], w["依据"], desk.local(desk.when(w["截止"]))) for w in _records(datatable)]
    assert opened == want, opened


@then(S('"{place}" 的 "{name}" 时限截止于 {t}'))
def deadline_due(desk: Desk, place: str, name: str, t: str) -> None:
    assert desk.deadline(place, name)["due_at"] == desk.when(t).isoformat()


@then(S('"{place}" 的 "{name}" 时限按时达成'))
def deadline_met(desk: Desk, place: str, name: str) -> None:
    d = desk.deadline(place, name)
    assert (d["state"], d["missed"], d["late_minutes"]) == ("met", False, 0), d


@then(S('"{place}" 的 "{name}" 时限迟了 {nminutes} 分钟才达成'))
def deadline_late(desk: Desk, place: str, name: str, nminutes: str) -> None:
    d = desk.deadline(place, name)
    assert (d["state"], d["missed"], d["late_minutes"]) == ("met", True, int(nminutes)), d


@then(S('"{place}" 的 "{name}" 时限记为超时'))
def deadline_missed(desk: Desk, place: str, name: str) -> None:
    d = desk.deadline(place, name)
    assert d["missed"] is True, d


@then(S('"{place}" 的 "{name}" 时限已取消'))
def deadline_cancelled(desk: Desk, place: str, name: str) -> None:
    assert desk.deadline(place, name)["state"] == "cancelled"


@then(S('"{place}" 的报修没有 "{name}" 时限'))
def no_deadline(desk: Desk, place: str, name: str) -> None:
    prefix = DEADLINES[name]
    assert not [d for d in desk.view(place)["deadlines"] if d["key"].startswith(prefix)]


@then(S('"{place}" 的报修因 "{rule}" 超时已自动上报 "{to}"'))
def escalated_on_miss(desk: Desk, place: str, rule: str, to: str) -> None:
    escalations = desk.view(place)["escalations"]
    assert [
        e for e in escalations if e["rule"] == rule and e["to"] == WHO[to] and e["automatic"]
    ], escalations


@then(S('"{place}" 的报修已报告 "{to}"，依据 "{rule}"，原因 "{reason}"'))
def escalated_by_hand(desk: Desk, place: str, to: str, rule: str, reason: str) -> None:
    escalations = desk.view(place)["escalations"]
    assert [
        e
        for e in escalations
        if e["rule"] == rule and e["to"] == WHO[to] and e["reason"] == reason and not e["automatic"]
    ], escalations


# == what the desk sees ===================================================================
@then(S('"{place}" 的报修状态为 "{status}"'))
def status_is(desk: Desk, place: str, status: str) -> None:
    assert STATUS[desk.view(place)["status"]] == status


@then(S('系统依 "{rule}" 拒绝办理，提示 "{text}"'))
def refused(desk: Desk, rule: str, text: str) -> None:
    err, desk.error = desk.error, None
    assert err is not None, "the action was not refused"
    assert str(err).startswith(f"{rule}: "), str(err)
    assert text in str(err), str(err)


@then(S('业主报修记录表中 "{place}" 这一行的内容为:'))
def register_row(desk: Desk, place: str, datatable: list[list[str]]) -> None:
    row = desk.register_row(place)
    for key, value in _pairs(datatable):
        shown = REGISTER_COLUMNS[key](desk, row)
        assert str(shown) == value, f"{key}: {shown!r} != {value!r}"


@then(S("业主报修记录表中今天共有 {ncount} 宗报修"))
def register_count(desk: Desk, ncount: str) -> None:
    start, end = desk.cal.day_bounds(desk.today)
    rows = queries.repair_register(desk.read(), desk.rt.code, start, end)
    assert len(rows) == int(ncount), rows


def _report(desk: Desk, day: str) -> dict[str, Any]:
    return queries.daily_repairs(desk.read(), desk.rt.code, desk.cal, desk.day(day))


@then(S("{day}的维修日报表统计如下:"))
def daily_totals(desk: Desk, day: str, datatable: list[list[str]]) -> None:
    report = _report(desk, day)
    for row in _records(datatable):
        totals = report[SECTION[row["部分"]]]["totals"]
        shown = {k: str(totals[v]) for k, v in REPORT_LIST.items()}
        assert shown == {k: row[k] for k in REPORT_LIST}, (row["部分"], shown)


@then(S('{day}的维修日报表 "{section}" 部分的 "{lst}" 项目中{has} "{place}"'))
def daily_lists(desk: Desk, day: str, section: str, lst: str, has: str, place: str) -> None:
    number = desk.number(place)
    report = _report(desk, day)
    rows = report[SECTION[section]][REPORT_LIST[lst]]
    present = any(r["number"] == number for r in rows)
    assert has in ("有", "没有"), has
    assert present is (has == "有"), (section, lst, rows)


@then(S('{day}的维修日报表 "{section}" 部分列出 "{place}" 的临时措施 "{measure}"'))
def daily_deferral(desk: Desk, day: str, section: str, place: str, measure: str) -> None:
    number = desk.number(place)
    rows = [r for r in _report(desk, day)[SECTION[section]]["deferred"] if r["number"] == number]
    assert rows, f"{number} is not in the deferred list of {day}"
    assert rows[0]["deferred_measure"] == measure
