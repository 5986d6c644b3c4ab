"""Schemas every context's routes share: the problem body and list pages."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter

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


class JsonOf(Generic[T]):
    """Application views as the JSON of a response model, validated and serialized once.

    A route that returns a model has FastAPI validate it against the response model again
    and then serialize it; on the busiest reads (a page of a hundred products) that second
    pass showed in the profile. Such routes declare ``response_model`` for the document and
    return ``JsonOf(Model).response(view)``, which reads the view's attributes straight into
    the model's JSON.
    """

    def __init__(self, model: type[T]) -> None:
        self._adapter: TypeAdapter[T] = TypeAdapter(model)

    def response(self, view: object, *, headers: dict[str, str] | None = None) -> Response:
        body = self._adapter.dump_json(self._adapter.validate_python(view, from_attributes=True))
        return Response(body, media_type="application/json", headers=headers)


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
