"""Who is calling: the bearer token turned into an Actor, and the client's address."""

from __future__ import annotations

from typing import Annotated, Literal, overload

from fastapi import Depends, Request
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.security.base import SecurityBase
from fastapi.security.utils import get_authorization_scheme_param

from adapters.inbound.http.injection import Inject
from application.shared.actor import Actor
from application.shared.errors import AuthenticationError
from application.shared.ports import AccessTokenVerifier

ACCESS_TOKEN_VERIFIER = Inject("platform.access_token_verifier")


class _BearerActor(SecurityBase):
    """The bearer scheme of the OpenAPI document and, per request, the verified caller.

    One dependency that reads the header and verifies the token itself, rather than
    FastAPI's HTTPBearer plus an injected verifier: every dependency FastAPI solves costs
    on each request, and this one runs on nearly all of them.
    """

    def __init__(self, *, required: bool) -> None:
        self.model = HTTPBearerModel(description="An access token from /api/v1/auth/login")
        self.scheme_name = "HTTPBearer"
        self._required = required

    async def __call__(self, request: Request) -> Actor | None:
        verifier: AccessTokenVerifier = await ACCESS_TOKEN_VERIFIER(request)
        actor = bearer_actor(
            request.headers.get("authorization"), verifier, required=self._required
        )
        if actor is not None:
            request.state.user_id = str(actor.user_id)
        return actor


@overload
def bearer_actor(
    authorization: str | None, verifier: AccessTokenVerifier, *, required: Literal[True]
) -> Actor: ...


@overload
def bearer_actor(
    authorization: str | None, verifier: AccessTokenVerifier, *, required: bool
) -> Actor | None: ...


def bearer_actor(
    authorization: str | None, verifier: AccessTokenVerifier, *, required: bool
) -> Actor | None:
    """The caller an ``Authorization`` header names, or None for no bearer token when
    none is ``required``; a token that fails verification is an error either way."""
    scheme, token = get_authorization_scheme_param(authorization)
    if not token or scheme.lower() != "bearer":
        if required:
            raise AuthenticationError("a bearer access token is required")
        return None  # anonymous on a public route; a bad token is still a 401
    return verifier.verify(token)


def client_address(request: Request) -> str:
    """The peer address (behind a proxy, run uvicorn with --proxy-headers to make it real)."""
    return request.client.host if request.client else "unknown"


async def _client_address(request: Request) -> str:
    # Async only so that FastAPI calls it on the event loop: a plain function dependency
    # goes to its thread pool, a hop that cost a quarter of a login's event-loop time.
    return client_address(request)


CurrentActor = Annotated[Actor, Depends(_BearerActor(required=True))]
OptionalActor = Annotated[Actor | None, Depends(_BearerActor(required=False))]
ClientAddress = Annotated[str, Depends(_client_address)]
