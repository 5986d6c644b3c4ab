"""Wallet accounts (PayPal, Apple Pay, Google Pay): a provider and the account there."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.shared.errors import InvalidValueError

MAX_ACCOUNT_LENGTH = 254
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ACCOUNT_ID = re.compile(r"[A-Za-z0-9._@+:-]{4,254}")


class WalletProvider(StrEnum):
    PAYPAL = "paypal"
    APPLE_PAY = "apple_pay"
    GOOGLE_PAY = "google_pay"


@dataclass(frozen=True, slots=True, repr=False)
class WalletAccount:
    """An account at a wallet provider: an email address at PayPal (kept in lower case),
    an account identifier of 4 to 254 letters, digits and ``._@+:-`` elsewhere."""

    provider: WalletProvider
    account: str

    def __post_init__(self) -> None:
        if not isinstance(self.provider, WalletProvider):
            raise InvalidValueError("wallet.provider", "must be a known wallet provider")
        if not isinstance(self.account, str) or not self.account:
            raise InvalidValueError("wallet.account", "is required")
        if len(self.account) > MAX_ACCOUNT_LENGTH:
            raise InvalidValueError(
                "wallet.account", f"must be at most {MAX_ACCOUNT_LENGTH} characters"
            )
        if self.provider is WalletProvider.PAYPAL:
            if not _EMAIL.fullmatch(self.account) or self.account != self.account.lower():
                raise InvalidValueError("wallet.account", "must be the email of a PayPal account")
        elif not _ACCOUNT_ID.fullmatch(self.account):
            raise InvalidValueError(
                "wallet.account", "must be 4 to 254 letters, digits or . _ @ + : -"
            )

    @classmethod
    def parse(cls, *, provider: str, account: str) -> WalletAccount:
        try:
            known = WalletProvider(provider)
        except ValueError:
            allowed = ", ".join(member.value for member in WalletProvider)
            raise InvalidValueError("wallet.provider", f"must be one of: {allowed}") from None
        if not isinstance(account, str):
            raise InvalidValueError("wallet.account", "must be a string")
        account = account.strip()
        if known is WalletProvider.PAYPAL:
            account = account.lower()
        return cls(known, account)

    @property
    def masked_account(self) -> str:
        """Enough to recognise the account: ``a***@example.com``, or ``****`` and the last 4."""
        if self.provider is WalletProvider.PAYPAL:
            local, _, domain = self.account.rpartition("@")
            return f"{local[0]}***@{domain}"
        return "****" + self.account[-4:]

    @property
    def fingerprint_source(self) -> str:
        return f"wallet:{self.provider.value}:{self.account}"

    def summary(self) -> dict[str, str | int]:
        return {"provider": self.provider.value, "account": self.masked_account}

    def __repr__(self) -> str:
        return f"WalletAccount({self.provider.value!r}, {self.masked_account!r})"
