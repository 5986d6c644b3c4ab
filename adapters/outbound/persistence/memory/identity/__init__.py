"""Identity's users and tokens kept in process memory."""

from adapters.outbound.persistence.memory.identity.store import InMemoryIdentityStore
from adapters.outbound.persistence.memory.identity.tokens import (
    InMemoryOneTimeTokenRepository,
    InMemoryRefreshTokenRepository,
)
from adapters.outbound.persistence.memory.identity.unit_of_work import InMemoryIdentityUnitOfWork
from adapters.outbound.persistence.memory.identity.users import InMemoryUserRepository

__all__ = [
    "InMemoryIdentityStore",
    "InMemoryIdentityUnitOfWork",
    "InMemoryOneTimeTokenRepository",
    "InMemoryRefreshTokenRepository",
    "InMemoryUserRepository",
]
