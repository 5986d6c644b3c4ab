"""Adapters every context shares: clock, password hashing, tokens, mail, rate limits, logs."""

from __future__ import annotations

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
from application.shared.ports import Mailer, RateLimit, RateLimiter, ReadinessProbe
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


def rate_limiter(settings: Settings) -> RateLimiter:
    if settings.rate_limits == "off":
        return UnlimitedRateLimiter()
    if settings.redis_url:
        return LimitsRateLimiter.redis(settings.redis_url)
    return LimitsRateLimiter.in_memory()


async def close_platform(rate_limiter: RateLimiter, hasher: Argon2PasswordHasher) -> None:
    if isinstance(rate_limiter, LimitsRateLimiter):
        await rate_limiter.close()
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
    password_hasher = providers.Singleton(Argon2PasswordHasher)
    mailer = providers.Singleton(mailer, settings)
    rate_limiter = providers.Singleton(rate_limiter, settings)
    security_log = providers.Singleton(StructlogSecurityLog)
    api_rate_limit = providers.Singleton(
        RateLimit, "api-client", settings.provided.api_rate_limit_per_minute, 60
    )
    # Singletons rather than async Resources: an async Resource makes every handler that
    # depends on it resolve to a Future. The app's lifespan awaits this at shutdown.
    close = providers.Callable(close_platform, rate_limiter, password_hasher)
