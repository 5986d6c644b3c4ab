"""Errors of the catalog model: its categories, products, stock and reservations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from domain.shared.errors import (
    ConflictError,
    InvalidValueError,
    NotFoundError,
    PreconditionFailedError,
)


class CategoryNotFoundError(NotFoundError):
    code = "category-not-found"

    def __init__(self, category_id: object) -> None:
        super().__init__(f"no category {category_id}")
        self.category_id = str(category_id)


class UnknownCategoryError(InvalidValueError):
    """An input names a category that does not exist (a parent, a product's category)."""

    code = "unknown-category"

    def __init__(self, category_id: object, *, field: str = "category_id") -> None:
        super().__init__(field, f"no category {category_id}")
        self.category_id = str(category_id)


class CategorySlugTakenError(ConflictError):
    code = "category-slug-taken"

    def __init__(self, slug: str) -> None:
        super().__init__(f"another category has the slug {slug!r}")
        self.slug = slug


class CategoryCycleError(ConflictError):
    """The move would put a category under itself or under one of its descendants."""

    code = "category-cycle"

    def __init__(self, category_id: object, parent_id: object) -> None:
        super().__init__(
            f"category {category_id} cannot move under {parent_id}: that is itself "
            "or one of its descendants"
        )
        self.category_id = str(category_id)
        self.parent_id = str(parent_id)


class CategoryTooDeepError(ConflictError):
    """The change would make the tree deeper than ``max_depth`` levels."""

    code = "category-too-deep"

    def __init__(self, max_depth: int) -> None:
        super().__init__(f"the category tree may be at most {max_depth} levels deep")
        self.max_depth = max_depth


class CategoryLimitReachedError(ConflictError):
    code = "category-limit-reached"

    def __init__(self, limit: int) -> None:
        super().__init__(f"the catalog holds at most {limit} categories")
        self.limit = limit


class CategoryHasChildrenError(ConflictError):
    """A category with subcategories cannot be deleted: move or delete them first."""

    code = "category-has-children"

    def __init__(self, category_id: object) -> None:
        super().__init__(f"category {category_id} has subcategories")
        self.category_id = str(category_id)


class CategoryHasProductsError(ConflictError):
    """A category that products (active or not) belong to cannot be deleted."""

    code = "category-has-products"

    def __init__(self, category_id: object) -> None:
        super().__init__(f"products belong to category {category_id}")
        self.category_id = str(category_id)


class ProductNotFoundError(NotFoundError):
    code = "product-not-found"

    def __init__(self, product_id: object) -> None:
        super().__init__(f"no product {product_id}")
        self.product_id = str(product_id)


class SkuTakenError(ConflictError):
    code = "sku-taken"

    def __init__(self, sku: str) -> None:
        super().__init__(f"another product has the sku {sku!r}")
        self.sku = sku


class ProductVersionMismatchError(PreconditionFailedError):
    """The caller changed a product it read at another version (a failed If-Match).

    Its code is the one the HTTP adapter answers with 412 Precondition Failed.
    """

    code = "precondition-failed"

    def __init__(self, product_id: object, *, expected: int, actual: int) -> None:
        super().__init__(f"product {product_id} is at version {actual}, not {expected}")
        self.product_id = str(product_id)
        self.expected = expected
        self.actual = actual


class ProductHasStockHistoryError(ConflictError):
    """Stock movements or reservations refer to the product, so it can only be deactivated."""

    code = "product-has-stock-history"

    def __init__(self, product_id: object) -> None:
        super().__init__(f"product {product_id} has stock history; deactivate it instead")
        self.product_id = str(product_id)


class InvalidMetadataError(InvalidValueError):
    code = "invalid-metadata"

    def __init__(self, message: str, *, field: str = "metadata") -> None:
        super().__init__(field, message)


@dataclass(frozen=True, slots=True, kw_only=True)
class ShortLine:
    """One product that cannot cover a request: how much was asked, how much is available."""

    product_id: UUID
    requested: int
    available: int


class InsufficientStockError(ConflictError):
    """Available stock cannot cover the request; ``short_lines`` says where and by how much.

    An adjustment raises it when on hand would drop below what is reserved.
    """

    code = "insufficient-stock"

    def __init__(self, short_lines: Sequence[ShortLine], message: str | None = None) -> None:
        self.short_lines = tuple(short_lines)
        super().__init__(
            message
            or "not enough stock for "
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


class ShortStockError(InsufficientStockError):
    """A reservation asked for more than is available on some lines; nothing was reserved."""


class StockLimitExceededError(ConflictError):
    code = "stock-limit-exceeded"

    def __init__(self, product_id: object, limit: int) -> None:
        super().__init__(f"product {product_id} may hold at most {limit} units")
        self.product_id = str(product_id)
        self.limit = limit


class ReservationNotFoundError(NotFoundError):
    code = "reservation-not-found"

    def __init__(self, order_id: object) -> None:
        super().__init__(f"no reservation for order {order_id}")
        self.order_id = str(order_id)


class ReservationMismatchError(ConflictError):
    """The order already holds a reservation of other lines; a retry must repeat the lines."""

    code = "reservation-mismatch"

    def __init__(self, order_id: object) -> None:
        super().__init__(f"order {order_id} already reserved other lines")
        self.order_id = str(order_id)


class IllegalReservationTransitionError(ConflictError):
    """The reservation's status does not allow the step (a release after a commit, …)."""

    code = "illegal-reservation-transition"

    def __init__(self, order_id: object, status: str, step: str) -> None:
        super().__init__(f"the reservation of order {order_id} is {status}; cannot {step} it")
        self.order_id = str(order_id)
        self.status = status
        self.step = step
