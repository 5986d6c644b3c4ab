"""The one table from typed errors to RFC 9457 problem responses.

Statuses are chosen by walking the error's class hierarchy (never by exact type or
message text); the problem ``type`` is ``/problems/<code>``, ``code`` the error's stable
code. Anything unexpected becomes a generic 500 that reveals nothing but the request id.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from adapters.inbound.http.allow import allowed_methods
from application.shared.errors import (
    AuthenticationError,
    DependencyUnavailableError,
    PermissionDeniedError,
    RateLimitedError,
)
from domain.shared.errors import (
    ConflictError,
    DomainError,
    InvalidValueError,
    NotFoundError,
    PreconditionFailedError,
)

PROBLEM_JSON = "application/problem+json"

_STATUS_BY_BASE: tuple[tuple[type[DomainError], int], ...] = (
    (InvalidValueError, 422),
    (NotFoundError, 404),
    (PreconditionFailedError, 412),
    (ConflictError, 409),
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (RateLimitedError, 429),
    (DependencyUnavailableError, 503),
)

_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


def status_of(error: DomainError) -> int:
    for cls in type(error).__mro__:
        for base, status in _STATUS_BY_BASE:
            if cls is base:
                return status
    return 500


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    errors: Sequence[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, object] | None = None,
) -> Response:
    body: dict[str, Any] = {
        **(extensions or {}),
        "type": f"/problems/{code}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = list(errors)
    return Response(orjson.dumps(body), status, headers=headers, media_type=PROBLEM_JSON)


def domain_error_response(error: DomainError) -> Response:
    status = status_of(error)
    if status == 500:
        return internal_error_response()
    headers = None
    errors = None
    if isinstance(error, RateLimitedError):
        headers = {"Retry-After": str(error.retry_after)}
    if isinstance(error, AuthenticationError):
        headers = {"WWW-Authenticate": "Bearer"}
    if isinstance(error, InvalidValueError):
        errors = [{"field": error.field, "code": error.code, "message": error.message}]
        detail = f"{error.field} {error.message}"
    else:
        detail = error.message
    return problem(
        status, error.code, detail, errors=errors, headers=headers, extensions=error.extensions()
    )


def internal_error_response() -> Response:
    return problem(500, "internal-error", "an unexpected error occurred; quote the request id")


def _validation_errors(error: RequestValidationError) -> list[dict[str, str]]:
    found = []
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ())]
        if location and location[0] in ("body", "query", "path", "header"):
            location = location[1:]
        found.append(
            {
                "field": ".".join(location) or "body",
                "code": str(item.get("type", "invalid")),
                "message": str(item.get("msg", "is invalid")),
            }
        )
    return found


async def _on_domain_error(_: Request, error: Exception) -> Response:
    assert isinstance(error, DomainError)
    return domain_error_response(error)


async def _on_validation_error(_: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = _validation_errors(error)
    if any(item["code"] == "json_invalid" for item in errors):
        return problem(400, "malformed-json", "the request body is not valid JSON")
    return problem(422, "validation-failed", "the request has invalid fields", errors=errors)


# Starlette and FastAPI raise these themselves: a body they cannot parse (invalid UTF-8,
# nesting too deep) is a 400; every body this API takes is JSON.
_HTTP_CODES = {400: "malformed-json", 404: "route-not-found", 405: "method-not-allowed"}
_HTTP_DETAILS = {400: "the request body is not valid JSON"}


async def _on_http_exception(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = _HTTP_CODES.get(error.status_code, "http-error")
    detail = _HTTP_DETAILS.get(error.status_code) or (
        error.detail if isinstance(error.detail, str) else _TITLES.get(error.status_code, "")
    )
    headers = dict(error.headers) if error.headers else None
    if error.status_code == 405:
        methods = allowed_methods(request.app, request.url.path)
        if methods:
            headers = {**(headers or {}), "Allow": ", ".join(methods)}
    return problem(error.status_code, code, detail, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_exception)
