"""The per-client API rate limit, applied to every route but the probes."""

from __future__ import annotations

from fastapi import Depends, Request

from adapters.inbound.http.auth import client_address
from adapters.inbound.http.injection import Inject
from application.shared.ports import RateLimit, RateLimiter

_UNLIMITED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


async def throttle_client(
    request: Request,
    limiter: RateLimiter = Depends(Inject["platform.rate_limiter"]),
    limit: RateLimit = Depends(Inject["platform.api_rate_limit"]),
) -> None:
    """Raises RateLimitedError (429 with Retry-After) once a client used up its budget."""
    if request.url.path not in _UNLIMITED_PATHS:
        await limiter.hit(limit, client_address(request))
