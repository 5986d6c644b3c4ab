"""Password hashing, access tokens, signing keys and the security log."""

from adapters.outbound.security.argon2_hasher import Argon2PasswordHasher
from adapters.outbound.security.jwt_tokens import JwtAccessTokens, jwk_thumbprint
from adapters.outbound.security.security_log import InMemorySecurityLog, StructlogSecurityLog
from adapters.outbound.security.signing_keys import load_or_create_signing_key, load_signing_key

__all__ = [
    "Argon2PasswordHasher",
    "InMemorySecurityLog",
    "JwtAccessTokens",
    "StructlogSecurityLog",
    "jwk_thumbprint",
    "load_or_create_signing_key",
    "load_signing_key",
]
