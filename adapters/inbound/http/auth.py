"""Who is calling: the bearer token turned into an Actor, and the client's address."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from adapters.inbound.http.injection import Inject
from application.shared.actor import Actor
from application.shared.errors import AuthenticationError
from application.shared.ports import AccessTokenVerifier

_bearer = HTTPBearer(auto_error=False, description="An access token from /api/v1/auth/login")


async def current_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    verifier: AccessTokenVerifier = Depends(Inject["platform.access_token_verifier"]),
) -> Actor:
    if credentials is None:
        raise AuthenticationError("a bearer access token is required")
    return _verified(request, credentials, verifier)


async def optional_actor(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    verifier: AccessTokenVerifier = Depends(Inject["platform.access_token_verifier"]),
) -> Actor | None:
    """The caller on public routes: None when anonymous, but a bad token is still a 401."""
    if credentials is None:
        return None
    return _verified(request, credentials, verifier)


def _verified(
    request: Request, credentials: HTTPAuthorizationCredentials, verifier: AccessTokenVerifier
) -> Actor:
    if credentials.scheme.lower() != "bearer":
        raise AuthenticationError("a bearer access token is required")
    actor = verifier.verify(credentials.credentials)
    request.state.user_id = str(actor.user_id)
    return actor


def client_address(request: Request) -> str:
    """The peer address (behind a proxy, run uvicorn with --proxy-headers to make it real)."""
    return request.client.host if request.client else "unknown"


CurrentActor = Annotated[Actor, Depends(current_actor)]
OptionalActor = Annotated[Actor | None, Depends(optional_actor)]
ClientAddress = Annotated[str, Depends(client_address)]
