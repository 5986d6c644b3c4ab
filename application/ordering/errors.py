"""Errors raised by ordering use cases (beyond the domain's own)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from application.shared.errors import DependencyUnavailableError, PermissionDeniedError
from domain.shared.errors import ConflictError, InvalidValueError


class EmailNotVerifiedError(PermissionDeniedError):
    code = "email-not-verified"

    def __init__(self) -> None:
        super().__init__("verify your email address before placing orders")


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortLine:
    """A line the catalog cannot cover: how much was asked, how much is available."""

    product_id: UUID
    requested: int
    available: int


class InsufficientStockError(ConflictError):
    """Stock cannot cover some lines of the order; nothing was reserved or placed."""

    code = "insufficient-stock"

    def __init__(self, short_lines: Sequence[ShortLine]) -> None:
        self.short_lines = tuple(short_lines)
        super().__init__(
            "not enough stock for "
            + ", ".join(
                f"{line.product_id} ({line.requested} requested, {line.available} available)"
                for line in self.short_lines
            )
        )

    def extensions(self) -> dict[str, object]:
        return {
            "short_lines": [
                {
                    "product_id": str(line.product_id),
                    "requested": line.requested,
                    "available": line.available,
                }
                for line in self.short_lines
            ]
        }


class ProductUnavailableError(InvalidValueError):
    """A line names a product the catalog does not offer (unknown or inactive)."""

    code = "product-unavailable"

    def __init__(self, product_id: object, *, field: str = "lines") -> None:
        super().__init__(field, f"product {product_id} is not available")
        self.product_id = str(product_id)

    def extensions(self) -> dict[str, object]:
        return {"product_id": self.product_id}


class ReservationStateError(ConflictError):
    """The order's stock reservation is missing or cannot take the step asked of it."""

    code = "reservation-state-conflict"

    def __init__(self, order_id: object, step: str) -> None:
        super().__init__(f"the stock reservation of order {order_id} cannot be {step}")
        self.order_id = str(order_id)
        self.step = step


class IdempotencyKeyReusedError(InvalidValueError):
    """The Idempotency-Key was used before for a different request."""

    code = "idempotency-key-reused"

    def __init__(self) -> None:
        super().__init__(
            "idempotency_key", "was already used for a different request; use a new key"
        )


class IdempotencyKeyInFlightError(ConflictError):
    """A request with this Idempotency-Key is still running; retry once it finished."""

    code = "idempotency-key-in-flight"

    def __init__(self) -> None:
        super().__init__("a request with this idempotency key is still in progress")


class PaymentDeclinedError(ConflictError):
    """The processor declined the charge; the attempt is recorded and the order is still
    pending payment, payable with another method."""

    code = "payment-declined"

    def __init__(
        self, order_id: object, *, attempt_no: int, outcome: str, failure_reason: str | None
    ) -> None:
        super().__init__(f"the payment of order {order_id} was declined ({outcome})")
        self.order_id = str(order_id)
        self.attempt_no = attempt_no
        self.outcome = outcome
        self.failure_reason = failure_reason

    def extensions(self) -> dict[str, object]:
        return {
            "order_id": self.order_id,
            "attempt_no": self.attempt_no,
            "outcome": self.outcome,
            "failure_reason": self.failure_reason,
        }


class PaymentProcessorUnavailableError(DependencyUnavailableError):
    """The processor failed or timed out; for a charge the attempt is recorded as an
    error, and the order is still payable."""

    code = "payment-processor-unavailable"

    def __init__(self, order_id: object, *, attempt_no: int | None = None) -> None:
        super().__init__("the payment processor")
        self.order_id = str(order_id)
        self.attempt_no = attempt_no

    def extensions(self) -> dict[str, object]:
        return {"order_id": self.order_id, "attempt_no": self.attempt_no}


class RefundRefusedError(ConflictError):
    """The processor refused to refund the order's charge; the order stays paid."""

    code = "refund-refused"

    def __init__(self, order_id: object, failure_reason: str | None) -> None:
        super().__init__(f"the processor refused to refund order {order_id}")
        self.order_id = str(order_id)
        self.failure_reason = failure_reason

    def extensions(self) -> dict[str, object]:
        return {"order_id": self.order_id, "failure_reason": self.failure_reason}
