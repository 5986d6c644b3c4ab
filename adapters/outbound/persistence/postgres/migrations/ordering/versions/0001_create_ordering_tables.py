"""Create orders with their lines, status changes and payment attempts, payment_methods,
ordering_outbox and ordering_idempotency_keys.

Revision ID: ordering_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "ordering_0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_STATUSES = "'pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'"


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("total_cents", sa.BigInteger(), nullable=False),
        sa.Column("refund_amount_cents", sa.BigInteger(), nullable=True),
        sa.Column("refund_reference", sa.Text(), nullable=True),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_orders"),
        sa.CheckConstraint(f"status IN ({_STATUSES})", name="ck_orders_status"),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name="ck_orders_currency"),
        sa.CheckConstraint("total_cents >= 0", name="ck_orders_total_not_negative"),
        sa.CheckConstraint(
            "(refund_amount_cents IS NULL) = (refund_reference IS NULL)"
            " AND (refund_reference IS NULL) = (refunded_at IS NULL)",
            name="ck_orders_refund_whole",
        ),
    )
    op.create_index(
        "ix_orders_customer_id_created_at_id", "orders", ["customer_id", "created_at", "id"]
    )
    op.create_index("ix_orders_created_at_id", "orders", ["created_at", "id"])
    op.create_index(
        "ix_orders_pending_created_at_id",
        "orders",
        ["created_at", "id"],
        postgresql_where=sa.text("status = 'pending_payment'"),
    )

    op.create_table(
        "order_lines",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("line_no", sa.SmallInteger(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit_price_cents", sa.BigInteger(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("order_id", "line_no", name="pk_order_lines"),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name="fk_order_lines_order_id_orders"),
        sa.CheckConstraint("line_no > 0", name="ck_order_lines_line_no_positive"),
        sa.CheckConstraint("quantity > 0", name="ck_order_lines_quantity_positive"),
        sa.CheckConstraint("unit_price_cents >= 0", name="ck_order_lines_unit_price_not_negative"),
    )

    op.create_table(
        "order_status_changes",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("from_status", sa.Text(), nullable=True),
        sa.Column("to_status", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by_user_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("order_id", "seq", name="pk_order_status_changes"),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name="fk_order_status_changes_order_id_orders"
        ),
        sa.CheckConstraint("seq > 0", name="ck_order_status_changes_seq_positive"),
        sa.CheckConstraint(
            f"from_status IN ({_STATUSES})", name="ck_order_status_changes_from_status"
        ),
        sa.CheckConstraint(f"to_status IN ({_STATUSES})", name="ck_order_status_changes_to_status"),
    )

    op.create_table(
        "payment_attempts",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("attempt_no", sa.SmallInteger(), nullable=False),
        sa.Column("payment_method_id", sa.Uuid(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("order_id", "attempt_no", name="pk_payment_attempts"),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name="fk_payment_attempts_order_id_orders"
        ),
        sa.CheckConstraint("attempt_no > 0", name="ck_payment_attempts_attempt_no_positive"),
        sa.CheckConstraint(
            "outcome IN ('succeeded', 'declined', 'insufficient_funds', 'error')",
            name="ck_payment_attempts_outcome",
        ),
        sa.CheckConstraint(
            "outcome <> 'succeeded' OR reference IS NOT NULL",
            name="ck_payment_attempts_success_has_reference",
        ),
    )
    op.create_index(
        "uq_payment_attempts_order_id_succeeded",
        "payment_attempts",
        ["order_id"],
        unique=True,
        postgresql_where=sa.text("outcome = 'succeeded'"),
    )

    op.create_table(
        "payment_methods",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("summary", postgresql.JSONB(), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_payment_methods"),
        sa.CheckConstraint(
            "kind IN ('card', 'bank_account', 'wallet')", name="ck_payment_methods_kind"
        ),
        sa.CheckConstraint(
            "length(fingerprint) BETWEEN 1 AND 64", name="ck_payment_methods_fingerprint_length"
        ),
        sa.CheckConstraint(
            "jsonb_typeof(summary) = 'object'", name="ck_payment_methods_summary_object"
        ),
        sa.CheckConstraint(
            "NOT (is_default AND removed_at IS NOT NULL)",
            name="ck_payment_methods_removed_not_default",
        ),
    )
    op.create_index(
        "uq_payment_methods_customer_id_fingerprint_not_removed",
        "payment_methods",
        ["customer_id", "fingerprint"],
        unique=True,
        postgresql_where=sa.text("removed_at IS NULL"),
    )
    op.create_index(
        "uq_payment_methods_customer_id_default",
        "payment_methods",
        ["customer_id"],
        unique=True,
        postgresql_where=sa.text("is_default AND removed_at IS NULL"),
    )

    op.create_table(
        "ordering_outbox",
        sa.Column("position", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("payload", postgresql.JSONB(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("position", name="pk_ordering_outbox"),
        sa.UniqueConstraint("id", name="uq_ordering_outbox_id"),
        sa.CheckConstraint(
            "jsonb_typeof(payload) = 'object'", name="ck_ordering_outbox_payload_object"
        ),
    )
    op.create_index(
        "ix_ordering_outbox_unpublished",
        "ordering_outbox",
        ["position"],
        postgresql_where=sa.text("published_at IS NULL"),
    )

    op.create_table(
        "ordering_idempotency_keys",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("request_fingerprint", sa.Text(), nullable=False),
        sa.Column("begun_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=True),
        sa.Column("body", postgresql.JSONB(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "key", name="pk_ordering_idempotency_keys"),
        sa.CheckConstraint(
            "length(key) BETWEEN 1 AND 255", name="ck_ordering_idempotency_keys_key_length"
        ),
        sa.CheckConstraint(
            "(status IS NULL) = (body IS NULL)",
            name="ck_ordering_idempotency_keys_response_whole",
        ),
        sa.CheckConstraint(
            "status IS NULL OR status BETWEEN 100 AND 599",
            name="ck_ordering_idempotency_keys_status",
        ),
    )
    op.create_index(
        "ix_ordering_idempotency_keys_begun_at", "ordering_idempotency_keys", ["begun_at"]
    )


def downgrade() -> None:
    op.drop_table("ordering_idempotency_keys")
    op.drop_table("ordering_outbox")
    op.drop_table("payment_methods")
    op.drop_table("payment_attempts")
    op.drop_table("order_status_changes")
    op.drop_table("order_lines")
    op.drop_table("orders")
