"""Wallet accounts: a known provider, an account fit for it, masked when shown."""

from __future__ import annotations

import pytest

from domain.ordering.wallets import WalletAccount, WalletProvider
from domain.shared.errors import InvalidValueError


def test_parse_lowercases_the_email_when_the_provider_is_paypal() -> None:
    wallet = WalletAccount.parse(provider="paypal", account=" Ada@Example.COM ")

    assert (wallet.provider, wallet.account) == (WalletProvider.PAYPAL, "ada@example.com")
    assert wallet.summary() == {"provider": "paypal", "account": "a***@example.com"}


def test_summary_masks_all_but_the_last_four_when_the_provider_uses_account_ids() -> None:
    wallet = WalletAccount.parse(provider="apple_pay", account="DEVICE-ACCOUNT-0042")

    assert wallet.summary() == {"provider": "apple_pay", "account": "****0042"}
    assert "DEVICE" not in repr(wallet)


def test_parse_raises_on_provider_when_the_provider_is_unknown() -> None:
    with pytest.raises(InvalidValueError) as caught:
        WalletAccount.parse(provider="venmo", account="ada@example.com")

    assert caught.value.field == "wallet.provider"


@pytest.mark.parametrize(
    ("provider", "account"),
    [("paypal", "not-an-email"), ("paypal", ""), ("google_pay", "a b"), ("google_pay", "abc")],
)
def test_parse_raises_on_account_when_it_does_not_fit_the_provider(
    provider: str, account: str
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        WalletAccount.parse(provider=provider, account=account)

    assert caught.value.field == "wallet.account"


def test_the_fingerprint_source_differs_when_the_provider_differs() -> None:
    paypal = WalletAccount.parse(provider="paypal", account="ada@example.com")
    google = WalletAccount.parse(provider="google_pay", account="ada@example.com")

    assert paypal.fingerprint_source != google.fingerprint_source
