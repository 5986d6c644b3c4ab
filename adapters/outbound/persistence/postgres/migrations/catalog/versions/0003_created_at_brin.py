"""A BRIN index on the products' creation times, for the windows of newest-first searches.

- ``ix_products_created_at_brin`` summarizes each range of table pages by its earliest and
  latest ``created_at``. A newest-first search that gathers its matches within a window of
  the newest products intersects a GIN index with this range: a few page ranges instead of
  the tens of thousands of entries the same range of ``ix_products_created_at_id`` holds.
  It narrows because a shop's table fills in creation order; a table in another order gets
  a correct but unselective index.

Revision ID: catalog_0003
Revises: catalog_0002
"""

from __future__ import annotations

from alembic import op

revision = "catalog_0003"
down_revision: str | None = "catalog_0002"
branch_labels: str | None = None
depends_on: str | None = None

_BRIN_INDEX = "ix_products_created_at_brin"


def upgrade() -> None:
    op.create_index(_BRIN_INDEX, "products", ["created_at"], postgresql_using="brin")


def downgrade() -> None:
    op.drop_index(_BRIN_INDEX, table_name="products")
