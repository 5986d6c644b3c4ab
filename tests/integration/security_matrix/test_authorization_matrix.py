"""The authorization matrix (matrix.py) against the monolith in memory.

Each cell is one rule called by one kind of caller, with a valid request: the answer must
be the outcome the matrix declares, and a refused write must leave its subject unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest

from bootstrap.containers.monolith import build_monolith
from bootstrap.http import create_app
from tests.integration.security_matrix.matrix import (
    KNOWN_DEVIATIONS,
    RULES,
    Outcome,
    Principal,
    Rule,
)
from tests.integration.security_matrix.stage import Stage, outcome_of
from tests.support.api import settings_for_tests

HTTP_METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}
PROBLEM_JSON = "application/problem+json"


Operations = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture(scope="module")
def documented(tmp_path_factory: pytest.TempPathFactory) -> Operations:
    """The operations of the app's OpenAPI document, by (method, path)."""
    settings = settings_for_tests(tmp_path_factory.mktemp("openapi"))
    document = create_app(build_monolith(settings, database_url=None)).openapi()
    return {
        (method.upper(), path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    }


def _cells() -> list[Any]:
    cells = []
    for rule in RULES:
        for principal in Principal:
            reason = KNOWN_DEVIATIONS.get((rule.label, principal))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            cells.append(
                pytest.param(rule, principal, id=f"{rule.label} as {principal}", marks=marks)
            )
    return cells


def test_every_operation_of_the_openapi_document_has_a_rule(documented: Operations) -> None:
    ruled = {rule.operation for rule in RULES}

    missing = set(documented) - ruled

    assert missing == set(), "operations without a rule in matrix.py"


def test_every_rule_names_an_operation_of_the_openapi_document(documented: Operations) -> None:
    ruled = {rule.operation for rule in RULES}

    unknown = ruled - set(documented)

    assert unknown == set(), "rules for operations the app does not have"


def test_every_refusal_the_matrix_expects_is_documented(documented: Operations) -> None:
    undocumented = {
        (rule.label, outcome.value)
        for rule in RULES
        for outcome in rule.outcomes.values()
        if outcome is not Outcome.OK
        and outcome.value not in documented.get(rule.operation, {}).get("responses", {})
    }

    assert undocumented == set()


@pytest.mark.parametrize(("rule", "principal"), _cells())
async def test_answer_is_the_declared_outcome_for_each_caller(
    stage: Stage, rule: Rule, principal: Principal
) -> None:
    cell = await stage.arrange(rule.subject)
    before = await stage.witness(rule, cell)

    response = await stage.send(rule, cell, principal)

    assert outcome_of(response) == rule.outcomes[principal], response.text
    if outcome_of(response) is not Outcome.OK:
        assert response.headers["content-type"] == PROBLEM_JSON
    if not rule.may_change_the_subject(principal):
        assert await stage.witness(rule, cell) == before, "a refused call changed its subject"
