"""Ports every context may use: time, mail, rate limits, security logging, token checks."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from application.shared.actor import Actor


class Clock(abc.ABC):
    """Tells the time; always timezone-aware UTC."""

    @abc.abstractmethod
    def now(self) -> datetime: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class EmailMessage:
    to: str
    subject: str
    text: str


class Mailer(abc.ABC):
    """Sends one email.

    ``send`` returns once the message is handed to the transport; it raises
    DependencyUnavailableError when the transport cannot take it.
    """

    @abc.abstractmethod
    async def send(self, message: EmailMessage) -> None: ...


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most ``amount`` hits per ``per_seconds`` for one key of the named limit."""

    name: str
    amount: int
    per_seconds: int


class RateLimiter(abc.ABC):
    """Counts hits per (limit, key) in a moving window.

    ``hit`` records one hit and raises RateLimitedError, with the seconds until a hit
    would be accepted again, once the key has used up its limit in the window. Hits
    on different keys or different limit names never affect each other. ``reset``
    forgets the key's hits.
    """

    @abc.abstractmethod
    async def hit(self, limit: RateLimit, key: str) -> None: ...

    @abc.abstractmethod
    async def reset(self, limit: RateLimit, key: str) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityEvent:
    """A fact a security team wants to see: never carries a password or token."""

    kind: str
    user_id: UUID | None = None
    email: str | None = None
    actor_id: UUID | None = None
    client: str | None = None
    detail: dict[str, str] = field(default_factory=dict)


class SecurityLog(abc.ABC):
    """Records security events; ``record`` never raises for a well-formed event."""

    @abc.abstractmethod
    async def record(self, event: SecurityEvent) -> None: ...


class AccessTokenVerifier(abc.ABC):
    """Turns a bearer access token into the Actor it was issued to.

    ``verify`` raises InvalidTokenError for any token it did not issue, one that is
    expired or not yet valid, or one with the wrong issuer, audience or algorithm.
    """

    @abc.abstractmethod
    def verify(self, token: str) -> Actor: ...


class ReadinessProbe(abc.ABC):
    """Tells whether the servers this process needs answer.

    ``check`` returns when they all do and raises DependencyUnavailableError naming the
    first that does not; it gives up within a couple of seconds.
    """

    @abc.abstractmethod
    async def check(self) -> None: ...
