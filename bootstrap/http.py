"""The FastAPI application of a deployment: routes, error table, middleware, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from adapters.inbound.http.catalog import category_routes, product_routes, stock_routes
from adapters.inbound.http.cors import AllowlistCORSMiddleware
from adapters.inbound.http.hot_reads import HotReads
from adapters.inbound.http.identity import admin_routes, auth_routes, keys_routes, me_routes
from adapters.inbound.http.injection import check_injections
from adapters.inbound.http.middleware import RequestContextMiddleware
from adapters.inbound.http.ordering import (
    admin_order_routes,
    order_routes,
    payment_method_routes,
)
from adapters.inbound.http.problems import install_problem_handlers
from adapters.inbound.http.schemas import problem_responses
from adapters.inbound.http.system_routes import router as system_router
from adapters.inbound.http.throttle import ClientRateLimitMiddleware
from bootstrap.containers.monolith import MonolithContainer, close_monolith
from bootstrap.settings import Settings
from bootstrap.workers import running_workers

API_DESCRIPTION = (
    "hexashop's API. Errors are RFC 9457 problems (application/problem+json) whose `code` "
    "names the error; lists are pages of `items` with an opaque `next_cursor`."
)


def create_app(container: MonolithContainer) -> FastAPI:
    """Build the app around a composed container; its pools close with the app."""
    settings: Settings = container.settings()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            async with running_workers(container):
                yield
        finally:
            await close_monolith(container)

    app = FastAPI(
        title="hexashop",
        version="0.1.0",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        # No OpenTelemetry here: the structured request log is the record. Off, FastAPI
        # skips asking on every request whether a tracer or meter was configured.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.container = container
    check_injections(container)
    install_problem_handlers(app)
    # FastAPI tries routers in this order for every request, so the busiest come first.
    for router in (
        me_routes.router,
        product_routes.router,
        keys_routes.router,
        auth_routes.router,
        admin_routes.router,
        category_routes.router,
        stock_routes.router,
        payment_method_routes.router,
        order_routes.router,
        admin_order_routes.router,
    ):
        # Every API route may answer 429 once its client used up the API rate limit.
        app.include_router(router, responses=problem_responses(429))
    app.include_router(system_router)
    # Innermost of our layers: hot reads are still logged, CORS-checked and rate-limited.
    app.add_middleware(
        HotReads,
        container=container,
        routes=[*me_routes.HOT_ROUTES, *product_routes.HOT_ROUTES],
    )
    app.add_middleware(
        ClientRateLimitMiddleware,
        limiter=container.platform.rate_limiter(),
        limit=container.platform.api_rate_limit(),
    )
    if settings.cors_origins:
        app.add_middleware(
            AllowlistCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "If-Match"],
            expose_headers=["X-Request-ID", "ETag", "Retry-After"],
        )
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)
    return app
