"""Ordering's CatalogGateway, served by the catalog's use cases in the same process.

The only code (with the stock-effects consumer) that sees two contexts. It calls the
catalog's application layer and nothing deeper: catalog errors are recognised by their
shared base class and stable ``code`` and read through ``extensions()``, the same facts
an HTTP gateway reads from a problem body, and translated into ordering's own errors.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any
from uuid import UUID

from application.catalog.commands.commit_reservation import (
    CommitReservation,
    CommitReservationHandler,
)
from application.catalog.commands.release_reservation import (
    ReleaseReservation,
    ReleaseReservationHandler,
)
from application.catalog.commands.reserve_stock import (
    ReserveLine,
    ReserveStock,
    ReserveStockHandler,
)
from application.catalog.commands.return_stock import ReturnStock, ReturnStockHandler
from application.catalog.queries.get_product import GetProduct, GetProductHandler
from application.ordering.errors import (
    InsufficientStockError,
    ProductUnavailableError,
    ReservationStateError,
    ShortLine,
)
from application.ordering.ports import CatalogGateway, PricedProduct
from domain.ordering.lines import RequestedLine
from domain.ordering.values import OrderId, ProductId
from domain.shared.errors import ConflictError, NotFoundError
from domain.shared.money import Money

_SHORT_STOCK = "insufficient-stock"
_OTHER_LINES = "reservation-mismatch"


class InProcessCatalogGateway(CatalogGateway):
    """Each argument makes a fresh catalog handler (the container's factories), since a
    handler's unit of work serves one transaction at a time. Pricing reads the products
    one by one: an order has at most 50 lines."""

    def __init__(
        self,
        *,
        get_product: Callable[[], GetProductHandler],
        reserve_stock: Callable[[], ReserveStockHandler],
        commit_reservation: Callable[[], CommitReservationHandler],
        release_reservation: Callable[[], ReleaseReservationHandler],
        return_stock: Callable[[], ReturnStockHandler],
    ) -> None:
        self._get_product = get_product
        self._reserve_stock = reserve_stock
        self._commit_reservation = commit_reservation
        self._release_reservation = release_reservation
        self._return_stock = return_stock

    async def price_lines(
        self, product_ids: Collection[ProductId]
    ) -> dict[ProductId, PricedProduct]:
        priced: dict[ProductId, PricedProduct] = {}
        for product_id in dict.fromkeys(product_ids):
            try:
                # Anonymous: the catalog answers what it offers to anyone, active products.
                product = await self._get_product().handle(GetProduct(product_id=product_id))
            except NotFoundError:
                continue
            priced[product_id] = PricedProduct(
                product_id=product_id,
                sku=product.sku,
                name=product.name,
                unit_price=Money(product.price_cents, product.currency),
            )
        return priced

    async def reserve(
        self, order_id: OrderId, lines: Sequence[RequestedLine]
    ) -> dict[ProductId, PricedProduct]:
        command = ReserveStock(
            order_id=order_id,
            lines=[
                ReserveLine(product_id=line.product_id, quantity=line.quantity) for line in lines
            ],
        )
        try:
            view = await self._reserve_stock().handle(command)
        except NotFoundError as error:
            raise _unavailable(lines, getattr(error, "product_id", None)) from None
        except ConflictError as error:
            raise _reservation_conflict(order_id, error) from None
        return {
            ProductId(product.product_id): PricedProduct(
                product_id=ProductId(product.product_id),
                sku=product.sku,
                name=product.name,
                unit_price=Money(product.price_cents, product.currency),
            )
            for product in view.offered
        }

    async def release(self, order_id: OrderId) -> None:
        try:
            await self._release_reservation().handle(ReleaseReservation(order_id=order_id))
        except NotFoundError:
            return  # nothing was held for the order
        except ConflictError:
            raise ReservationStateError(order_id, "released") from None

    async def commit(self, order_id: OrderId) -> None:
        try:
            await self._commit_reservation().handle(CommitReservation(order_id=order_id))
        except (NotFoundError, ConflictError):
            raise ReservationStateError(order_id, "committed") from None

    async def return_stock(self, order_id: OrderId) -> None:
        try:
            await self._return_stock().handle(ReturnStock(order_id=order_id))
        except (NotFoundError, ConflictError):
            raise ReservationStateError(order_id, "returned") from None


def _unavailable(lines: Sequence[RequestedLine], product_id: object) -> ProductUnavailableError:
    for index, line in enumerate(lines):
        if str(line.product_id) == str(product_id):
            return ProductUnavailableError(product_id, field=f"lines[{index}].product_id")
    return ProductUnavailableError(product_id or "of the order")


def _reservation_conflict(order_id: OrderId, error: ConflictError) -> ConflictError:
    if error.code == _SHORT_STOCK:
        return InsufficientStockError(_short_lines(error.extensions()))
    if error.code == _OTHER_LINES:
        return ReservationStateError(order_id, "placed again with other lines")
    return error  # a shared-kernel conflict (a concurrent update) means the same to ordering


def _short_lines(extensions: dict[str, Any]) -> list[ShortLine]:
    return [
        ShortLine(
            product_id=UUID(str(line["product_id"])),
            requested=int(line["requested"]),
            available=int(line["available"]),
        )
        for line in extensions.get("short_lines", [])
    ]
