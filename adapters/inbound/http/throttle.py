"""The per-client API rate limit, applied to every request but the probes."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.inbound.http.problems import domain_error_response
from application.shared.errors import RateLimitedError
from application.shared.ports import RateLimit, RateLimiter

_UNLIMITED_PATHS = frozenset({"/healthz", "/readyz"})


class ClientRateLimitMiddleware:
    """Answers 429 (with Retry-After) once a client used up its API budget.

    Plain ASGI in front of routing rather than an app-wide dependency: it costs one
    limiter hit per request, not a round of dependency solving, and it also bounds
    requests to paths that do not exist.
    """

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter, limit: RateLimit) -> None:
        self.app = app
        self.limiter = limiter
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in _UNLIMITED_PATHS:
            client = scope.get("client")
            try:
                await self.limiter.hit(self.limit, client[0] if client else "unknown")
            except RateLimitedError as error:
                await domain_error_response(error)(scope, receive, send)
                return
        await self.app(scope, receive, send)
