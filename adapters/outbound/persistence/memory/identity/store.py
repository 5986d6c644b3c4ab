"""Identity's in-memory data: one store per process, shared by its units of work."""

from __future__ import annotations

from uuid import UUID

from adapters.outbound.persistence.memory.store import InMemoryStore, Table
from domain.identity.tokens import OneTimeToken, RefreshToken
from domain.identity.user import User
from domain.identity.values import UserId

USERS: Table[UserId, User] = Table("users")
REFRESH_TOKENS: Table[UUID, RefreshToken] = Table("refresh_tokens")
ONE_TIME_TOKENS: Table[UUID, OneTimeToken] = Table("one_time_tokens")


class InMemoryIdentityStore(InMemoryStore):
    """Identity's committed users and tokens.

    A type of its own so that no other context's unit of work can be handed it by mistake.
    """
