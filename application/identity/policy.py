"""The tunable rules of identity: lifetimes, lockout and rate limits, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from application.shared.ports import RateLimit
from domain.identity.user import LockoutPolicy


@dataclass(frozen=True, slots=True, kw_only=True)
class IdentityPolicy:
    refresh_token_ttl: timedelta = timedelta(days=30)
    verification_token_ttl: timedelta = timedelta(hours=24)
    reset_token_ttl: timedelta = timedelta(hours=1)
    # Links in emails point here (the front end or the API), e.g. https://shop.example.
    public_base_url: str = "http://127.0.0.1:8000"
    lockout: LockoutPolicy = field(default_factory=LockoutPolicy)
    # A failed login is answered this long after its password check, whether it wrote a
    # failure count (known account) or nothing (unknown email): longer than that write
    # takes, so that its timing does not tell which emails have accounts.
    failed_login_pause: timedelta = timedelta(milliseconds=50)
    login_per_client: RateLimit = RateLimit("login-client", 30, 60)
    login_per_email: RateLimit = RateLimit("login-email", 10, 60)
    register_per_client: RateLimit = RateLimit("register-client", 10, 3600)
    mail_per_email: RateLimit = RateLimit("mail-email", 3, 3600)
    mail_per_client: RateLimit = RateLimit("mail-client", 10, 3600)
