"""Builders for the identity domain: users and tokens with sensible, overridable defaults.

Times are fixed (``T0`` and offsets from it) so no test depends on the real clock; ids are
fresh UUIDs so no two built objects share one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from domain.identity.tokens import (
    OneTimePurpose,
    OneTimeToken,
    RefreshToken,
    TokenFamilyId,
)
from domain.identity.user import User
from domain.identity.values import EmailAddress, FullName, Role, UserId, UserStatus

T0 = datetime(2025, 3, 14, 9, 26, 53, tzinfo=UTC)


def at(*, minutes: float = 0, seconds: float = 0) -> datetime:
    """A fixed instant ``minutes`` and ``seconds`` after ``T0``."""
    return T0 + timedelta(minutes=minutes, seconds=seconds)


def a_user_id() -> UserId:
    return UserId(uuid4())


def a_registered_user(
    *,
    email: str = "ada.lovelace@example.com",
    full_name: str = "Ada Lovelace",
    role: Role = Role.USER,
    email_verified: bool = False,
    now: datetime = T0,
) -> User:
    """A user just made by ``User.register``; its UserRegistered event is still pending."""
    return User.register(
        id=a_user_id(),
        email=EmailAddress.parse(email),
        full_name=FullName.parse(full_name),
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        now=now,
        role=role,
        email_verified=email_verified,
    )


def a_user(
    *,
    email: str = "ada.lovelace@example.com",
    full_name: str = "Ada Lovelace",
    role: Role = Role.USER,
    status: UserStatus = UserStatus.ACTIVE,
    email_verified: bool = True,
    failed_logins: int = 0,
    locked_until: datetime | None = None,
    created_at: datetime = T0,
) -> User:
    """A stored user, as a repository would restore it: no pending events."""
    return User.restore(
        id=a_user_id(),
        email=EmailAddress.parse(email),
        full_name=FullName.parse(full_name),
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        role=role,
        status=status,
        email_verified=email_verified,
        created_at=created_at,
        updated_at=created_at,
        failed_logins=failed_logins,
        locked_until=locked_until,
        version=1,
    )


def a_refresh_token(
    *,
    issued_at: datetime = T0,
    expires_at: datetime | None = None,
    rotated_at: datetime | None = None,
    revoked_at: datetime | None = None,
    user_id: UUID | None = None,
) -> RefreshToken:
    """A refresh token issued at ``issued_at``, by default valid for 30 days."""
    return RefreshToken(
        id=uuid4(),
        family_id=TokenFamilyId(uuid4()),
        user_id=UserId(user_id or uuid4()),
        token_hash="sha256:" + uuid4().hex,
        issued_at=issued_at,
        expires_at=expires_at if expires_at is not None else issued_at + timedelta(days=30),
        rotated_at=rotated_at,
        revoked_at=revoked_at,
    )


def a_one_time_token(
    *,
    purpose: OneTimePurpose = OneTimePurpose.VERIFY_EMAIL,
    issued_at: datetime = T0,
    expires_at: datetime | None = None,
    used_at: datetime | None = None,
) -> OneTimeToken:
    """A single-use token issued at ``issued_at``, by default valid for one hour."""
    return OneTimeToken(
        id=uuid4(),
        user_id=a_user_id(),
        purpose=purpose,
        token_hash="sha256:" + uuid4().hex,
        issued_at=issued_at,
        expires_at=expires_at if expires_at is not None else issued_at + timedelta(hours=1),
        used_at=used_at,
    )
