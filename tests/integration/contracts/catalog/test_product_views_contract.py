"""The ProductViews contract, for every adapter."""

from __future__ import annotations

from application.catalog.views import ProductView, StockView
from domain.catalog.values import ProductId, ProductName
from tests.builders.catalog import a_category, a_product, a_stock_level, later
from tests.integration.contracts.catalog.conftest import Given, NewUnitOfWork, Receive


async def _get(new_uow: NewUnitOfWork, product_id: ProductId) -> ProductView | None:
    async with new_uow() as uow:
        return await uow.product_views.get(product_id)


async def test_get_returns_none_when_the_id_is_unknown(new_uow: NewUnitOfWork) -> None:
    assert await _get(new_uow, a_product(a_category()).id) is None


async def test_get_returns_the_view_of_the_stored_product_and_stock_when_committed(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(
        category,
        name="Ergo Mouse",
        description="Vertical grip.\nSix buttons.",
        price=2599,
        currency="USD",
        metadata={"dpi": [800, 1600], "wireless": True, "size": {"w": 7.5}},
        created_at=later(minutes=5),
    )
    level = a_stock_level(product, on_hand=7, reserved=3, low_stock_threshold=5, last_sequence=2)
    await given(category, product, level, a_product(category))

    async with new_uow() as uow:
        found = await uow.product_views.get(product.id)
        stored, stored_level = await uow.products.get(product.id), await uow.stock.get(product.id)

    assert stored is not None
    assert stored_level is not None
    assert found == ProductView.of(stored, stored_level)
    assert found.stock == StockView(
        on_hand=7,
        reserved=3,
        available=4,
        low_stock_threshold=5,
        low_stock=True,
    )


async def test_get_returns_the_product_when_it_is_inactive(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category, active=False)
    await given(category, product)

    found = await _get(new_uow, product.id)

    assert found is not None
    assert (found.id, found.active) == (product.id, False)


async def test_get_returns_none_when_the_product_has_no_stock_level(
    new_uow: NewUnitOfWork,
) -> None:
    category = a_category()
    product = a_product(category)
    async with new_uow() as uow:
        await uow.categories.add(category)
        await uow.products.add(product)
        await uow.commit()

    assert await _get(new_uow, product.id) is None


async def test_get_returns_the_current_product_and_stock_when_both_changed(
    new_uow: NewUnitOfWork, given: Given, receive: Receive
) -> None:
    category = a_category()
    product = a_product(category, name="Old Name")
    await given(category, product)
    async with new_uow() as uow:
        loaded = await uow.products.get(product.id)
        assert loaded is not None
        loaded.rename(ProductName.parse("New Name"), now=later(minutes=1))
        await uow.products.save(loaded)
        await uow.commit()
    await receive(product.id, 6)

    found = await _get(new_uow, product.id)

    assert found is not None
    assert (found.name, found.version, found.updated_at) == ("New Name", 2, later(minutes=1))
    assert (found.stock.on_hand, found.stock.available) == (6, 6)


async def test_get_sees_the_transactions_own_writes_when_not_yet_committed(
    new_uow: NewUnitOfWork,
) -> None:
    category = a_category()
    product = a_product(category)
    level = a_stock_level(product, on_hand=2)

    async with new_uow() as uow:
        await uow.categories.add(category)
        await uow.products.add(product)
        await uow.stock.add(level)
        found = await uow.product_views.get(product.id)

    assert found is not None
    assert (found.id, found.stock.on_hand) == (product.id, 2)
