"""Views written by orjson are byte for byte what pydantic writes for their response models.

``view_response`` skips the response model on the busiest reads; these pairs keep the two in step:
a field added to a view but not to its model (or renamed in one) fails here, before it
could leak into a response or drop out of one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from adapters.inbound.http.catalog.schemas import ProductResponse
from adapters.inbound.http.identity.schemas import UserResponse
from adapters.inbound.http.schemas import PageResponse, view_json
from application.catalog.views import ProductView
from application.identity.views import UserView
from application.shared.pagination import Page
from tests.builders.catalog import a_category, a_product, a_stock_level
from tests.builders.domain_identity import a_user

AT_MICROSECOND = datetime(2026, 11, 26, 7, 45, 1, 123456, tzinfo=UTC)


def pydantic_json(model: Any, view: object) -> bytes:
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    return adapter.dump_json(adapter.validate_python(view, from_attributes=True))


def a_product_view(metadata: dict[str, Any] | None = None, **changes: Any) -> ProductView:
    product = a_product(a_category(), metadata=metadata, created_at=AT_MICROSECOND, **changes)
    level = a_stock_level(product, on_hand=7, reserved=2, low_stock_threshold=5)
    return ProductView.of(product, level)


def test_a_user_view_is_written_as_its_response() -> None:
    view = UserView.of(a_user(full_name="Zoë Ångström"))

    assert view_json(view) == pydantic_json(UserResponse, view)


def test_a_product_view_is_written_as_its_response() -> None:
    view = a_product_view(
        {"colour": "blue", "tags": ["a", "ü"], "size": {"w": 1.5, "h": 20}, "new": True},
        description="A keyboard\nwith keys",
    )

    assert view_json(view) == pydantic_json(ProductResponse, view)


def test_a_page_of_products_is_written_as_its_response() -> None:
    page = Page([a_product_view(), a_product_view(active=False)], next_cursor="abc_-")
    last: Page[ProductView] = Page([], next_cursor=None)

    model = PageResponse[ProductResponse]
    assert view_json(page) == pydantic_json(model, page)
    assert view_json(last) == pydantic_json(model, last)


# What ProductMetadata accepts: Unicode text without NUL.
_TEXT = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(_TEXT, max_size=20)
)
_METADATA = st.dictionaries(
    st.text(_TEXT, min_size=1, max_size=10),
    st.recursive(
        _SCALARS,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(_TEXT, max_size=5), inner)
        ),
        max_leaves=8,
    ),
    max_size=5,
)


@given(_METADATA)
def test_any_metadata_is_written_as_pydantic_writes_it(metadata: dict[str, Any]) -> None:
    view = a_product_view(metadata)

    assert view_json(view) == pydantic_json(ProductResponse, view)
