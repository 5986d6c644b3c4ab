"""Checks that an HTTP answer is an RFC 9457 problem, shared by the negative-path tests."""

from __future__ import annotations

import re
from typing import Any

import httpx

PROBLEM_JSON = "application/problem+json"
# What the middleware generates when the client sends no usable X-Request-ID.
GENERATED_REQUEST_ID = re.compile(r"[0-9a-f]{32}")


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert an RFC 9457 problem with this status and code; return its body."""
    # Plain asserts here are not rewritten by pytest (not a test module): say what came.
    seen = f"{response.status_code} {response.headers.get('content-type')}: {response.text}"
    assert response.status_code == status, seen
    assert response.headers["content-type"] == PROBLEM_JSON, seen
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail", "code"} <= body.keys(), seen
    assert body["status"] == status, seen
    assert body["code"] == code, seen
    assert body["type"] == f"/problems/{code}", seen
    assert body["title"], seen
    assert body["detail"], seen
    return body


def fields_named(body: dict[str, Any]) -> set[str]:
    """The fields a validation problem names in ``errors``."""
    return {error["field"] for error in body.get("errors", [])}
