"""Ports of the identity context. Each docstring is the contract its adapters honour."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from application.identity.views import UserView
from application.shared.pagination import TimeCursor
from domain.identity.tokens import OneTimePurpose, OneTimeToken, RefreshToken, TokenFamilyId
from domain.identity.user import User
from domain.identity.values import EmailAddress, Role, UserId, UserStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class UserFilter:
    role: Role | None = None
    status: UserStatus | None = None
    email_verified: bool | None = None
    text: str | None = None  # case-insensitive substring of email or full name


class UserRepository(abc.ABC):
    """Users, unique by email among users not deleted.

    - ``add`` raises EmailAlreadyRegisteredError when a user that is not deleted has
      the same email.
    - ``get`` returns None for an unknown id; ``get_by_email`` returns None unless a
      user that is not deleted has that email.
    - ``save`` writes a loaded user back, increments its ``version``, and raises
      ConcurrentUpdateError if the stored version is no longer the one loaded (or the
      user was never added).
    - ``list`` returns users matching the filter, newest first (created_at, then id,
      descending), strictly after ``after`` when given, at most ``limit`` of them.
    - ``count_active_admins`` counts active admins and holds them against concurrent
      change until the unit of work ends, so two demotions cannot both pass the check.
    - Returned users are copies: changing one changes nothing stored until ``save``.
    """

    @abc.abstractmethod
    async def add(self, user: User) -> None: ...

    @abc.abstractmethod
    async def get(self, user_id: UserId) -> User | None: ...

    @abc.abstractmethod
    async def get_by_email(self, email: EmailAddress) -> User | None: ...

    @abc.abstractmethod
    async def save(self, user: User) -> None: ...

    @abc.abstractmethod
    async def list(
        self, user_filter: UserFilter, *, after: TimeCursor | None, limit: int
    ) -> list[User]: ...

    @abc.abstractmethod
    async def count_active_admins(self) -> int: ...


class RefreshTokenRepository(abc.ABC):
    """Refresh tokens by digest.

    - ``get_by_digest`` returns None for an unknown digest, and holds the token against
      concurrent use until the unit of work ends (two refreshes with one token: the
      second sees it rotated).
    - ``add`` raises UserNotFoundError for an unknown user and ConflictError for a
      digest already stored. Given ``user_version``, it adds the token only while the
      user is stored at that version, raises ConcurrentUpdateError otherwise, and holds
      the user against concurrent change until the unit of work ends: a session opens
      only for the account exactly as the caller checked it.
    - ``save`` writes back ``rotated_at`` and ``revoked_at``.
    - ``revoke_family`` revokes every token of the family; ``revoke_all_for_user``
      every token of the user except those of ``keep_family``; both leave already
      revoked tokens as they are and return how many they revoked.
    """

    @abc.abstractmethod
    async def add(self, token: RefreshToken, *, user_version: int | None = None) -> None: ...

    @abc.abstractmethod
    async def get_by_digest(self, digest: str) -> RefreshToken | None: ...

    @abc.abstractmethod
    async def save(self, token: RefreshToken) -> None: ...

    @abc.abstractmethod
    async def revoke_family(self, family_id: TokenFamilyId, *, now: datetime) -> int: ...

    @abc.abstractmethod
    async def revoke_all_for_user(
        self, user_id: UserId, *, now: datetime, keep_family: TokenFamilyId | None = None
    ) -> int: ...


class OneTimeTokenRepository(abc.ABC):
    """Tokens mailed for email verification and password reset, by digest.

    - ``get_by_digest`` returns None for an unknown digest or one of another purpose,
      and holds the token against concurrent use until the unit of work ends.
    - ``add`` raises UserNotFoundError for an unknown user and ConflictError for a
      digest already stored.
    - ``save`` writes back ``used_at``.
    - ``use_all`` marks every unused token of the user and purpose as used, so only a
      token issued afterwards works.
    """

    @abc.abstractmethod
    async def add(self, token: OneTimeToken) -> None: ...

    @abc.abstractmethod
    async def get_by_digest(self, digest: str, purpose: OneTimePurpose) -> OneTimeToken | None: ...

    @abc.abstractmethod
    async def save(self, token: OneTimeToken) -> None: ...

    @abc.abstractmethod
    async def use_all(self, user_id: UserId, purpose: OneTimePurpose, *, now: datetime) -> None: ...


class UserViews(abc.ABC):
    """Users as they see their own profile, read without restoring the aggregate.

    ``active`` returns the view of the user with that id while their account is active
    (not suspended or deleted), else None. The profile is read on every signed-in page,
    and restoring a user (re-checking every value) cost more than reading it.
    """

    @abc.abstractmethod
    async def active(self, user_id: UserId) -> UserView | None: ...


class IdentityUnitOfWork(abc.ABC):
    """One transaction over identity's repositories.

    ``async with uow:`` begins; ``await uow.commit()`` makes the changes durable;
    leaving the block without commit (or by an exception) discards them. A unit of
    work is used for one transaction at a time.
    """

    users: UserRepository
    user_views: UserViews
    refresh_tokens: RefreshTokenRepository
    one_time_tokens: OneTimeTokenRepository

    @abc.abstractmethod
    async def __aenter__(self) -> Self: ...

    @abc.abstractmethod
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    @abc.abstractmethod
    async def commit(self) -> None: ...


class PasswordHasher(abc.ABC):
    """Hashes passwords with a slow, salted function, off the event loop.

    ``verify`` returns False for a wrong password or a hash it cannot read, never
    raises for them; ``needs_rehash`` is True when the hash was made with parameters
    other than the current ones. ``verify_nothing`` costs what a failing ``verify``
    costs, so a login for an unknown email takes as long as one for a known email.
    """

    @abc.abstractmethod
    async def hash(self, password: str) -> str: ...

    @abc.abstractmethod
    async def verify(self, password_hash: str, password: str) -> bool: ...

    @abc.abstractmethod
    async def verify_nothing(self, password: str) -> None: ...

    @abc.abstractmethod
    def needs_rehash(self, password_hash: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class IssuedAccessToken:
    token: str
    expires_in: int  # seconds


class AccessTokenIssuer(abc.ABC):
    """Signs short-lived access tokens that AccessTokenVerifier adapters accept.

    ``public_jwks`` returns the JSON Web Key Set of the public keys that verify them.
    """

    @abc.abstractmethod
    def issue(self, user: User, *, now: datetime) -> IssuedAccessToken: ...

    @abc.abstractmethod
    def public_jwks(self) -> dict[str, Any]: ...
