"""Search at a million products: the vocabulary's trigram index without a pending list, and
a category index that covers category searches.

- ``ix_product_name_words_trgm`` loses fastupdate, and what its pending list holds moves
  into the index now: a vocabulary filled by a bulk load sat there whole until a VACUUM,
  so every correction lookup read it all (and the planner preferred a sequential scan).
- ``ix_products_category_id_price_cents`` is rebuilt with every sort key and the other
  filtered columns included, so that a category subtree and price range are collected by
  an index-only scan. It keeps its name: the bulk loader drops and rebuilds it by name.

Revision ID: catalog_0002
Revises: catalog_0001
"""

from __future__ import annotations

from alembic import op

revision = "catalog_0002"
down_revision: str | None = "catalog_0001"
branch_labels: str | None = None
depends_on: str | None = None

_CATEGORY_INDEX = "ix_products_category_id_price_cents"


def upgrade() -> None:
    op.execute("ALTER INDEX ix_product_name_words_trgm SET (fastupdate = off)")
    op.execute("SELECT gin_clean_pending_list('ix_product_name_words_trgm'::regclass)")
    op.drop_index(_CATEGORY_INDEX, table_name="products")
    op.create_index(
        _CATEGORY_INDEX,
        "products",
        ["category_id", "price_cents"],
        postgresql_include=["created_at", "id", "name_key", "currency", "active"],
    )


def downgrade() -> None:
    op.drop_index(_CATEGORY_INDEX, table_name="products")
    op.create_index(_CATEGORY_INDEX, "products", ["category_id", "price_cents"])
    op.execute("ALTER INDEX ix_product_name_words_trgm RESET (fastupdate)")
