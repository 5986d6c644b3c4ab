"""Payment methods in memory, with the partial unique indexes of the PostgreSQL table:
one (customer, fingerprint) and one default per customer among methods not removed."""

from __future__ import annotations

from adapters.outbound.persistence.memory.ordering.store import PAYMENT_METHODS
from adapters.outbound.persistence.memory.store import StoreTransaction
from application.ordering.ports import PaymentMethodRepository
from domain.ordering.errors import DuplicatePaymentMethodError
from domain.ordering.payment_method import PaymentMethod
from domain.ordering.values import CustomerId, PaymentMethodId
from domain.shared.errors import ConcurrentUpdateError, ConflictError


class InMemoryPaymentMethodRepository(PaymentMethodRepository):
    """``lock_customer`` does nothing: the store runs one transaction at a time."""

    def __init__(self, transaction: StoreTransaction) -> None:
        self._tx = transaction

    async def add(self, method: PaymentMethod) -> None:
        if self._tx.exists(PAYMENT_METHODS, method.id):
            raise ConflictError(f"payment method {method.id} already exists")
        duplicates = self._tx.select(
            PAYMENT_METHODS,
            lambda stored: (
                stored.customer_id == method.customer_id
                and stored.fingerprint == method.fingerprint
                and not stored.is_removed
            ),
            limit=1,
        )
        if duplicates and not method.is_removed:
            raise DuplicatePaymentMethodError(duplicates[0].id)
        self._check_one_default(method)
        self._tx.put(PAYMENT_METHODS, method.id, method)

    async def get(self, method_id: PaymentMethodId) -> PaymentMethod | None:
        return self._tx.get(PAYMENT_METHODS, method_id)

    async def list_for_customer(self, customer_id: CustomerId) -> list[PaymentMethod]:
        return self._tx.select(
            PAYMENT_METHODS,
            lambda stored: stored.customer_id == customer_id and not stored.is_removed,
            order_by=lambda stored: stored.newness,
            descending=True,
        )

    async def lock_customer(self, customer_id: CustomerId) -> None:
        return None

    async def save(self, method: PaymentMethod) -> None:
        stored = self._tx.get(PAYMENT_METHODS, method.id)
        if stored is None or stored.version != method.version:
            raise ConcurrentUpdateError(f"payment method {method.id} changed since it was loaded")
        self._check_one_default(method)
        stored.is_default = method.is_default
        stored.removed_at = method.removed_at
        stored.updated_at = method.updated_at
        stored.version = method.version = method.version + 1
        self._tx.put(PAYMENT_METHODS, stored.id, stored)

    def _check_one_default(self, method: PaymentMethod) -> None:
        if not method.is_default or method.is_removed:
            return
        if self._tx.count(
            PAYMENT_METHODS,
            lambda stored: (
                stored.customer_id == method.customer_id
                and stored.id != method.id
                and stored.is_default
                and not stored.is_removed
            ),
        ):
            raise ConflictError(f"customer {method.customer_id} already has a default method")
