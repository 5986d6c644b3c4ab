"""The catalog's consumer of ordering's order events: what each does to stock.

=============================  =====================================
ordering.order_paid.v1         CommitReservation (the units leave)
ordering.order_cancelled.v1    ReleaseReservation (available again)
ordering.order_refunded.v1     ReturnStock (on hand again)
=============================  =====================================

Paid orders may also come as a batch (``many`` of the ``order_paid`` subscription, which
the in-process bus uses): their reservations are committed in one transaction.

A tolerant reader: it takes ``order_id`` from the payload and ignores every other field,
so ordering may add fields to a version without breaking it. Each catalog command is
idempotent per order id, so a redelivered message changes nothing. A message that can
never succeed (no ``order_id``, no reservation for the order, a reservation that cannot
take the step) is logged and dropped; anything else (the catalog's database down)
propagates, and the message comes again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import structlog

from application.catalog.commands.commit_reservation import (
    CommitReservation,
    CommitReservationHandler,
    CommitReservations,
)
from application.catalog.commands.release_reservation import (
    ReleaseReservation,
    ReleaseReservationHandler,
)
from application.catalog.commands.return_stock import ReturnStock, ReturnStockHandler
from application.ordering.integration_events import ORDER_CANCELLED, ORDER_PAID, ORDER_REFUNDED
from domain.shared.errors import ConcurrentUpdateError, ConflictError, NotFoundError

Consumer = Callable[[dict[str, Any]], Awaitable[None]]

_log = structlog.get_logger(logger_name="hexashop.messaging")


class StockEffectsConsumer:
    """Give it factories of the catalog's handlers (a fresh one per message), then
    subscribe each of ``subscriptions()`` to its topic on the bus."""

    def __init__(
        self,
        *,
        commit_reservation: Callable[[], CommitReservationHandler],
        release_reservation: Callable[[], ReleaseReservationHandler],
        return_stock: Callable[[], ReturnStockHandler],
    ) -> None:
        self._commit_reservation = commit_reservation
        self._release_reservation = release_reservation
        self._return_stock = return_stock

    def subscriptions(self) -> dict[str, Consumer]:
        return {
            ORDER_PAID: _PaidOrders(self),
            ORDER_CANCELLED: self.on_order_cancelled,
            ORDER_REFUNDED: self.on_order_refunded,
        }

    async def on_order_paid(self, envelope: dict[str, Any]) -> None:
        order_id = _order_id(envelope)
        if order_id is not None:
            await self._apply(
                envelope,
                lambda: self._commit_reservation().handle(CommitReservation(order_id=order_id)),
            )

    async def on_orders_paid(self, envelopes: list[dict[str, Any]]) -> None:
        """Commit the reservations of many paid orders in one transaction. A message that
        can never apply is dropped (logged) as it would be alone; a lost race fails the
        whole batch, and the relay delivers it again."""
        by_order: dict[UUID, dict[str, Any]] = {}
        for envelope in envelopes:
            order_id = _order_id(envelope)
            if order_id is not None:
                by_order.setdefault(order_id, envelope)
        if not by_order:
            return
        taken = await self._commit_reservation().handle_many(
            CommitReservations(order_ids=list(by_order))
        )
        for order_id, error in taken.refused.items():
            _dropped(by_order[order_id], error)

    async def on_order_cancelled(self, envelope: dict[str, Any]) -> None:
        order_id = _order_id(envelope)
        if order_id is not None:
            await self._apply(
                envelope,
                lambda: self._release_reservation().handle(ReleaseReservation(order_id=order_id)),
            )

    async def on_order_refunded(self, envelope: dict[str, Any]) -> None:
        order_id = _order_id(envelope)
        if order_id is not None:
            await self._apply(
                envelope, lambda: self._return_stock().handle(ReturnStock(order_id=order_id))
            )

    async def _apply(self, envelope: dict[str, Any], step: Callable[[], Awaitable[object]]) -> None:
        try:
            await step()
        except ConcurrentUpdateError:
            raise  # a lost race (or deadlock): the relay delivers the message again
        except (NotFoundError, ConflictError) as error:
            _dropped(envelope, error)


class _PaidOrders:
    """The ``order_paid`` subscription: one message, or (``many``) a batch of them."""

    def __init__(self, consumer: StockEffectsConsumer) -> None:
        self._consumer = consumer

    async def __call__(self, envelope: dict[str, Any]) -> None:
        await self._consumer.on_order_paid(envelope)

    async def many(self, envelopes: list[dict[str, Any]]) -> None:
        await self._consumer.on_orders_paid(envelopes)


def _dropped(envelope: dict[str, Any], error: NotFoundError | ConflictError) -> None:
    # Retrying cannot change the reservation's answer: drop the message, loudly.
    _log.warning(
        "messaging.message_dropped",
        topic=envelope.get("topic"),
        message_id=envelope.get("id"),
        code=error.code,
        reason=error.message,
    )


def _order_id(envelope: dict[str, Any]) -> UUID | None:
    """The payload's order id; None (and a log line) when the message has none."""
    payload = envelope.get("payload")
    raw = payload.get("order_id") if isinstance(payload, dict) else None
    try:
        return UUID(str(raw)) if raw is not None else _malformed(envelope)
    except ValueError:
        return _malformed(envelope)


def _malformed(envelope: dict[str, Any]) -> UUID | None:
    _log.warning(
        "messaging.message_dropped",
        topic=envelope.get("topic"),
        message_id=envelope.get("id"),
        code="malformed-message",
        reason="the payload has no valid order_id",
    )
    return None
