"""Opaque bearer secrets: 256 random bits for the holder, a SHA-256 digest for storage.

A fast digest is enough here (unlike passwords): the secret has full entropy, so the
digest cannot be reversed by guessing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OpaqueToken:
    plain: str
    digest: str


def new_opaque_token() -> OpaqueToken:
    plain = secrets.token_urlsafe(32)
    return OpaqueToken(plain=plain, digest=digest_token(plain))


def digest_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()
