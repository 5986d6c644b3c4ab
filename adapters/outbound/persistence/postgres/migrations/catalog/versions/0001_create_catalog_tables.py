"""Create categories, products, product_name_words (kept up to date by triggers on
products), stock_levels, stock_movements, reservations and reservation_lines.

Enables pg_trgm (the trigram index that corrects misspelt search words); it ships with
PostgreSQL's contrib and is a trusted extension, so the database's owner may create it.

Revision ID: catalog_0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "catalog_0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

# ASCII punctuation (a quote doubled for SQL) becomes spaces before the text is parsed.
_PUNCTUATION = "!\"#$%&''()*+,-./:;<=>?@[\\]^_`{|}~"
_SPACES = " " * 32


def _lexemes(column: str, weight: str) -> str:
    words = f"translate({column}, '{_PUNCTUATION}', '{_SPACES}')"
    return f"setweight(to_tsvector('simple'::regconfig, {words}), '{weight}')"


_SEARCH_VECTOR = " || ".join(
    [_lexemes("sku", "A"), _lexemes("name", "A"), _lexemes("description", "B")]
)

# Every statement that inserts or updates products adds the lexemes of their names that
# product_name_words lacks (in sorted order, so concurrent writers never wait in a cycle).
# A statement-level trigger with a transition table: one INSERT per statement, also for
# COPY, whoever writes. (Formatted from the constants above only.)
_RECORD_NAME_WORDS = f"""
CREATE FUNCTION record_product_name_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO product_name_words (word)
    SELECT DISTINCT lexeme
    FROM written_products,
         unnest(tsvector_to_array(to_tsvector(
             'simple'::regconfig,
             translate(written_products.name, '{_PUNCTUATION}', '{_SPACES}')
         ))) AS lexeme
    ORDER BY lexeme
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$
"""  # noqa: S608


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")

    op.create_table(
        "categories",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_categories"),
        sa.UniqueConstraint("slug", name="uq_categories_slug"),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["categories.id"],
            name="fk_categories_parent_id_categories",
        ),
        sa.CheckConstraint("position BETWEEN 0 AND 1000000", name="ck_categories_position"),
        sa.CheckConstraint("parent_id <> id", name="ck_categories_not_own_parent"),
    )
    op.create_index("ix_categories_parent_id_position", "categories", ["parent_id", "position"])

    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("sku", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(collation="C"), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("price_cents", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.Text(), nullable=False),
        sa.Column("category_id", sa.Uuid(), nullable=False),
        sa.Column("metadata", postgresql.JSONB(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(_SEARCH_VECTOR, persisted=True),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_products"),
        sa.UniqueConstraint("sku", name="uq_products_sku"),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name="fk_products_category_id_categories",
        ),
        sa.CheckConstraint("price_cents >= 0", name="ck_products_price_not_negative"),
        sa.CheckConstraint("currency ~ '^[A-Z]{3}$'", name="ck_products_currency"),
    )
    op.create_index(
        "ix_products_category_id_price_cents", "products", ["category_id", "price_cents"]
    )
    op.create_index("ix_products_created_at_id", "products", ["created_at", "id"])
    op.create_index("ix_products_price_cents_id", "products", ["price_cents", "id"])
    op.create_index("ix_products_name_key_id", "products", ["name_key", "id"])
    op.create_index(
        "ix_products_search_vector", "products", ["search_vector"], postgresql_using="gin"
    )
    op.create_index(
        "ix_products_metadata",
        "products",
        ["metadata"],
        postgresql_using="gin",
        postgresql_ops={"metadata": "jsonb_path_ops"},
    )

    op.create_table(
        "product_name_words",
        sa.Column("word", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("word", name="pk_product_name_words"),
    )
    op.create_index(
        "ix_product_name_words_trgm",
        "product_name_words",
        ["word"],
        postgresql_using="gin",
        postgresql_ops={"word": "gin_trgm_ops"},
    )
    op.execute(_RECORD_NAME_WORDS)
    for event in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER record_name_words_after_{event.lower()} AFTER {event} ON products"
            " REFERENCING NEW TABLE AS written_products"
            " FOR EACH STATEMENT EXECUTE FUNCTION record_product_name_words()"
        )

    op.create_table(
        "stock_levels",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.Column(
            "available",
            sa.Integer(),
            sa.Computed("on_hand - reserved", persisted=True),
            nullable=False,
        ),
        sa.Column("low_stock_threshold", sa.Integer(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("product_id", name="pk_stock_levels"),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name="fk_stock_levels_product_id_products",
        ),
        sa.CheckConstraint("reserved >= 0", name="ck_stock_levels_reserved_not_negative"),
        sa.CheckConstraint("on_hand >= reserved", name="ck_stock_levels_on_hand_covers_reserved"),
        sa.CheckConstraint(
            "low_stock_threshold >= 0", name="ck_stock_levels_threshold_not_negative"
        ),
    )

    op.create_table(
        "stock_movements",
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("on_hand_delta", sa.Integer(), nullable=False),
        sa.Column("reserved_delta", sa.Integer(), nullable=False),
        sa.Column("on_hand_after", sa.Integer(), nullable=False),
        sa.Column("reserved_after", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("product_id", "sequence", name="pk_stock_movements"),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name="fk_stock_movements_product_id_products",
        ),
        sa.CheckConstraint(
            "reason IN ('receive', 'return', 'damage', 'loss', 'correct',"
            " 'reserve', 'release', 'commit', 'refund')",
            name="ck_stock_movements_reason",
        ),
        sa.CheckConstraint("sequence > 0", name="ck_stock_movements_sequence_positive"),
    )

    op.create_table(
        "reservations",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("order_id", name="pk_reservations"),
        sa.CheckConstraint(
            "status IN ('held', 'committed', 'released', 'returned')",
            name="ck_reservations_status",
        ),
    )

    op.create_table(
        "reservation_lines",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("order_id", "product_id", name="pk_reservation_lines"),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["reservations.order_id"],
            name="fk_reservation_lines_order_id_reservations",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name="fk_reservation_lines_product_id_products",
        ),
        sa.CheckConstraint("quantity > 0", name="ck_reservation_lines_quantity_positive"),
    )
    op.create_index("ix_reservation_lines_product_id", "reservation_lines", ["product_id"])


def downgrade() -> None:
    # pg_trgm stays: other schemas in the database may use it.
    op.drop_table("reservation_lines")
    op.drop_table("reservations")
    op.drop_table("stock_movements")
    op.drop_table("stock_levels")
    op.drop_table("products")  # and its triggers
    op.execute("DROP FUNCTION record_product_name_words()")
    op.drop_table("product_name_words")
    op.drop_table("categories")
