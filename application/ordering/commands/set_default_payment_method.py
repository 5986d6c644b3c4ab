"""A customer chooses which of their payment methods is the default."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ordering.lookups import customer_of
from application.ordering.ports import OrderingUnitOfWork
from application.ordering.views import PaymentMethodView
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.ordering.payment_method import choose_default
from domain.ordering.values import PaymentMethodId


@dataclass(frozen=True, slots=True, kw_only=True)
class SetDefaultPaymentMethod:
    actor: Actor
    payment_method_id: UUID


class SetDefaultPaymentMethodHandler:
    """Make the method the default; the previous default stops being one. Choosing the
    current default changes nothing.

    Raises:
        PaymentMethodNotFoundError: no such method among the actor's own.
    """

    def __init__(self, *, uow: OrderingUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: SetDefaultPaymentMethod) -> PaymentMethodView:
        customer_id = customer_of(command.actor)
        method_id = PaymentMethodId(command.payment_method_id)
        async with self._uow:
            await self._uow.payment_methods.lock_customer(customer_id)
            held = await self._uow.payment_methods.list_for_customer(customer_id)
            for changed in choose_default(held, method_id, now=self._clock.now()):
                await self._uow.payment_methods.save(changed)
            await self._uow.commit()
        chosen = next(method for method in held if method.id == method_id)
        return PaymentMethodView.of(chosen)
