"""The Product aggregate: bounded prices, business-named changes and the events they raise."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from domain.catalog.events import ProductCreated, ProductDeactivated, ProductRepriced
from domain.catalog.product import MAX_PRICE, product_price
from domain.shared.errors import InvalidValueError
from domain.shared.money import Money
from tests.builders.catalog import T0, a_product, later


def test_product_is_active_at_version_one_with_an_event_when_created() -> None:
    product = a_product(uuid4(), sku="kb-1")

    events = product.pull_events()

    assert (product.active, product.version, product.created_at) == (True, 1, T0)
    assert events == [ProductCreated(occurred_at=T0, product_id=product.id, sku="KB-1")]


@pytest.mark.parametrize("amount", [0, 1, MAX_PRICE])
def test_price_is_accepted_when_it_is_within_bounds(amount: int) -> None:
    assert product_price(amount, "EUR") == Money(amount, "EUR")


@pytest.mark.parametrize("amount", [-1, MAX_PRICE + 1, 9.99, True, "100"])
def test_price_names_price_cents_when_the_amount_is_invalid(amount: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        product_price(amount, "EUR")

    assert caught.value.field == "price_cents"


def test_price_names_currency_when_the_currency_is_not_iso() -> None:
    with pytest.raises(InvalidValueError) as caught:
        product_price(100, "euro")

    assert caught.value.field == "currency"


def test_reprice_records_old_and_new_price_when_the_price_changes() -> None:
    product = a_product(uuid4(), price=1000)
    product.pull_events()

    product.reprice(Money(1200, "USD"), now=later(minutes=1))

    assert product.pull_events() == [
        ProductRepriced(
            occurred_at=later(minutes=1),
            product_id=product.id,
            old_amount=1000,
            old_currency="EUR",
            new_amount=1200,
            new_currency="USD",
        )
    ]
    assert product.updated_at == later(minutes=1)


def test_reprice_records_nothing_when_the_price_is_the_same() -> None:
    product = a_product(uuid4(), price=1000)
    product.pull_events()

    product.reprice(Money(1000, "EUR"), now=later(minutes=1))

    assert (product.pull_events(), product.updated_at) == ([], T0)


def test_deactivate_records_an_event_once_when_called_twice() -> None:
    product = a_product(uuid4())
    product.pull_events()

    product.deactivate(now=later(minutes=1))
    product.deactivate(now=later(minutes=2))

    assert product.pull_events() == [
        ProductDeactivated(occurred_at=later(minutes=1), product_id=product.id)
    ]
    assert not product.active


def test_activate_makes_the_product_active_when_it_was_inactive() -> None:
    product = a_product(uuid4(), active=False)

    product.activate(now=later(minutes=1))

    assert (product.active, product.updated_at) == (True, later(minutes=1))
