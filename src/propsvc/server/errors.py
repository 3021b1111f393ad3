"""Errors as JSON: ``{"error": {"rule": "R9", "message": "…"}}`` with the HTTP status of
their kind — 401 no login, 403 the permission matrix, 404 unknown number, 409 concurrent
change, 422 an SOP refusal or bad input. A write whose events were committed never
arrives here: its warnings ride on the 200 answer."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from propsvc.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PropsvcError,
    RuleViolation,
    Unauthenticated,
)

RULE = re.compile(r"^([A-Z]{1,2}\d{1,2}): ")
STATUS: list[tuple[type[PropsvcError], int]] = [
    (Unauthenticated, 401), (Forbidden, 403), (NotFound, 404), (Conflict, 409),
    (RuleViolation, 422), (InvalidInput, 422)]


def status_of(err: PropsvcError) -> int:
    return next((code for kind, code in STATUS if isinstance(err, kind)), 422)


def error_body(message: str, rule: str | None = None) -> dict[str, Any]:
    return {"error": {"rule": rule, "message": message}}


def rule_and_message(err: PropsvcError) -> tuple[str | None, str]:
    """The SOP rule an error names (``RuleViolation``, or a message led by ``N3: …``)."""
    if isinstance(err, RuleViolation):
        return err.rule, err.message
    text = str(err)
    found = RULE.match(text)
    return (found.group(1), text[found.end():]) if found else (None, text)


def error_response(err: PropsvcError) -> JSONResponse:
    rule, message = rule_and_message(err)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(err, Unauthenticated) else None
    return JSONResponse(error_body(message, rule), status_code=status_of(err), headers=headers)


def _validation(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, RequestValidationError)
    first = err.errors()[0] if err.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    message = f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))
    return JSONResponse(error_body(message), status_code=422)


def _http(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, HTTPException)
    return JSONResponse(error_body(str(err.detail)), status_code=err.status_code,
                        headers=getattr(err, "headers", None))


def _domain(request: Request, err: Exception) -> JSONResponse:
    assert isinstance(err, PropsvcError)
    return error_response(err)


def _unexpected(request: Request, err: Exception) -> JSONResponse:
    from propsvc.office.backend import describe_failure

    message, _code = describe_failure(err)
    busy = "busy" in message or "cannot use the database" in message
    return JSONResponse(error_body(message), status_code=503 if busy else 500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(PropsvcError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
