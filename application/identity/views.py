"""Read models that identity use cases return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.identity.user import User


# Plain, not frozen or slotted, for speed on GET /users/me: see catalog's StockView.
@dataclass(kw_only=True)
class UserView:
    id: UUID
    email: str
    full_name: str
    role: str
    status: str
    email_verified: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, user: User) -> UserView:
        return cls(
            id=user.id,
            email=user.email.value,
            full_name=user.full_name.value,
            role=user.role.value,
            status=user.status.value,
            email_verified=user.email_verified,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class TokenPairView:
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"
