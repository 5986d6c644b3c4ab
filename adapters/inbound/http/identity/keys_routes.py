"""/.well-known/jwks.json: the public keys other services verify access tokens with."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from adapters.inbound.http.injection import Inject
from application.identity.queries.get_public_keys import GetPublicKeys, GetPublicKeysHandler

router = APIRouter(tags=["keys"])


@router.get("/.well-known/jwks.json")
async def jwks(
    response: Response,
    handler: GetPublicKeysHandler = Depends(Inject["identity.get_public_keys"]),
) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return await handler.handle(GetPublicKeys())
