"""The emails identity sends, worded in one place."""

from __future__ import annotations

from urllib.parse import urlencode

from application.identity.policy import IdentityPolicy
from application.shared.ports import EmailMessage, RateLimiter
from domain.identity.user import User


async def throttle_mail(
    limiter: RateLimiter, policy: IdentityPolicy, *, email: str, client: str
) -> None:
    """Mail on request is limited per client and per address: no mailbox can be flooded."""
    await limiter.hit(policy.mail_per_client, client)
    await limiter.hit(policy.mail_per_email, email)


def verification_email(user: User, token: str, *, base_url: str) -> EmailMessage:
    link = f"{base_url.rstrip('/')}/verify-email?{urlencode({'token': token})}"
    return EmailMessage(
        to=user.email.value,
        subject="Confirm your email address",
        text=(
            f"Hello {user.full_name},\n\n"
            f"Please confirm your email address by opening this link:\n{link}\n\n"
            "If you did not create an account, you can ignore this message.\n"
        ),
    )


def password_reset_email(user: User, token: str, *, base_url: str) -> EmailMessage:
    link = f"{base_url.rstrip('/')}/reset-password?{urlencode({'token': token})}"
    return EmailMessage(
        to=user.email.value,
        subject="Reset your password",
        text=(
            f"Hello {user.full_name},\n\n"
            f"Someone asked to reset your password. To choose a new one, open:\n{link}\n\n"
            "The link works once, within the hour. If it was not you, ignore this message:\n"
            "your password stays as it is.\n"
        ),
    )
