"""A thousand random mutations of a real access token: none is accepted, none is a 500.

test_access_token_rejection.py forges tokens one attack at a time; here hypothesis edits a
real customer's token at random (characters changed, dropped, added; segments cut, moved,
swapped; claims and header rewritten under the old signature) and every edit must answer
401. Derandomized, so every run sends the same thousand tokens.
"""

from __future__ import annotations

import base64
import binascii
import json
import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.integration.security_matrix.stage import Stage

ME = "/api/v1/users/me"
BASE64URL = string.ascii_letters + string.digits + "-_"
# What a header value may carry, the alphabet's lookalikes included.
PRINTABLE = "".join(c for c in string.printable if c not in "\t\n\r\x0b\x0c")
CLAIM_EDITS = {
    "sub": "00000000-0000-0000-0000-000000000000",
    "role": "admin",
    "exp": 4_102_444_800,
    "iss": "someone-else",
    "aud": "another-api",
    "email_verified": False,
}
HEADER_EDITS = ({"alg": "none"}, {"alg": "HS256"}, {"kid": "retired-key"}, {"typ": "JWS"})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def _says_the_same(token: str, original: str) -> bool:
    """Whether the edit only gave the signature its base64 padding back ("=" or "=="):
    the same token spelled differently, which PyJWT accepts (reported with issue 5)."""
    parts, signed = token.split("."), original.split(".")
    return len(parts) == 3 and parts[:2] == signed[:2] and parts[2].rstrip("=") == signed[2]


def _has_json_segments(token: str) -> bool:
    parts = token.split(".")
    if len(parts) != 3:
        return False
    try:
        return all(isinstance(json.loads(_unb64(part)), dict) for part in parts[:2])
    except (binascii.Error, ValueError):
        return False


@st.composite
def _edit_characters(draw: st.DrawFn, token: str) -> str:
    at = draw(st.integers(min_value=0, max_value=len(token) - 1))
    char = draw(st.sampled_from(BASE64URL + ".=+/ ") | st.sampled_from(PRINTABLE))
    how = draw(st.sampled_from(("replace", "delete", "insert", "truncate", "repeat")))
    if how == "replace":
        return token[:at] + char + token[at + 1 :]
    if how == "delete":
        return token[:at] + token[at + 1 :]
    if how == "insert":
        return token[:at] + char + token[at:]
    if how == "truncate":
        return token[:at]
    return token[:at] + token[at:] * 2


@st.composite
def _edit_segments(draw: st.DrawFn, token: str) -> str:
    parts = token.split(".")
    order = draw(st.lists(st.integers(min_value=0, max_value=len(parts) - 1), max_size=5))
    return ".".join(parts[i] for i in order)


@st.composite
def _edit_claims(draw: st.DrawFn, token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(_unb64(payload))
    name = draw(st.sampled_from(sorted(CLAIM_EDITS)))
    if draw(st.booleans()):
        claims[name] = CLAIM_EDITS[name]
    else:
        claims.pop(name, None)
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


@st.composite
def _edit_header(draw: st.DrawFn, token: str) -> str:
    header, payload, signature = token.split(".")
    fields = {**json.loads(_unb64(header)), **draw(st.sampled_from(HEADER_EDITS))}
    kept = draw(st.sampled_from(("", signature)))
    return f"{_b64(json.dumps(fields).encode())}.{payload}.{kept}"


@st.composite
def mutations(draw: st.DrawFn, token: str) -> str:
    """One to three random edits of the token."""
    mutated = token
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        if _has_json_segments(mutated) and draw(st.booleans()):
            edit = draw(st.sampled_from((_edit_claims, _edit_header)))
        else:
            edit = draw(st.sampled_from((_edit_characters, _edit_segments)))
        mutated = draw(edit(mutated)) if mutated else mutated
    return mutated


@pytest.fixture(scope="module")
async def customer_token(stage: Stage) -> str:
    headers = await stage.api.customer("mutated-token@example.com")
    return headers["Authorization"].removeprefix("Bearer ")


async def test_200_when_the_token_is_sent_unchanged(stage: Stage, customer_token: str) -> None:
    response = await stage.api.client.get(ME, headers={"Authorization": f"Bearer {customer_token}"})

    assert response.status_code == 200


@settings(
    max_examples=1000,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
async def test_401_for_every_mutation_of_a_valid_token(
    stage: Stage, customer_token: str, data: st.DataObject
) -> None:
    mutated = data.draw(mutations(customer_token), label="token")
    assume(mutated != customer_token and not _says_the_same(mutated, customer_token))

    response = await stage.api.client.get(ME, headers={"Authorization": f"Bearer {mutated}"})

    assert response.status_code == 401, response.text
