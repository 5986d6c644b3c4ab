"""The ReservationRepository contract, for every adapter."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.catalog.errors import ProductNotFoundError, ReservationMismatchError
from domain.catalog.reservation import Reservation, ReservationStatus
from domain.catalog.stock import StockLevel
from domain.catalog.values import ProductId
from domain.shared.errors import ConcurrentUpdateError
from tests.builders.catalog import a_category, a_product, a_reservation, an_order_id, later
from tests.integration.contracts.catalog.conftest import Given, NewUnitOfWork


def _fields(reservation: Reservation) -> dict[str, object]:
    return {name: getattr(reservation, name) for name in Reservation.__slots__}


async def _two_products(given: Given) -> tuple[ProductId, ProductId]:
    category = a_category()
    first, second = a_product(category), a_product(category)
    await given(category, first, second)
    return first.id, second.id


async def test_get_returns_none_when_the_order_has_no_reservation(new_uow: NewUnitOfWork) -> None:
    async with new_uow() as uow:
        assert await uow.reservations.get(an_order_id()) is None
        assert await uow.reservations.get_for_update(an_order_id()) is None


async def test_get_returns_the_added_reservation_when_it_was_committed(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second = await _two_products(given)
    reservation = a_reservation([(first, 2), (second, 5)], created_at=later(minutes=2))
    await given(reservation)

    async with new_uow() as uow:
        found = await uow.reservations.get(reservation.order_id)
        locked = await uow.reservations.get_for_update(reservation.order_id)

    assert found is not None
    assert locked is not None
    assert _fields(found) == _fields(reservation) == _fields(locked)


async def test_add_raises_mismatch_when_the_order_already_has_a_reservation(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second = await _two_products(given)
    order = an_order_id()
    await given(a_reservation([(first, 1)], order_id=order))

    async with new_uow() as uow:
        with pytest.raises(ReservationMismatchError):
            await uow.reservations.add(a_reservation([(second, 1)], order_id=order))


async def test_add_raises_product_not_found_when_a_line_names_an_unknown_product(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, _ = await _two_products(given)

    async with new_uow() as uow:
        with pytest.raises(ProductNotFoundError):
            await uow.reservations.add(a_reservation([(first, 1), (ProductId(uuid4()), 1)]))


async def test_save_writes_the_status_and_increments_the_version_when_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, _ = await _two_products(given)
    reservation = a_reservation([(first, 2)])
    await given(reservation)
    level = StockLevel.restore(
        product_id=first,
        on_hand=2,
        reserved=2,
        low_stock_threshold=0,
        last_sequence=1,
        updated_at=later(),
        version=1,
    )

    async with new_uow() as uow:
        loaded = await uow.reservations.get_for_update(reservation.order_id)
        assert loaded is not None
        loaded.commit({first: level}, now=later(minutes=3))
        await uow.reservations.save(loaded)
        await uow.commit()

    async with new_uow() as uow:
        stored = await uow.reservations.get(reservation.order_id)
    assert stored is not None
    assert (stored.status, stored.updated_at, stored.version) == (
        ReservationStatus.COMMITTED,
        later(minutes=3),
        2,
    )
    assert loaded.version == 2


async def test_save_raises_concurrent_update_when_the_reservation_changed_since_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, _ = await _two_products(given)
    reservation = a_reservation([(first, 1)])
    await given(reservation)
    async with new_uow() as uow:
        stale = await uow.reservations.get(reservation.order_id)
    async with new_uow() as uow:
        fresh = await uow.reservations.get_for_update(reservation.order_id)
        assert fresh is not None
        await uow.reservations.save(fresh)
        await uow.commit()
    assert stale is not None

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.reservations.save(stale)


async def test_exists_for_product_sees_lines_in_any_status_when_asked(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second = await _two_products(given)
    await given(a_reservation([(first, 1)], status=ReservationStatus.RELEASED))

    async with new_uow() as uow:
        facts = (
            await uow.reservations.exists_for_product(first),
            await uow.reservations.exists_for_product(second),
        )

    assert facts == (True, False)


async def test_get_many_for_update_returns_those_that_exist_keyed_by_order_when_asked(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second = await _two_products(given)
    one = a_reservation([(first, 1), (second, 2)])
    other = a_reservation([(second, 3)])
    await given(one, other)

    async with new_uow() as uow:
        locked = await uow.reservations.get_many_for_update(
            [other.order_id, an_order_id(), one.order_id]
        )

    assert sorted(locked) == sorted([one.order_id, other.order_id])
    assert _fields(locked[one.order_id]) == _fields(one)
    assert _fields(locked[other.order_id]) == _fields(other)


async def test_save_many_writes_each_and_increments_their_versions_when_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second = await _two_products(given)
    one, other = a_reservation([(first, 1)]), a_reservation([(second, 2)])
    await given(one, other)
    levels = {
        product: StockLevel.restore(
            product_id=product,
            on_hand=5,
            reserved=3,
            low_stock_threshold=0,
            last_sequence=1,
            updated_at=later(),
            version=1,
        )
        for product in (first, second)
    }

    async with new_uow() as uow:
        loaded = await uow.reservations.get_many_for_update([one.order_id, other.order_id])
        for reservation in loaded.values():
            reservation.commit(levels, now=later(minutes=4))
        await uow.reservations.save_many(list(loaded.values()))
        await uow.commit()

    async with new_uow() as uow:
        stored = [await uow.reservations.get(order) for order in (one.order_id, other.order_id)]
    assert [(r.status, r.updated_at, r.version) for r in stored if r is not None] == [
        (ReservationStatus.COMMITTED, later(minutes=4), 2)
    ] * 2
    assert [reservation.version for reservation in loaded.values()] == [2, 2]


async def test_save_many_raises_concurrent_update_when_one_changed_since_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    first, second = await _two_products(given)
    one, other = a_reservation([(first, 1)]), a_reservation([(second, 2)])
    await given(one, other)
    async with new_uow() as uow:
        stale = await uow.reservations.get(other.order_id)
        current = await uow.reservations.get(one.order_id)
    async with new_uow() as uow:
        fresh = await uow.reservations.get_for_update(other.order_id)
        assert fresh is not None
        await uow.reservations.save(fresh)
        await uow.commit()
    assert stale is not None
    assert current is not None

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.reservations.save_many([current, stale])
