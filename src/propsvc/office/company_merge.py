"""Several offices' answers to one read, side by side (``office.company``): pure functions
over the JSON-ready answers, so the merged answer is what the offices' own reads say.

* ``rows`` — a register (or the overdue list): every office's rows, each naming its
  ``office``; ``per_office`` counts the rows (and any count the register heads with, such
  as the patrol register's ``open``) of each office; ``total`` adds them up.
* ``figures`` — a KPI read (complaint summary, visit rates, daily report): every figure
  of the answer as a row ``{"kpi", "by_office": {code: value}, "total"}``. Counts are
  added; a rate is recomputed from its counts (``rate`` = visited / completed,
  ``visit_rate`` = visited / resolved); a target or floor is kept when every office
  shares it.
"""

from __future__ import annotations

from typing import Any

ALL = "all"
RATIOS = {"rate": ("visited", "completed"), "visit_rate": ("visited", "resolved")}
SHARED = frozenset({"target", "floor", "daily_floor"})
ROW_IDS = ("category", "class", "area", "rule")  # what names a row of figures
SORT_BY = ("due_at", "opened_at")  # merged rows keep the order the office reads use


def _head(answer: Any) -> dict[str, Any]:
    """What every office's answer shares: title, period, rule (not rows nor counts)."""
    if not isinstance(answer, dict):
        return {"register": "overdue"}
    return {k: v for k, v in answer.items() if k != "office" and not isinstance(v, list)
            and not _count(v)}


def _count(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _rows_of(answer: Any, key: str = "rows") -> list[dict[str, Any]]:
    found = answer if isinstance(answer, list) else answer.get(key, [])
    return list(found)


def _tagged(code: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "office": code} for row in rows]


def rows(codes: list[str], answers: list[Any], form: str | None) -> dict[str, Any]:
    per_office: list[dict[str, Any]] = []
    merged: list[dict[str, Any]] = []
    late: list[dict[str, Any]] = []
    for code, answer in zip(codes, answers, strict=True):
        own = _rows_of(answer)
        merged.extend(_tagged(code, own))
        late.extend(_tagged(code, _rows_of(answer, "late_entries")) if isinstance(answer, dict)
                    else [])
        counts = {k: v for k, v in answer.items() if _count(v)} if isinstance(answer, dict) \
            else {}
        per_office.append({"office": code, "rows": len(own), **counts})
    key = next((k for k in SORT_BY if merged and k in merged[0]), None)
    if key is not None and not isinstance(answers[0], dict):  # overdue: oldest first
        merged.sort(key=lambda r: str(r.get(key) or ""))
    total = {k: sum(p[k] for p in per_office) for k in per_office[0] if k != "office"}
    out = {**_head(answers[0]), "office": ALL, "offices": codes, "form": form,
           "rows": merged, "per_office": per_office, "total": total}
    if late:
        out["late_entries"] = late
    return out


def flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Every figure of an answer by its path: ``by_class.1``, ``repair.opened``,
    ``summary.rate`` (rows of figures are named by their category, class or area)."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        path = f"{prefix}{key}"
        if key == "office" or isinstance(item, bool):
            continue
        if _count(item) or (item is None and key in RATIOS):
            out[path] = item
        elif isinstance(item, dict):
            out.update(flatten(item, f"{path}."))
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            name = next((k for k in ROW_IDS if k in item[0]), None)
            for row in item if name else ():
                rest = {k: v for k, v in row.items() if k != name}
                out.update(flatten(rest, f"{prefix}{row[name]}."))
    return out


def _total(path: str, values: list[Any], flat: list[dict[str, Any]]) -> Any:
    leaf = path.rsplit(".", 1)[-1]
    if leaf in RATIOS:
        base = path[: -len(leaf)]
        num, den = (sum(f.get(base + part) or 0 for f in flat) for part in RATIOS[leaf])
        return round(num / den, 4) if den else None
    if leaf in SHARED:
        return values[0] if len(set(values)) == 1 else None
    if all(isinstance(v, int) or v is None for v in values):
        return sum(v for v in values if v is not None)
    return None


def figures(codes: list[str], answers: list[dict[str, Any]], form: str | None
            ) -> dict[str, Any]:
    flat = [flatten(a) for a in answers]
    paths = list(dict.fromkeys(p for f in flat for p in f))
    kpis = []
    for path in paths:
        values = [f.get(path) for f in flat]
        kpis.append({"kpi": path, "by_office": dict(zip(codes, values, strict=True)),
                     "total": _total(path, values, flat)})
    return {**_head(answers[0]), "office": ALL, "offices": codes, "form": form,
            "kpis": kpis}
