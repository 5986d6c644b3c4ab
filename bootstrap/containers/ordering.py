"""Ordering's use cases, wired to whatever adapters a deployment hands in."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.ordering.commands.add_payment_method import AddPaymentMethodHandler
from application.ordering.commands.cancel_order import CancelOrderHandler
from application.ordering.commands.change_order_status import ChangeOrderStatusHandler
from application.ordering.commands.delete_payment_method import DeletePaymentMethodHandler
from application.ordering.commands.expire_pending_orders import ExpirePendingOrdersHandler
from application.ordering.commands.pay_order import PayOrderHandler
from application.ordering.commands.place_order import PlaceOrderHandler
from application.ordering.commands.relay_outbox import RelayOutboxHandler
from application.ordering.commands.set_default_payment_method import (
    SetDefaultPaymentMethodHandler,
)
from application.ordering.ports import (
    CatalogGateway,
    IdempotencyStore,
    InstrumentFingerprinter,
    MessagePublisher,
    OrderingUnitOfWork,
    PaymentProcessor,
)
from application.ordering.queries.get_order import GetOrderHandler
from application.ordering.queries.list_all_orders import ListAllOrdersHandler
from application.ordering.queries.list_orders import ListOrdersHandler
from application.ordering.queries.list_payment_methods import ListPaymentMethodsHandler
from application.shared.ports import Clock


class OrderingContainer(containers.DeclarativeContainer):
    uow = providers.Dependency(instance_of=OrderingUnitOfWork)
    idempotency = providers.Dependency(instance_of=IdempotencyStore)
    catalog = providers.Dependency(instance_of=CatalogGateway)
    processor = providers.Dependency(instance_of=PaymentProcessor)
    fingerprinter = providers.Dependency(instance_of=InstrumentFingerprinter)
    publisher = providers.Dependency(instance_of=MessagePublisher)
    clock = providers.Dependency(instance_of=Clock)

    add_payment_method = providers.Factory(
        AddPaymentMethodHandler,
        uow=uow,
        processor=processor,
        fingerprinter=fingerprinter,
        clock=clock,
    )
    list_payment_methods = providers.Factory(ListPaymentMethodsHandler, uow=uow)
    set_default_payment_method = providers.Factory(
        SetDefaultPaymentMethodHandler, uow=uow, clock=clock
    )
    delete_payment_method = providers.Factory(DeletePaymentMethodHandler, uow=uow, clock=clock)

    place_order = providers.Factory(
        PlaceOrderHandler, uow=uow, catalog=catalog, processor=processor, clock=clock
    )
    pay_order = providers.Factory(PayOrderHandler, uow=uow, processor=processor, clock=clock)
    cancel_order = providers.Factory(CancelOrderHandler, uow=uow, clock=clock)
    change_order_status = providers.Factory(
        ChangeOrderStatusHandler, uow=uow, processor=processor, clock=clock
    )
    get_order = providers.Factory(GetOrderHandler, uow=uow)
    list_orders = providers.Factory(ListOrdersHandler, uow=uow)
    list_all_orders = providers.Factory(ListAllOrdersHandler, uow=uow)

    # Background jobs (bootstrap/workers.py), not routes.
    relay_outbox = providers.Factory(RelayOutboxHandler, uow=uow, publisher=publisher, clock=clock)
    expire_pending_orders = providers.Factory(ExpirePendingOrdersHandler, uow=uow)
