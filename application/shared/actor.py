"""The authenticated caller, as every use case sees it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.shared.errors import PermissionDeniedError

ADMIN_ROLE = "admin"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who is acting: taken from a verified access token, never from the request body."""

    user_id: UUID
    role: str
    email_verified: bool

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN_ROLE

    def may_see(self, owner_id: UUID) -> bool:
        """Owners see their own things; admins see everything."""
        return self.is_admin or owner_id == self.user_id

    def require_admin(self) -> None:
        if not self.is_admin:
            raise PermissionDeniedError("this operation is for admins only")
