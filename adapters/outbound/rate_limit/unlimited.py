"""A rate limiter that never limits: for load tests, switched on by an explicit setting."""

from __future__ import annotations

from application.shared.ports import RateLimit, RateLimiter


class UnlimitedRateLimiter(RateLimiter):
    """Accepts every hit. Never the default: HEXASHOP_RATE_LIMITS=off selects it, so that
    a benchmark measures the service rather than its abuse limits."""

    async def hit(self, limit: RateLimit, key: str) -> None:
        return None

    async def reset(self, limit: RateLimit, key: str) -> None:
        return None
