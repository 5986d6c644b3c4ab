"""GET /api/v1/users/me with missing, malformed and forged access tokens: always a 401 problem.

Forged tokens are built from the claims a real token carries, changing one thing; the first
test shows that the same recipe, changing nothing, is accepted, so each rejection below is
caused by the one change it names.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.outbound.security.jwt_tokens import jwk_thumbprint
from adapters.outbound.security.signing_keys import load_signing_key
from bootstrap.containers.platform import SIGNING_KEY_FILE
from tests.integration.http.identity.problem_checks import assert_problem
from tests.support.api import Api

ME = "/api/v1/users/me"
REJECTION_CODES = {"invalid-token", "unauthenticated"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _json_segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


@dataclass(frozen=True)
class Forge:
    """The app's signing key and a real customer's token, to build tokens from."""

    signing_key: Ed25519PrivateKey
    kid: str
    real_token: str
    real_claims: dict[str, Any]

    def claims(self, **changes: Any) -> dict[str, Any]:
        now = int(time.time())
        return {**self.real_claims, "iat": now, "nbf": now, "exp": now + 600, **changes}

    def sign(
        self,
        claims: dict[str, Any],
        *,
        key: Ed25519PrivateKey | None = None,
        headers: dict[str, Any] | None = None,
    ) -> str:
        return jwt.encode(
            claims,
            key or self.signing_key,
            algorithm="EdDSA",
            headers={"kid": self.kid} if headers is None else headers,
        )


@pytest.fixture
async def forge(api: Api) -> Forge:
    headers = await api.customer("forged@example.com")
    token = headers["Authorization"].removeprefix("Bearer ")
    pem = (api.container.settings().data_dir / SIGNING_KEY_FILE).read_text()
    key = load_signing_key(pem)
    return Forge(
        signing_key=key,
        kid=jwk_thumbprint(key.public_key()),
        real_token=token,
        real_claims=jwt.decode(token, options={"verify_signature": False}),
    )


async def _me(api: Api, authorization: str | bytes) -> httpx.Response:
    value = authorization.encode() if isinstance(authorization, str) else authorization
    return await api.client.get(ME, headers={b"Authorization": value})


def _assert_rejected(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert_problem(response, 401, response.json()["code"])
    assert response.json()["code"] in REJECTION_CODES
    assert response.headers["www-authenticate"] == "Bearer"


async def test_200_when_a_token_is_built_with_the_app_key_and_valid_claims(
    api: Api, forge: Forge
) -> None:
    token = forge.sign(forge.claims())

    response = await _me(api, f"Bearer {token}")

    assert response.status_code == 200
    assert response.json()["id"] == forge.real_claims["sub"]


async def test_401_unauthenticated_with_bearer_challenge_when_no_header_is_sent(
    api: Api,
) -> None:
    response = await api.client.get(ME)

    assert_problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_401_when_the_scheme_is_basic(api: Api) -> None:
    credentials = base64.b64encode(b"forged@example.com:secret").decode()

    response = await _me(api, f"Basic {credentials}")

    _assert_rejected(response)


async def test_401_when_the_scheme_is_bearer_but_the_token_is_empty(api: Api) -> None:
    response = await _me(api, "Bearer ")

    _assert_rejected(response)


async def test_401_when_the_token_is_garbage(api: Api) -> None:
    response = await _me(api, "Bearer not.a-jwt.at-all")

    _assert_rejected(response)


async def test_401_when_the_token_is_not_ascii(api: Api) -> None:
    response = await _me(api, "Bearer jeton-\u00e9t\u00e9".encode())

    _assert_rejected(response)


async def test_401_when_the_token_is_truncated(api: Api, forge: Forge) -> None:
    token = forge.real_token[: len(forge.real_token) // 2]

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_signature_is_stripped(api: Api, forge: Forge) -> None:
    header, payload, _ = forge.real_token.split(".")

    response = await _me(api, f"Bearer {header}.{payload}.")

    _assert_rejected(response)


async def test_401_when_a_claim_is_flipped_and_the_signature_kept(api: Api, forge: Forge) -> None:
    header, payload, signature = forge.real_token.split(".")
    claims = json.loads(_unb64(payload))
    claims["role"] = "admin"

    response = await _me(api, f"Bearer {header}.{_json_segment(claims)}.{signature}")

    _assert_rejected(response)


async def test_401_when_signed_by_another_ed25519_key_under_the_app_kid(
    api: Api, forge: Forge
) -> None:
    token = forge.sign(forge.claims(), key=Ed25519PrivateKey.generate())

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_algorithm_is_none(api: Api, forge: Forge) -> None:
    header = _json_segment({"alg": "none", "typ": "JWT", "kid": forge.kid})

    response = await _me(api, f"Bearer {header}.{_json_segment(forge.claims())}.")

    _assert_rejected(response)


async def test_401_when_hs256_is_keyed_with_the_public_key(api: Api, forge: Forge) -> None:
    public_pem = forge.signing_key.public_key().public_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )
    signed = (
        f"{_json_segment({'alg': 'HS256', 'typ': 'JWT', 'kid': forge.kid})}"
        f".{_json_segment(forge.claims())}"
    )
    signature = _b64(hmac.new(public_pem, signed.encode(), hashlib.sha256).digest())

    response = await _me(api, f"Bearer {signed}.{signature}")

    _assert_rejected(response)


async def test_401_when_the_kid_is_unknown(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(), headers={"kid": "retired-key"})

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_kid_is_missing(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(), headers={})

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_token_has_expired(api: Api, forge: Forge) -> None:
    now = int(time.time())
    token = forge.sign(forge.claims(iat=now - 960, nbf=now - 960, exp=now - 60))

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_token_is_not_yet_valid(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(nbf=int(time.time()) + 600))

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_token_was_issued_in_the_future(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(iat=int(time.time()) + 600))

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_audience_is_another_service(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(aud="another-api"))

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_issuer_is_someone_else(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(iss="https://issuer.example"))

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_a_required_claim_is_missing(api: Api, forge: Forge) -> None:
    claims = forge.claims()
    del claims["exp"]

    response = await _me(api, f"Bearer {forge.sign(claims)}")

    _assert_rejected(response)


async def test_401_when_a_time_claim_is_not_a_number(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(exp="tomorrow"))

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_subject_is_not_a_user_id(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(sub="forged@example.com"))

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)


async def test_401_when_the_subject_has_no_account(api: Api, forge: Forge) -> None:
    token = forge.sign(forge.claims(sub=str(uuid.uuid4())))

    response = await _me(api, f"Bearer {token}")

    _assert_rejected(response)
