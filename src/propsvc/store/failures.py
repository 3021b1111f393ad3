"""Turn library and database failures into one actionable line (the CLI boundary)."""

from __future__ import annotations

import os


def describe(err: Exception) -> tuple[str, int]:
    name = type(err).__name__
    text = str(err).splitlines()[0] if str(err) else name
    if os.environ.get("PROPSVC_DEBUG"):
        raise err
    if "OperationalError" in name or "InterfaceError" in name or name == "DatabaseError":
        if "locked" in text:
            return "the database is busy (another desk is writing): retry in a moment", 1
        return f"cannot use the database ({text}): check --db and that the server is up", 1
    if "IntegrityError" in name:
        return "the record was changed by someone else at the same moment: retry", 1
    return (f"unexpected {name}: {text} (set PROPSVC_DEBUG=1 for details and report it)", 1)
