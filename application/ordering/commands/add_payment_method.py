"""A customer puts a card, bank account or wallet account on file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import uuid4

from application.ordering.lookups import customer_of
from application.ordering.ports import InstrumentFingerprinter, OrderingUnitOfWork, PaymentProcessor
from application.ordering.views import PaymentMethodView
from application.shared.actor import Actor
from application.shared.choices import parse_choice
from application.shared.ports import Clock
from domain.ordering.bank_accounts import BankAccount
from domain.ordering.cards import Card
from domain.ordering.instruments import PaymentInstrument, PaymentMethodKind
from domain.ordering.payment_method import PaymentMethod, check_can_add
from domain.ordering.values import PaymentMethodId
from domain.ordering.wallets import WalletAccount
from domain.shared.errors import InvalidValueError


@dataclass(frozen=True, slots=True, kw_only=True)
class CardInput:
    """A card as the client sends it; the number may hold spaces and dashes. The number
    and CVC are left out of the repr, so a logged command never shows them."""

    number: str = field(repr=False)
    exp_month: int
    exp_year: int
    cvc: str = field(repr=False)
    holder: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BankAccountInput:
    iban: str = field(repr=False)
    holder: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WalletInput:
    provider: str
    account: str = field(repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class AddPaymentMethod:
    """``kind`` is card, bank_account or wallet; exactly the details of that kind are
    given (``card`` for a card, …)."""

    actor: Actor
    kind: str
    card: CardInput | None = None
    bank_account: BankAccountInput | None = None
    wallet: WalletInput | None = None


class AddPaymentMethodHandler:
    """Validate the instrument, tokenize it at the processor and keep the token, a
    summary and a fingerprint; the full number, CVC and IBAN go no further. The
    customer's first method becomes their default.

    Raises:
        InvalidValueError: a bad kind or detail, naming the field (``card.number``,
            ``card.exp_month``, ``card.cvc``, ``bank_account.iban``, ``wallet.provider``,
            …): a wrong Luhn check digit, an unknown brand, an expired card, a wrong IBAN
            length or check digits, an unknown wallet provider.
        DuplicatePaymentMethodError: the customer already holds this instrument.
        PaymentMethodLimitReachedError: the customer holds the most methods allowed.
        DependencyUnavailableError: the processor did not answer.
    """

    def __init__(
        self,
        *,
        uow: OrderingUnitOfWork,
        processor: PaymentProcessor,
        fingerprinter: InstrumentFingerprinter,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._processor = processor
        self._fingerprinter = fingerprinter
        self._clock = clock

    async def handle(self, command: AddPaymentMethod) -> PaymentMethodView:
        now = self._clock.now()
        instrument = _instrument(command, now)
        fingerprint = self._fingerprinter.fingerprint(instrument)
        customer_id = customer_of(command.actor)
        async with self._uow:
            await self._uow.payment_methods.lock_customer(customer_id)
            held = await self._uow.payment_methods.list_for_customer(customer_id)
            check_can_add(held, fingerprint)
            method = PaymentMethod.add(
                id=PaymentMethodId(uuid4()),
                customer_id=customer_id,
                instrument=instrument,
                token=await self._processor.tokenize(instrument),
                fingerprint=fingerprint,
                held=held,
                now=now,
            )
            await self._uow.payment_methods.add(method)
            await self._uow.commit()
        return PaymentMethodView.of(method)


def _instrument(command: AddPaymentMethod, now: datetime) -> PaymentInstrument:
    kind = parse_choice(PaymentMethodKind, command.kind, "kind")
    details = {
        PaymentMethodKind.CARD: command.card,
        PaymentMethodKind.BANK_ACCOUNT: command.bank_account,
        PaymentMethodKind.WALLET: command.wallet,
    }
    for other, given in details.items():
        if other is not kind and given is not None:
            raise InvalidValueError(other.value, f"must be absent for kind {command.kind}")
    if command.card is not None and kind is PaymentMethodKind.CARD:
        card = command.card
        return Card.parse(
            number=card.number,
            exp_month=card.exp_month,
            exp_year=card.exp_year,
            cvc=card.cvc,
            holder=card.holder,
            now=now,
        )
    if command.bank_account is not None and kind is PaymentMethodKind.BANK_ACCOUNT:
        return BankAccount.parse(iban=command.bank_account.iban, holder=command.bank_account.holder)
    if command.wallet is not None and kind is PaymentMethodKind.WALLET:
        return WalletAccount.parse(provider=command.wallet.provider, account=command.wallet.account)
    if kind is None:
        raise InvalidValueError("kind", "is required")
    raise InvalidValueError(kind.value, f"is required for kind {kind.value}")
