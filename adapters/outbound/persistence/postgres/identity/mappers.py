"""Rows to aggregates (through ``restore``) and aggregates to column values."""

from __future__ import annotations

from typing import Any

from adapters.outbound.persistence.postgres.statements import Row
from domain.identity.tokens import OneTimePurpose, OneTimeToken, RefreshToken, TokenFamilyId
from domain.identity.user import User
from domain.identity.values import EmailAddress, FullName, Role, UserId, UserStatus


def user_from_row(row: Row) -> User:
    return User.restore(
        id=UserId(row.id),
        email=EmailAddress(row.email),
        full_name=FullName(row.full_name),
        password_hash=row.password_hash,
        role=Role(row.role),
        status=UserStatus(row.status),
        email_verified=row.email_verified,
        created_at=row.created_at,
        updated_at=row.updated_at,
        failed_logins=row.failed_logins,
        locked_until=row.locked_until,
        version=row.version,
    )


def user_values(user: User) -> dict[str, Any]:
    """Every column but ``id``, ``created_at`` and ``version``, which never change on save."""
    return {
        "email": user.email.value,
        "full_name": user.full_name.value,
        "password_hash": user.password_hash,
        "role": user.role.value,
        "status": user.status.value,
        "email_verified": user.email_verified,
        "updated_at": user.updated_at,
        "failed_logins": user.failed_logins,
        "locked_until": user.locked_until,
    }


def refresh_token_from_row(row: Row) -> RefreshToken:
    return RefreshToken(
        id=row.id,
        family_id=TokenFamilyId(row.family_id),
        user_id=UserId(row.user_id),
        token_hash=row.token_hash,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        rotated_at=row.rotated_at,
        revoked_at=row.revoked_at,
    )


def refresh_token_values(token: RefreshToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "family_id": token.family_id,
        "user_id": token.user_id,
        "token_hash": token.token_hash,
        "issued_at": token.issued_at,
        "expires_at": token.expires_at,
        "rotated_at": token.rotated_at,
        "revoked_at": token.revoked_at,
    }


def one_time_token_from_row(row: Row) -> OneTimeToken:
    return OneTimeToken(
        id=row.id,
        user_id=UserId(row.user_id),
        purpose=OneTimePurpose(row.purpose),
        token_hash=row.token_hash,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
    )


def one_time_token_values(token: OneTimeToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "user_id": token.user_id,
        "purpose": token.purpose.value,
        "token_hash": token.token_hash,
        "issued_at": token.issued_at,
        "expires_at": token.expires_at,
        "used_at": token.used_at,
    }
