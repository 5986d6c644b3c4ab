"""The catalog's tables, private to this package; the migrations create exactly these.

Stock has the same invariant here as in the domain (0 ≤ reserved ≤ on_hand), as CHECK
constraints, and ``available`` is a stored generated column, so no write can disagree with it.
Products carry two columns for search only: ``name_key`` (the name's sort key, written by the
adapter from ``ProductName.sort_key`` so the order is Python's, compared byte-wise under
``COLLATE "C"``), and ``search_vector`` (generated; see ``SEARCH_CONFIG``); and
``product_name_words`` is the search's vocabulary, kept by triggers the migration defines.

Foreign keys restrict deletes with PostgreSQL's default NO ACTION (checked at the end of the
statement, SQLSTATE 23503, which the repositories translate), not RESTRICT (23001).
"""

from __future__ import annotations

import string

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

metadata = MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    }
)

# The text search configuration of ``search_vector``. 'simple' lower-cases words and keeps
# every one of them, stop words included, without stemming: product names, brands and SKUs
# are not English prose, a query matches whole words as the in-memory adapter does, and
# near misses (plurals among them) are corrected through ``product_name_words``.
SEARCH_CONFIG = "simple"
# ASCII punctuation becomes spaces before parsing, so the lexemes are the runs of letters
# and digits the search cuts queries into: the parser alone reads "KB-7731" as 'kb' and
# the signed number '-7731', and "1.5" as one number.
_PUNCTUATION = string.punctuation.replace("'", "''")
_SPACES = " " * len(string.punctuation)


def _lexemes(column: str, weight: str) -> str:
    words = f"translate({column}, '{_PUNCTUATION}', '{_SPACES}')"
    return f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, {words}), '{weight}')"


# SKU and name weigh as much (A, ts_rank's 1.0), the description less (B, 0.4).
SEARCH_VECTOR = " || ".join(
    [_lexemes("sku", "A"), _lexemes("name", "A"), _lexemes("description", "B")]
)

# Named here because the repositories translate their violations.
CATEGORIES_PKEY = "pk_categories"
CATEGORIES_SLUG = "uq_categories_slug"
CATEGORIES_PARENT = "fk_categories_parent_id_categories"
PRODUCTS_PKEY = "pk_products"
PRODUCTS_SKU = "uq_products_sku"
PRODUCTS_CATEGORY = "fk_products_category_id_categories"
STOCK_LEVELS_PKEY = "pk_stock_levels"
STOCK_LEVELS_PRODUCT = "fk_stock_levels_product_id_products"
STOCK_MOVEMENTS_PKEY = "pk_stock_movements"
STOCK_MOVEMENTS_PRODUCT = "fk_stock_movements_product_id_products"
RESERVATIONS_PKEY = "pk_reservations"
RESERVATION_LINES_PRODUCT = "fk_reservation_lines_product_id_products"

categories = Table(
    "categories",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("name", Text(), nullable=False),
    Column("slug", Text(), nullable=False, unique=True),
    Column(
        "parent_id",
        Uuid(),
        ForeignKey("categories.id"),
        nullable=True,
    ),
    Column("position", Integer(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer(), nullable=False),
    CheckConstraint("position BETWEEN 0 AND 1000000", name="position"),
    CheckConstraint("parent_id <> id", name="not_own_parent"),
    # Children of a category, in sibling order; also serves the foreign key on delete.
    Index("ix_categories_parent_id_position", "parent_id", "position"),
)

products = Table(
    "products",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("sku", Text(), nullable=False, unique=True),
    Column("name", Text(), nullable=False),
    Column("name_key", Text(collation="C"), nullable=False),
    Column("description", Text(), nullable=False),
    Column("price_cents", BigInteger(), nullable=False),
    Column("currency", Text(), nullable=False),
    Column(
        "category_id",
        Uuid(),
        ForeignKey("categories.id"),
        nullable=False,
    ),
    Column("metadata", JSONB(), nullable=False),
    Column("active", Boolean(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer(), nullable=False),
    Column("search_vector", TSVECTOR(), Computed(SEARCH_VECTOR, persisted=True), nullable=False),
    CheckConstraint("price_cents >= 0", name="price_not_negative"),
    CheckConstraint("currency ~ '^[A-Z]{3}$'", name="currency"),
    # Category filters (with a price range) and the foreign key's checks on category delete.
    # It carries every sort key and the other filtered columns, so that a search collects
    # the matches of a category subtree and price range from the index alone (an index-only
    # scan) instead of visiting a heap page per match.
    Index(
        "ix_products_category_id_price_cents",
        "category_id",
        "price_cents",
        postgresql_include=["created_at", "id", "name_key", "currency", "active"],
    ),
    # One btree per sort, in the order of its keyset (key, id); scanned backwards for the
    # descending sorts. Not partial on ``active``: admins list inactive products too, and
    # the few inactive rows a public walk skips cost less than a second set of indexes.
    Index("ix_products_created_at_id", "created_at", "id"),
    Index("ix_products_price_cents_id", "price_cents", "id"),
    Index("ix_products_name_key_id", "name_key", "id"),
    # The window of a newest-first search (the products created since some time, where the
    # gather looks first) as a few page ranges to intersect with a GIN index, for a fraction
    # of what the same range of the btree costs. Small and cheap to keep, and it narrows
    # well because a shop's table fills in creation order (the seed loads it so too); rows
    # out of that order only widen a range, never make it wrong.
    Index("ix_products_created_at_brin", "created_at", postgresql_using="brin"),
    # Text: whole words (and the corrections of misspelt ones) through the tsvector.
    Index("ix_products_search_vector", "search_vector", postgresql_using="gin"),
    # Containment (@>) only, which jsonb_path_ops serves with a smaller, faster index.
    Index(
        "ix_products_metadata",
        "metadata",
        postgresql_using="gin",
        postgresql_ops={"metadata": "jsonb_path_ops"},
    ),
)

# The distinct words of product names: the lexemes ``search_vector`` holds for them. A
# query word is corrected against these by trigram similarity (pg_trgm, GIN index), so typo
# tolerance costs a lookup among distinct words instead of a trigram comparison per product,
# and the corrections then match products through the tsvector index like any word.
# Triggers on products (in the migration: SQLAlchemy tables do not describe triggers) add
# the words of every inserted or updated name, whoever writes, COPY included. Words are
# only ever added: a renamed product's old words stay, and match nothing.
product_name_words = Table(
    "product_name_words",
    metadata,
    Column("word", Text(), primary_key=True),
    # Without fastupdate: a new word goes straight into the index rather than into a
    # pending list that every lookup reads in full and only VACUUM empties (a freshly seeded
    # vocabulary sat there whole, and the planner scanned the table instead). Few new
    # words arrive once a catalog is loaded, so the pending list saves nothing.
    Index(
        "ix_product_name_words_trgm",
        "word",
        postgresql_using="gin",
        postgresql_ops={"word": "gin_trgm_ops"},
        postgresql_with={"fastupdate": "off"},
    ),
)

stock_levels = Table(
    "stock_levels",
    metadata,
    Column(
        "product_id",
        Uuid(),
        ForeignKey("products.id"),
        primary_key=True,
    ),
    Column("on_hand", Integer(), nullable=False),
    Column("reserved", Integer(), nullable=False),
    # Not indexed: every stock write changes it, and an index on it would rule out HOT
    # updates of the hottest rows; searches reach it through the primary key.
    Column("available", Integer(), Computed("on_hand - reserved", persisted=True), nullable=False),
    Column("low_stock_threshold", Integer(), nullable=False),
    Column("last_sequence", Integer(), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer(), nullable=False),
    CheckConstraint("reserved >= 0", name="reserved_not_negative"),
    CheckConstraint("on_hand >= reserved", name="on_hand_covers_reserved"),
    CheckConstraint("low_stock_threshold >= 0", name="threshold_not_negative"),
)

stock_movements = Table(
    "stock_movements",
    metadata,
    Column(
        "product_id",
        Uuid(),
        ForeignKey("products.id"),
        nullable=False,
    ),
    Column("sequence", Integer(), nullable=False),
    Column("reason", Text(), nullable=False),
    Column("on_hand_delta", Integer(), nullable=False),
    Column("reserved_delta", Integer(), nullable=False),
    Column("on_hand_after", Integer(), nullable=False),
    Column("reserved_after", Integer(), nullable=False),
    Column("order_id", Uuid(), nullable=True),
    Column("actor_id", Uuid(), nullable=True),
    Column("note", Text(), nullable=True),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    # Also the index of a product's ledger, newest first (scanned backwards).
    PrimaryKeyConstraint("product_id", "sequence"),
    CheckConstraint(
        "reason IN ('receive', 'return', 'damage', 'loss', 'correct',"
        " 'reserve', 'release', 'commit', 'refund')",
        name="reason",
    ),
    CheckConstraint("sequence > 0", name="sequence_positive"),
)

# Every stored column of a product but the generated search_vector, in the table's order:
# what the bulk load's COPY writes and what product reads select (the search reads its rows
# by these positions).
PRODUCT_COLUMNS = (
    "id",
    "sku",
    "name",
    "name_key",
    "description",
    "price_cents",
    "currency",
    "category_id",
    "metadata",
    "active",
    "created_at",
    "updated_at",
    "version",
)

# The columns a movement is written with, in the order the bulk load's COPY and the
# batched append of the stock repository send them.
STOCK_MOVEMENT_COLUMNS = (
    "product_id",
    "sequence",
    "reason",
    "on_hand_delta",
    "reserved_delta",
    "on_hand_after",
    "reserved_after",
    "order_id",
    "actor_id",
    "note",
    "occurred_at",
)

reservations = Table(
    "reservations",
    metadata,
    Column("order_id", Uuid(), primary_key=True),
    Column("status", Text(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer(), nullable=False),
    CheckConstraint("status IN ('held', 'committed', 'released', 'returned')", name="status"),
)

reservation_lines = Table(
    "reservation_lines",
    metadata,
    Column(
        "order_id",
        Uuid(),
        ForeignKey("reservations.order_id"),
        nullable=False,
    ),
    Column(
        "product_id",
        Uuid(),
        ForeignKey("products.id"),
        nullable=False,
    ),
    Column("quantity", Integer(), nullable=False),
    PrimaryKeyConstraint("order_id", "product_id"),
    CheckConstraint("quantity > 0", name="quantity_positive"),
    # exists_for_product, and the foreign key's checks on product delete.
    Index("ix_reservation_lines_product_id", "product_id"),
)
