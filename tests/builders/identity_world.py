"""Identity's handlers wired to in-memory adapters, as unit tests use them."""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adapters.outbound.mail.memory_mailer import InMemoryMailer
from adapters.outbound.persistence.memory.identity.store import InMemoryIdentityStore
from adapters.outbound.persistence.memory.identity.unit_of_work import InMemoryIdentityUnitOfWork
from adapters.outbound.rate_limit.limits_rate_limiter import LimitsRateLimiter
from adapters.outbound.security.argon2_hasher import Argon2PasswordHasher
from adapters.outbound.security.jwt_tokens import JwtAccessTokens
from adapters.outbound.security.security_log import InMemorySecurityLog
from application.identity.policy import IdentityPolicy
from application.shared.actor import Actor
from tests.support.clock import FixedClock

H = TypeVar("H")

STRONG_PASSWORD = "violet umbrella kettle 42"
OTHER_STRONG_PASSWORD = "granite lantern orchard 7"


def cheap_hasher() -> Argon2PasswordHasher:
    """argon2id with tiny costs: the same code path, a thousand times faster."""
    return Argon2PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


class GatedHasher(Argon2PasswordHasher):
    """The cheap hasher, whose verifications wait until the test opens ``gate``: the test
    changes an account while a login's password is being checked."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=64, parallelism=1)
        self.checking = asyncio.Event()
        self.gate = asyncio.Event()

    async def verify(self, password_hash: str, password: str) -> bool:
        self.checking.set()
        await self.gate.wait()
        return await super().verify(password_hash, password)


@dataclass
class IdentityWorld:
    clock: FixedClock = field(default_factory=lambda: FixedClock(datetime(2026, 1, 1, tzinfo=UTC)))
    store: InMemoryIdentityStore = field(default_factory=InMemoryIdentityStore)
    mailer: InMemoryMailer = field(default_factory=InMemoryMailer)
    security_log: InMemorySecurityLog = field(default_factory=InMemorySecurityLog)
    rate_limiter: LimitsRateLimiter = field(default_factory=LimitsRateLimiter.in_memory)
    hasher: Argon2PasswordHasher = field(default_factory=cheap_hasher)
    policy: IdentityPolicy = field(default_factory=IdentityPolicy)

    def __post_init__(self) -> None:
        self.tokens = JwtAccessTokens(
            signing_key=Ed25519PrivateKey.generate(),
            issuer="hexashop-test",
            audience="hexashop-test-api",
            clock=self.clock,
        )

    def uow(self) -> InMemoryIdentityUnitOfWork:
        return InMemoryIdentityUnitOfWork(self.store)

    def handler(self, cls: type[H]) -> H:
        """A handler of ``cls`` built with the adapters its constructor asks for, by name."""
        available: dict[str, object] = {
            "uow": self.uow(),
            "reader": self.uow(),
            "hasher": self.hasher,
            "issuer": self.tokens,
            "mailer": self.mailer,
            "rate_limiter": self.rate_limiter,
            "security_log": self.security_log,
            "clock": self.clock,
            "policy": self.policy,
        }
        wanted = inspect.signature(cls).parameters
        return cls(**{name: available[name] for name in wanted})

    def token_mailed_to(self, email: str) -> str:
        message = self.mailer.latest_to(email)
        assert message is not None, f"no mail to {email}"
        for word in message.text.split():
            if "token=" in word:
                return parse_qs(urlsplit(word).query)["token"][0]
        raise AssertionError("the mail carries no token link")

    def actor(self, user_id: UUID, *, role: str = "user", verified: bool = True) -> Actor:
        return Actor(user_id=user_id, role=role, email_verified=verified)
