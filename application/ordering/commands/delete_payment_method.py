"""A customer removes one of their payment methods."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ordering.lookups import customer_of
from application.ordering.ports import OrderingUnitOfWork
from application.shared.actor import Actor
from application.shared.ports import Clock
from domain.ordering.payment_method import remove_method
from domain.ordering.values import PaymentMethodId


@dataclass(frozen=True, slots=True, kw_only=True)
class DeletePaymentMethod:
    actor: Actor
    payment_method_id: UUID


class DeletePaymentMethodHandler:
    """Remove the method: it no longer shows nor pays, and the same instrument may be
    added again. Removing the default makes the newest remaining method the default;
    removing the last leaves the customer without one. Orders keep naming it in their
    payment attempts.

    Raises:
        PaymentMethodNotFoundError: no such method among the actor's own (removing one
            twice answers this too).
    """

    def __init__(self, *, uow: OrderingUnitOfWork, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def handle(self, command: DeletePaymentMethod) -> None:
        customer_id = customer_of(command.actor)
        async with self._uow:
            await self._uow.payment_methods.lock_customer(customer_id)
            held = await self._uow.payment_methods.list_for_customer(customer_id)
            changed = remove_method(
                held, PaymentMethodId(command.payment_method_id), now=self._clock.now()
            )
            for method in changed:
                await self._uow.payment_methods.save(method)
            await self._uow.commit()
