from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.outbound.security.jwt_tokens import JwtAccessTokens, jwk_thumbprint
from application.shared.actor import Actor
from application.shared.errors import InvalidTokenError
from domain.identity.values import Role
from tests.builders.domain_identity import T0, a_user
from tests.support.clock import FixedClock

ISSUER = "https://identity.hexashop.test"
AUDIENCE = "hexashop"


@pytest.fixture
def signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def tokens(signing_key: Ed25519PrivateKey, clock: FixedClock) -> JwtAccessTokens:
    return JwtAccessTokens(signing_key=signing_key, issuer=ISSUER, audience=AUDIENCE, clock=clock)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value).encode())


def _raw_public_key(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )


def _valid_claims(now: datetime = T0) -> dict[str, Any]:
    issued_at = int(now.timestamp())
    return {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(uuid4()),
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + 900,
        "jti": "a-token-id",
        "role": "user",
        "email_verified": True,
    }


def _signed(claims: dict[str, Any], key: Ed25519PrivateKey, *, kid: object) -> str:
    # Signed by hand: PyJWT refuses to write some of the headers an attacker would.
    header = {"alg": "EdDSA", "typ": "JWT"} | ({} if kid is None else {"kid": kid})
    signing_input = f"{_segment(header)}.{_segment(claims)}"
    return f"{signing_input}.{_b64(key.sign(signing_input.encode()))}"


def _kid(key: Ed25519PrivateKey) -> str:
    return jwk_thumbprint(key.public_key())


def _hs256(header: dict[str, Any], claims: dict[str, Any], secret: bytes) -> str:
    signing_input = f"{_segment(header)}.{_segment(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def test_returns_the_users_actor_when_the_token_was_issued_for_them(
    tokens: JwtAccessTokens,
) -> None:
    user = a_user(role=Role.ADMIN, email_verified=True)
    token = tokens.issue(user, now=T0).token

    actor = tokens.verify(token)

    assert actor == Actor(user_id=user.id, role="admin", email_verified=True)


def test_expires_in_is_fifteen_minutes_when_no_ttl_is_given(tokens: JwtAccessTokens) -> None:
    issued = tokens.issue(a_user(), now=T0)

    assert issued.expires_in == 900


def test_token_carries_every_claim_when_issued(tokens: JwtAccessTokens) -> None:
    user = a_user(role=Role.USER, email_verified=False)

    token = tokens.issue(user, now=T0).token

    claims = jwt.decode(token, options={"verify_signature": False})
    issued_at = int(T0.timestamp())
    assert {key: value for key, value in claims.items() if key != "jti"} == {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": str(user.id),
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + 900,
        "role": "user",
        "email_verified": False,
    }


def test_jti_differs_when_one_user_gets_two_tokens(tokens: JwtAccessTokens) -> None:
    user = a_user()

    first = tokens.issue(user, now=T0).token
    second = tokens.issue(user, now=T0).token

    first_jti = jwt.decode(first, options={"verify_signature": False})["jti"]
    second_jti = jwt.decode(second, options={"verify_signature": False})["jti"]
    assert first_jti != second_jti


def test_header_names_the_eddsa_key_of_the_jwks_when_issued(tokens: JwtAccessTokens) -> None:
    token = tokens.issue(a_user(), now=T0).token

    header = jwt.get_unverified_header(token)

    assert header["alg"] == "EdDSA"
    assert [key["kid"] for key in tokens.public_jwks()["keys"]] == [header["kid"]]


def test_jwks_describes_the_signing_key_when_there_are_no_extra_keys(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey
) -> None:
    jwks = tokens.public_jwks()

    assert jwks == {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": _b64(_raw_public_key(signing_key)),
                "kid": jwk_thumbprint(signing_key.public_key()),
                "use": "sig",
                "alg": "EdDSA",
            }
        ]
    }


def test_jwks_lets_a_third_party_verify_when_it_reads_the_key_by_kid(
    tokens: JwtAccessTokens,
) -> None:
    token = tokens.issue(a_user(), now=T0).token
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = next(key for key in tokens.public_jwks()["keys"] if key["kid"] == kid)

    claims = jwt.decode(
        token,
        jwt.PyJWK(jwk).key,
        algorithms=["EdDSA"],
        audience=AUDIENCE,
        issuer=ISSUER,
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )

    assert claims["iss"] == ISSUER


def test_kid_is_the_rfc_7638_thumbprint_when_given_the_rfc_8037_example_key() -> None:
    # RFC 8037, appendix A.1 (the key) and A.3 (its thumbprint).
    private = base64.urlsafe_b64decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")
    key = Ed25519PrivateKey.from_private_bytes(private)

    thumbprint = jwk_thumbprint(key.public_key())

    assert _b64(_raw_public_key(key)) == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    assert thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_accepts_the_token_when_the_clock_is_just_before_expiry(
    tokens: JwtAccessTokens, clock: FixedClock
) -> None:
    token = tokens.issue(a_user(), now=clock.now()).token
    clock.advance(timedelta(minutes=15, seconds=-1))

    actor = tokens.verify(token)

    assert actor.role == "user"


def test_rejects_the_token_when_it_has_expired(tokens: JwtAccessTokens, clock: FixedClock) -> None:
    token = tokens.issue(a_user(), now=clock.now()).token
    clock.advance(timedelta(minutes=15, seconds=6))

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_rejects_the_token_when_it_was_issued_in_the_future(
    tokens: JwtAccessTokens, clock: FixedClock
) -> None:
    token = tokens.issue(a_user(), now=clock.now() + timedelta(minutes=1)).token

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_accepts_the_token_when_the_issuers_clock_is_a_few_seconds_ahead(
    tokens: JwtAccessTokens, clock: FixedClock
) -> None:
    token = tokens.issue(a_user(), now=clock.now() + timedelta(seconds=3)).token

    actor = tokens.verify(token)

    assert actor.role == "user"


def test_rejects_the_token_when_its_issue_time_is_in_the_future(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey
) -> None:
    claims = _valid_claims() | {"iat": int(T0.timestamp()) + 60}
    token = _signed(claims, signing_key, kid=_kid(signing_key))

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_rejects_the_token_when_it_is_not_valid_before_a_later_time(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey
) -> None:
    claims = _valid_claims() | {"nbf": int(T0.timestamp()) + 60}
    token = _signed(claims, signing_key, kid=_kid(signing_key))

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_accepts_a_hand_signed_token_when_every_claim_is_right(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey
) -> None:
    # Guards the tests below: each breaks exactly one thing of this token.
    token = _signed(_valid_claims(), signing_key, kid=_kid(signing_key))

    actor = tokens.verify(token)

    assert actor.email_verified is True


@pytest.mark.parametrize(
    "claim", ["iss", "aud", "sub", "iat", "nbf", "exp", "jti", "role", "email_verified"]
)
def test_rejects_the_token_when_a_claim_is_missing(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey, claim: str
) -> None:
    claims = _valid_claims()
    del claims[claim]
    token = _signed(claims, signing_key, kid=_kid(signing_key))

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("sub", "not-a-uuid"),
        ("role", ["admin"]),
        ("email_verified", "true"),
        ("exp", "9999999999"),
        ("iat", 1.5),
        ("aud", [AUDIENCE, "another-service"]),
    ],
)
def test_rejects_the_token_when_a_claim_has_the_wrong_type(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey, claim: str, value: object
) -> None:
    claims = _valid_claims() | {claim: value}
    token = _signed(claims, signing_key, kid=_kid(signing_key))

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_rejects_the_token_when_the_issuer_is_another(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey, clock: FixedClock
) -> None:
    other = JwtAccessTokens(
        signing_key=signing_key, issuer="https://evil.test", audience=AUDIENCE, clock=clock
    )
    token = other.issue(a_user(), now=T0).token

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_rejects_the_token_when_it_is_for_another_audience(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey, clock: FixedClock
) -> None:
    other = JwtAccessTokens(
        signing_key=signing_key, issuer=ISSUER, audience="another-service", clock=clock
    )
    token = other.issue(a_user(), now=T0).token

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_rejects_the_token_when_another_key_signed_it(
    tokens: JwtAccessTokens, clock: FixedClock
) -> None:
    other = JwtAccessTokens(
        signing_key=Ed25519PrivateKey.generate(), issuer=ISSUER, audience=AUDIENCE, clock=clock
    )
    token = other.issue(a_user(), now=T0).token

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_rejects_the_token_when_another_key_signed_it_under_our_kid(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey
) -> None:
    token = _signed(_valid_claims(), Ed25519PrivateKey.generate(), kid=_kid(signing_key))

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


@pytest.mark.parametrize("kid", [None, 7, ["a"], {"kid": "a"}, ""])
def test_rejects_the_token_when_the_kid_is_missing_or_malformed(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey, kid: object
) -> None:
    token = _signed(_valid_claims(), signing_key, kid=kid)

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_rejects_the_token_when_its_payload_was_altered(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey
) -> None:
    token = _signed(_valid_claims(), signing_key, kid=_kid(signing_key))
    header, _, signature = token.split(".")
    forged = _segment(_valid_claims() | {"role": "admin"})

    with pytest.raises(InvalidTokenError):
        tokens.verify(f"{header}.{forged}.{signature}")


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_rejects_the_token_when_it_claims_no_algorithm(
    tokens: JwtAccessTokens, signing_key: Ed25519PrivateKey, alg: str
) -> None:
    header = {"alg": alg, "typ": "JWT", "kid": _kid(signing_key)}
    token = f"{_segment(header)}.{_segment(_valid_claims())}."

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def _public_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PublicFormat.SubjectPublicKeyInfo,
    )


@pytest.mark.parametrize(
    "secret_of",
    [_public_pem, _raw_public_key, lambda key: _b64(_raw_public_key(key)).encode()],
    ids=["pem", "raw", "jwk-x"],
)
def test_rejects_the_token_when_hmac_signed_with_the_public_key(
    tokens: JwtAccessTokens,
    signing_key: Ed25519PrivateKey,
    secret_of: Callable[[Ed25519PrivateKey], bytes],
) -> None:
    header = {"alg": "HS256", "typ": "JWT", "kid": _kid(signing_key)}
    token = _hs256(header, _valid_claims(), secret_of(signing_key))

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "Bearer",
        "a.b.c",
        "...",
        "e30.e30.",
        "not a token at all",
        "élan.vital.token",
        "\ud800.\udfff.x",
        "eyJhbGciOiJFZERTQSJ9",
    ],
)
def test_rejects_the_token_when_it_is_garbage(tokens: JwtAccessTokens, garbage: str) -> None:
    with pytest.raises(InvalidTokenError):
        tokens.verify(garbage)


@pytest.mark.parametrize(
    "damage",
    [
        lambda token: token[:-10],
        lambda token: token.rsplit(".", 1)[0],
        lambda token: token.rsplit(".", 1)[0] + ".",
        lambda token: token + "A",
        lambda token: token.replace(".", "", 1),
        lambda token: token[: len(token) // 2],
    ],
    ids=["short-signature", "no-signature", "empty-signature", "longer", "merged", "halved"],
)
def test_rejects_the_token_when_it_was_truncated_or_damaged(
    tokens: JwtAccessTokens, damage: Callable[[str], str]
) -> None:
    token = tokens.issue(a_user(), now=T0).token

    with pytest.raises(InvalidTokenError):
        tokens.verify(damage(token))


def test_accepts_the_token_when_a_retired_key_signed_it_and_is_still_listed(
    clock: FixedClock, signing_key: Ed25519PrivateKey
) -> None:
    retired = JwtAccessTokens(
        signing_key=Ed25519PrivateKey.generate(), issuer=ISSUER, audience=AUDIENCE, clock=clock
    )
    token = retired.issue(a_user(), now=T0).token
    retired_public = jwt.PyJWK(retired.public_jwks()["keys"][0]).key
    rotated = JwtAccessTokens(
        signing_key=signing_key,
        verification_keys=[retired_public],
        issuer=ISSUER,
        audience=AUDIENCE,
        clock=clock,
    )

    actor = rotated.verify(token)

    assert actor.role == "user"


def test_jwks_lists_the_signing_key_first_and_then_extra_keys_when_rotating(
    clock: FixedClock, signing_key: Ed25519PrivateKey
) -> None:
    retired = Ed25519PrivateKey.generate()
    tokens = JwtAccessTokens(
        signing_key=signing_key,
        verification_keys=[retired.public_key(), signing_key.public_key()],
        issuer=ISSUER,
        audience=AUDIENCE,
        clock=clock,
    )

    kids = [key["kid"] for key in tokens.public_jwks()["keys"]]

    assert kids == [jwk_thumbprint(signing_key.public_key()), jwk_thumbprint(retired.public_key())]


def test_raises_value_error_when_the_ttl_is_below_one_second(
    signing_key: Ed25519PrivateKey, clock: FixedClock
) -> None:
    with pytest.raises(ValueError, match="ttl"):
        JwtAccessTokens(
            signing_key=signing_key,
            issuer=ISSUER,
            audience=AUDIENCE,
            clock=clock,
            ttl=timedelta(milliseconds=500),
        )


def test_cached_token_is_still_refused_when_it_expires_after_first_use(
    tokens: JwtAccessTokens, clock: FixedClock
) -> None:
    token = tokens.issue(a_user(), now=clock.now()).token
    tokens.verify(token)
    clock.advance(timedelta(minutes=16))

    with pytest.raises(InvalidTokenError):
        tokens.verify(token)


def test_same_actor_is_returned_when_a_token_is_verified_again(tokens: JwtAccessTokens) -> None:
    token = tokens.issue(a_user(), now=T0).token

    first, second = tokens.verify(token), tokens.verify(token)

    assert first == second
