"""Whether the read models can answer as they stand, found out without loading the
projections (nor the domain's event classes they dispatch on: a fifth of a second).

A read command catches up first; after a write (which caught up itself) there is
usually nothing to do. ``up_to_date`` asks the database what ``Runner.setup`` and
``Runner.catch_up`` would find in that case — every read model's tracking row at the
head of the log (or stale), every table, column and index the projections declare
present — in three queries and from the generated ``_schema`` alone. Anything else
(a table missing, a column added by a newer version, events to apply, an error) answers
``None``: then the runner does the whole catch-up as always.
"""

from __future__ import annotations

from propsvc.projections import _schema as schema
from propsvc.projections.db import Db
from propsvc.projections.ddl import existing_indexes, index_present, missing_columns
from propsvc.projections.rows import q
from propsvc.projections.runs import Stale
from propsvc.projections.schema import TableSpec

# every projection of catchup.all_projections() and its tables, in the same order (a
# test checks both against the projections themselves)
PROJECTIONS: dict[str, tuple[TableSpec, ...]] = {
    "tickets": (schema.tickets,),
    "deadlines": (schema.deadlines,),
    "visits": (schema.completions, schema.visits),
    "keys": (schema.keys, schema.key_deposits, schema.key_loans),
    "renovations": (schema.renovations, schema.passes, schema.extensions,
                    schema.spot_checks),
    "desk_items": (schema.desk_items,),
    "incidents": (schema.incidents, schema.incident_steps),
    "handover": (schema.items, schema.entries, schema.shifts, schema.months,
                 schema.archive),
    "users": (schema.users, schema.user_tokens, schema.user_sessions),
    "notifications": (schema.notices, schema.notice_refs, schema.notice_reads,
                      schema.notice_inboxes),
    "found": (schema.found_items,),
    "releases": (schema.releases,),
    "vacancies": (schema.vacancies, schema.vacancy_inspections),
    "moveins": (schema.moveins,),
    "paid": (schema.paid_services,),
    "fees": (schema.unit_fees,),
}


def up_to_date(db: Db, events: str = "propsvc_events") -> list[Stale] | None:
    """The stale read models if nothing is left to catch up and nothing to set up;
    ``None`` if the runner has work to do (or could not be sure)."""
    try:
        return _check(db, events)
    except Exception:
        return None
    finally:
        db.end_read()


def _check(db: Db, events: str) -> list[Stale] | None:
    stale_cols = ", ".join(f"s.{q(c)}" for c in schema.stale.columns[1:])
    positions: dict[str, int] = {}
    stale: dict[str, Stale] = {}
    head = 0
    for row in db.rows(f"SELECT t.{q('name')}, t.{q('position')}, {stale_cols}, "
                       f"(SELECT {q('id')} FROM {q(events)} ORDER BY {q('id')} DESC LIMIT 1) "
                       f"FROM {q(schema.tracking.name)} t LEFT JOIN {q(schema.stale.name)} s "
                       f"ON s.{q('name')} = t.{q('name')}"):
        positions[row[0]] = row[1]
        if row[2] is not None:
            stale[row[0]] = Stale(row[0], *row[2:7])
        head = row[7] or 0
    if any(name not in positions for name in PROJECTIONS):
        return None  # a read model not set up yet
    if any(positions[n] < head for n in PROJECTIONS if n not in stale):
        return None  # events to apply
    tables = [t for specs in PROJECTIONS.values() for t in specs]
    have = existing_indexes(db)
    if not all(index_present(ix, have) for t in tables for ix in t.indexes):
        return None
    if missing_columns(db, {t.name: t.columns for t in tables}):
        return None  # the runner says which (ReadModelsOutdated)
    return [s for name, s in sorted(stale.items()) if name in PROJECTIONS]
