"""Orders in memory, with the versions and orderings of the PostgreSQL table."""

from __future__ import annotations

from datetime import datetime

from adapters.outbound.persistence.memory.ordering.store import ORDERS
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.ordering.ports import OrderFilter, OrderRepository
from application.shared.pagination import TimeCursor
from domain.ordering.order import Order
from domain.ordering.status import OrderStatus
from domain.ordering.values import OrderId
from domain.shared.errors import ConcurrentUpdateError, ConflictError


class InMemoryOrderRepository(OrderRepository):
    """``get_for_update`` and ``claim_expired`` lock nothing themselves: the store runs one
    transaction at a time, so nothing is ever held by another one to be skipped."""

    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, order: Order) -> None:
        if self._tx.exists(ORDERS, order.id):
            raise ConflictError(f"order {order.id} already exists")
        self._tx.put(ORDERS, order.id, order)

    async def get(self, order_id: OrderId) -> Order | None:
        return self._tx.get(ORDERS, order_id)

    async def get_for_update(self, order_id: OrderId) -> Order | None:
        return self._tx.get(ORDERS, order_id)

    async def lock(self, order_id: OrderId) -> int | None:
        stored = self._tx.get(ORDERS, order_id)
        return None if stored is None else stored.version

    async def save(self, order: Order) -> None:
        stored = self._tx.get(ORDERS, order.id)
        if stored is None or stored.version != order.version:
            raise ConcurrentUpdateError(f"order {order.id} changed since it was loaded")
        order.version += 1
        self._tx.put(ORDERS, order.id, order)

    async def claim_expired(self, placed_before: datetime, *, limit: int) -> list[Order]:
        return self._tx.select(
            ORDERS,
            lambda order: (
                order.status is OrderStatus.PENDING_PAYMENT and order.created_at < placed_before
            ),
            order_by=lambda order: (order.created_at, order.id),
            limit=limit,
        )

    async def list(
        self, order_filter: OrderFilter, *, after: TimeCursor | None, limit: int
    ) -> list[Order]:
        def matches(order: Order) -> bool:
            if after is not None and (order.created_at, order.id) >= (after.created_at, after.id):
                return False
            return _matches(order, order_filter)

        return self._tx.select(
            ORDERS,
            matches,
            order_by=lambda order: (order.created_at, order.id),
            descending=True,
            limit=limit,
        )


def _matches(order: Order, order_filter: OrderFilter) -> bool:
    if order_filter.customer_id is not None and order.customer_id != order_filter.customer_id:
        return False
    if order_filter.status is not None and order.status is not order_filter.status:
        return False
    if order_filter.created_from is not None and order.created_at < order_filter.created_from:
        return False
    return order_filter.created_to is None or order.created_at < order_filter.created_to
