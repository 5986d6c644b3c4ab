"""Errors of the ordering model: its payment methods, orders and their status machine."""

from __future__ import annotations

from domain.shared.errors import ConflictError, InvalidValueError, NotFoundError


class OrderNotFoundError(NotFoundError):
    """No such order, or one the actor may not know about."""

    code = "order-not-found"

    def __init__(self, order_id: object) -> None:
        super().__init__(f"no order {order_id}")
        self.order_id = str(order_id)


class PaymentMethodNotFoundError(NotFoundError):
    """No such payment method among the actor's own (removed ones included)."""

    code = "payment-method-not-found"

    def __init__(self, payment_method_id: object) -> None:
        super().__init__(f"no payment method {payment_method_id}")
        self.payment_method_id = str(payment_method_id)


class DuplicatePaymentMethodError(ConflictError):
    """The user already holds this card, bank account or wallet account."""

    code = "payment-method-duplicate"

    def __init__(self, existing_id: object | None = None) -> None:
        super().__init__("this payment method is already on file")
        self.existing_id = None if existing_id is None else str(existing_id)

    def extensions(self) -> dict[str, object]:
        return {} if self.existing_id is None else {"existing_id": self.existing_id}


class PaymentMethodLimitReachedError(ConflictError):
    code = "payment-method-limit-reached"

    def __init__(self, limit: int) -> None:
        super().__init__(f"a customer may keep at most {limit} payment methods")
        self.limit = limit

    def extensions(self) -> dict[str, object]:
        return {"limit": self.limit}


class IllegalTransitionError(ConflictError):
    """The order's status does not allow the step (paying a paid order, shipping a
    pending one, …); nothing changed."""

    code = "illegal-order-transition"

    def __init__(self, order_id: object, from_status: str, to_status: str) -> None:
        super().__init__(f"order {order_id} is {from_status}; it cannot become {to_status}")
        self.order_id = str(order_id)
        self.from_status = from_status
        self.to_status = to_status

    def extensions(self) -> dict[str, object]:
        return {"status": self.from_status, "requested_status": self.to_status}


class MixedCurrenciesError(InvalidValueError):
    """An order's lines are priced in more than one currency; one order, one currency."""

    code = "mixed-currencies"

    def __init__(self, currencies: set[str]) -> None:
        super().__init__(
            "lines", "are priced in several currencies: " + ", ".join(sorted(currencies))
        )
        self.currencies = sorted(currencies)

    def extensions(self) -> dict[str, object]:
        return {"currencies": list(self.currencies)}


class DuplicateLineError(InvalidValueError):
    """Two lines of one order name the same product: send one line with the total quantity."""

    code = "duplicate-line"

    def __init__(self, index: int, product_id: object) -> None:
        super().__init__(
            f"lines[{index}].product_id", f"product {product_id} is already on an earlier line"
        )
        self.product_id = str(product_id)
