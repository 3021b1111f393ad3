"""The web desk in a real headless Chromium (Debian's, driven by playwright with
``executable_path``) against a real ``propsvc serve`` process: a repair from the call to
the register row, the technician on a phone, the handover OK in red, a forbidden action
neither offered nor accepted, the supervisor's charts — and no console error on any page.
Every page visited is saved as a screenshot under tests/web/screenshots/ (git-ignored)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, Server

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).parent / "screenshots"
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None and not Path(CHROMIUM).exists(),
                                reason=f"no chromium at {CHROMIUM} (Debian package chromium)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                  args=["--no-sandbox", "--disable-gpu"])
        yield found
        found.close()


class Desk:
    """One user's browser tab; every console error and failed page is remembered."""

    def __init__(self, browser: Any, server: Server, name: str, viewport: dict[str, int]
                 | None = None, role: str | None = None) -> None:
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                           locale="zh-CN")
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}")
                     if r.status >= 400 and not r.url.endswith("/void") else None)
        self.url, self.name = server.url, name
        self.page.goto(f"{self.url}/login")
        self.shot("login")
        self.page.fill("#name", name)
        self.page.fill("#password", PASSWORD)
        if role:
            self.page.select_option("#role", role)
        self.page.click("button[type=submit].primary")
        self.page.wait_for_load_state()

    def go(self, path: str, shot: str) -> Any:
        response = self.page.goto(f"{self.url}{path}")
        self.shot(shot)
        return response

    def shot(self, name: str) -> None:
        SHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    def status(self) -> str:
        text: str = self.page.inner_text("[data-testid=status]")
        return text

    def close(self) -> None:
        self.context.close()
        assert self.errors == [], f"console errors for {self.name}: {self.errors}"


def test_a_repair_from_the_call_to_the_register_in_the_browser(browser: Any,
                                                               server: Server) -> None:
    clerk = Desk(browser, server, "lily")
    assert clerk.page.inner_text("[data-testid=who]").count("lily") == 1
    clerk.shot("desk-home")
    clerk.go("/calls/new/repair", "new-repair")
    clerk.page.fill("#unit", "3-2-1201")
    clerk.page.fill("#caller", "王先生")
    clerk.page.fill("#phone", "13800138000")
    clerk.page.fill("#summary", "厨房水龙头漏水")
    clerk.page.click("text=登记来电") if clerk.page.is_visible("text=登记来电") else \
        clerk.page.click("form[data-validate] button[type=submit]")
    clerk.page.wait_for_url(re.compile(r"/tickets/BX-"))
    number = clerk.page.url.split("/tickets/")[1].split("?")[0]
    clerk.shot("ticket-received")
    clerk.page.fill("#order-technician", "wang")
    clerk.page.click("form[data-action=order] button[type=submit]")
    clerk.page.wait_for_load_state()
    assert clerk.page.locator("form[data-action=arrive]").count() == 1

    tech = Desk(browser, server, "wang", viewport=PHONE)
    assert tech.page.url.endswith("/tech")  # a technician lands on his work orders
    tech.shot("tech-orders")
    tech.page.click(f"a[href='/tech/{number}']")
    tech.shot("tech-order")
    tech.page.click("form[data-action=arrive] button[type=submit]")
    tech.page.wait_for_load_state()
    tech.page.fill("#materials-items", "水龙头,DN15,XY-1,1,35")
    tech.page.click("form[data-action=materials] button[type=submit]")
    tech.page.wait_for_load_state()
    tech.page.fill("#complete-signed_by", "王先生")
    tech.page.fill("#complete-rating", "5")
    tech.page.click("form[data-action=complete] button[type=submit]")
    tech.page.wait_for_load_state()
    tech.shot("tech-order-completed")
    assert tech.page.locator("form[data-action=complete]").count() == 0
    tech.close()

    clerk.go(f"/tickets/{number}", "ticket-completed")
    clerk.page.select_option("#visit-method", "phone")
    clerk.page.select_option("#visit-result", "satisfied")
    clerk.page.click("form[data-action=visit] button[type=submit]")
    clerk.page.wait_for_load_state()
    clerk.shot("ticket-visited")
    visited = clerk.page.locator("li[data-event=ReturnVisitRecorded]")
    assert visited.count() == 1 and "登记回访" in visited.inner_text()
    clerk.go("/registers/repairs", "register-repairs")
    row = clerk.page.locator("table.register tr", has_text=number)
    assert row.count() == 1
    assert "王先生" in row.inner_text()
    for path, name in (("/search?unit=3-2-1201", "search"), ("/carryover", "carryover"),
                       ("/keys", "keys"), ("/renovations", "renovations"),
                       ("/registers", "registers")):
        assert clerk.go(path, name).status == 200
    clerk.close()


def test_the_handover_ok_shows_red_and_a_forbidden_action_is_refused(browser: Any,
                                                                       server: Server) -> None:
    clerk = Desk(browser, server, "lily")
    clerk.go("/calls/new/repair", "new-repair-2")
    clerk.page.fill("#unit", "5-1-0302")
    clerk.page.fill("#caller", "李女士")
    clerk.page.fill("#summary", "楼道灯不亮")
    clerk.page.click("form[data-validate] button[type=submit]")
    clerk.page.wait_for_url(re.compile(r"/tickets/BX-"))
    number = clerk.page.url.split("/tickets/")[1].split("?")[0]
    clerk.page.fill("#refer-to", "工程部")  # F1: the slip to the handler
    clerk.page.click("form[data-action=refer] button[type=submit]")
    clerk.page.wait_for_load_state()
    clerk.shot("ticket-referred")
    slip = clerk.page.locator("li[data-event=WorkContactSlipIssued]")
    assert slip.count() == 1 and "发出工作联系单" in slip.inner_text()
    assert "工程部" in slip.inner_text()
    assert clerk.page.locator("form[data-action=reply]").count() == 1  # F2 next
    _escort_to_hospital(clerk)
    clerk.go("/handover", "handover")
    clerk.page.click("form[data-action=take_over] button[type=submit]")
    clerk.page.wait_for_load_state()
    clerk.page.fill("#note--entry", "电梯3号轿厢异响，已通知维保")
    clerk.page.click("form[data-action=note] button[type=submit]")
    clerk.page.wait_for_load_state()
    row = clerk.page.locator("tr", has_text="电梯3号轿厢异响").first
    matter = row.get_attribute("data-number")
    row.locator("button[data-op=ok]").click()
    clerk.page.wait_for_load_state()
    clerk.shot("handover-ok")
    mark = clerk.page.locator(f"tr[data-number='{matter}'] [data-testid=ok]").first
    colour = mark.evaluate("el => getComputedStyle(el).color")
    assert colour == "rgb(204, 0, 0)"
    clerk.close()

    tech = Desk(browser, server, "wang", viewport=PHONE)
    tech.go(f"/tickets/{number}", "ticket-as-technician")
    assert tech.page.locator("form[data-action=void]").count() == 0  # not offered
    assert tech.page.locator("form[data-action=order]").count() == 0
    csrf = next(c["value"] for c in tech.context.cookies() if c["name"] == "propsvc_csrf")
    refused = tech.page.request.post(f"{server.url}/tickets/{number}/void",
                                     form={"csrf_token": csrf, "reason": "试试"})
    assert refused.status == 403
    assert "ticket.void" in refused.text()
    tech.close()

    boss = Desk(browser, server, "zhou")
    boss.go("/dashboard", "dashboard")
    charts = boss.page.locator("figure.chart-card svg.chart")
    assert charts.count() == 5
    assert boss.page.locator("svg.chart title").first.text_content()
    assert boss.page.locator("svg.chart rect.bar, svg.chart circle").count() > 0
    boss.close()


def _escort_to_hospital(clerk: Desk) -> None:
    """H3 in the browser: a medical help call, the escort leaves and comes back."""
    clerk.go("/calls/new/help", "new-help")
    clerk.page.select_option("#help_kind", "medical")
    clerk.page.fill("#unit", "2-1-0801")
    clerk.page.fill("#caller", "赵阿姨")
    clerk.page.fill("#phone", "13900139000")
    clerk.page.fill("#summary", "老人在家摔倒，需送医")
    clerk.page.select_option("#channel", "phone")
    clerk.page.click("form[data-validate] button[type=submit]")
    clerk.page.wait_for_url(re.compile(r"/tickets/QZ-"))
    clerk.shot("ticket-help-medical")
    clerk.page.select_option("#medical-action", "hospital")
    clerk.page.fill("#medical-staff", "张保安\n李保安")
    clerk.page.fill("#medical-vehicle", "沪A·12345")
    clerk.page.click("form[data-action=medical] button[type=submit]")
    clerk.page.wait_for_load_state()
    assert clerk.status() == "送医途中"
    clerk.page.fill("#escort_returned-note", "已送达医院，家属已到")
    clerk.page.click("form[data-action=escort_returned] button[type=submit]")
    clerk.page.wait_for_load_state()
    clerk.shot("ticket-help-escort-back")
    back = clerk.page.locator("li[data-event=EscortReturned]")
    assert back.count() == 1 and "送医人员已返回" in back.inner_text()
    assert "张保安、李保安" in clerk.page.inner_text("[data-testid=medical]")
    assert clerk.page.locator("form[data-action=visit]").count() == 1
