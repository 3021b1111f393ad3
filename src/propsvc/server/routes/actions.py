"""Route builders shared by the family modules: ``write`` (a desk action: POST with a JSON
body) and ``read`` (a reader query: GET with query parameters).

Each builder takes the facade method a route calls and makes its input model from that
method's own signature — the same names, types and defaults the desk checks — so a
route is one line in its family's module, its OpenAPI entry is exact, and the API cannot
drift from the desks. Times (``at``, ``appointment``, ``as_of`` …) are given as the CLI
takes them: ISO 8601 with an offset, or office-local ``YYYY-MM-DD HH:MM``. Parameter names
ending in ``_`` in a desk (``unit_``) are spelled without it on the wire (``unit``).
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field, create_model

from propsvc.office.facade import Office
from propsvc.office.reader import AT_A_MOMENT
from propsvc.server.deps import office_for
from propsvc.server.render import data, recorded

PLACEHOLDER = re.compile(r"{(\w+)}")
KW = inspect.Parameter.KEYWORD_ONLY


def _wire(name: str) -> str:
    return name.rstrip("_")


def _is_time(annotation: Any) -> bool:
    return annotation is datetime or datetime in typing.get_args(annotation)


def _hints(method: Callable[..., Any]) -> dict[str, Any]:
    """The inputs' types (the return type is not needed, and may be a TYPE_CHECKING name)."""
    names = {"datetime": datetime, "date": date, "Decimal": Decimal, "Any": Any,
             **getattr(method, "__globals__", {})}
    out = {}
    for name, param in inspect.signature(method).parameters.items():
        annotation = param.annotation
        if isinstance(annotation, str):
            annotation = eval(annotation, names)  # the desks' own annotations
        out[name] = annotation
    return out


def _fields(method: Callable[..., Any], skip: set[str]) -> list[tuple[str, str, Any, Any]]:
    """(wire name, desk name, annotation, default) of the method's inputs."""
    hints = _hints(method)
    out = []
    for name, param in inspect.signature(method).parameters.items():
        if name in ("self", "ctx") or name in skip:
            continue
        annotation = hints.get(name, str)
        if _is_time(annotation):  # parsed in office time, as the CLI does
            annotation = str if annotation is datetime else str | None
        default = ... if param.default is inspect.Parameter.empty else param.default
        out.append((_wire(name), name, annotation, default))
    return out


def _convert(office: Office, method: Callable[..., Any], values: dict[str, Any]
             ) -> dict[str, Any]:
    hints = _hints(method)
    out = {}
    for name, value in values.items():
        if isinstance(value, str) and _is_time(hints.get(name)):
            out[name] = office.calendar.parse_time(value, today=office.clock.now())
        else:
            out[name] = value
    return out


def _model(name: str, fields: list[tuple[str, str, Any, Any]]) -> type[BaseModel]:
    spec: dict[str, Any] = {wire: (annotation, Field(default)) for wire, _, annotation, default
                            in fields}
    model: type[BaseModel] = create_model(name, __config__=ConfigDict(extra="forbid"), **spec)
    return model


def write(router: APIRouter, path: str, desk: str, method: Callable[..., Any],
          summary: str, *, fixed: dict[str, Any] | None = None) -> None:
    """``POST path``: the body holds the inputs of ``office.<desk>.<method>`` (of
    ``office.<method>`` when ``desk`` is empty), those in the path apart; the answer is the
    write's ``--json`` shape. ``fixed`` inputs are set by the route."""
    in_path = PLACEHOLDER.findall(path)
    fields = _fields(method, {*in_path, *(fixed or {})})
    body_model = _model(f"{method.__qualname__.replace('.', '')}Body", fields)
    desk_names = {wire: name for wire, name, _, _ in fields}

    def endpoint(office: Office, body: BaseModel | None, values: dict[str, Any]) -> Response:
        given = {desk_names[k]: v for k, v in (body.model_dump() if body else {}).items()}
        call = getattr(getattr(office, desk) if desk else office, method.__name__)
        return recorded(call(**values, **(fixed or {}), **_convert(office, method, given)))

    required = any(default is ... for *_, default in fields)
    body = inspect.Parameter("body", KW, annotation=body_model if required
                             else body_model | None, default=... if required else None)
    _install(router, "POST", path, endpoint, summary,
             [body, *(inspect.Parameter(p, KW, annotation=str) for p in in_path)])


def read(router: APIRouter, path: str, method: Callable[..., Any], summary: str, *,
         rename: dict[str, str] | None = None, fixed: dict[str, Any] | None = None,
         shape: Callable[[Any], Any] | None = None) -> None:
    """``GET path``: the query parameters are the inputs of ``office.read.<method>``
    (``rename`` gives a query name for one, e.g. ``{"start": "from"}``); the answer is
    the read's ``--json`` (``shape`` wraps it as the CLI's command does)."""
    from propsvc.office.company import READS as COMPANY_READS

    in_path = PLACEHOLDER.findall(path)
    fields = _fields(method, {*in_path, *(fixed or {})})
    company = method.__name__ in COMPANY_READS and not in_path

    moment = method.__name__ in AT_A_MOMENT

    def endpoint(office: Office, body: BaseModel | None, values: dict[str, Any]) -> Response:
        given = {name: values.pop(f"q_{name}") for _, name, _, _ in fields}
        reader: Any = _reader(office, values.pop(SCOPE, None))
        if moment:
            reader = _at(office, reader, values)
        found = getattr(reader, method.__name__)(**values, **(fixed or {}),
                                                 **_convert(office, method, given))
        return data(shape(found) if shape and "offices" not in found else found,
                    reader.warnings)

    params = [inspect.Parameter(p, KW, annotation=str) for p in in_path]
    if company:  # ?office=all: every office the user may read, side by side
        params.append(inspect.Parameter(SCOPE, KW, annotation=str | None, default=Query(
            None, alias="office", description="'all': every office the role may read "
            "(company; a manager or auditor holding several), a column per office and a "
            "total. Leave it out for the session's office.")))
    for wire, name, annotation, default in fields:
        params.append(inspect.Parameter(
            f"q_{name}", KW, annotation=annotation,
            default=Query(default,
                          alias=(rename or {}).get(name, wire))))
    if moment:  # the read as it stood then (Reader.at)
        params.extend(inspect.Parameter(f"m_{name}", KW, annotation=str | None,
                                        default=Query(None, alias=name))
                      for name in MOMENTS)
    _install(router, "GET", path, endpoint, summary, params)


MOMENTS = ("as_of", "as_known_at")


def _at(office: Office, reader: Any, values: dict[str, Any]) -> Any:
    """``reader`` (one office's or the company's) as of ``as_of`` (business time) or as
    known at ``as_known_at``."""
    as_of, known_at = (values.pop(f"m_{name}") for name in MOMENTS)
    now = office.clock.now()
    return reader.at(
        office.calendar.parse_time(as_of, today=now) if as_of else None,
        office.calendar.parse_time(known_at, today=now) if known_at else None)


SCOPE = "q__office"


def _reader(office: Office, scope: str | None) -> Any:
    """The session's office's reads, or with ``office=all`` the company-wide reads."""
    from propsvc.errors import InvalidInput
    from propsvc.office.company import ALL

    if scope is None or scope == office.code:
        return office.read
    if scope.strip().lower() != ALL:
        raise InvalidInput(f"office={scope!r}: give office=all for every office you may "
                           f"read, or leave it out for {office.code!r} (switch offices with "
                           "POST /api/v1/session/role)")
    return office.company()


def _install(router: APIRouter, verb: str, path: str,
             endpoint: Callable[[Office, BaseModel | None, dict[str, Any]], Response],
             summary: str, params: list[inspect.Parameter]) -> None:
    def route(**kwargs: Any) -> Response:
        office = kwargs.pop("office")
        body = kwargs.pop("body", None)
        return endpoint(office, body, kwargs)

    office = inspect.Parameter("office", KW,
                               annotation=typing.Annotated[Office, Depends(office_for)])
    route.__signature__ = inspect.Signature([office, *params])  # type: ignore[attr-defined]
    route.__name__ = re.sub(r"\W+", "_", f"{verb.lower()}_{router.prefix}{path}").strip("_")
    router.add_api_route(path, route, methods=[verb], summary=summary,
                         response_class=Response,
                         responses={200: {"content": {"application/json": {}}}})
