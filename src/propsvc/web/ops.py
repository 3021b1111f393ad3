"""Desk operations that are not about one ticket — the handover log, keys, renovations:
a form (fields), the permission-matrix action it needs and the facade call it makes.
``post`` runs one posted form and hands a refusal back to the page that shows it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from propsvc.desks.result import Result
from propsvc.errors import NotFound, PropsvcError
from propsvc.office.facade import Office
from propsvc.permissions import MATRIX
from propsvc.web.forms import Field, FormError, Posted, refusal

Show = Callable[[Request, FormError | None, str | None, dict[str, Any], int],
                Awaitable[Response]]


@dataclass(frozen=True)
class Op:
    code: str
    label: str  # English msgid
    permission: str
    fields: tuple[Field, ...]
    run: Callable[[Office, Posted], Result]
    rule: str = ""
    per_row: bool = False  # a form on each row (its number as the hidden ``number``)

    def allowed_for(self, role: str) -> bool:
        return role in MATRIX[self.permission]


def allowed(ops: tuple[Op, ...], role: str) -> dict[str, Op]:
    return {op.code: op for op in ops if op.allowed_for(role)}


async def post(request: Request, office: Office, ops: tuple[Op, ...], code: str, back: str,
               show: Show, fixed: dict[str, str] | None = None) -> Response:
    """Run the posted op ``code``; on success back to ``back``, else the page again with
    the refusal beside its field (nothing was written). ``fixed`` values (the record's
    number from the page's path) take the place of any the form sent."""
    from propsvc.web.session import PageError, call, form_of

    spec = next((op for op in ops if op.code == code), None)
    if spec is None:
        raise PageError(NotFound(f"no such form {code!r}"))
    data = {**await form_of(request), **(fixed or {})}
    fields = [Field("number", "Number"), *spec.fields]
    try:
        await call(spec.run, office, Posted(data, fields))
    except FormError as err:
        err.rule = err.rule or spec.rule or None  # a field the rule asks for
        return await show(request, err, code, data, err.status)
    except PropsvcError as err:
        found = refusal(err, fields)
        return await show(request, found, code, data, found.status)
    sep = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{sep}done={code}", status_code=303)
