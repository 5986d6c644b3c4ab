"""What a customer pays with: a card, a bank account or a wallet account."""

from __future__ import annotations

from enum import StrEnum

from domain.ordering.bank_accounts import BankAccount
from domain.ordering.cards import Card
from domain.ordering.wallets import WalletAccount

PaymentInstrument = Card | BankAccount | WalletAccount


class PaymentMethodKind(StrEnum):
    CARD = "card"
    BANK_ACCOUNT = "bank_account"
    WALLET = "wallet"


def kind_of(instrument: PaymentInstrument) -> PaymentMethodKind:
    if isinstance(instrument, Card):
        return PaymentMethodKind.CARD
    if isinstance(instrument, BankAccount):
        return PaymentMethodKind.BANK_ACCOUNT
    return PaymentMethodKind.WALLET
