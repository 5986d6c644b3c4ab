"""The ProductRepository contract, for every adapter."""

from __future__ import annotations

import asyncio

import pytest

from domain.catalog.errors import ProductHasStockHistoryError, SkuTakenError, UnknownCategoryError
from domain.catalog.metadata import ProductMetadata
from domain.catalog.product import Product
from domain.catalog.values import ProductId, ProductName, Sku
from domain.shared.errors import ConcurrentUpdateError
from domain.shared.money import Money
from tests.builders.catalog import (
    a_category,
    a_product,
    a_reservation,
    a_unique_sku,
    later,
)
from tests.integration.contracts.catalog.conftest import (
    CONCURRENT_TASKS,
    Given,
    NewUnitOfWork,
    Receive,
)


async def _get(new_uow: NewUnitOfWork, product_id: ProductId) -> Product | None:
    async with new_uow() as uow:
        return await uow.products.get(product_id)


def _fields(product: Product) -> dict[str, object]:
    return {name: getattr(product, name) for name in Product.__slots__}


async def test_get_returns_none_when_the_id_is_unknown(new_uow: NewUnitOfWork) -> None:
    assert await _get(new_uow, a_product(a_category()).id) is None


async def test_get_returns_the_added_product_when_it_was_committed(
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
        active=False,
        created_at=later(minutes=5),
    )
    await given(category, product)

    found = await _get(new_uow, product.id)

    assert found is not None
    assert _fields(found) == _fields(product)


async def test_get_by_sku_finds_the_product_when_the_sku_is_stored(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product, a_product(category))

    async with new_uow() as uow:
        found = await uow.products.get_by_sku(product.sku)
        missing = await uow.products.get_by_sku(Sku(a_unique_sku()))

    assert (found.id if found else None, missing) == (product.id, None)


async def test_add_raises_sku_taken_when_an_inactive_product_has_the_sku(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    sku = a_unique_sku()
    await given(category, a_product(category, sku=sku, active=False))

    async with new_uow() as uow:
        with pytest.raises(SkuTakenError):
            await uow.products.add(a_product(category, sku=sku.lower()))


async def test_save_raises_sku_taken_when_the_new_sku_belongs_to_another_product(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    taken, changed = a_product(category), a_product(category)
    await given(category, taken, changed)

    async with new_uow() as uow:
        loaded = await uow.products.get(changed.id)
        assert loaded is not None
        loaded.change_sku(taken.sku, now=later(minutes=1))
        with pytest.raises(SkuTakenError):
            await uow.products.save(loaded)


async def test_add_raises_unknown_category_when_the_category_does_not_exist(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        with pytest.raises(UnknownCategoryError):
            await uow.products.add(a_product(a_category()))


async def test_save_raises_unknown_category_when_moved_to_a_missing_category(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)

    async with new_uow() as uow:
        loaded = await uow.products.get(product.id)
        assert loaded is not None
        loaded.move_to(a_category().id, now=later(minutes=1))
        with pytest.raises(UnknownCategoryError):
            await uow.products.save(loaded)


async def test_only_one_product_is_added_when_ten_tasks_add_the_same_sku_at_once(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    await given(category)
    sku = a_unique_sku()

    async def add() -> bool:
        try:
            async with new_uow() as uow:
                await uow.products.add(a_product(category, sku=sku))
                await uow.commit()
        except SkuTakenError:
            return False
        return True

    outcomes = await asyncio.gather(*(add() for _ in range(CONCURRENT_TASKS)))

    assert outcomes.count(True) == 1


async def test_save_writes_the_changes_and_increments_the_version_when_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category, other = a_category(), a_category()
    product = a_product(category)
    await given(category, other, product)

    async with new_uow() as uow:
        loaded = await uow.products.get(product.id)
        assert loaded is not None
        loaded.rename(ProductName("Renamed"), now=later(minutes=1))
        loaded.reprice(Money(1, "JPY"), now=later(minutes=1))
        loaded.move_to(other.id, now=later(minutes=1))
        loaded.replace_metadata(ProductMetadata({"new": True}), now=later(minutes=1))
        loaded.deactivate(now=later(minutes=1))
        await uow.products.save(loaded)
        await uow.commit()

    stored = await _get(new_uow, product.id)
    assert stored is not None
    assert _fields(stored) == _fields(loaded)
    assert (stored.version, stored.price, stored.active) == (2, Money(1, "JPY"), False)


async def test_save_raises_concurrent_update_when_the_product_changed_since_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)
    stale = await _get(new_uow, product.id)
    async with new_uow() as uow:
        fresh = await uow.products.get(product.id)
        assert fresh is not None
        fresh.rename(ProductName("Fresh"), now=later(minutes=1))
        await uow.products.save(fresh)
        await uow.commit()
    assert stale is not None
    stale.rename(ProductName("Stale"), now=later(minutes=2))

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.products.save(stale)


async def test_save_raises_concurrent_update_when_the_product_was_never_added(
    new_uow: NewUnitOfWork,
) -> None:
    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.products.save(a_product(a_category()))


async def test_every_update_lands_when_tasks_update_one_product_through_get_for_update(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category, price=0)
    await given(category, product)

    async def add_one_cent() -> None:
        async with new_uow() as uow:
            loaded = await uow.products.get_for_update(product.id)
            assert loaded is not None
            loaded.reprice(Money(loaded.price.amount + 1, "EUR"), now=later(minutes=1))
            await uow.products.save(loaded)
            await uow.commit()

    await asyncio.gather(*(add_one_cent() for _ in range(CONCURRENT_TASKS)))

    stored = await _get(new_uow, product.id)
    assert stored is not None
    assert (stored.price.amount, stored.version) == (CONCURRENT_TASKS, CONCURRENT_TASKS + 1)


async def test_delete_removes_the_product_and_its_stock_level_when_it_has_no_history(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)

    async with new_uow() as uow:
        await uow.products.delete(product.id)
        await uow.commit()

    async with new_uow() as uow:
        assert await uow.products.get(product.id) is None
        assert await uow.stock.get(product.id) is None


async def test_delete_raises_stock_history_when_the_ledger_has_movements(
    new_uow: NewUnitOfWork, given: Given, receive: Receive
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)
    await receive(product.id, 1)

    async with new_uow() as uow:
        with pytest.raises(ProductHasStockHistoryError):
            await uow.products.delete(product.id)


async def test_delete_raises_stock_history_when_a_reservation_names_the_product(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product, a_reservation([(product.id, 1)]))

    async with new_uow() as uow:
        with pytest.raises(ProductHasStockHistoryError):
            await uow.products.delete(product.id)


async def test_exists_in_category_counts_inactive_products_when_asked(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    full, empty = a_category(), a_category()
    await given(full, empty, a_product(full, active=False))

    async with new_uow() as uow:
        facts = (
            await uow.products.exists_in_category(full.id),
            await uow.products.exists_in_category(empty.id),
        )

    assert facts == (True, False)


async def test_loaded_product_has_no_pending_events_when_it_was_added_with_events(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    category = a_category()
    product = a_product(category)
    await given(category, product)

    loaded = await _get(new_uow, product.id)

    assert loaded is not None
    assert loaded.pull_events() == []
