"""hexashop's own schemathesis check, registered on import (the pytest module and the CLI's
``hooks`` setting in schemathesis.toml both import it).

Schemathesis's ``positive_data_acceptance`` wants every schema-valid request accepted. The
OpenAPI document describes only the shape of a request; the domain refuses more (an email
must look like one, a password must be strong, a token must exist) and answers 422 with the
field at fault. What must never happen is the framework refusing a request the document
admits: that would mean the document lies about the shape. That is what this check asserts.
"""

from __future__ import annotations

from typing import Any

import schemathesis

# The framework's own refusals (adapters/inbound/http/problems.py); the domain's 422s carry
# their own codes.
_SHAPE_REFUSALS = {400: "malformed-json", 422: "validation-failed"}
# A strict integer field refuses 12.0, which JSON Schema 2020-12 counts as an integer and no
# keyword can exclude: a deliberate refusal (money is never rounded), not a lying document.
_WHOLE_FLOAT_REFUSAL = "int_type"


@schemathesis.check
def schema_valid_request_passes_request_validation(
    ctx: schemathesis.CheckContext,
    response: schemathesis.Response,
    case: schemathesis.Case[Any],
) -> bool | None:
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    code = _SHAPE_REFUSALS.get(response.status_code)
    if code is None or _problem_code(response) != code:
        return None
    errors = _problem(response).get("errors") or []
    if errors and all(error.get("code") == _WHOLE_FLOAT_REFUSAL for error in errors):
        return None
    raise AssertionError(
        f"a request the OpenAPI document admits was refused as malformed: {response.text}"
    )


def _problem(response: schemathesis.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _problem_code(response: schemathesis.Response) -> object:
    return _problem(response).get("code")
