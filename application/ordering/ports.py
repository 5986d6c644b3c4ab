"""Ports of the ordering context. Each docstring is the contract its adapters honour.

Locking, as every adapter implements it (the in-memory store gets it for free by running
one transaction at a time; PostgreSQL by row and advisory locks):

- Every step of an existing order (pay, cancel, ship, deliver, refund, expire) loads it
  through ``orders.get_for_update`` (``SELECT … FOR UPDATE``) or ``orders.claim_expired``
  (``… FOR UPDATE SKIP LOCKED``), so the steps of one order queue up. A payment charges
  under that lock: two payments of one order cannot both charge.
- Every change to a customer's payment methods (add, choose the default, remove) first
  calls ``payment_methods.lock_customer``, so two of them never decide on the same old set
  (two first methods both becoming the default, the cap passed twice).
- ``outbox.claim_batch`` skips messages another unit of work holds (``SKIP LOCKED``).
- The IdempotencyStore is not part of the unit of work: each call is atomic on its own.
"""

from __future__ import annotations

import abc
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from types import TracebackType
from typing import Any, Self
from uuid import UUID

from application.shared.pagination import TimeCursor
from domain.ordering.instruments import PaymentInstrument
from domain.ordering.lines import RequestedLine
from domain.ordering.order import Order
from domain.ordering.payment_method import PaymentMethod
from domain.ordering.payments import PaymentOutcome
from domain.ordering.status import OrderStatus
from domain.ordering.values import CustomerId, OrderId, PaymentMethodId, ProductId
from domain.shared.money import Money


@dataclass(frozen=True, slots=True, kw_only=True)
class PricedProduct:
    """A product the catalog offers, as an order line snapshots it."""

    product_id: ProductId
    sku: str
    name: str
    unit_price: Money


class CatalogGateway(abc.ABC):
    """The catalog, in ordering's words: prices to snapshot and stock to hold for orders.

    - ``price_lines`` returns the SKU, name and current price of each given product the
      catalog offers, keyed by product id; a product it does not offer (unknown or
      inactive) is absent from the answer.
    - ``reserve`` holds the stock of every line for the order, or of none, and answers
      each line's product as ``price_lines`` would at that moment (placing an order thus
      reads the catalog once). It is idempotent per order: repeating it with the same
      lines changes nothing. It raises InsufficientStockError listing every short line
      with the quantities requested and available, and ProductUnavailableError (its
      field the line's, ``lines[1].product_id``) when a product is not offered.
    - ``release`` frees the order's held stock (the order will not be paid); an order
      without a reservation, or one released before, is left as it is.
    - ``commit`` lets the held stock leave (the order was paid); ``return_stock`` puts a
      committed order's stock back on hand (it was refunded). Each is idempotent per
      order; each raises ReservationStateError when the order has no reservation or its
      reservation cannot take the step (committing a released one, …).
    - Every call raises DependencyUnavailableError when the catalog does not answer.

    Placing an order reserves through this port, synchronously; commit, release and
    return normally travel as integration events through the outbox instead.
    """

    @abc.abstractmethod
    async def price_lines(
        self, product_ids: Collection[ProductId]
    ) -> dict[ProductId, PricedProduct]: ...

    @abc.abstractmethod
    async def reserve(
        self, order_id: OrderId, lines: Sequence[RequestedLine]
    ) -> dict[ProductId, PricedProduct]: ...

    @abc.abstractmethod
    async def release(self, order_id: OrderId) -> None: ...

    @abc.abstractmethod
    async def commit(self, order_id: OrderId) -> None: ...

    @abc.abstractmethod
    async def return_stock(self, order_id: OrderId) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class ChargeResult:
    """How a charge ended; a successful one carries the processor's reference, a failed
    one a short machine-readable ``failure_reason`` (``card_declined``, ``timeout``, …)."""

    outcome: PaymentOutcome
    reference: str | None = None
    failure_reason: str | None = None


class RefundOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    REFUSED = "refused"  # no such charge, or less of it left than asked back
    ERROR = "error"  # the processor failed or did not answer in time


@dataclass(frozen=True, slots=True, kw_only=True)
class RefundResult:
    outcome: RefundOutcome
    reference: str | None = None
    failure_reason: str | None = None


class PaymentProcessor(abc.ABC):
    """Charges and refunds through a payment processor, by tokens that stand for
    instruments, so no card number or IBAN is kept anywhere but at the processor.

    - ``tokenize`` returns a token for the instrument that later charges name; the token
      reveals nothing of the instrument. It raises DependencyUnavailableError when the
      processor does not answer.
    - ``charge`` charges ``amount`` to the token's instrument once per idempotency key:
      a call with a key used before returns the first call's result and never charges
      again, whatever its other arguments. It never raises for a failed payment: a
      decline answers DECLINED or INSUFFICIENT_FUNDS, a processor failure or no answer
      within the adapter's timeout answers ERROR (``failure_reason`` ``processor_error``
      or ``timeout``), after which nothing was charged.
    - ``refund`` gives back ``amount`` of the charge named by its reference, once per
      idempotency key (a repeated key returns the first result); REFUSED when there is
      no such charge or less of it left than asked, ERROR when the processor fails.
    """

    @abc.abstractmethod
    async def tokenize(self, instrument: PaymentInstrument) -> str: ...

    @abc.abstractmethod
    async def charge(self, token: str, amount: Money, idempotency_key: str) -> ChargeResult: ...

    @abc.abstractmethod
    async def refund(self, reference: str, amount: Money, idempotency_key: str) -> RefundResult: ...


class InstrumentFingerprinter(abc.ABC):
    """Fingerprints instruments so duplicates are found without keeping their numbers.

    ``fingerprint`` returns the same text for the same instrument (card number, IBAN or
    wallet account, whatever the expiry or holder) and different texts for different
    ones; it stays the same across restarts for the same key, and cannot be reversed or
    recomputed without the adapter's secret key (a keyed hash, not a plain digest, since
    card numbers are few enough to enumerate). At most 64 characters.
    """

    @abc.abstractmethod
    def fingerprint(self, instrument: PaymentInstrument) -> str: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderFilter:
    """Every criterion given must hold; ``created_from`` is inclusive, ``created_to`` not."""

    customer_id: CustomerId | None = None
    status: OrderStatus | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


class OrderRepository(abc.ABC):
    """Orders, by id.

    - ``add`` raises ConflictError when an order with the id exists.
    - ``get`` returns None for an unknown id; ``get_for_update`` returns the same and
      holds the order against concurrent change until the unit of work ends
      (PostgreSQL: ``SELECT … FOR UPDATE``). ``lock`` holds it the same way and returns
      only its stored ``version`` (None for an unknown id): a caller that has the order
      in hand reads it again only when that changed.
    - ``save`` writes a loaded order's status, history, payments, refund and
      ``updated_at`` back (lines never change), increments its ``version``, and raises
      ConcurrentUpdateError if the stored version is no longer the one loaded.
    - ``list`` returns the orders matching the filter, newest first (created_at, then id,
      descending), strictly after ``after`` when given, at most ``limit``.
    - ``claim_expired`` returns orders pending payment created strictly before
      ``placed_before``, oldest first, at most ``limit``, held until the unit of work
      ends; orders another unit of work holds are skipped (PostgreSQL: ``FOR UPDATE SKIP
      LOCKED``), so an order being paid is not expired under the payment.
    - Returned orders are copies without pending events.
    """

    @abc.abstractmethod
    async def add(self, order: Order) -> None: ...

    @abc.abstractmethod
    async def get(self, order_id: OrderId) -> Order | None: ...

    @abc.abstractmethod
    async def get_for_update(self, order_id: OrderId) -> Order | None: ...

    @abc.abstractmethod
    async def lock(self, order_id: OrderId) -> int | None: ...

    @abc.abstractmethod
    async def save(self, order: Order) -> None: ...

    @abc.abstractmethod
    async def claim_expired(self, placed_before: datetime, *, limit: int) -> list[Order]: ...

    @abc.abstractmethod
    async def list(
        self, order_filter: OrderFilter, *, after: TimeCursor | None, limit: int
    ) -> list[Order]: ...


class PaymentMethodRepository(abc.ABC):
    """Payment methods, by id; removed ones keep their record.

    - ``add`` raises DuplicatePaymentMethodError when the customer holds a method that
      is not removed with the same fingerprint (PostgreSQL: a unique index on
      (customer_id, fingerprint) WHERE removed_at IS NULL; two customers may hold one
      instrument), and ConflictError when the id exists or the method is a default while
      the customer holds another default that is not removed.
    - ``get`` returns None for an unknown id; removed methods are returned (with
      ``removed_at`` set).
    - ``list_for_customer`` returns the customer's methods that are not removed, newest
      first (created_at, then id, descending).
    - ``lock_customer`` holds the customer's set of methods against concurrent change
      until the unit of work ends (PostgreSQL: a transaction-level advisory lock on the
      customer id); every change to the set calls it first.
    - ``save`` writes ``is_default``, ``removed_at`` and ``updated_at`` back, increments
      ``version``, and raises ConcurrentUpdateError if the stored version is no longer
      the one loaded; ConflictError when it would give the customer a second default.
    - Returned methods are copies.
    """

    @abc.abstractmethod
    async def add(self, method: PaymentMethod) -> None: ...

    @abc.abstractmethod
    async def get(self, method_id: PaymentMethodId) -> PaymentMethod | None: ...

    @abc.abstractmethod
    async def list_for_customer(self, customer_id: CustomerId) -> list[PaymentMethod]: ...

    @abc.abstractmethod
    async def lock_customer(self, customer_id: CustomerId) -> None: ...

    @abc.abstractmethod
    async def save(self, method: PaymentMethod) -> None: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxMessage:
    """An integration event on its way out: a versioned ``topic`` (see
    integration_events.py) and a JSON-ready ``payload``; ``id`` lets consumers drop
    duplicates."""

    id: UUID
    topic: str
    payload: dict[str, Any]
    occurred_at: datetime


class OutboxRepository(abc.ABC):
    """Integration events waiting to be published, written in the same transaction as
    the change they announce, so there is a message exactly when the change committed.

    - ``add`` stores a message unpublished; ConflictError for an id already stored.
    - ``claim_batch`` returns unpublished messages in the order they were added
      (PostgreSQL: a ``bigserial`` position), at most ``limit``, and holds them until the
      unit of work ends; messages another unit of work holds are skipped (``FOR UPDATE
      SKIP LOCKED``), so two relays never hold the same message at once. Order across
      messages is kept for one relay at a time only.
    - ``mark_published`` marks the messages published at ``at``: they are never claimed
      again. Unknown ids are ignored.
    - ``wait_for_messages``, called outside a transaction, returns once a unit of work of
      this process has committed messages since it last returned, or after ``seconds``:
      the relay's cue (other processes' messages are found when it times out).
    """

    @abc.abstractmethod
    async def add(self, message: OutboxMessage) -> None: ...

    @abc.abstractmethod
    async def claim_batch(self, limit: int) -> list[OutboxMessage]: ...

    @abc.abstractmethod
    async def mark_published(self, message_ids: Collection[UUID], at: datetime) -> None: ...

    @abc.abstractmethod
    async def wait_for_messages(self, seconds: float) -> None: ...


class MessagePublisher(abc.ABC):
    """Hands integration messages to a broker or to in-process subscribers.

    ``publish`` returns once the message is accepted (by the broker, or handled by every
    subscriber of its topic); it raises DependencyUnavailableError when it could not be,
    in which case it may still have reached some subscribers: delivery is at least once,
    and subscribers must be idempotent.

    ``publish_many`` hands over several messages in their order and returns how many of
    them, counted from the first, were accepted; it stops at the first it could not hand
    over, without raising, and does not try those after it (which, again, may have
    reached some subscribers). It may deliver several at once, as a broker batches.
    """

    @abc.abstractmethod
    async def publish(self, message: OutboxMessage) -> None: ...

    @abc.abstractmethod
    async def publish_many(self, messages: Sequence[OutboxMessage]) -> int: ...


class OrderingUnitOfWork(abc.ABC):
    """One transaction over ordering's orders, payment methods and outbox.

    ``async with uow:`` begins; ``await uow.commit()`` makes the changes durable;
    leaving the block without commit (or by an exception) discards them, outbox messages
    included. A unit of work is used for one transaction at a time.
    """

    orders: OrderRepository
    payment_methods: PaymentMethodRepository
    outbox: OutboxRepository

    @abc.abstractmethod
    async def __aenter__(self) -> Self: ...

    @abc.abstractmethod
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    @abc.abstractmethod
    async def commit(self) -> None: ...


IDEMPOTENCY_KEY_TTL = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Begun:
    """The key is new (or expired): the caller runs the request, then completes or
    abandons the key."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Replay:
    """The key's request already ran: answer with its recorded response."""

    status: int
    body: dict[str, Any]


class IdempotencyStore(abc.ABC):
    """Remembers, per user and Idempotency-Key, which request the key was first used for
    and, once it ran, its response, for IDEMPOTENCY_KEY_TTL after that first use; an
    expired key is as good as new. Keys of different users never meet.

    Not part of a unit of work: each call is atomic on its own (PostgreSQL: ``INSERT …
    ON CONFLICT DO NOTHING`` then ``SELECT … FOR UPDATE`` of the key, in one transaction).

    - ``begin`` records a new or expired key as in flight with the request's fingerprint
      and answers Begun; of any number of concurrent calls with one key, exactly one gets
      Begun. For a key in use it raises IdempotencyKeyReusedError when the fingerprint
      differs, answers Replay with the recorded response when the request completed, and
      raises IdempotencyKeyInFlightError while it still runs.
    - ``complete`` records the response of a key in flight; ConflictError when the key is
      not in flight (never begun, abandoned, or completed already).
    - ``abandon`` forgets a key in flight, so the request may run again with it; a key
      that is unknown or completed is left as it is.
    """

    @abc.abstractmethod
    async def begin(
        self, user_id: UUID, key: str, request_fingerprint: str, now: datetime
    ) -> Begun | Replay: ...

    @abc.abstractmethod
    async def complete(
        self, user_id: UUID, key: str, status: int, body: dict[str, Any]
    ) -> None: ...

    @abc.abstractmethod
    async def abandon(self, user_id: UUID, key: str) -> None: ...
