"""Sequences of calls: what one answer creates (a category, a product, an order), the next
call uses, along the links schemathesis infers between operations from the document.

Longer than the stateless run, so it runs only when asked for (docs/security-testing.md):
HEXASHOP_FUZZ_STATEFUL=1, with HEXASHOP_FUZZ_EXAMPLES sequences per principal.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import tests.integration.fuzz.checks  # noqa: F401  (registers the check)
from tests.integration.fuzz.target import fuzzed_schemas

if not os.environ.get("HEXASHOP_FUZZ_STATEFUL"):
    pytest.skip("set HEXASHOP_FUZZ_STATEFUL=1 to run", allow_module_level=True)

pytestmark = pytest.mark.fuzz

SEQUENCES = int(os.environ.get("HEXASHOP_FUZZ_EXAMPLES") or 50)
STEPS = 20

WORKFLOW_SETTINGS = settings(
    max_examples=SEQUENCES,
    stateful_step_count=STEPS,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

TestCustomerWorkflows = fuzzed_schemas()["customer"].as_state_machine().TestCase
TestCustomerWorkflows.settings = WORKFLOW_SETTINGS
TestAdminWorkflows = fuzzed_schemas()["admin"].as_state_machine().TestCase
TestAdminWorkflows.settings = WORKFLOW_SETTINGS
