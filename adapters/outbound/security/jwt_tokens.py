"""Access tokens as EdDSA-signed JWTs that any service can verify with the public JWKS."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from application.identity.ports import AccessTokenIssuer, IssuedAccessToken
from application.shared.actor import Actor
from application.shared.errors import InvalidTokenError
from application.shared.ports import AccessTokenVerifier, Clock
from domain.identity.user import User

_ALGORITHM = "EdDSA"
_REQUIRED_CLAIMS = ["iss", "aud", "sub", "iat", "nbf", "exp", "jti", "role", "email_verified"]
# Enough for clocks of servers in one deployment to disagree, too little to matter for expiry.
_LEEWAY_SECONDS = 5
_COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
# Verified tokens remembered (oldest dropped first): ~a few MB at most.
_VERIFIED_CACHE_SIZE = 10_000


class JwtAccessTokens(AccessTokenIssuer, AccessTokenVerifier):
    """Signs with one Ed25519 key; verifies with it and any ``verification_keys``.

    The ``kid`` header is the key's RFC 7638 thumbprint, so after a rotation tokens of
    the retired key stay valid while it is listed in ``verification_keys``. Times are
    checked against the injected clock, not the wall clock, with five seconds of leeway.
    """

    def __init__(
        self,
        *,
        signing_key: Ed25519PrivateKey,
        verification_keys: Sequence[Ed25519PublicKey] = (),
        issuer: str,
        audience: str,
        clock: Clock,
        ttl: timedelta = timedelta(minutes=15),
    ) -> None:
        if ttl.total_seconds() < 1:
            raise ValueError("the access token ttl must be at least one second")
        public_key = signing_key.public_key()
        self._signing_key = signing_key
        self._signing_kid = jwk_thumbprint(public_key)
        self._keys = {self._signing_kid: public_key}
        for key in verification_keys:
            self._keys.setdefault(jwk_thumbprint(key), key)
        self._issuer = issuer
        self._audience = audience
        self._clock = clock
        self._ttl_seconds = int(ttl.total_seconds())
        self._verified: dict[str, tuple[dict[str, Any], Actor]] = {}

    def issue(self, user: User, *, now: datetime) -> IssuedAccessToken:
        issued_at = int(now.timestamp())
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": str(user.id),
            "iat": issued_at,
            "nbf": issued_at,
            "exp": issued_at + self._ttl_seconds,
            "jti": secrets.token_urlsafe(16),
            "role": str(user.role),
            "email_verified": user.email_verified,
        }
        token = jwt.encode(
            claims, self._signing_key, algorithm=_ALGORITHM, headers={"kid": self._signing_kid}
        )
        return IssuedAccessToken(token=token, expires_in=self._ttl_seconds)

    def verify(self, token: str) -> Actor:
        # A client sends the same token with every request until it expires: the signature
        # of those exact bytes was checked once, so a hit only re-checks the times.
        cached = self._verified.get(token)
        if cached is not None:
            claims, actor = cached
            self._check_times(claims)
            return actor
        # Three base64url segments and nothing else: PyJWT also accepts padding, which
        # would give one token several accepted spellings.
        if not _COMPACT_JWS.fullmatch(token):
            raise InvalidTokenError()
        claims = self._decode(token)
        self._check_times(claims)
        actor = _actor_from(claims)
        if len(self._verified) >= _VERIFIED_CACHE_SIZE:
            self._verified.pop(next(iter(self._verified)))
        self._verified[token] = (claims, actor)
        return actor

    def public_jwks(self) -> dict[str, Any]:
        return {"keys": [_public_jwk(kid, key) for kid, key in self._keys.items()]}

    def _decode(self, token: str) -> dict[str, Any]:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._keys.get(kid) if isinstance(kid, str) else None
            if key is None:
                raise InvalidTokenError()
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[_ALGORITHM],
                issuer=self._issuer,
                audience=self._audience,
                options={
                    "require": _REQUIRED_CLAIMS,
                    "strict_aud": True,
                    # PyJWT reads the wall clock; _check_times uses ours.
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                },
            )
        except jwt.PyJWTError as error:
            raise InvalidTokenError() from error
        return claims

    def _check_times(self, claims: dict[str, Any]) -> None:
        issued_at, not_before, expires = claims["iat"], claims["nbf"], claims["exp"]
        if not all(_is_int(value) for value in (issued_at, not_before, expires)):
            raise InvalidTokenError()
        now = self._clock.now().timestamp()
        if issued_at > now + _LEEWAY_SECONDS or not_before > now + _LEEWAY_SECONDS:
            raise InvalidTokenError()
        if expires <= now - _LEEWAY_SECONDS:
            raise InvalidTokenError()


def jwk_thumbprint(key: Ed25519PublicKey) -> str:
    """The RFC 7638 thumbprint: SHA-256 of the required members, sorted, no whitespace."""
    members = {"crv": "Ed25519", "kty": "OKP", "x": _raw_public_key(key)}
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":"))
    return _base64url(hashlib.sha256(canonical.encode()).digest())


def _actor_from(claims: dict[str, Any]) -> Actor:
    role, email_verified = claims["role"], claims["email_verified"]
    if not isinstance(role, str) or not isinstance(email_verified, bool):
        raise InvalidTokenError()
    try:
        user_id = UUID(claims["sub"])
    except ValueError as error:
        raise InvalidTokenError() from error
    return Actor(user_id=user_id, role=role, email_verified=email_verified)


def _public_jwk(kid: str, key: Ed25519PublicKey) -> dict[str, str]:
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": _raw_public_key(key),
        "kid": kid,
        "use": "sig",
        "alg": _ALGORITHM,
    }


def _raw_public_key(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(
        encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw
    )
    return _base64url(raw)


def _base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
