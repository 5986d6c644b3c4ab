"""Builders for identity's stored things: users with unique emails, and their tokens.

Every user gets a fresh id and a fresh email, so tests against a shared database never
collide; times default to the fixed ``T0`` and move only when a test says so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from domain.identity.tokens import OneTimePurpose, OneTimeToken, RefreshToken, TokenFamilyId
from domain.identity.user import User
from domain.identity.values import EmailAddress, FullName, Role, UserId, UserStatus

T0 = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)

PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"


def later(*, seconds: float = 0, minutes: float = 0, days: float = 0) -> datetime:
    """The instant that far after ``T0``."""
    return T0 + timedelta(seconds=seconds, minutes=minutes, days=days)


def a_unique_email(local: str = "user") -> str:
    # Digits only: hex letters could spell a word a text filter looks for ("ada").
    return f"{local}-{uuid4().int % 10**15:015d}@example.com"


def a_user(
    *,
    email: str | None = None,
    full_name: str = "Grace Hopper",
    role: Role = Role.USER,
    status: UserStatus = UserStatus.ACTIVE,
    email_verified: bool = False,
    created_at: datetime = T0,
) -> User:
    """A user made by ``User.register`` (its events still pending), then moved to ``status``."""
    user = User.register(
        id=UserId(uuid4()),
        email=EmailAddress.parse(email if email is not None else a_unique_email()),
        full_name=FullName.parse(full_name),
        password_hash=PASSWORD_HASH,
        now=created_at,
        role=role,
        email_verified=email_verified,
    )
    if status is UserStatus.SUSPENDED:
        user.suspend(by=user.id, now=created_at)
    elif status is UserStatus.DELETED:
        user.delete(by=user.id, now=created_at)
    return user


def a_refresh_token(
    user: User,
    *,
    family_id: TokenFamilyId | None = None,
    issued_at: datetime = T0,
    expires_at: datetime | None = None,
    revoked_at: datetime | None = None,
) -> RefreshToken:
    """A refresh token of ``user``, valid for 30 days unless told otherwise."""
    return RefreshToken(
        id=uuid4(),
        family_id=family_id if family_id is not None else a_family_id(),
        user_id=user.id,
        token_hash=a_digest(),
        issued_at=issued_at,
        expires_at=expires_at if expires_at is not None else issued_at + timedelta(days=30),
        revoked_at=revoked_at,
    )


def a_family_id() -> TokenFamilyId:
    return TokenFamilyId(uuid4())


def a_one_time_token(
    user: User,
    *,
    purpose: OneTimePurpose = OneTimePurpose.VERIFY_EMAIL,
    issued_at: datetime = T0,
    used_at: datetime | None = None,
) -> OneTimeToken:
    """A single-use token mailed to ``user``, valid for an hour."""
    return OneTimeToken(
        id=uuid4(),
        user_id=user.id,
        purpose=purpose,
        token_hash=a_digest(),
        issued_at=issued_at,
        expires_at=issued_at + timedelta(hours=1),
        used_at=used_at,
    )


def a_digest() -> str:
    """A stand-in for the SHA-256 hex digest the application stores."""
    return uuid4().hex + uuid4().hex
