"""Rate limits on the limits library, in memory or in Redis."""

from adapters.outbound.rate_limit.limits_rate_limiter import LimitsRateLimiter

__all__ = ["LimitsRateLimiter"]
