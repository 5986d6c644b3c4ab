"""The PaymentMethodRepository contract, for every adapter."""

from __future__ import annotations

import asyncio
from uuid import uuid4

import pytest

from domain.ordering.errors import DuplicatePaymentMethodError
from domain.ordering.payment_method import PaymentMethod, check_can_add
from domain.ordering.values import CustomerId, PaymentMethodId
from domain.shared.errors import ConcurrentUpdateError, ConflictError, DomainError
from tests.builders.ordering import T0, a_card, a_customer_id, a_payment_method, later
from tests.integration.contracts.ordering.conftest import CONCURRENT_TASKS, Given, NewUnitOfWork


def _fields(method: PaymentMethod) -> dict[str, object]:
    return {name: getattr(method, name) for name in PaymentMethod.__slots__}


async def test_get_returns_none_when_the_method_is_unknown(new_uow: NewUnitOfWork) -> None:
    async with new_uow() as uow:
        assert await uow.payment_methods.get(PaymentMethodId(uuid4())) is None


async def test_get_returns_the_added_method_whole_even_when_removed(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer = a_customer_id()
    kept = a_payment_method(customer, is_default=True)
    removed = a_payment_method(customer, removed_at=later(minutes=5))
    await given(kept, removed)

    async with new_uow() as uow:
        found = [await uow.payment_methods.get(method.id) for method in (kept, removed)]

    assert [_fields(method) for method in found if method] == [_fields(kept), _fields(removed)]


async def test_add_raises_duplicate_when_the_customer_holds_the_fingerprint(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer = a_customer_id()
    held = a_payment_method(customer, fingerprint="fp-1", is_default=True)
    await given(held)

    async with new_uow() as uow:
        with pytest.raises(DuplicatePaymentMethodError):
            await uow.payment_methods.add(a_payment_method(customer, fingerprint="fp-1"))


async def test_add_accepts_the_fingerprint_when_another_customer_or_a_removed_method_holds_it(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer = a_customer_id()
    await given(
        a_payment_method(a_customer_id(), fingerprint="fp-1", is_default=True),
        a_payment_method(customer, fingerprint="fp-1", removed_at=T0),
    )

    async with new_uow() as uow:
        await uow.payment_methods.add(a_payment_method(customer, fingerprint="fp-1"))
        await uow.commit()

    async with new_uow() as uow:
        assert len(await uow.payment_methods.list_for_customer(customer)) == 1


async def test_add_raises_conflict_when_the_id_exists_or_it_would_be_a_second_default(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer = a_customer_id()
    default = a_payment_method(customer, is_default=True)
    await given(default)

    for refused in (default, a_payment_method(customer, is_default=True)):
        async with new_uow() as uow:
            with pytest.raises(ConflictError):
                await uow.payment_methods.add(refused)


async def test_list_for_customer_returns_their_kept_methods_newest_first_when_others_exist(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer = a_customer_id()
    oldest = a_payment_method(customer, created_at=later(minutes=1), is_default=True)
    newest = a_payment_method(customer, created_at=later(minutes=3))
    middle = a_payment_method(customer, created_at=later(minutes=2))
    removed = a_payment_method(customer, created_at=later(minutes=4), removed_at=later(minutes=5))
    await given(oldest, newest, middle, removed, a_payment_method(a_customer_id()))

    async with new_uow() as uow:
        listed = await uow.payment_methods.list_for_customer(customer)

    assert [method.id for method in listed] == [newest.id, middle.id, oldest.id]


async def test_save_writes_default_and_removal_and_increments_the_version_when_current(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer = a_customer_id()
    method = a_payment_method(customer, is_default=True)
    await given(method)

    async with new_uow() as uow:
        loaded = await uow.payment_methods.get(method.id)
        assert loaded is not None
        loaded.is_default, loaded.removed_at, loaded.updated_at = False, later(), later()
        await uow.payment_methods.save(loaded)
        await uow.commit()

    async with new_uow() as uow:
        stored = await uow.payment_methods.get(method.id)
    assert stored is not None
    assert (stored.is_default, stored.removed_at, stored.updated_at, stored.version) == (
        False,
        later(),
        later(),
        2,
    )
    assert loaded.version == 2


async def test_save_raises_concurrent_update_when_the_method_changed_since_loaded(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    method = a_payment_method(a_customer_id(), is_default=True)
    await given(method)
    async with new_uow() as uow:
        stale = await uow.payment_methods.get(method.id)
    async with new_uow() as uow:
        fresh = await uow.payment_methods.get(method.id)
        assert fresh is not None
        await uow.payment_methods.save(fresh)
        await uow.commit()
    assert stale is not None

    async with new_uow() as uow:
        with pytest.raises(ConcurrentUpdateError):
            await uow.payment_methods.save(stale)


async def test_save_raises_conflict_when_it_would_make_a_second_default(
    new_uow: NewUnitOfWork, given: Given
) -> None:
    customer = a_customer_id()
    other = a_payment_method(customer)
    await given(a_payment_method(customer, is_default=True), other)

    async with new_uow() as uow:
        loaded = await uow.payment_methods.get(other.id)
        assert loaded is not None
        loaded.is_default = True
        with pytest.raises(ConflictError):
            await uow.payment_methods.save(loaded)


async def test_one_method_is_added_when_many_tasks_add_the_same_card_at_once(
    new_uow: NewUnitOfWork,
) -> None:
    customer = CustomerId(uuid4())

    async def add() -> bool:
        async with new_uow() as uow:
            await uow.payment_methods.lock_customer(customer)
            held = await uow.payment_methods.list_for_customer(customer)
            try:
                check_can_add(held, "same-card")
                await asyncio.sleep(0)  # let the others run into the lock
                method = PaymentMethod.add(
                    id=PaymentMethodId(uuid4()),
                    customer_id=customer,
                    instrument=a_card(),
                    token="tok",
                    fingerprint="same-card",
                    held=held,
                    now=T0,
                )
                await uow.payment_methods.add(method)
            except DomainError:
                return False
            await uow.commit()
            return True

    outcomes = await asyncio.gather(*(add() for _ in range(CONCURRENT_TASKS)))

    assert outcomes.count(True) == 1
    async with new_uow() as uow:
        [method] = await uow.payment_methods.list_for_customer(customer)
    assert method.is_default


async def test_exactly_one_default_when_many_tasks_add_first_methods_at_once(
    new_uow: NewUnitOfWork,
) -> None:
    customer = CustomerId(uuid4())

    async def add(n: int) -> None:
        async with new_uow() as uow:
            await uow.payment_methods.lock_customer(customer)
            held = await uow.payment_methods.list_for_customer(customer)
            await asyncio.sleep(0)
            method = PaymentMethod.add(
                id=PaymentMethodId(uuid4()),
                customer_id=customer,
                instrument=a_card(),
                token="tok",
                fingerprint=f"card-{n}",
                held=held,
                now=T0,
            )
            await uow.payment_methods.add(method)
            await uow.commit()

    await asyncio.gather(*(add(n) for n in range(CONCURRENT_TASKS)))

    async with new_uow() as uow:
        methods = await uow.payment_methods.list_for_customer(customer)
    assert len(methods) == CONCURRENT_TASKS
    assert sum(method.is_default for method in methods) == 1
