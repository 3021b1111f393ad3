"""Answers in the CLI's ``--json`` shapes: a write's ``Result`` through
``views.result.result_view`` (the CLI's renderer, not a copy), a read's data through the
same JSON encoder as ``--json``. A committed write's warnings ride along in the
``X-Propsvc-Warning`` header (and in ``warnings`` when the shape has room)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi.responses import Response

from propsvc.desks.result import Result


class JSONText(Response):
    media_type = "application/json"


def data(value: Any, warnings: list[str] | None = None) -> Response:
    from propsvc.views.common import dump_json

    headers = {"X-Propsvc-Warning": quote("; ".join(warnings))} if warnings else None
    return JSONText(dump_json(value), headers=headers)


def recorded(result: Result) -> Response:
    from propsvc.views.result import result_view

    return data(result_view(result), result.all_warnings())
