"""Payment methods in PostgreSQL, one row each; removed ones keep theirs."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import bindparam, func, insert, select, update

from adapters.outbound.persistence.postgres.ordering.mappers import (
    new_payment_method_values,
    payment_method_from_row,
    payment_method_values,
)
from adapters.outbound.persistence.postgres.ordering.tables import (
    PAYMENT_METHODS_FINGERPRINT,
    PAYMENT_METHODS_ONE_DEFAULT,
    PAYMENT_METHODS_PKEY,
    payment_methods,
)
from adapters.outbound.persistence.postgres.statements import Query
from adapters.outbound.persistence.postgres.transaction import PostgresTransaction
from application.ordering.ports import PaymentMethodRepository
from domain.ordering.errors import DuplicatePaymentMethodError
from domain.ordering.payment_method import PaymentMethod
from domain.ordering.values import CustomerId, PaymentMethodId
from domain.shared.errors import ConcurrentUpdateError, ConflictError

# lock_customer takes the two-key form of the transaction-level advisory lock, whose key
# space no one-key lock (the migrations', the category tree's) shares: this first key
# says "a customer's payment methods" ("pm" in ASCII), the second is the customer's.
_LOCK_NAMESPACE = 0x706D


def customer_lock_key(customer_id: UUID) -> int:
    """The customer id folded into a signed 32-bit key. Two customers may share a key;
    then they merely wait for each other."""
    folded = 0
    value = customer_id.int
    while value:
        folded ^= value & 0xFFFF_FFFF
        value >>= 32
    return folded - (1 << 32) if folded >= 1 << 31 else folded


_GET = Query.of(select(payment_methods).where(payment_methods.c.id == bindparam("method_id")))


class PostgresPaymentMethodRepository(PaymentMethodRepository):
    """A duplicate found by the unique index comes without the id of the method it
    duplicates, which the failed statement cannot tell (the use case, checking the held
    methods under ``lock_customer`` first, names it)."""

    def __init__(self, transaction: PostgresTransaction) -> None:
        self._tx = transaction

    async def add(self, method: PaymentMethod) -> None:
        await self._tx.execute(
            insert(payment_methods).values(**new_payment_method_values(method)),
            on_constraint={
                PAYMENT_METHODS_FINGERPRINT: DuplicatePaymentMethodError,
                PAYMENT_METHODS_ONE_DEFAULT: lambda: _second_default(method),
                PAYMENT_METHODS_PKEY: lambda: ConflictError(
                    f"payment method {method.id} already exists"
                ),
            },
        )

    async def get(self, method_id: PaymentMethodId) -> PaymentMethod | None:
        row = (await self._tx.run(_GET, method_id=method_id)).first()
        return None if row is None else payment_method_from_row(row)

    async def list_for_customer(self, customer_id: CustomerId) -> list[PaymentMethod]:
        result = await self._tx.execute(
            select(payment_methods)
            .where(
                payment_methods.c.customer_id == customer_id,
                payment_methods.c.removed_at.is_(None),
            )
            .order_by(payment_methods.c.created_at.desc(), payment_methods.c.id.desc())
        )
        return [payment_method_from_row(row) for row in result]

    async def lock_customer(self, customer_id: CustomerId) -> None:
        await self._tx.execute(
            select(func.pg_advisory_xact_lock(_LOCK_NAMESPACE, customer_lock_key(customer_id)))
        )

    async def save(self, method: PaymentMethod) -> None:
        result = await self._tx.execute(
            update(payment_methods)
            .where(payment_methods.c.id == method.id, payment_methods.c.version == method.version)
            .values(version=method.version + 1, **payment_method_values(method)),
            on_constraint={PAYMENT_METHODS_ONE_DEFAULT: lambda: _second_default(method)},
        )
        if result.rowcount == 0:
            raise ConcurrentUpdateError(f"payment method {method.id} changed since it was loaded")
        method.version += 1


def _second_default(method: PaymentMethod) -> ConflictError:
    return ConflictError(f"customer {method.customer_id} already has a default method")
