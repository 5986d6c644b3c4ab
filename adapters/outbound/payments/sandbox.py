"""A payment processor that runs in the process: deterministic, for development and tests.

Test cards (any expiry in the future, any CVC of the right length, any holder):

=======================  =====================================================
4242 4242 4242 4242      succeeds
4000 0000 0000 0002      declined (``card_declined``)
4000 0000 0000 9995      declined for insufficient funds (``insufficient_funds``)
4000 0000 0000 0119      processor error (``processor_error``)
4000 0000 0000 3220      answers after the timeout: the charge fails with ``timeout``
                         and charges nothing
=======================  =====================================================

Every other valid card, every bank account and every wallet account succeeds. Tokens
(``tok_sandbox_<behaviour>_<random>``) carry the behaviour, never the number, so they keep
working across restarts. Charges and refunds are idempotent per key, as the port demands.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from uuid import uuid4

from application.ordering.ports import (
    ChargeResult,
    PaymentProcessor,
    RefundOutcome,
    RefundResult,
)
from domain.ordering.cards import Card
from domain.ordering.instruments import PaymentInstrument
from domain.ordering.payments import PaymentOutcome
from domain.shared.money import Money

Sleep = Callable[[float], Awaitable[None]]


class SandboxBehaviour(StrEnum):
    SUCCEED = "succeed"
    DECLINE = "decline"
    INSUFFICIENT_FUNDS = "nofunds"
    PROCESSOR_ERROR = "error"
    SLOW = "slow"


TEST_CARDS: dict[str, SandboxBehaviour] = {
    "4242424242424242": SandboxBehaviour.SUCCEED,
    "4000000000000002": SandboxBehaviour.DECLINE,
    "4000000000009995": SandboxBehaviour.INSUFFICIENT_FUNDS,
    "4000000000000119": SandboxBehaviour.PROCESSOR_ERROR,
    "4000000000003220": SandboxBehaviour.SLOW,
}

_TOKEN_PREFIX = "tok_sandbox_"

_DECLINES: dict[SandboxBehaviour, ChargeResult] = {
    SandboxBehaviour.DECLINE: ChargeResult(
        outcome=PaymentOutcome.DECLINED, failure_reason="card_declined"
    ),
    SandboxBehaviour.INSUFFICIENT_FUNDS: ChargeResult(
        outcome=PaymentOutcome.INSUFFICIENT_FUNDS, failure_reason="insufficient_funds"
    ),
    SandboxBehaviour.PROCESSOR_ERROR: ChargeResult(
        outcome=PaymentOutcome.ERROR, failure_reason="processor_error"
    ),
}


@dataclass(slots=True, kw_only=True)
class SandboxCharge:
    """A charge that went through, and how much of it was refunded."""

    reference: str
    idempotency_key: str
    amount: Money
    refunded: int = 0


class SandboxPaymentProcessor(PaymentProcessor):
    """The slow test card answers after ``slow_delay`` seconds; when that is longer than
    ``timeout`` (the default), the sandbox gives up after ``timeout`` seconds, as a client
    of a real processor would, and the charge fails with ``timeout``. Tests pass a
    ``sleep`` that does not really wait.
    """

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        slow_delay: float = 30.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._timeout = timeout
        self._slow_delay = slow_delay
        self._sleep = sleep
        self._results: dict[str, ChargeResult] = {}
        self._refunds: dict[str, RefundResult] = {}
        self._charges: dict[str, SandboxCharge] = {}
        self._key_locks: dict[str, asyncio.Lock] = {}

    @property
    def charges(self) -> list[SandboxCharge]:
        """Every charge that went through, in order (for tests and the console)."""
        return list(self._charges.values())

    async def tokenize(self, instrument: PaymentInstrument) -> str:
        behaviour = SandboxBehaviour.SUCCEED
        if isinstance(instrument, Card):
            behaviour = TEST_CARDS.get(instrument.number.digits, SandboxBehaviour.SUCCEED)
        return f"{_TOKEN_PREFIX}{behaviour.value}_{uuid4().hex}"

    async def charge(self, token: str, amount: Money, idempotency_key: str) -> ChargeResult:
        async with self._lock(idempotency_key):
            if idempotency_key in self._results:
                return self._results[idempotency_key]
            result = await self._answer(_behaviour(token), amount, idempotency_key)
            self._results[idempotency_key] = result
            return result

    async def refund(self, reference: str, amount: Money, idempotency_key: str) -> RefundResult:
        async with self._lock(f"refund:{idempotency_key}"):
            if idempotency_key in self._refunds:
                return self._refunds[idempotency_key]
            charge = self._charges.get(reference)
            if charge is None:
                result = RefundResult(
                    outcome=RefundOutcome.REFUSED, failure_reason="no_such_charge"
                )
            elif (
                amount.currency != charge.amount.currency
                or not 0 < amount.amount <= charge.amount.amount - charge.refunded
            ):
                result = RefundResult(
                    outcome=RefundOutcome.REFUSED, failure_reason="amount_exceeds_charge"
                )
            else:
                charge.refunded += amount.amount
                result = RefundResult(
                    outcome=RefundOutcome.SUCCEEDED, reference=f"re_sandbox_{uuid4().hex}"
                )
            self._refunds[idempotency_key] = result
            return result

    async def _answer(
        self, behaviour: SandboxBehaviour | None, amount: Money, idempotency_key: str
    ) -> ChargeResult:
        if behaviour is None:
            return ChargeResult(outcome=PaymentOutcome.DECLINED, failure_reason="invalid_token")
        if behaviour in _DECLINES:
            return _DECLINES[behaviour]
        if behaviour is SandboxBehaviour.SLOW:
            if self._slow_delay > self._timeout:
                await self._sleep(self._timeout)
                return ChargeResult(outcome=PaymentOutcome.ERROR, failure_reason="timeout")
            await self._sleep(self._slow_delay)
        charge = SandboxCharge(
            reference=f"ch_sandbox_{uuid4().hex}", idempotency_key=idempotency_key, amount=amount
        )
        self._charges[charge.reference] = charge
        return ChargeResult(outcome=PaymentOutcome.SUCCEEDED, reference=charge.reference)

    def _lock(self, key: str) -> asyncio.Lock:
        return self._key_locks.setdefault(key, asyncio.Lock())


def _behaviour(token: str) -> SandboxBehaviour | None:
    if not token.startswith(_TOKEN_PREFIX):
        return None
    name = token.removeprefix(_TOKEN_PREFIX).partition("_")[0]
    try:
        return SandboxBehaviour(name)
    except ValueError:
        return None
