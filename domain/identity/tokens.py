"""Refresh tokens (rotated, grouped in families) and single-use tokens sent by email.

Only a hash of each token is kept; the plain token exists in the response or the email.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NewType
from uuid import UUID

from domain.identity.values import UserId

TokenFamilyId = NewType("TokenFamilyId", UUID)


class RefreshTokenState(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    # A token that was already exchanged for a newer one: a sign the token leaked.
    REUSED = "reused"


@dataclass(slots=True, kw_only=True)
class RefreshToken:
    """One link of a login session's chain: using it yields the next and spends this one."""

    id: UUID
    family_id: TokenFamilyId
    user_id: UserId
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    rotated_at: datetime | None = None
    revoked_at: datetime | None = None

    def state(self, now: datetime) -> RefreshTokenState:
        if self.rotated_at is not None:
            return RefreshTokenState.REUSED
        if self.revoked_at is not None:
            return RefreshTokenState.REVOKED
        if now >= self.expires_at:
            return RefreshTokenState.EXPIRED
        return RefreshTokenState.VALID

    def rotate(self, *, now: datetime) -> None:
        self.rotated_at = now

    def revoke(self, *, now: datetime) -> None:
        if self.revoked_at is None:
            self.revoked_at = now


class OneTimePurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"


@dataclass(slots=True, kw_only=True)
class OneTimeToken:
    """A token mailed to a user for one purpose; it works once, before it expires."""

    id: UUID
    user_id: UserId
    purpose: OneTimePurpose
    token_hash: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at

    def use(self, *, now: datetime) -> None:
        self.used_at = now
