"""Ordering's tables, private to this package; the migrations create exactly these.

An order is a row of ``orders`` and rows of three child tables rather than one JSONB
document: its lines never change and are written once, history and payment attempts are
only ever appended to, and the database then guards what matters most about money (at
most one successful payment per order, a refund whole or absent, one currency per order)
with constraints instead of trusting every writer. Reads stay one round trip: the child
rows come back aggregated into JSON arrays beside the order (see orders.py).

The outbox and the idempotency keys carry the context's name: in the monolith every
context shares one database, and other contexts will have an outbox of their own.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    Table,
    Text,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    }
)

# Named here because the repositories translate their violations.
ORDERS_PKEY = "pk_orders"
PAYMENT_ATTEMPTS_ONE_SUCCESS = "uq_payment_attempts_order_id_succeeded"
PAYMENT_METHODS_PKEY = "pk_payment_methods"
PAYMENT_METHODS_FINGERPRINT = "uq_payment_methods_customer_id_fingerprint_not_removed"
PAYMENT_METHODS_ONE_DEFAULT = "uq_payment_methods_customer_id_default"
OUTBOX_ID = "uq_ordering_outbox_id"

_STATUSES = "'pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'"

orders = Table(
    "orders",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("customer_id", Uuid(), nullable=False),
    Column("status", Text(), nullable=False),
    # Every line is priced in the order's currency: the lines keep only amounts.
    Column("currency", Text(), nullable=False),
    Column("total_cents", BigInteger(), nullable=False),
    Column("refund_amount_cents", BigInteger(), nullable=True),
    Column("refund_reference", Text(), nullable=True),
    Column("refunded_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer(), nullable=False),
    CheckConstraint(f"status IN ({_STATUSES})", name="status"),
    CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency"),
    CheckConstraint("total_cents >= 0", name="total_not_negative"),
    CheckConstraint(
        "(refund_amount_cents IS NULL) = (refund_reference IS NULL)"
        " AND (refund_reference IS NULL) = (refunded_at IS NULL)",
        name="refund_whole",
    ),
    # A customer's history, newest first with a keyset cursor on (created_at, id).
    Index("ix_orders_customer_id_created_at_id", "customer_id", "created_at", "id"),
    # Every customer's orders (admins), newest first.
    Index("ix_orders_created_at_id", "created_at", "id"),
    # claim_expired: the pending orders, oldest first; paid ones leave the index.
    Index(
        "ix_orders_pending_created_at_id",
        "created_at",
        "id",
        postgresql_where=text("status = 'pending_payment'"),
    ),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("order_id", Uuid(), ForeignKey("orders.id"), nullable=False),
    # The line's place in the order as the client wrote it, from 1.
    Column("line_no", SmallInteger(), nullable=False),
    Column("product_id", Uuid(), nullable=False),
    Column("sku", Text(), nullable=False),
    Column("name", Text(), nullable=False),
    Column("unit_price_cents", BigInteger(), nullable=False),
    Column("quantity", Integer(), nullable=False),
    PrimaryKeyConstraint("order_id", "line_no"),
    CheckConstraint("line_no > 0", name="line_no_positive"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    CheckConstraint("unit_price_cents >= 0", name="unit_price_not_negative"),
)

order_status_changes = Table(
    "order_status_changes",
    metadata,
    Column("order_id", Uuid(), ForeignKey("orders.id"), nullable=False),
    # The step's place in the order's history, from 1 (the placing).
    Column("seq", SmallInteger(), nullable=False),
    Column("from_status", Text(), nullable=True),
    Column("to_status", Text(), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by_user_id", Uuid(), nullable=True),
    Column("reason", Text(), nullable=True),
    PrimaryKeyConstraint("order_id", "seq"),
    CheckConstraint("seq > 0", name="seq_positive"),
    CheckConstraint(f"from_status IN ({_STATUSES})", name="from_status"),
    CheckConstraint(f"to_status IN ({_STATUSES})", name="to_status"),
)

payment_attempts = Table(
    "payment_attempts",
    metadata,
    Column("order_id", Uuid(), ForeignKey("orders.id"), nullable=False),
    Column("attempt_no", SmallInteger(), nullable=False),
    # Not a foreign key: an attempt outlives nothing, but it names the method as it was
    # when charged, and a method is never deleted (only marked removed) anyway.
    Column("payment_method_id", Uuid(), nullable=False),
    # In the order's currency.
    Column("amount_cents", BigInteger(), nullable=False),
    Column("outcome", Text(), nullable=False),
    Column("reference", Text(), nullable=True),
    Column("failure_reason", Text(), nullable=True),
    Column("at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("order_id", "attempt_no"),
    CheckConstraint("attempt_no > 0", name="attempt_no_positive"),
    CheckConstraint(
        "outcome IN ('succeeded', 'declined', 'insufficient_funds', 'error')", name="outcome"
    ),
    CheckConstraint(
        "outcome <> 'succeeded' OR reference IS NOT NULL", name="success_has_reference"
    ),
    # However a payment races, an order is charged successfully once at most.
    Index(
        PAYMENT_ATTEMPTS_ONE_SUCCESS,
        "order_id",
        unique=True,
        postgresql_where=text("outcome = 'succeeded'"),
    ),
)

payment_methods = Table(
    "payment_methods",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("customer_id", Uuid(), nullable=False),
    Column("kind", Text(), nullable=False),
    Column("token", Text(), nullable=False),
    # Only what may be shown (brand, last four, expiry, …): never a number or CVC.
    Column("summary", JSONB(), nullable=False),
    Column("fingerprint", Text(), nullable=False),
    Column("is_default", Boolean(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("removed_at", DateTime(timezone=True), nullable=True),
    Column("version", Integer(), nullable=False),
    CheckConstraint("kind IN ('card', 'bank_account', 'wallet')", name="kind"),
    CheckConstraint("length(fingerprint) BETWEEN 1 AND 64", name="fingerprint_length"),
    CheckConstraint("jsonb_typeof(summary) = 'object'", name="summary_object"),
    CheckConstraint("NOT (is_default AND removed_at IS NOT NULL)", name="removed_not_default"),
    # One instrument once per customer among the methods kept; also serves
    # list_for_customer, which reads the same rows.
    Index(
        PAYMENT_METHODS_FINGERPRINT,
        "customer_id",
        "fingerprint",
        unique=True,
        postgresql_where=text("removed_at IS NULL"),
    ),
    # At most one default per customer among the methods kept.
    Index(
        PAYMENT_METHODS_ONE_DEFAULT,
        "customer_id",
        unique=True,
        postgresql_where=text("is_default AND removed_at IS NULL"),
    ),
)

ordering_outbox = Table(
    "ordering_outbox",
    metadata,
    # The order of adding, which the relay keeps; bigserial.
    Column("position", BigInteger(), primary_key=True, autoincrement=True),
    Column("id", Uuid(), nullable=False, unique=True),
    Column("topic", Text(), nullable=False),
    Column("payload", JSONB(), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("jsonb_typeof(payload) = 'object'", name="payload_object"),
    # What the relay scans: only the messages still waiting, in order.
    Index(
        "ix_ordering_outbox_unpublished",
        "position",
        postgresql_where=text("published_at IS NULL"),
    ),
)

ordering_idempotency_keys = Table(
    "ordering_idempotency_keys",
    metadata,
    Column("user_id", Uuid(), nullable=False),
    Column("key", Text(), nullable=False),
    Column("request_fingerprint", Text(), nullable=False),
    Column("begun_at", DateTime(timezone=True), nullable=False),
    # Both null while the request runs, both set once it completed.
    Column("status", SmallInteger(), nullable=True),
    Column("body", JSONB(), nullable=True),
    PrimaryKeyConstraint("user_id", "key"),
    CheckConstraint("length(key) BETWEEN 1 AND 255", name="key_length"),
    CheckConstraint("(status IS NULL) = (body IS NULL)", name="response_whole"),
    CheckConstraint("status IS NULL OR status BETWEEN 100 AND 599", name="status"),
    # purge_expired deletes by age.
    Index("ix_ordering_idempotency_keys_begun_at", "begun_at"),
)
