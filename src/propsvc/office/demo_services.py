"""The other desk services in the demo month (Q1–Q5): move-ins of a newly handed-over
building, goods going out (one unit with arrears), lost property with weekly notices,
vacant units inspected monthly, paid services from request to return visit.

Each story is a chain of steps on the demo's timeline, played through the facade like
the repair calls; the mix is drawn from the demo's seeded generator.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from propsvc.errors import RuleViolation
from propsvc.office.facade import Office
from propsvc.permissions import Actor

Step = Callable[[], object]
At = Callable[[datetime, Step], None]
DOCS = ["purchase-contract", "id", "move-in-notice"]
CHECKS = ["smart-systems", "heating-pressure", "water-closure"]
DEFECTS = ["主卧墙面裂缝", "卫生间地漏堵塞", "入户门关不严", "厨房插座无电"]
GOODS = ["沙发一套", "旧冰箱一台", "纸箱8个", "书柜一个", "钢琴一台"]
FOUND = [("黑色雨伞", "3栋大堂", False), ("钱包(内有现金)", "地下车库B区", True),
         ("儿童滑板车", "中心花园", False), ("手机", "东门岗亭", True),
         ("钥匙一串", "5栋楼道", False), ("保温杯", "会所", False)]
PAID = [("换门锁", "lock-change"), ("换水龙头", "tap-replace"), ("疏通下水管", "pipe-unblock"),
        ("开荒保洁", "deep-clean"), ("擦玻璃", "window-clean"), ("安装灯具", "light-fix")]
NEW_UNITS = [f"6-2-{f}{r:02d}" for f in range(20, 27) for r in (1, 2)]


class ServiceStories:
    def __init__(self, office: Office, at: At, rng: random.Random, start: datetime,
                 end: datetime, add: Callable[[str], None]) -> None:
        self.office, self.at, self.rng = office, at, rng
        self.start, self.end, self.add = start, end, add

    def now(self) -> datetime:
        return self.office.clock.now()

    def later(self, lo_hours: float, hi_hours: float, step: Step) -> None:
        self.at(self.now() + timedelta(hours=self.rng.uniform(lo_hours, hi_hours)), step)

    def as_role(self, role: str, name: str) -> Office:
        return self.office.acting_as(Actor(name, role))

    def schedule(self) -> None:
        day = timedelta(days=1)
        self.at(self.start + timedelta(hours=9), self.developer_batch)
        for i, unit in enumerate(self.rng.sample(NEW_UNITS, 6)):
            self.at(self.start + day * (2 + 4 * i) + timedelta(hours=10),
                    partial(self.movein, unit))
        for i in range(8):
            self.at(self.start + day * (1 + 3.5 * i) + timedelta(hours=15), self.release)
        for i, found in enumerate(FOUND):
            self.at(self.start + day * (3 + 4.5 * i) + timedelta(hours=11),
                    partial(self.found, *found))
        week = self.start + timedelta(days=(7 - self.office.calendar.local(self.start)
                                            .weekday()) % 7, hours=9)
        while week < self.end:
            self.at(week, self.notice)
            week += timedelta(days=7)
        for i, unit in enumerate(("2-1-1501", "2-2-0802", "4-1-2301", "5-2-0601")):
            self.at(self.start + day * (1 + i) + timedelta(hours=14),
                    partial(self.vacancy, unit))
        for i, (service, rate) in enumerate(PAID * 2):
            self.at(self.start + day * (1 + 2.5 * i) + timedelta(hours=16),
                    partial(self.paid, service, rate))

    # -- move-in (Q5, K6, V1) -------------------------------------------------------------
    def developer_batch(self) -> None:
        self.office.keys.handover(developer="阳光地产", units=NEW_UNITS)

    def movein(self, unit: str) -> None:
        r, desk = self.rng, self.office.movein
        number = desk.start(unit_=unit, owner=r.choice("张王李赵刘陈") + "先生",
                            phone=f"139{r.randrange(10**8):08d}").ref
        first = DOCS[:2] if self.rng.random() < 0.3 else DOCS
        desk.verify(number, documents=first)
        if first != DOCS:
            self.add("move-in documents missing")
            desk.verify(number, documents=DOCS[2:])
        desk.sign(number, agreements=["preliminary-service", "owner-rules"])
        desk.file(number, members=["配偶", "子女"], vehicles=[f"粤B{r.randrange(10**5):05d}"],
                  emergency_contact="亲属 13700000000")
        desk.pay(number, amount="3600")
        desk.keys(number, count=3)
        self.later(1, 4, lambda: self.inspect(number))

    def inspect(self, number: str) -> None:
        desk = self.office.movein
        if self.rng.random() < 0.5:
            done = desk.inspect(number, result="defects",
                                defects=self.rng.sample(DEFECTS, 2))
            tickets = [x.ref for x in done.linked]
            self.add("move-in defects")
            for t in tickets:
                self.later(2, 20, partial(self.fix, t))
            self.later(48, 72, lambda: self.second_inspection(number))
            return
        desk.inspect(number, result="ok")
        desk.complete(number)
        self.add("move-in completed")

    def fix(self, number: str) -> None:
        repairs = self.office.repairs
        repairs.order(number, "王师傅")
        repairs.arrive(number)
        repairs.complete(number, "业主", 5)

    def second_inspection(self, number: str) -> None:
        self.office.movein.inspect(number, result="ok", checks=CHECKS)
        self.office.movein.complete(number)
        self.add("move-in completed")

    # -- goods release (Q2) --------------------------------------------------------------
    def release(self) -> None:
        r = self.rng
        unit = f"{r.randrange(1, 6)}-{r.randrange(1, 3)}-{r.randrange(1, 27)}0{r.randrange(1, 3)}"
        owing = r.random() < 0.25
        if owing:
            self.as_role("cashier", "收银员刘").fees.arrears(unit_=unit, amount="1280.50",
                                                          note="物业费")
        number = self.office.release.apply(
            unit_=unit, goods=r.choice(GOODS), plate_=f"粤B{r.randrange(10**5):05d}",
            driver="搬家公司" + r.choice("张王李"), driver_id_last4=f"{r.randrange(10**4):04d}",
            owner="业主").ref
        if owing:
            self.add("release refused (arrears)")
            self.as_role("cashier", "收银员刘").fees.settle(unit_=unit)
        self.office.release.confirm(number)
        self.office.release.sign(number, signed_by="业主")
        self.later(0.2, 1, lambda: self.as_role("security", "门岗老赵").release.out(number))

    # -- lost property (Q3) ----------------------------------------------------------------
    def found(self, item: str, place: str, valuable: bool) -> None:
        guard = self.as_role("security", "保安小王")
        number = guard.found.record(item=item, place=place, finder="保安小王",
                                    valuable=valuable).ref
        if valuable:
            self.later(1, 5, lambda: self.office.found.to_admin(number,
                                                                 received_by="行政部李主任"))
        if self.rng.random() < 0.5:
            self.later(30, 200, lambda: self.claim(number))

    def claim(self, number: str) -> None:
        self.office.found.claim(number, claimant="失主", id_last4_="0427",
                                description="与登记物品相符")
        self.add("found claimed")

    def notice(self) -> None:
        cal = self.office.calendar
        year, week, _ = cal.local_date(self.now()).isocalendar()
        try:
            self.office.found.notice(week=f"{year}-W{week:02d}")
        except RuleViolation:  # nothing unclaimed this week: no notice to post
            return
        self.add("found notice")

    # -- vacant units (Q4) ---------------------------------------------------------------
    def vacancy(self, unit: str) -> None:
        local = self.office.calendar.local_date(self.now())
        self.office.vacancy.apply(unit_=unit, starts=local.isoformat(),
                                  ends=local.replace(year=local.year + 1).isoformat(),
                                  owner="业主")
        self.later(24 * 10, 24 * 20, lambda: self.inspect_vacancy(unit))

    def inspect_vacancy(self, unit: str) -> None:
        occupied = unit == "4-1-2301"  # someone lives there after all
        self.office.vacancy.inspect(unit_=unit, water="2.4" if occupied else "0.3",
                                    power="18" if occupied else "1.5")
        if occupied:
            self.add("vacancy ended (occupied)")

    # -- paid services (Q1, V1) ------------------------------------------------------------
    def paid(self, service: str, rate: str) -> None:
        desk = self.office.paid
        unit = f"{self.rng.randrange(1, 6)}-1-{self.rng.randrange(1, 27)}01"
        number = desk.request(unit_=unit, service=service, caller="业主",
                              phone="13800000000").ref
        desk.decide(number, rate=rate, quantity=1)
        desk.accept(number, signed_by="业主")
        order = desk.dispatch(number, to="保洁陈阿姨" if rate in self.office.profile.paid
                              .housekeeping else "李师傅")
        linked = [x.ref for x in order.linked if x.subject == "ticket"]
        self.later(1, 6, lambda: self.finish_paid(number, linked))

    def finish_paid(self, number: str, tickets: list[str]) -> None:
        for t in tickets:
            self.office.repairs.arrive(t)
            self.office.repairs.complete(t, "业主", 5)
        self.office.paid.complete(number)
        decision = self.office.paid.load(number).decision
        assert decision is not None and decision.amount is not None
        amount = str(decision.amount)
        self.as_role("cashier", "收银员刘").paid.collect(number, amount=amount,
                                                      cashier="收银员刘")
        if self.rng.random() < 0.7:
            self.later(24, 24 * 6, lambda: self.office.paid.visit(
                number, method="phone", result="satisfied"))
