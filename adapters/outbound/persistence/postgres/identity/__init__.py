"""Identity's users and tokens in PostgreSQL."""

from adapters.outbound.persistence.postgres.identity.tokens import (
    PostgresOneTimeTokenRepository,
    PostgresRefreshTokenRepository,
)
from adapters.outbound.persistence.postgres.identity.unit_of_work import (
    PostgresIdentityUnitOfWork,
)
from adapters.outbound.persistence.postgres.identity.users import PostgresUserRepository

__all__ = [
    "PostgresIdentityUnitOfWork",
    "PostgresOneTimeTokenRepository",
    "PostgresRefreshTokenRepository",
    "PostgresUserRepository",
]
