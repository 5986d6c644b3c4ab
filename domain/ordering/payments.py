"""Payment attempts and refunds, as an order records them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.ordering.values import PaymentMethodId
from domain.shared.money import Money


class PaymentOutcome(StrEnum):
    """How a charge ended. ``error`` means the processor failed or did not answer in time:
    nothing was charged as far as we know, and the order stays payable."""

    SUCCEEDED = "succeeded"
    DECLINED = "declined"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    ERROR = "error"


@dataclass(frozen=True, slots=True, kw_only=True)
class PaymentAttempt:
    """One charge of an order, numbered from 1; ``reference`` is the processor's."""

    attempt_no: int
    payment_method_id: PaymentMethodId
    amount: Money
    outcome: PaymentOutcome
    reference: str | None
    failure_reason: str | None
    at: datetime

    @property
    def succeeded(self) -> bool:
        return self.outcome is PaymentOutcome.SUCCEEDED


@dataclass(frozen=True, slots=True, kw_only=True)
class Refund:
    """The refund of a paid order's whole amount; ``reference`` is the processor's."""

    amount: Money
    reference: str
    at: datetime
