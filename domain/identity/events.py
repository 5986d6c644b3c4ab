"""Events of the identity model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.identity.values import Role, UserStatus
from domain.shared.events import DomainEvent


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRegistered(DomainEvent):
    user_id: UUID
    email: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailVerified(DomainEvent):
    user_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class PasswordChanged(DomainEvent):
    user_id: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleChanged(DomainEvent):
    user_id: UUID
    old_role: Role
    new_role: Role
    by: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class UserStatusChanged(DomainEvent):
    user_id: UUID
    old_status: UserStatus
    new_status: UserStatus
    by: UUID


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountLocked(DomainEvent):
    user_id: UUID
    until: datetime
    failed_attempts: int
