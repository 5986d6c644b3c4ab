"""The PaymentProcessor contract, for every adapter: one charge per key, refunds bounded.

Each adapter's factory gives the processor and an instrument for each outcome (for the
sandbox, its documented test cards and a bank account).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from uuid import uuid4

import pytest

from adapters.outbound.payments.sandbox import SandboxPaymentProcessor
from application.ordering.ports import PaymentProcessor, RefundOutcome
from domain.ordering.instruments import PaymentInstrument
from domain.ordering.payments import PaymentOutcome
from domain.shared.money import Money
from tests.builders.ordering import (
    DECLINED_CARD,
    INSUFFICIENT_FUNDS_CARD,
    PROCESSOR_ERROR_CARD,
    SLOW_CARD,
    SUCCEEDING_CARD,
    a_bank_account,
    a_card,
    a_wallet,
)

AMOUNT = Money(2500, "EUR")


@dataclass(frozen=True, slots=True)
class ProcessorUnderTest:
    processor: PaymentProcessor
    instruments: dict[str, PaymentInstrument]  # by expected outcome, "timeout" included


def _sandbox() -> ProcessorUnderTest:
    async def no_wait(seconds: float) -> None:
        return None

    return ProcessorUnderTest(
        processor=SandboxPaymentProcessor(timeout=1.0, slow_delay=5.0, sleep=no_wait),
        instruments={
            "succeeded": a_card(SUCCEEDING_CARD),
            "declined": a_card(DECLINED_CARD),
            "insufficient_funds": a_card(INSUFFICIENT_FUNDS_CARD),
            "error": a_card(PROCESSOR_ERROR_CARD),
            "timeout": a_card(SLOW_CARD),
            "bank_account": a_bank_account(),
            "wallet": a_wallet(),
        },
    )


PROCESSORS: list[Callable[[], ProcessorUnderTest]] = [_sandbox]


@pytest.fixture(params=PROCESSORS, ids=["sandbox"])
def under_test(request: pytest.FixtureRequest) -> ProcessorUnderTest:
    factory: Callable[[], ProcessorUnderTest] = request.param
    return factory()


async def _token(under_test: ProcessorUnderTest, outcome: str) -> str:
    return await under_test.processor.tokenize(under_test.instruments[outcome])


async def test_a_token_reveals_nothing_of_the_number_when_a_card_is_tokenized(
    under_test: ProcessorUnderTest,
) -> None:
    token = await _token(under_test, "succeeded")

    assert SUCCEEDING_CARD not in token
    assert SUCCEEDING_CARD[-8:] not in token


@pytest.mark.parametrize("kind", ["succeeded", "bank_account", "wallet"])
async def test_charge_succeeds_with_a_reference_when_the_instrument_is_good(
    under_test: ProcessorUnderTest, kind: str
) -> None:
    result = await under_test.processor.charge(await _token(under_test, kind), AMOUNT, "key-1")

    assert result.outcome is PaymentOutcome.SUCCEEDED
    assert result.reference


@pytest.mark.parametrize(
    ("kind", "outcome"),
    [
        ("declined", PaymentOutcome.DECLINED),
        ("insufficient_funds", PaymentOutcome.INSUFFICIENT_FUNDS),
        ("error", PaymentOutcome.ERROR),
        ("timeout", PaymentOutcome.ERROR),
    ],
)
async def test_charge_answers_the_failure_without_raising_when_the_payment_fails(
    under_test: ProcessorUnderTest, kind: str, outcome: PaymentOutcome
) -> None:
    result = await under_test.processor.charge(await _token(under_test, kind), AMOUNT, "key-1")

    assert result.outcome is outcome
    assert result.failure_reason
    assert result.reference is None


async def test_charge_answers_the_first_result_and_charges_once_when_the_key_repeats(
    under_test: ProcessorUnderTest,
) -> None:
    processor = under_test.processor
    token = await _token(under_test, "succeeded")
    first = await processor.charge(token, AMOUNT, "key-1")

    again = await processor.charge(token, Money(9999, "EUR"), "key-1")

    assert again == first
    assert first.reference is not None
    whole = await processor.refund(first.reference, AMOUNT, "refund-1")
    more = await processor.refund(first.reference, Money(1, "EUR"), "refund-2")
    assert (whole.outcome, more.outcome) == (RefundOutcome.SUCCEEDED, RefundOutcome.REFUSED)


async def test_one_charge_is_made_when_many_tasks_charge_with_one_key_at_once(
    under_test: ProcessorUnderTest,
) -> None:
    processor = under_test.processor
    token = await _token(under_test, "succeeded")

    results = await asyncio.gather(*(processor.charge(token, AMOUNT, "key-1") for _ in range(10)))

    assert len({result.reference for result in results}) == 1


async def test_refund_is_refused_when_the_charge_is_unknown_or_the_amount_too_high(
    under_test: ProcessorUnderTest,
) -> None:
    processor = under_test.processor
    charge = await processor.charge(await _token(under_test, "succeeded"), AMOUNT, "key-1")
    assert charge.reference is not None

    unknown = await processor.refund(f"ch_{uuid4().hex}", AMOUNT, "refund-1")
    too_much = await processor.refund(charge.reference, Money(2501, "EUR"), "refund-2")

    assert (unknown.outcome, too_much.outcome) == (RefundOutcome.REFUSED, RefundOutcome.REFUSED)


async def test_refund_answers_the_first_result_and_refunds_once_when_the_key_repeats(
    under_test: ProcessorUnderTest,
) -> None:
    processor = under_test.processor
    charge = await processor.charge(await _token(under_test, "succeeded"), AMOUNT, "key-1")
    assert charge.reference is not None
    first = await processor.refund(charge.reference, Money(1500, "EUR"), "refund-1")

    again = await processor.refund(charge.reference, Money(1500, "EUR"), "refund-1")
    rest = await processor.refund(charge.reference, Money(1000, "EUR"), "refund-2")

    assert again == first
    assert first.reference
    assert rest.outcome is RefundOutcome.SUCCEEDED
