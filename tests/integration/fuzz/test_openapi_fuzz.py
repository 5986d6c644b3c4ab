"""Every operation of the monolith's OpenAPI document, fuzzed as a customer and as an admin.

Schemathesis generates valid and invalid requests from the document itself and runs its
default checks on each answer (no server error; status, content type, headers and body as
documented; invalid input refused; no answer without the documented credentials) plus ours
(checks.py). A fixed seed, deterministic generation and a bounded number of examples keep
the run reproducible and short; docs/security-testing.md shows the longer runs.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis

import tests.integration.fuzz.checks  # noqa: F401  (registers the check)
from tests.integration.fuzz.target import fuzzed_schemas

pytestmark = pytest.mark.fuzz

as_customer = fuzzed_schemas()["customer"]
as_admin = fuzzed_schemas()["admin"]


def _answers_as_documented(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


test_answers_as_documented_to_a_customer = as_customer.parametrize()(_answers_as_documented)
test_answers_as_documented_to_an_admin = as_admin.parametrize()(_answers_as_documented)
