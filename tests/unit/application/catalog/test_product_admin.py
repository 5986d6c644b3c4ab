"""Product use cases: admin writes with optimistic versions, visibility of inactive products."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.catalog.commands.create_product import CreateProduct, CreateProductHandler
from application.catalog.commands.delete_product import (
    DeleteOutcome,
    DeleteProduct,
    DeleteProductHandler,
)
from application.catalog.commands.reserve_stock import (
    ReserveLine,
    ReserveStock,
    ReserveStockHandler,
)
from application.catalog.commands.update_product import UpdateProduct, UpdateProductHandler
from application.catalog.queries.get_product import GetProduct, GetProductHandler
from application.catalog.views import StockView
from application.shared.errors import PermissionDeniedError
from domain.catalog.errors import (
    InvalidMetadataError,
    ProductNotFoundError,
    ProductVersionMismatchError,
    SkuTakenError,
    UnknownCategoryError,
)
from domain.catalog.values import ProductId
from domain.shared.errors import InvalidValueError
from tests.builders.catalog import an_order_id
from tests.builders.catalog_world import CatalogWorld


async def test_product_is_stored_with_empty_stock_when_an_admin_creates_it() -> None:
    world = CatalogWorld()
    category = await world.a_category()

    view = await world.handler(CreateProductHandler).handle(
        CreateProduct(
            actor=world.admin,
            sku=" kb-104 ",
            name="Mechanical  Keyboard",
            description="Tactile switches.",
            price_cents=12900,
            currency="EUR",
            category_id=category.id,
            metadata={"layout": "ISO", "switches": ["brown"]},
            low_stock_threshold=5,
        )
    )

    assert (view.sku, view.name, view.price_cents, view.currency, view.version, view.active) == (
        "KB-104",
        "Mechanical Keyboard",
        12900,
        "EUR",
        1,
        True,
    )
    assert view.metadata == {"layout": "ISO", "switches": ["brown"]}
    assert view.stock == StockView(
        on_hand=0,
        reserved=0,
        available=0,
        low_stock_threshold=5,
        low_stock=True,
    )
    async with world.uow() as uow:
        stored = await uow.products.get(ProductId(view.id))
        level = await uow.stock.get(ProductId(view.id))
    assert stored is not None
    assert level is not None
    assert (stored.sku.value, level.on_hand) == ("KB-104", 0)


async def test_customer_is_refused_when_creating_a_product() -> None:
    world = CatalogWorld()
    category = await world.a_category()

    with pytest.raises(PermissionDeniedError):
        await world.handler(CreateProductHandler).handle(
            CreateProduct(
                actor=world.customer,
                sku="X-1",
                name="X",
                price_cents=1,
                currency="EUR",
                category_id=category.id,
            )
        )


async def test_create_raises_sku_taken_when_the_sku_differs_only_in_case() -> None:
    world = CatalogWorld()
    category = await world.a_category()
    await world.a_product(category.id, sku="MOUSE-1")

    with pytest.raises(SkuTakenError) as caught:
        await world.a_product(category.id, sku="mouse-1")

    assert caught.value.code == "sku-taken"


async def test_create_names_category_id_when_the_category_does_not_exist() -> None:
    world = CatalogWorld()

    with pytest.raises(UnknownCategoryError) as caught:
        await world.a_product(uuid4())

    assert caught.value.field == "category_id"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"price_cents": -1}, "price_cents"),
        ({"currency": "eur"}, "currency"),
        ({"metadata": {"deep": {"a": {"b": {"c": {"d": {"e": 1}}}}}}}, "metadata"),
        ({"sku": "BAD SKU"}, "sku"),
        ({"name": ""}, "name"),
        ({"low_stock_threshold": -5}, "low_stock_threshold"),
    ],
)
async def test_create_names_the_field_when_a_value_is_invalid(
    fields: dict[str, object], field: str
) -> None:
    world = CatalogWorld()
    category = await world.a_category()

    with pytest.raises(InvalidValueError) as caught:
        await world.a_product(category.id, **fields)  # type: ignore[arg-type]

    assert caught.value.field == field


async def test_update_applies_the_fields_and_bumps_the_version_when_it_matches() -> None:
    world = CatalogWorld()
    product = await world.a_product(price_cents=1000)
    other = await world.a_category("Other")
    world.tick()

    view = await world.handler(UpdateProductHandler).handle(
        UpdateProduct(
            actor=world.admin,
            product_id=product.id,
            expected_version=1,
            name="Quiet Keyboard",
            price_cents=1500,
            category_id=other.id,
            metadata={"color": "white"},
            low_stock_threshold=2,
        )
    )

    assert (view.name, view.price_cents, view.currency, view.category_id, view.version) == (
        "Quiet Keyboard",
        1500,
        "EUR",
        other.id,
        2,
    )
    assert (view.metadata, view.stock.low_stock_threshold, view.updated_at) == (
        {"color": "white"},
        2,
        world.clock.now(),
    )


async def test_update_raises_precondition_failed_when_the_expected_version_is_stale() -> None:
    world = CatalogWorld()
    product = await world.a_product()
    handler = world.handler(UpdateProductHandler)
    await handler.handle(UpdateProduct(actor=world.admin, product_id=product.id, name="First"))

    with pytest.raises(ProductVersionMismatchError) as caught:
        await handler.handle(
            UpdateProduct(actor=world.admin, product_id=product.id, expected_version=1, name="Lost")
        )

    assert (caught.value.code, caught.value.expected, caught.value.actual) == (
        "precondition-failed",
        1,
        2,
    )
    stored = await world.handler(GetProductHandler).handle(GetProduct(product_id=product.id))
    assert stored.name == "First"


async def test_update_names_category_id_when_the_new_category_does_not_exist() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    with pytest.raises(UnknownCategoryError):
        await world.handler(UpdateProductHandler).handle(
            UpdateProduct(actor=world.admin, product_id=product.id, category_id=uuid4())
        )


async def test_update_raises_invalid_metadata_when_the_object_is_too_large() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    with pytest.raises(InvalidMetadataError):
        await world.handler(UpdateProductHandler).handle(
            UpdateProduct(actor=world.admin, product_id=product.id, metadata={"x": "y" * 20_000})
        )


async def test_inactive_product_is_not_found_when_a_customer_reads_it() -> None:
    world = CatalogWorld()
    product = await world.a_product(active=False)
    handler = world.handler(GetProductHandler)

    for actor in (None, world.customer):
        with pytest.raises(ProductNotFoundError):
            await handler.handle(GetProduct(product_id=product.id, actor=actor))


async def test_inactive_product_is_shown_when_an_admin_reads_it() -> None:
    world = CatalogWorld()
    product = await world.a_product(active=False, stock=3)

    view = await world.handler(GetProductHandler).handle(
        GetProduct(product_id=product.id, actor=world.admin)
    )

    assert (view.active, view.stock.on_hand, view.stock.available) == (False, 3, 3)


async def test_active_product_is_shown_with_its_stock_when_anyone_reads_it() -> None:
    world = CatalogWorld()
    product = await world.a_product(name="Trackball", stock=4)
    handler = world.handler(GetProductHandler)

    views = [
        await handler.handle(GetProduct(product_id=product.id, actor=actor))
        for actor in (None, world.customer, world.admin)
    ]

    assert views[0] == views[1] == views[2]
    assert (views[0].id, views[0].name, views[0].version) == (product.id, "Trackball", 1)
    assert (views[0].stock.on_hand, views[0].stock.available) == (4, 4)


async def test_product_is_not_found_when_the_id_is_unknown() -> None:
    world = CatalogWorld()
    await world.a_product()
    handler = world.handler(GetProductHandler)

    with pytest.raises(ProductNotFoundError):
        await handler.handle(GetProduct(product_id=uuid4(), actor=world.admin))


async def test_delete_removes_the_product_when_it_has_no_stock_history() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    result = await world.handler(DeleteProductHandler).handle(
        DeleteProduct(actor=world.admin, product_id=product.id, expected_version=1)
    )

    assert result.outcome is DeleteOutcome.DELETED
    async with world.uow() as uow:
        assert await uow.products.get(ProductId(product.id)) is None
        assert await uow.stock.get(ProductId(product.id)) is None


async def test_delete_deactivates_the_product_when_stock_was_received() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=2)

    result = await world.handler(DeleteProductHandler).handle(
        DeleteProduct(actor=world.admin, product_id=product.id)
    )

    assert result.outcome is DeleteOutcome.DEACTIVATED
    view = await world.handler(GetProductHandler).handle(
        GetProduct(product_id=product.id, actor=world.admin)
    )
    assert (view.active, view.version) == (False, 2)


async def test_delete_deactivates_the_product_when_a_reservation_names_it() -> None:
    world = CatalogWorld()
    product = await world.a_product(stock=2)
    await world.handler(ReserveStockHandler).handle(
        ReserveStock(order_id=an_order_id(), lines=[ReserveLine(product_id=product.id, quantity=1)])
    )

    result = await world.handler(DeleteProductHandler).handle(
        DeleteProduct(actor=world.admin, product_id=product.id)
    )

    assert result.outcome is DeleteOutcome.DEACTIVATED


async def test_delete_raises_precondition_failed_when_the_expected_version_is_stale() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    with pytest.raises(ProductVersionMismatchError):
        await world.handler(DeleteProductHandler).handle(
            DeleteProduct(actor=world.admin, product_id=product.id, expected_version=7)
        )


async def test_customer_is_refused_when_deleting_a_product() -> None:
    world = CatalogWorld()
    product = await world.a_product()

    with pytest.raises(PermissionDeniedError):
        await world.handler(DeleteProductHandler).handle(
            DeleteProduct(actor=world.customer, product_id=product.id)
        )
