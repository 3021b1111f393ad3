"""A month at a sample estate (阳光花园), played through the real use cases.

Every call is scheduled as a chain of steps on a timeline; one loop runs the steps in
time order on a settable clock and runs ``tick`` every hour, exactly as cron would.
The mix is seeded, so the same seed and month give the same story.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from propsvc.calendar import parse_month
from propsvc.office.demo_services import ServiceStories
from propsvc.office.facade import Office

PARTS = [("厨房水管", "厨房水管漏水"), ("卫生间地漏", "地漏堵塞返水"), ("客厅灯具", "客厅主灯不亮"),
         ("入户门锁", "门锁卡住打不开"), ("空调插座", "插座跳闸"), ("阳台窗户", "推拉窗关不严"),
         ("马桶水箱", "水箱一直流水"), ("热水器", "燃气热水器点不着火"), ("暖气片", "暖气片不热"),
         ("可视对讲", "对讲机没有声音")]
PUBLIC = [("3栋大堂", "大堂感应门不开"), ("地下车库B区", "车库照明不亮"),
          ("1栋电梯", "电梯按钮失灵"), ("中心花园", "喷灌水管爆裂"),
          ("5栋楼道", "楼道声控灯坏"), ("东门岗亭", "道闸不抬杆")]
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高"
TECHS = ["王师傅", "李师傅", "赵师傅", "陈师傅"]
Step = Callable[[], object]


def units() -> list[str]:
    """6 buildings × 2 entrances × 26 floors × 2 flats = 624 units."""
    return [f"{b}-{u}-{f}{r:02d}" for b in range(1, 7) for u in (1, 2)
            for f in range(1, 27) for r in (1, 2)]


@dataclass
class Stats:
    calls: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1


class Month:
    def __init__(self, office: Office, clock: object, month: str, seed: int) -> None:
        self.office, self.clock, self.rng = office, clock, random.Random(seed)
        self.cal = office.calendar
        first = parse_month(month)
        self.start, self.end = self.cal.month_bounds(month)
        self.first = first
        self.queue: list[tuple[datetime, int, Step]] = []
        self.seq = itertools.count()
        self.stats = Stats()
        self.units = units()

    def at(self, when: datetime, step: Step) -> None:
        if when < self.end:
            heapq.heappush(self.queue, (when, next(self.seq), step))

    def minutes(self, lo: float, hi: float) -> timedelta:
        return timedelta(minutes=self.rng.uniform(lo, hi))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # -- the calls ------------------------------------------------------------------
    def schedule_calls(self) -> None:
        day = self.start
        while day < self.end:
            for _ in range(self.rng.choice([4, 5, 5, 6, 6, 7])):
                local_hour = self.rng.uniform(8, 21)
                self.at(day + timedelta(hours=local_hour), self.call)
            day += timedelta(days=1)

    def call(self) -> None:
        r, now = self.rng, self.office.clock.now()
        public = self.chance(0.25)
        channel = r.choices(["phone", "visit", "staff", "patrol"], [70, 15, 10, 5])[0]
        urgent = self.chance(0.15)
        name = r.choice(SURNAMES) + r.choice(["先生", "女士"])
        appointment = None
        if public:
            location, summary = r.choice(PUBLIC)
            unit, part = None, location
        else:
            unit = r.choice(self.units)
            part, summary = r.choice(PARTS)
            location = None
            if not urgent and self.chance(0.5):
                appointment = now + timedelta(hours=r.choice([1, 2, 3, 20, 24, 26]))
        outcome = self.office.repairs.open(
            unit=unit, location=location, caller=name if channel not in ("staff", "patrol")
            else r.choice(["保安队长刘", "保洁主管周"]), phone=f"138{r.randrange(10**8):08d}",
            summary=summary, part=part, urgent=urgent, home=None if public else self.chance(0.7),
            spare_key=None if public else self.chance(0.3), appointment=appointment,
            channel=channel, public_area=public)
        self.stats.calls += 1
        number = outcome.number
        self.stats.add("urgent" if urgent else "normal")
        self.stats.add("public" if public else "in-home")
        if outcome.status == "received":
            late = self.chance(0.1)
            self.at(now + (self.minutes(6, 40) if late else self.minutes(1, 4.5)),
                    lambda: self.order(number, urgent, appointment))
        else:
            self.at(now + self.minutes(10, 90), lambda: self.arrive(number))

    def order(self, number: str, urgent: bool, appointment: datetime | None) -> None:
        self.office.repairs.order(number, self.rng.choice(TECHS))
        now = self.office.clock.now()
        miss = self.chance(0.12)
        if urgent:
            when = now + (self.minutes(16, 40) if miss else self.minutes(4, 12))
        elif appointment is not None:
            when = appointment + (self.minutes(20, 70) if miss else self.minutes(-10, 12))
            when = max(when, now + self.minutes(5, 10))
        else:
            when = now + (self.minutes(125, 300) if miss else self.minutes(15, 110))
        self.at(when, lambda: self.arrive(number))

    def arrive(self, number: str) -> None:
        self.office.repairs.arrive(number)
        now = self.office.clock.now()
        if self.chance(0.1):
            self.office.repairs.assess(number)
            back = self.minutes(35, 60) if self.chance(0.2) else self.minutes(10, 28)
            self.at(now + back, lambda: self.after_assessment(number))
            return
        self.work(number)

    def after_assessment(self, number: str) -> None:
        self.office.repairs.reassess_done(number)
        self.work(number)

    def work(self, number: str) -> None:
        now, r = self.office.clock.now(), self.rng
        chargeable = self.office.service.load(number).quote is None and self.chance(0.25)
        if chargeable:
            amount = r.choice([30, 50, 80, 120, 150, 260])
            self.office.repairs.quote(number, str(amount), "人工费+材料费")
            self.office.repairs.accept_fee(number)
            self.office.repairs.start(number)
            if self.chance(0.6):
                item = f"水龙头,DN15,JM-{r.randrange(100, 999)},1,45"
                self.office.repairs.materials(number, [item])
            self.stats.add("chargeable")
        if self.chance(0.04):
            to = r.choice(["manager", "adviser", "contractor", "insurer"])
            self.office.repairs.escalate(number, to, "故障复杂，需上报处理")
            self.stats.add("escalated")
        if self.chance(0.08):
            self.office.repairs.defer(number, "关闭分户阀门并放置警示牌", "配件需订货")
            self.stats.add("deferred")
            self.at(now + timedelta(days=r.uniform(2, 8)),
                    lambda: self.complete(number, chargeable))
            return
        slow = r.random()
        took = (timedelta(hours=r.uniform(25, 30)) if slow < 0.02 else
                timedelta(hours=r.uniform(4.5, 8)) if slow < 0.07 else self.minutes(25, 150))
        self.at(now + took, lambda: self.complete(number, chargeable))

    def complete(self, number: str, chargeable: bool) -> None:
        ticket = self.office.service.load(number)
        signer = ticket.intake.caller
        rating = self.rng.choices([5, 4, 3, 2], [60, 25, 10, 5])[0]
        self.office.repairs.complete(number, signer, rating)
        if chargeable and ticket.quote is not None:
            self.office.repairs.collect_fee(number, str(ticket.quote.amount))
        now = self.office.clock.now()
        if self.chance(0.68):
            days = self.rng.uniform(0.2, 6.5) if self.chance(0.9) else self.rng.uniform(7.5, 9)
            self.at(now + timedelta(days=days), lambda: self.visit(number))
        elif self.chance(0.04):
            self.at(now + timedelta(hours=6), lambda: self.reopen(number))

    def visit(self, number: str) -> None:
        unhappy = self.chance(0.1)
        method = self.rng.choices(["phone", "in-person", "on-site"], [70, 20, 10])[0]
        self.office.visits.record(number, method, "unsatisfied" if unhappy else "satisfied",
                             note="维修后仍有渗漏" if unhappy else "处理及时，满意",
                             resident_signed_by=None if method == "phone" else "业主")
        if unhappy:
            self.stats.add("reopened")
            self.at(self.office.clock.now() + self.minutes(2, 4),
                    lambda: self.order(number, False, None))

    def reopen(self, number: str) -> None:
        self.office.repairs.reopen(number, "业主来电反映仍未修好")
        self.stats.add("reopened")
        self.at(self.office.clock.now() + self.minutes(2, 4),
                lambda: self.order(number, False, None))

    # -- the loop -------------------------------------------------------------------
    def play(self, on_day: Callable[[int, int], None] | None = None) -> Stats:
        self.schedule_calls()
        ServiceStories(self.office, self.at, self.rng, self.start, self.end,
                       self.stats.add).schedule()
        next_tick = self.start + timedelta(hours=1)
        days = (self.end - self.start).days
        while self.queue:
            when, _, step = heapq.heappop(self.queue)
            while next_tick <= when:
                self._tick(next_tick)
                next_tick += timedelta(hours=1)
                if on_day and (next_tick - self.start) % timedelta(days=1) == timedelta(0):
                    on_day((next_tick - self.start).days, days)
            self.clock.set(when)  # type: ignore[attr-defined]
            step()
        while next_tick <= self.end:
            self._tick(next_tick)
            next_tick += timedelta(hours=1)
        self.office.backend.catch_up()
        return self.stats

    def _tick(self, when: datetime) -> None:
        self.clock.set(when)  # type: ignore[attr-defined]
        for item in self.office.tick(when).missed:
            self.stats.add(f"missed {item['rule']}")
