"""Minting the secrets identity hands out: refresh tokens and mailed one-time tokens."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

from application.identity.ports import AccessTokenIssuer, IdentityUnitOfWork
from application.identity.views import TokenPairView
from application.shared.tokens import new_opaque_token
from domain.identity.tokens import OneTimePurpose, OneTimeToken, RefreshToken, TokenFamilyId
from domain.identity.user import User
from domain.identity.values import UserId


def new_refresh_token(
    user_id: UserId, *, now: datetime, ttl: timedelta, family_id: TokenFamilyId | None = None
) -> tuple[RefreshToken, str]:
    """A refresh token (to store) and its plain secret (to hand out, once)."""
    secret = new_opaque_token()
    token = RefreshToken(
        id=uuid4(),
        family_id=family_id or TokenFamilyId(uuid4()),
        user_id=user_id,
        token_hash=secret.digest,
        issued_at=now,
        expires_at=now + ttl,
    )
    return token, secret.plain


def new_one_time_token(
    user_id: UserId, purpose: OneTimePurpose, *, now: datetime, ttl: timedelta
) -> tuple[OneTimeToken, str]:
    secret = new_opaque_token()
    token = OneTimeToken(
        id=uuid4(),
        user_id=user_id,
        purpose=purpose,
        token_hash=secret.digest,
        issued_at=now,
        expires_at=now + ttl,
    )
    return token, secret.plain


async def replace_one_time_token(
    uow: IdentityUnitOfWork,
    user_id: UserId,
    purpose: OneTimePurpose,
    *,
    now: datetime,
    ttl: timedelta,
) -> str:
    """Void the user's unused tokens for ``purpose``, store a new one, return its secret."""
    await uow.one_time_tokens.use_all(user_id, purpose, now=now)
    token, secret = new_one_time_token(user_id, purpose, now=now, ttl=ttl)
    await uow.one_time_tokens.add(token)
    return secret


def token_pair(
    user: User, refresh_secret: str, *, issuer: AccessTokenIssuer, now: datetime
) -> TokenPairView:
    access = issuer.issue(user, now=now)
    return TokenPairView(
        access_token=access.token, refresh_token=refresh_secret, expires_in=access.expires_in
    )
