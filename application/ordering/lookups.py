"""Loading the orders and payment methods use cases act on, with the ownership checks every
caller needs, and staging the events of a changed order in the outbox."""

from __future__ import annotations

from uuid import UUID

from application.ordering.integration_events import messages_for
from application.ordering.ports import OrderingUnitOfWork
from application.shared.actor import Actor
from domain.ordering.errors import OrderNotFoundError, PaymentMethodNotFoundError
from domain.ordering.order import Order
from domain.ordering.payment_method import PaymentMethod
from domain.ordering.values import CustomerId, OrderId, PaymentMethodId


def customer_of(actor: Actor) -> CustomerId:
    return CustomerId(actor.user_id)


async def visible_order(
    uow: OrderingUnitOfWork, order_id: UUID, actor: Actor, *, for_update: bool = False
) -> Order:
    """The order, if the actor may see it (its customer, or an admin); otherwise the
    order does not exist for them: OrderNotFoundError."""
    load = uow.orders.get_for_update if for_update else uow.orders.get
    order = await load(OrderId(order_id))
    if order is None or not actor.may_see(order.customer_id):
        raise OrderNotFoundError(order_id)
    return order


async def own_payment_method(
    uow: OrderingUnitOfWork, method_id: UUID, actor: Actor
) -> PaymentMethod:
    """One of the actor's own methods that is not removed. Nobody, admins included, sees
    or uses another customer's methods: those answer PaymentMethodNotFoundError."""
    method = await uow.payment_methods.get(PaymentMethodId(method_id))
    if method is None or method.is_removed or method.customer_id != actor.user_id:
        raise PaymentMethodNotFoundError(method_id)
    return method


async def stage_events(uow: OrderingUnitOfWork, order: Order) -> None:
    """Write the order's pending events to the outbox, in the unit of work that saves it."""
    for message in messages_for(order.pull_events()):
        await uow.outbox.add(message)
