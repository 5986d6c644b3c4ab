"""The JSON Web Key Set that verifies identity's access tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.identity.ports import AccessTokenIssuer


@dataclass(frozen=True, slots=True, kw_only=True)
class GetPublicKeys:
    pass


class GetPublicKeysHandler:
    def __init__(self, *, issuer: AccessTokenIssuer) -> None:
        self._issuer = issuer

    async def handle(self, query: GetPublicKeys) -> dict[str, Any]:
        return self._issuer.public_jwks()
