"""The User aggregate: a person's account, its standing, and its login throttle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Self

from domain.identity.errors import IllegalUserTransitionError
from domain.identity.events import (
    AccountLocked,
    EmailVerified,
    PasswordChanged,
    RoleChanged,
    UserRegistered,
    UserStatusChanged,
)
from domain.identity.values import EmailAddress, FullName, Role, UserId, UserStatus
from domain.shared.events import EventRecorder


@dataclass(frozen=True, slots=True)
class LockoutPolicy:
    """After ``threshold`` consecutive failures the account locks, for longer each time.

    The lock always ends by itself (at most ``max_lock``) and a password reset lifts it,
    so an attacker can slow a victim's logins down but never lock them out for good.
    """

    threshold: int = 5
    first_lock: timedelta = timedelta(minutes=1)
    max_lock: timedelta = timedelta(minutes=15)

    def lock_for(self, failures: int) -> timedelta | None:
        if failures < self.threshold:
            return None
        doublings = min(failures - self.threshold, 16)
        lock: timedelta = min(self.first_lock * 2**doublings, self.max_lock)
        return lock


# The status machine in one table: which status may follow which.
_STATUS_TRANSITIONS: dict[UserStatus, frozenset[UserStatus]] = {
    UserStatus.ACTIVE: frozenset({UserStatus.SUSPENDED, UserStatus.DELETED}),
    UserStatus.SUSPENDED: frozenset({UserStatus.ACTIVE, UserStatus.DELETED}),
    UserStatus.DELETED: frozenset(),
}


class User(EventRecorder):
    """A registered account.

    The password hash is opaque here: hashing is an application concern behind a port.
    ``version`` counts saved changes, so a repository can refuse a stale write.
    """

    __slots__ = (
        "created_at",
        "email",
        "email_verified",
        "failed_logins",
        "full_name",
        "id",
        "locked_until",
        "password_hash",
        "role",
        "status",
        "updated_at",
        "version",
    )

    def __init__(
        self,
        *,
        id: UserId,
        email: EmailAddress,
        full_name: FullName,
        password_hash: str,
        role: Role,
        status: UserStatus,
        email_verified: bool,
        created_at: datetime,
        updated_at: datetime,
        failed_logins: int,
        locked_until: datetime | None,
        version: int,
    ) -> None:
        super().__init__()
        self.id = id
        self.email = email
        self.full_name = full_name
        self.password_hash = password_hash
        self.role = role
        self.status = status
        self.email_verified = email_verified
        self.created_at = created_at
        self.updated_at = updated_at
        self.failed_logins = failed_logins
        self.locked_until = locked_until
        self.version = version

    @classmethod
    def register(
        cls,
        *,
        id: UserId,
        email: EmailAddress,
        full_name: FullName,
        password_hash: str,
        now: datetime,
        role: Role = Role.USER,
        email_verified: bool = False,
    ) -> Self:
        user = cls(
            id=id,
            email=email,
            full_name=full_name,
            password_hash=password_hash,
            role=role,
            status=UserStatus.ACTIVE,
            email_verified=email_verified,
            created_at=now,
            updated_at=now,
            failed_logins=0,
            locked_until=None,
            version=0,
        )
        user._record(UserRegistered(occurred_at=now, user_id=id, email=email.value))
        return user

    @classmethod
    def restore(
        cls,
        *,
        id: UserId,
        email: EmailAddress,
        full_name: FullName,
        password_hash: str,
        role: Role,
        status: UserStatus,
        email_verified: bool,
        created_at: datetime,
        updated_at: datetime,
        failed_logins: int,
        locked_until: datetime | None,
        version: int,
    ) -> Self:
        """Rebuild a stored user; for persistence adapters only."""
        return cls(
            id=id,
            email=email,
            full_name=full_name,
            password_hash=password_hash,
            role=role,
            status=status,
            email_verified=email_verified,
            created_at=created_at,
            updated_at=updated_at,
            failed_logins=failed_logins,
            locked_until=locked_until,
            version=version,
        )

    @property
    def is_active(self) -> bool:
        return self.status is UserStatus.ACTIVE

    @property
    def is_active_admin(self) -> bool:
        return self.is_active and self.role is Role.ADMIN

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def verify_email(self, *, now: datetime) -> None:
        if self.email_verified:
            return
        self.email_verified = True
        self.updated_at = now
        self._record(EmailVerified(occurred_at=now, user_id=self.id))

    def rename(self, full_name: FullName, *, now: datetime) -> None:
        if full_name != self.full_name:
            self.full_name = full_name
            self.updated_at = now

    def change_password(self, password_hash: str, *, now: datetime) -> None:
        """Set a new password; this also lifts any login lock."""
        self.password_hash = password_hash
        self.failed_logins = 0
        self.locked_until = None
        self.updated_at = now
        self._record(PasswordChanged(occurred_at=now, user_id=self.id))

    def upgrade_password_hash(self, password_hash: str, *, now: datetime) -> None:
        """Store the same password hashed with newer parameters; no event, no revocation."""
        self.password_hash = password_hash
        self.updated_at = now

    def record_failed_login(self, *, now: datetime, policy: LockoutPolicy) -> None:
        self.failed_logins += 1
        lock = policy.lock_for(self.failed_logins)
        if lock is not None:
            self.locked_until = now + lock
            self._record(
                AccountLocked(
                    occurred_at=now,
                    user_id=self.id,
                    until=self.locked_until,
                    failed_attempts=self.failed_logins,
                )
            )
        self.updated_at = now

    def record_successful_login(self, *, now: datetime) -> bool:
        """Clear the failure count; True when there was anything to clear."""
        if not self.failed_logins and self.locked_until is None:
            return False
        self.failed_logins = 0
        self.locked_until = None
        self.updated_at = now
        return True

    def change_role(self, role: Role, *, by: UserId, now: datetime) -> None:
        if self.status is UserStatus.DELETED:
            raise IllegalUserTransitionError("a deleted user's role cannot change")
        if role is self.role:
            return
        old, self.role = self.role, role
        self.updated_at = now
        self._record(
            RoleChanged(occurred_at=now, user_id=self.id, old_role=old, new_role=role, by=by)
        )

    def suspend(self, *, by: UserId, now: datetime) -> None:
        self._move_to(UserStatus.SUSPENDED, by=by, now=now)

    def reactivate(self, *, by: UserId, now: datetime) -> None:
        self._move_to(UserStatus.ACTIVE, by=by, now=now)

    def delete(self, *, by: UserId, now: datetime) -> None:
        self._move_to(UserStatus.DELETED, by=by, now=now)

    def _move_to(self, status: UserStatus, *, by: UserId, now: datetime) -> None:
        if status is self.status:
            return
        if status not in _STATUS_TRANSITIONS[self.status]:
            raise IllegalUserTransitionError(f"a {self.status} user cannot become {status}")
        old, self.status = self.status, status
        self.updated_at = now
        self._record(
            UserStatusChanged(
                occurred_at=now, user_id=self.id, old_status=old, new_status=status, by=by
            )
        )
