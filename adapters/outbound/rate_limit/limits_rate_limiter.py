from __future__ import annotations

import math
import time
from typing import Any, Self
from urllib.parse import quote, urlsplit

from limits import RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from redis.asyncio import ConnectionPool

from application.shared.errors import DependencyUnavailableError, RateLimitedError
from application.shared.ports import RateLimit, RateLimiter

_NAMESPACE = "hexashop"


class LimitsRateLimiter(RateLimiter):
    """Moving windows in process memory (one instance) or in Redis (shared by all).

    Build it with ``in_memory()`` or ``redis(url)``; ``close`` releases Redis connections.
    """

    def __init__(
        self, storage: Storage, *, dependency: str, pool: ConnectionPool | None = None
    ) -> None:
        self._limiter = MovingWindowRateLimiter(storage)
        self._dependency = dependency
        self._pool = pool

    @classmethod
    def in_memory(cls) -> Self:
        return cls(MemoryStorage(), dependency="memory")

    @classmethod
    def redis(cls, url: str, *, timeout: float = 2.0) -> Self:
        """Keep the windows in the Redis at ``url`` (``redis://`` or ``rediss://``)."""
        if urlsplit(url).scheme not in {"redis", "rediss"}:
            raise ValueError("the rate limit store must be a redis:// or rediss:// URL")
        # Our own pool, so that close() can release it and timeouts are bounded.
        pool = ConnectionPool.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        options: dict[str, Any] = {"connection_pool": pool}
        storage = RedisStorage(
            f"async+{url}", wrap_exceptions=True, implementation="redispy", **options
        )
        return cls(storage, dependency="redis", pool=pool)

    async def hit(self, limit: RateLimit, key: str) -> None:
        item, identifiers = _item(limit), _identifiers(limit, key)
        try:
            if await self._limiter.hit(item, *identifiers):
                return
            reset_at, remaining = await self._limiter.get_window_stats(item, *identifiers)
        except StorageError as error:
            raise DependencyUnavailableError(self._dependency) from error
        # A slot may have freed between the two calls; then the caller may retry at once.
        retry_after = 1 if remaining > 0 else math.ceil(reset_at - time.time())
        raise RateLimitedError(retry_after=retry_after)

    async def reset(self, limit: RateLimit, key: str) -> None:
        try:
            await self._limiter.clear(_item(limit), *_identifiers(limit, key))
        except StorageError as error:
            raise DependencyUnavailableError(self._dependency) from error

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()


def _item(limit: RateLimit) -> RateLimitItemPerSecond:
    return RateLimitItemPerSecond(limit.amount, limit.per_seconds, namespace=_NAMESPACE)


def _identifiers(limit: RateLimit, key: str) -> tuple[str, str]:
    # limits joins identifiers with "/": escaping it keeps ("a/b", "c") apart from ("a", "b/c").
    return quote(limit.name, safe=""), quote(key, safe="")
