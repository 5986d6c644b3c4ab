"""Schemas every context's routes share: the problem body and list pages."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

import orjson
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict

T = TypeVar("T")


class RequestModel(BaseModel):
    """Base of request bodies: unknown fields are refused, so nobody can set what the
    route does not offer (a role, a status) by adding it to the body."""

    model_config = ConfigDict(extra="forbid", str_max_length=4096)


class FieldError(BaseModel):
    field: str
    code: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, as every error response carries them."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] | None = None


class PageResponse(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None


def view_response(view: object, *, headers: dict[str, str] | None = None) -> Response:
    """A view as the JSON of its response model, written by orjson straight from the view.

    A route that returns a model has FastAPI validate it against the response model again
    and serialize it; on the busiest reads (a page of a hundred products) those passes were
    most of the route's CPU. Views are dataclasses whose fields are their response model's,
    in its order, so orjson writes from them the very JSON pydantic would write from the
    model (tests/unit/adapters/test_view_json.py holds each such pair to that). Such routes
    declare ``response_model`` for the document and return ``view_response(view)``.
    """
    return Response(view_json(view), media_type="application/json", headers=headers)


def view_json(view: object) -> bytes:
    """JSON of a view as pydantic writes its response model: UTC times end in ``Z``."""
    return orjson.dumps(view, default=_uuid_text, option=orjson.OPT_UTC_Z)


def _uuid_text(value: object) -> str:
    # orjson writes uuid.UUID itself, not its subclasses, such as the ids asyncpg returns.
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries declaring the problem body for the given error statuses."""
    return {
        status: {"model": Problem, "content": {"application/problem+json": {}}}
        for status in statuses
    }


_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?"
)


def _date_time_text(value: object) -> object:
    # pydantic would also read a bare number as a Unix timestamp; the API speaks RFC 3339.
    if isinstance(value, str) and not _DATE_TIME.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z")
    return value


DateTimeText = Annotated[datetime, BeforeValidator(_date_time_text)]
