"""A customer lists their own payment methods."""

from __future__ import annotations

from dataclasses import dataclass

from application.ordering.lookups import customer_of
from application.ordering.ports import OrderingUnitOfWork
from application.ordering.views import PaymentMethodView
from application.shared.actor import Actor
from application.shared.pagination import Page


@dataclass(frozen=True, slots=True, kw_only=True)
class ListPaymentMethods:
    actor: Actor


class ListPaymentMethodsHandler:
    """The actor's methods that are not removed, newest first, in one page: a customer
    keeps at most MAX_PAYMENT_METHODS, so ``next_cursor`` is always None."""

    def __init__(self, *, uow: OrderingUnitOfWork) -> None:
        self._uow = uow

    async def handle(self, query: ListPaymentMethods) -> Page[PaymentMethodView]:
        async with self._uow:
            methods = await self._uow.payment_methods.list_for_customer(customer_of(query.actor))
        return Page([PaymentMethodView.of(method) for method in methods], None)
