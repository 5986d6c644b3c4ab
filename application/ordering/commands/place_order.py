"""A customer orders products: priced from the catalog, stock reserved, paid if they say how."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID, uuid4

from application.ordering.errors import EmailNotVerifiedError, ProductUnavailableError
from application.ordering.lookups import customer_of, own_payment_method, stage_events
from application.ordering.payment_steps import charge_order
from application.ordering.ports import (
    CatalogGateway,
    OrderingUnitOfWork,
    PaymentProcessor,
    PricedProduct,
)
from application.ordering.views import OrderView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.ordering.lines import OrderLine, RequestedLine, requested_lines
from domain.ordering.order import Order
from domain.ordering.values import OrderId, ProductId


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceOrderLine:
    product_id: UUID
    quantity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceOrder:
    """1 to 50 lines of 1 to 100 units, each product on one line only; with
    ``payment_method_id`` the order is paid in the same request."""

    actor: Actor
    lines: Sequence[PlaceOrderLine]
    payment_method_id: UUID | None = None


class PlaceOrderHandler:
    """Reserve all the stock or none, snapshot each product's SKU, name and price as the
    catalog answered the reservation, and save the order pending payment (OrderPlaced in
    the outbox); then, given a payment method, charge it.

    The order exists once this returns, whatever the payment did: a declined or failed
    charge shows as the last of the order's payments, and the order stays pending payment
    (pay it again with PayOrder). Stock is reserved before the order is made and saved;
    if either fails (mixed currencies, …), the reservation is released.

    Raises:
        EmailNotVerifiedError: the actor has not verified their email address.
        InvalidValueError: no lines, too many, a quantity out of bounds
            (``lines[2].quantity``); DuplicateLineError for a product on two lines.
        PaymentMethodNotFoundError: ``payment_method_id`` is not one of the actor's
            methods (checked before anything is reserved).
        ProductUnavailableError: a line names a product not on offer
            (``lines[0].product_id``).
        MixedCurrenciesError: the products are priced in different currencies.
        InsufficientStockError: stock cannot cover some lines; it lists them all.
        DependencyUnavailableError: the catalog did not answer.
    """

    def __init__(
        self,
        *,
        uow: OrderingUnitOfWork,
        catalog: CatalogGateway,
        processor: PaymentProcessor,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._catalog = catalog
        self._processor = processor
        self._clock = clock

    async def handle(self, command: PlaceOrder) -> OrderView:
        actor = command.actor
        if not actor.email_verified:
            raise EmailNotVerifiedError()
        requested = requested_lines([(line.product_id, line.quantity) for line in command.lines])
        if command.payment_method_id is not None:
            async with self._uow:
                await own_payment_method(self._uow, command.payment_method_id, actor)
        order_id = OrderId(uuid4())
        priced = await self._catalog.reserve(order_id, requested)
        order = await self._save(order_id, requested, priced, actor)
        if command.payment_method_id is None:
            return OrderView.of(order)
        paid, _ = await charge_order(
            self._uow,
            self._processor,
            self._clock,
            actor=actor,
            order_id=order.id,
            payment_method_id=command.payment_method_id,
            placed=order,
        )
        return OrderView.of(paid)

    async def _save(
        self,
        order_id: OrderId,
        requested: Sequence[RequestedLine],
        priced: Mapping[ProductId, PricedProduct],
        actor: Actor,
    ) -> Order:
        saved = False
        try:
            order = Order.place(
                id=order_id,
                customer_id=customer_of(actor),
                lines=_snapshot(requested, priced),
                now=self._clock.now(),
            )
            async with self._uow:
                await self._uow.orders.add(order)
                await stage_events(self._uow, order)
                await self._uow.commit()
                saved = True
        finally:
            if not saved:
                await self._catalog.release(order_id)
        return order


def _snapshot(
    requested: Sequence[RequestedLine], priced: Mapping[ProductId, PricedProduct]
) -> list[OrderLine]:
    lines = []
    for index, line in enumerate(requested):
        product = priced.get(line.product_id)
        if product is None:
            raise ProductUnavailableError(line.product_id, field=f"lines[{index}].product_id")
        lines.append(
            OrderLine(
                product_id=line.product_id,
                sku=product.sku,
                name=product.name,
                unit_price=product.unit_price,
                quantity=line.quantity,
            )
        )
    return lines
