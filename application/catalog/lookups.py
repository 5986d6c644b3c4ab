"""Loading the categories, products and stock that use cases act on, with the checks every
caller needs."""

from __future__ import annotations

from uuid import UUID

from application.catalog.ports import CatalogUnitOfWork
from application.catalog.views import ProductView
from application.shared.actor import Actor
from domain.catalog.category import Category
from domain.catalog.errors import (
    CategoryNotFoundError,
    ProductNotFoundError,
    ProductVersionMismatchError,
    UnknownCategoryError,
)
from domain.catalog.product import Product
from domain.catalog.stock import StockLevel
from domain.catalog.values import CategoryId, ProductId


def sees_inactive(actor: Actor | None) -> bool:
    """Admins see inactive products; customers and anonymous callers see active ones only."""
    return actor is not None and actor.is_admin


def may_see(actor: Actor | None, *, active: bool) -> bool:
    """Whether the caller may see a product whose ``active`` flag this is."""
    return active or sees_inactive(actor)


async def existing_category(uow: CatalogUnitOfWork, category_id: UUID) -> Category:
    category = await uow.categories.get(CategoryId(category_id))
    if category is None:
        raise CategoryNotFoundError(category_id)
    return category


async def parent_path(
    uow: CatalogUnitOfWork, parent_id: UUID | None, *, field: str = "parent_id"
) -> list[CategoryId]:
    """The ids from the root down to the parent; empty for no parent (the top of the tree).

    Raises UnknownCategoryError, naming ``field``, when the parent does not exist.
    """
    if parent_id is None:
        return []
    path = await uow.categories.path(CategoryId(parent_id))
    if not path:
        raise UnknownCategoryError(parent_id, field=field)
    return [category.id for category in path]


async def visible_product(
    uow: CatalogUnitOfWork, product_id: UUID, actor: Actor | None, *, for_update: bool = False
) -> Product:
    """The product, if the caller may see it: inactive ones are unknown to non-admins."""
    products = uow.products
    load = products.get_for_update if for_update else products.get
    product = await load(ProductId(product_id))
    if product is None or not may_see(actor, active=product.active):
        raise ProductNotFoundError(product_id)
    return product


async def visible_product_view(
    uow: CatalogUnitOfWork, product_id: UUID, actor: Actor | None
) -> ProductView:
    """The product with its stock as clients see it, if the caller may see it, as
    ``visible_product`` decides; for queries that only show it (one read, no aggregates)."""
    view = await uow.product_views.get(ProductId(product_id))
    if view is None or not may_see(actor, active=view.active):
        raise ProductNotFoundError(product_id)
    return view


async def stock_of(uow: CatalogUnitOfWork, product_id: ProductId) -> StockLevel:
    """The product's stock level; every product has one from its creation on."""
    level = await uow.stock.get(product_id)
    if level is None:
        raise ProductNotFoundError(product_id)
    return level


def require_version(product: Product, expected_version: int | None) -> None:
    """Refuse to change a product the caller read at another version (None: any version)."""
    if expected_version is not None and expected_version != product.version:
        raise ProductVersionMismatchError(
            product.id, expected=expected_version, actual=product.version
        )
