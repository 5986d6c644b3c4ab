"""The busiest reads, answered without FastAPI's per-request routing and dependency solving.

FastAPI tries its routes one after the other and solves every route's dependencies and
parameters generically; on a read that is otherwise one indexed query, that machinery was
most of the CPU a request cost (docs/benchmarks.md). For the few GET routes handed to
``HotReads``, this ASGI layer finds the route with a dict lookup, gathers the endpoint's
arguments itself (the bearer's actor, the use case from the container, the path's id, the
query) and awaits the very endpoint function that FastAPI documents and also serves.

A route's ``answer`` declines (returns None) whatever it does not see as plainly valid — a
malformed id, a query its model refuses, a repeated parameter — and FastAPI then handles
the request as usual, so an invalid request gets the one error shape FastAPI's handlers give.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, overload
from urllib.parse import parse_qsl
from uuid import UUID

from fastapi import APIRouter, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.inbound.http.auth import ACCESS_TOKEN_VERIFIER, bearer_actor
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.problems import domain_error_response
from application.shared.actor import Actor
from domain.shared.errors import DomainError

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class HotRequest:
    """What an answer may ask of the request it answers."""

    __slots__ = ("_container", "_scope", "path_value")

    def __init__(self, scope: Scope, container: object, path_value: str | None) -> None:
        self._scope = scope
        self._container = container
        self.path_value = path_value  # the value of the route's one path parameter, if any

    @overload
    def actor(self, *, required: Literal[True]) -> Actor: ...

    @overload
    def actor(self, *, required: bool) -> Actor | None: ...

    def actor(self, *, required: bool) -> Actor | None:
        """The caller, as FastAPI's bearer dependency finds it (also for the access log)."""
        authorization = None
        for name, value in self._scope["headers"]:
            if name == b"authorization":
                authorization = value.decode("latin-1")
                break
        verifier = ACCESS_TOKEN_VERIFIER.provide(self._container)
        actor = bearer_actor(authorization, verifier, required=required)
        if actor is not None:
            self._scope.setdefault("state", {})["user_id"] = str(actor.user_id)
        return actor

    def use_case(self, inject: Inject) -> Any:
        return inject.provide(self._container)

    def path_uuid(self) -> UUID | None:
        """The path's id when written canonically (lower-case, hyphenated), else None."""
        if self.path_value is None or not _CANONICAL_UUID.fullmatch(self.path_value):
            return None
        return UUID(self.path_value)

    def query(self) -> dict[str, str] | None:
        """The query's parameters, or None when one is given twice (FastAPI decides)."""
        pairs = parse_qsl(self._scope["query_string"].decode("latin-1"), keep_blank_values=True)
        found = dict(pairs)
        return found if len(found) == len(pairs) else None


Answer = Callable[[HotRequest], Awaitable[Response | None]]


@dataclass(frozen=True, slots=True)
class HotRoute:
    path: str  # FastAPI's path template; the access log names the route by it
    answer: Answer


def hot_route(router: APIRouter, endpoint: Callable[..., Any], answer: Answer) -> HotRoute:
    """``answer`` on the path of the GET route ``router`` serves with ``endpoint``."""
    paths = [
        route.path
        for route in router.routes
        if isinstance(route, APIRoute)
        and route.endpoint is endpoint
        and "GET" in (route.methods or ())
    ]
    if len(paths) != 1:
        raise LookupError(f"{endpoint.__name__} is not one GET route of the router")
    return HotRoute(paths[0], answer)


class HotReads:
    """ASGI layer in front of FastAPI's router; see the module's docstring.

    It sits inside the request-context, CORS and rate-limit layers, so hot routes are
    logged, limited and CORS-checked like every other; errors of the use cases become
    problems through the same table as FastAPI's handlers use.
    """

    def __init__(self, app: ASGIApp, *, container: object, routes: Sequence[HotRoute]) -> None:
        self.app = app
        self._container = container
        self._exact = {route.path: route for route in routes if "{" not in route.path}
        # Templates with one parameter, at the end: "/api/v1/products/{product_id}".
        self._by_prefix = {
            route.path[: route.path.index("{")]: route for route in routes if "{" in route.path
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            found = self._match(scope["path"])
            if found is not None:
                route, path_value = found
                request = HotRequest(scope, self._container, path_value)
                try:
                    response = await route.answer(request)
                except DomainError as error:
                    response = domain_error_response(error)
                if response is not None:
                    scope["route"] = route
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    def _match(self, path: str) -> tuple[HotRoute, str | None] | None:
        route = self._exact.get(path)
        if route is not None:
            return route, None
        for prefix, templated in self._by_prefix.items():
            if path.startswith(prefix):
                value = path[len(prefix) :]
                if value and "/" not in value:
                    return templated, value
        return None
