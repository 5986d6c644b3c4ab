"""The OpenAPI document declares the statuses every operation's shape implies, so a new
route cannot forget them (the fuzzer would find them later, and slower)."""

from __future__ import annotations

from typing import Any

import pytest

from bootstrap.containers.monolith import build_monolith
from bootstrap.http import create_app
from tests.support.api import settings_for_tests

HTTP_METHODS = {"get", "put", "post", "patch", "delete"}
PROBLEM_JSON = "application/problem+json"
# Operations that touch no storage, so never answer 503.
WITHOUT_STORAGE = {("GET", "/healthz"), ("GET", "/.well-known/jwks.json")}


@pytest.fixture(scope="module")
def operations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    settings = settings_for_tests(tmp_path_factory.mktemp("openapi"))
    document = create_app(build_monolith(settings, database_url=None)).openapi()
    return {
        f"{method.upper()} {path}": operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def _missing(operations: dict[str, dict[str, Any]], wanted: set[str], when: Any) -> set[str]:
    return {
        f"{label}: {status}"
        for label, operation in operations.items()
        if when(label, operation)
        for status in wanted - set(operation["responses"])
    }


def test_routes_with_a_body_document_400_413_and_422(
    operations: dict[str, dict[str, Any]],
) -> None:
    missing = _missing(operations, {"400", "413", "422"}, lambda _, op: "requestBody" in op)

    assert missing == set()


def test_routes_with_parameters_document_422(operations: dict[str, dict[str, Any]]) -> None:
    missing = _missing(operations, {"422"}, lambda _, op: bool(op.get("parameters")))

    assert missing == set()


def test_routes_that_read_a_token_document_401(operations: dict[str, dict[str, Any]]) -> None:
    missing = _missing(operations, {"401"}, lambda _, op: bool(op.get("security")))

    assert missing == set()


def test_routes_that_touch_storage_document_503(operations: dict[str, dict[str, Any]]) -> None:
    missing = _missing(
        operations,
        {"503"},
        lambda label, _: tuple(label.split(" ", 1)) not in WITHOUT_STORAGE,
    )

    assert missing == set()


def test_every_documented_error_is_a_problem(operations: dict[str, dict[str, Any]]) -> None:
    not_problems = {
        f"{label}: {status}"
        for label, operation in operations.items()
        for status, response in operation["responses"].items()
        if status[0] in "45" and PROBLEM_JSON not in response.get("content", {})
    }

    assert not_problems == set()


def test_no_route_documents_a_500(operations: dict[str, dict[str, Any]]) -> None:
    documented = {
        label for label, operation in operations.items() if "500" in operation["responses"]
    }

    assert documented == set()
