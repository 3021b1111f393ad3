"""Server-side time per web page (p50/p95), as the server's own request log measures it
(the ``ms`` of each ``request`` line: from the request reaching the app to the response),
on a store made by ``workload.py``.

    python benchmarks/workload.py --db /tmp/w1m.db --events 1000000 --path bulk
    python benchmarks/web.py --db /tmp/w1m.db --runs 40

The pages are served in process (``TestClient`` over ``create_app``), for a desk clerk,
a technician and a supervisor of the first office, at the store's last business moment
(so "today" holds that day's calls). Users are added on first use (the workload has
none). Prints JSON: the store size and, per page, p50/p95/max in milliseconds.
"""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import statistics
import sys
import time
from contextlib import redirect_stderr
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from propsvc.clock import SettableClock
from propsvc.office import Actor, Office

PASSWORD = "bench-pass-2026"
USERS = {"b_desk": "desk", "b_tech": "technician", "b_super": "supervisor"}


def store_facts(db: str) -> tuple[int, datetime, str, str | None]:
    """Events in the store, the last business time, the first office, one of its repairs
    with a technician (that technician's name)."""
    with sqlite3.connect(db) as conn:
        events = conn.execute("SELECT max(id) FROM propsvc_events").fetchone()[0] or 0
        office = conn.execute("SELECT office FROM rm_tickets ORDER BY office LIMIT 1"
                              ).fetchone()
        last = conn.execute("SELECT max(opened_at) FROM rm_tickets").fetchone()[0]
        tech = conn.execute("SELECT technician FROM rm_tickets WHERE office = ? AND "
                            "technician IS NOT NULL AND status IN ('ordered', 'on_site', "
                            "'working') LIMIT 1", (office[0] if office else "",)).fetchone()
    moment = datetime.fromisoformat(str(last)).replace(tzinfo=UTC) if last else \
        datetime.now(UTC)
    return events, moment, office[0] if office else "main", tech[0] if tech else None


def add_users(db: str, office: str, clock: SettableClock) -> None:
    with Office.open(db, office, Actor("bench-admin", "manager"), clock) as admin:
        known = {u["name"] for u in admin.users.list()}
        for name, role in USERS.items():
            if name not in known:
                admin.users.add(name, [role], [office], PASSWORD)
        admin.backend.catch_up()


def timed(client: Any, path: str, runs: int, log: io.StringIO) -> dict[str, float]:
    client.get(path)  # warm: templates compiled, caches filled
    log.seek(0)
    log.truncate()
    for _ in range(runs):
        res = client.get(path)
        assert res.status_code == 200, (path, res.status_code, res.text[:300])
    times = [json.loads(line)["ms"] for line in log.getvalue().splitlines()
             if line.startswith("{") and '"kind": "request"' in line]
    times.sort()
    return {"p50": round(statistics.median(times), 1),
            "p95": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
            "max": round(times[-1], 1), "n": len(times)}


def log_in(client: Any, name: str) -> None:
    res = client.post("/login", data={"name": name, "password": PASSWORD, "next": "/"},
                      follow_redirects=False)
    assert res.status_code == 303, res.text


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="a SQLite store made by workload.py")
    p.add_argument("--runs", type=int, default=40)
    args = p.parse_args(argv)
    from fastapi.testclient import TestClient

    from propsvc.server.app import create_app
    from propsvc.server.settings import Settings

    events, moment, office, tech = store_facts(args.db)
    clock = SettableClock(moment + timedelta(minutes=1))
    add_users(args.db, office, clock)
    if tech:  # the technician's view shows someone's real work orders
        USERS[tech] = "technician"
        add_users(args.db, office, clock)
    app = create_app(Settings(db=args.db, office=office, clock=clock, tick=False))
    log = io.StringIO()
    out: dict[str, Any] = {"store_events": events, "office": office,
                           "at": clock.now().isoformat(), "runs": args.runs, "pages": {}}
    with redirect_stderr(log), TestClient(app) as client:
        log_in(client, "b_desk")
        with sqlite3.connect(args.db) as conn:
            number, unit, opened = conn.execute(
                "SELECT number, unit, opened_at FROM rm_tickets WHERE office = ? AND unit IS "
                "NOT NULL AND completed_at IS NOT NULL ORDER BY opened_at DESC LIMIT 1",
                (office,)).fetchone()
        as_of = quote((datetime.fromisoformat(str(opened)).replace(tzinfo=UTC)
                       + timedelta(minutes=30)).isoformat(timespec="minutes"))
        day = moment.date().isoformat()
        month = day[:7]
        desk_pages = {
            "desk home": "/", "new repair form": "/calls/new/repair",
            "ticket page": f"/tickets/{number}",
            "ticket as of": f"/tickets/{number}?as_of={as_of}",
            "search by unit": f"/search?unit={unit}", "search by words": "/search?q=漏水",
            "handover log": "/handover", "carry-over file": f"/carryover?month={month}",
            "keys": "/keys", "renovations": "/renovations",
            "repair register, a day": f"/registers/repairs?date={day}",
            "repair register, a month": f"/registers/repairs?month={month}",
            "visit register, a month": f"/registers/visits?month={month}",
            # the desk services' lists (the bulk workload records none of them: these
            # show each page's fixed cost)
            "move-ins": "/movein", "paid services": "/paid", "goods releases": "/release",
            "fee arrears": "/fees", "lost property": "/found", "vacant units": "/vacancy",
        }
        started = time.perf_counter()
        for name, path in desk_pages.items():
            out["pages"][name] = timed(client, path, args.runs, log)
        client.post("/logout", data={"csrf_token": client.cookies.get("propsvc_csrf")})
        log_in(client, "b_super")
        out["pages"]["dashboard"] = timed(client, "/dashboard", args.runs, log)
        if tech:
            client.post("/logout", data={"csrf_token": client.cookies.get("propsvc_csrf")})
            log_in(client, tech)
            out["pages"]["technician's work orders"] = timed(client, "/tech", args.runs, log)
        out["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
