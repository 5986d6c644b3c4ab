"""Payment method use cases: validation, tokenization, duplicates, defaults, ownership."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.ordering.commands.add_payment_method import (
    AddPaymentMethod,
    AddPaymentMethodHandler,
    CardInput,
    WalletInput,
)
from application.ordering.commands.delete_payment_method import (
    DeletePaymentMethod,
    DeletePaymentMethodHandler,
)
from application.ordering.commands.set_default_payment_method import (
    SetDefaultPaymentMethod,
    SetDefaultPaymentMethodHandler,
)
from application.ordering.queries.list_payment_methods import (
    ListPaymentMethods,
    ListPaymentMethodsHandler,
)
from application.shared.actor import Actor
from domain.ordering.errors import (
    DuplicatePaymentMethodError,
    PaymentMethodLimitReachedError,
    PaymentMethodNotFoundError,
)
from domain.ordering.payment_method import MAX_PAYMENT_METHODS, PaymentMethod
from domain.ordering.values import PaymentMethodId
from domain.shared.errors import InvalidValueError
from tests.builders.ordering import (
    AMEX,
    BRITISH_IBAN,
    GERMAN_IBAN,
    MASTERCARD,
    SUCCEEDING_CARD,
    a_unique_card_number,
)
from tests.builders.ordering_world import OrderingWorld


def _fields(method: PaymentMethod) -> dict[str, object]:
    return {name: getattr(method, name) for name in PaymentMethod.__slots__}


async def _listed(world: OrderingWorld, actor: Actor) -> list[tuple[str, bool]]:
    page = await world.handler(ListPaymentMethodsHandler).handle(ListPaymentMethods(actor=actor))
    return [(str(view.summary.get("last4")), view.is_default) for view in page.items]


async def test_add_keeps_a_token_summary_and_fingerprint_only_when_a_card_is_added() -> None:
    world = OrderingWorld()
    actor = world.customer()

    view = await world.a_card_on_file(actor, MASTERCARD, cvc="987", exp_month=4, exp_year=2031)

    assert (view.kind, view.is_default) == ("card", True)
    assert view.summary == {
        "brand": "mastercard",
        "last4": "4444",
        "exp_month": 4,
        "exp_year": 2031,
        "holder": "Ada Lovelace",
    }
    async with world.uow() as uow:
        stored = await uow.payment_methods.get(PaymentMethodId(view.id))
    assert stored is not None
    assert stored.token.startswith("tok_sandbox_")
    assert len(stored.fingerprint) == 64
    assert MASTERCARD not in repr(_fields(stored))
    assert "987" not in str(stored.summary)


async def test_add_accepts_a_bank_account_and_a_wallet_when_valid() -> None:
    world = OrderingWorld()
    actor = world.customer()

    bank = await world.a_bank_account_on_file(actor, GERMAN_IBAN)
    wallet = await world.a_wallet_on_file(actor, "google_pay", "GPAY-ACCOUNT-7788")

    assert (bank.kind, bank.summary) == (
        "bank_account",
        {"country": "DE", "last4": "3000", "holder": "Ada Lovelace"},
    )
    assert (wallet.kind, wallet.summary, wallet.is_default) == (
        "wallet",
        {"provider": "google_pay", "account": "****7788"},
        False,
    )


@pytest.mark.parametrize(
    ("card", "field"),
    [
        ({"number": "4242 4242 4242 4241"}, "card.number"),
        ({"exp_month": 13}, "card.exp_month"),
        ({"exp_month": 11, "exp_year": 2025}, "card.exp_year"),
        ({"cvc": "12"}, "card.cvc"),
        ({"holder": ""}, "card.holder"),
    ],
)
async def test_add_raises_naming_the_field_when_a_card_detail_is_wrong(
    card: dict[str, object], field: str
) -> None:
    world = OrderingWorld()
    details: dict[str, object] = {
        "number": SUCCEEDING_CARD,
        "exp_month": 12,
        "exp_year": 2030,
        "cvc": "123",
        "holder": "Ada",
    }
    details.update(card)

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(AddPaymentMethodHandler).handle(
            AddPaymentMethod(actor=world.customer(), kind="card", card=CardInput(**details))  # type: ignore[arg-type]
        )

    assert caught.value.field == field


@pytest.mark.parametrize(
    ("kind", "wallet", "field"),
    [
        ("cheque", None, "kind"),
        ("card", None, "card"),
        ("bank_account", None, "bank_account"),
        ("card", WalletInput(provider="paypal", account="ada@example.com"), "wallet"),
    ],
)
async def test_add_raises_when_the_kind_is_unknown_or_its_details_do_not_match_it(
    kind: str, wallet: WalletInput | None, field: str
) -> None:
    world = OrderingWorld()

    with pytest.raises(InvalidValueError) as caught:
        await world.handler(AddPaymentMethodHandler).handle(
            AddPaymentMethod(actor=world.customer(), kind=kind, wallet=wallet)
        )

    assert caught.value.field == field


async def test_add_raises_on_wallet_provider_when_the_provider_is_unknown() -> None:
    world = OrderingWorld()

    with pytest.raises(InvalidValueError) as caught:
        await world.a_wallet_on_file(world.customer(), "venmo", "ada")

    assert caught.value.field == "wallet.provider"


async def test_the_command_repr_hides_the_number_and_cvc_when_logged() -> None:
    command = AddPaymentMethod(
        actor=Actor(user_id=uuid4(), role="user", email_verified=True),
        kind="card",
        card=CardInput(number=SUCCEEDING_CARD, exp_month=1, exp_year=2030, cvc="321", holder="Ada"),
    )

    assert SUCCEEDING_CARD not in repr(command)
    assert "321" not in repr(command)


async def test_add_raises_duplicate_when_the_same_card_is_added_twice_by_one_customer() -> None:
    world = OrderingWorld()
    actor = world.customer()
    await world.a_card_on_file(actor, "4242 4242 4242 4242", exp_year=2030)

    with pytest.raises(DuplicatePaymentMethodError) as caught:
        await world.a_card_on_file(actor, "4242-4242-4242-4242", exp_year=2031, holder="Other")

    assert caught.value.code == "payment-method-duplicate"
    assert len(await _listed(world, actor)) == 1


async def test_add_raises_duplicate_when_the_same_iban_is_added_in_printed_form() -> None:
    world = OrderingWorld()
    actor = world.customer()
    await world.a_bank_account_on_file(actor, BRITISH_IBAN)

    with pytest.raises(DuplicatePaymentMethodError):
        await world.a_bank_account_on_file(actor, "gb82 west 1234 5698 7654 32")


async def test_two_customers_may_hold_the_same_card_when_each_adds_it() -> None:
    world = OrderingWorld()
    number = a_unique_card_number()

    first = await world.a_card_on_file(world.customer(), number)
    second = await world.a_card_on_file(world.customer(), number)

    assert first.is_default
    assert second.is_default


async def test_add_raises_limit_reached_when_the_customer_holds_the_most_methods() -> None:
    world = OrderingWorld()
    actor = world.customer()
    for _ in range(MAX_PAYMENT_METHODS):
        await world.a_card_on_file(actor, a_unique_card_number())

    with pytest.raises(PaymentMethodLimitReachedError):
        await world.a_card_on_file(actor, a_unique_card_number())


async def test_list_shows_the_actors_methods_newest_first_when_others_hold_methods_too() -> None:
    world = OrderingWorld()
    actor = world.customer()
    await world.a_card_on_file(actor, SUCCEEDING_CARD)
    world.catalog.tick()
    await world.a_card_on_file(actor, AMEX)
    await world.a_card_on_file(world.customer(), MASTERCARD)

    listed = await _listed(world, actor)

    assert listed == [("0005", False), ("4242", True)]


async def test_set_default_moves_the_default_when_another_method_is_chosen() -> None:
    world = OrderingWorld()
    actor = world.customer()
    await world.a_card_on_file(actor, SUCCEEDING_CARD)
    world.catalog.tick()
    amex = await world.a_card_on_file(actor, AMEX)

    view = await world.handler(SetDefaultPaymentMethodHandler).handle(
        SetDefaultPaymentMethod(actor=actor, payment_method_id=amex.id)
    )

    assert view.is_default
    assert await _listed(world, actor) == [("0005", True), ("4242", False)]


async def test_set_default_raises_not_found_when_the_method_is_another_customers() -> None:
    world = OrderingWorld()
    theirs = await world.a_card_on_file(world.customer())

    with pytest.raises(PaymentMethodNotFoundError):
        await world.handler(SetDefaultPaymentMethodHandler).handle(
            SetDefaultPaymentMethod(actor=world.admin(), payment_method_id=theirs.id)
        )


async def test_delete_promotes_the_newest_remaining_when_the_default_is_deleted() -> None:
    world = OrderingWorld()
    actor = world.customer()
    first = await world.a_card_on_file(actor, SUCCEEDING_CARD)
    world.catalog.tick()
    await world.a_card_on_file(actor, MASTERCARD)
    world.catalog.tick()
    await world.a_card_on_file(actor, AMEX)

    await world.handler(DeletePaymentMethodHandler).handle(
        DeletePaymentMethod(actor=actor, payment_method_id=first.id)
    )

    assert await _listed(world, actor) == [("0005", True), ("4444", False)]


async def test_delete_leaves_no_default_when_the_last_method_is_deleted() -> None:
    world = OrderingWorld()
    actor = world.customer()
    only = await world.a_card_on_file(actor)

    await world.handler(DeletePaymentMethodHandler).handle(
        DeletePaymentMethod(actor=actor, payment_method_id=only.id)
    )

    assert await _listed(world, actor) == []


async def test_the_same_card_may_be_added_again_when_it_was_deleted() -> None:
    world = OrderingWorld()
    actor = world.customer()
    first = await world.a_card_on_file(actor)
    await world.handler(DeletePaymentMethodHandler).handle(
        DeletePaymentMethod(actor=actor, payment_method_id=first.id)
    )

    again = await world.a_card_on_file(actor)

    assert again.id != first.id
    assert again.is_default


async def test_delete_raises_not_found_when_the_method_is_another_customers_or_gone() -> None:
    world = OrderingWorld()
    actor = world.customer()
    mine = await world.a_card_on_file(actor)
    theirs = await world.a_card_on_file(world.customer())
    delete = world.handler(DeletePaymentMethodHandler)
    await delete.handle(DeletePaymentMethod(actor=actor, payment_method_id=mine.id))

    for method_id in (theirs.id, mine.id, uuid4()):
        with pytest.raises(PaymentMethodNotFoundError):
            await world.handler(DeletePaymentMethodHandler).handle(
                DeletePaymentMethod(actor=actor, payment_method_id=method_id)
            )
