"""Adapters every context shares: clock, password hashing, tokens, mail, rate limits, logs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from dependency_injector import containers, providers

from adapters.outbound.clock import SystemClock
from adapters.outbound.mail.log_mailer import LogMailer
from adapters.outbound.mail.smtp_mailer import SmtpMailer
from adapters.outbound.rate_limit.limits_rate_limiter import LimitsRateLimiter
from adapters.outbound.rate_limit.unlimited import UnlimitedRateLimiter
from adapters.outbound.security.argon2_hasher import Argon2PasswordHasher
from adapters.outbound.security.jwt_tokens import JwtAccessTokens
from adapters.outbound.security.security_log import StructlogSecurityLog
from adapters.outbound.security.signing_keys import load_or_create_signing_key, load_signing_key
from application.shared.ports import Mailer, RateLimiter, ReadinessProbe
from bootstrap.settings import Settings

SIGNING_KEY_FILE = "jwt-signing-key.pem"


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    if settings.jwt_private_key is not None:
        return load_signing_key(settings.jwt_private_key.get_secret_value())
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return load_or_create_signing_key(settings.data_dir / SIGNING_KEY_FILE)


def mailer(settings: Settings) -> Mailer:
    if settings.smtp_host is None:
        return LogMailer()
    password = settings.smtp_password
    return SmtpMailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_sender,
        username=settings.smtp_username,
        password=password.get_secret_value() if password else None,
        use_tls=settings.smtp_tls == "tls",
        start_tls=settings.smtp_tls == "starttls",
    )


async def rate_limiter(settings: Settings) -> AsyncIterator[RateLimiter]:
    if settings.rate_limits == "off":
        yield UnlimitedRateLimiter()
        return
    limiter = (
        LimitsRateLimiter.redis(settings.redis_url)
        if settings.redis_url
        else LimitsRateLimiter.in_memory()
    )
    yield limiter
    await limiter.close()


def password_hasher() -> Iterator[Argon2PasswordHasher]:
    hasher = Argon2PasswordHasher()
    yield hasher
    hasher.close()


class PlatformContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    # Handed in from the storage adapter set, so routes only name concrete containers.
    readiness = providers.Dependency(instance_of=ReadinessProbe)

    clock = providers.Singleton(SystemClock)
    access_tokens = providers.Singleton(
        JwtAccessTokens,
        signing_key=providers.Singleton(signing_key, settings),
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        clock=clock,
        ttl=providers.Factory(timedelta, seconds=settings.provided.access_token_ttl_seconds),
    )
    access_token_verifier = access_tokens
    password_hasher = providers.Resource(password_hasher)
    mailer = providers.Singleton(mailer, settings)
    rate_limiter = providers.Resource(rate_limiter, settings)
    security_log = providers.Singleton(StructlogSecurityLog)
