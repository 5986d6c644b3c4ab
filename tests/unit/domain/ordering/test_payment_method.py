"""A customer's payment methods: no duplicates, a cap, exactly one default while any remain."""

from __future__ import annotations

from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.ordering.errors import (
    DuplicatePaymentMethodError,
    PaymentMethodLimitReachedError,
    PaymentMethodNotFoundError,
)
from domain.ordering.instruments import PaymentMethodKind
from domain.ordering.payment_method import (
    MAX_PAYMENT_METHODS,
    PaymentMethod,
    choose_default,
    remove_method,
)
from domain.ordering.values import PaymentMethodId
from tests.builders.ordering import (
    T0,
    a_bank_account,
    a_card,
    a_customer_id,
    a_payment_method,
    later,
)


def _add(
    held: list[PaymentMethod], fingerprint: str | None = None, minute: int = 0
) -> PaymentMethod:
    return PaymentMethod.add(
        id=PaymentMethodId(uuid4()),
        customer_id=held[0].customer_id if held else a_customer_id(),
        instrument=a_card(),
        token="tok_test",
        fingerprint=fingerprint or uuid4().hex,
        held=held,
        now=later(minutes=minute),
    )


def test_the_first_method_becomes_the_default_when_the_customer_holds_none() -> None:
    method = _add([])

    assert method.is_default
    assert (method.kind, method.summary["last4"], method.version) == (
        PaymentMethodKind.CARD,
        "4242",
        1,
    )


def test_a_later_method_is_not_the_default_when_the_customer_holds_one() -> None:
    first = _add([])

    second = _add([first])

    assert not second.is_default


def test_add_keeps_the_summary_and_never_the_number_when_a_bank_account_is_added() -> None:
    method = PaymentMethod.add(
        id=PaymentMethodId(uuid4()),
        customer_id=a_customer_id(),
        instrument=a_bank_account(),
        token="tok_test",
        fingerprint="f",
        held=[],
        now=T0,
    )

    assert method.kind is PaymentMethodKind.BANK_ACCOUNT
    assert method.summary == {"country": "DE", "last4": "3000", "holder": "Ada Lovelace"}


def test_add_raises_duplicate_naming_the_held_one_when_the_fingerprint_is_held() -> None:
    held = _add([], fingerprint="same")

    with pytest.raises(DuplicatePaymentMethodError) as caught:
        _add([held], fingerprint="same")

    assert caught.value.code == "payment-method-duplicate"
    assert caught.value.extensions() == {"existing_id": str(held.id)}


def test_add_raises_limit_reached_when_the_customer_holds_the_most_allowed() -> None:
    customer = a_customer_id()
    held = [a_payment_method(customer) for _ in range(MAX_PAYMENT_METHODS)]

    with pytest.raises(PaymentMethodLimitReachedError):
        _add(held)


def test_choose_default_moves_the_default_when_another_method_is_chosen() -> None:
    customer = a_customer_id()
    old = a_payment_method(customer, is_default=True)
    new = a_payment_method(customer)

    changed = choose_default([old, new], new.id, now=later(minutes=5))

    assert changed == [old, new]
    assert (old.is_default, new.is_default) == (False, True)
    assert new.updated_at == later(minutes=5)


def test_choose_default_changes_nothing_when_the_method_already_is_the_default() -> None:
    method = a_payment_method(a_customer_id(), is_default=True)

    assert choose_default([method], method.id, now=later()) == []


def test_choose_default_raises_not_found_when_the_method_is_not_held() -> None:
    method = a_payment_method(a_customer_id(), is_default=True)

    with pytest.raises(PaymentMethodNotFoundError):
        choose_default([method], PaymentMethodId(uuid4()), now=later())


def test_removing_the_default_promotes_the_newest_left_when_others_remain() -> None:
    customer = a_customer_id()
    default = a_payment_method(customer, is_default=True, created_at=later(minutes=1))
    older = a_payment_method(customer, created_at=later(minutes=2))
    newest = a_payment_method(customer, created_at=later(minutes=3))

    changed = remove_method([default, older, newest], default.id, now=later(minutes=9))

    assert changed == [default, newest]
    assert default.is_removed
    assert not default.is_default
    assert newest.is_default
    assert not older.is_default


def test_removing_the_last_method_leaves_no_default_when_none_remain() -> None:
    method = a_payment_method(a_customer_id(), is_default=True)

    changed = remove_method([method], method.id, now=later())

    assert changed == [method]
    assert method.removed_at == later()


def test_removing_another_method_keeps_the_default_when_the_default_stays() -> None:
    customer = a_customer_id()
    default = a_payment_method(customer, is_default=True)
    other = a_payment_method(customer, created_at=later(minutes=1))

    changed = remove_method([default, other], other.id, now=later(minutes=2))

    assert changed == [other]
    assert default.is_default


@given(
    st.lists(
        st.tuples(st.sampled_from(["add", "default", "remove"]), st.integers(0, 30)), max_size=40
    )
)
def test_exactly_one_default_is_held_when_any_sequence_of_changes_leaves_methods(
    steps: list[tuple[str, int]],
) -> None:
    held: list[PaymentMethod] = []

    for minute, (step, pick) in enumerate(steps):
        if step == "add":
            if len(held) < MAX_PAYMENT_METHODS:
                held.append(_add(held, minute=minute))
        elif held:
            target = held[pick % len(held)]
            if step == "default":
                choose_default(held, target.id, now=later(minutes=minute))
            else:
                remove_method(held, target.id, now=later(minutes=minute))
                held.remove(target)

        assert sum(method.is_default for method in held) == (1 if held else 0)
