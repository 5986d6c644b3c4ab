"""parse_uuid: ids arrive as UUIDs or strings; anything else is the caller's mistake."""

from typing import Any
from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.shared.errors import InvalidValueError
from domain.shared.ids import parse_uuid

ORDER_ID = UUID("6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f5a")


def test_same_uuid_is_returned_when_given_a_uuid() -> None:
    parsed = parse_uuid(ORDER_ID, field="order_id")

    assert parsed is ORDER_ID


@pytest.mark.parametrize(
    "text",
    [
        "6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f5a",
        "6F1C2A4E-8B3D-4C5E-9F7A-0B1C2D3E4F5A",
        "6f1c2a4e8b3d4c5e9f7a0b1c2d3e4f5a",
    ],
)
def test_uuid_is_returned_when_given_a_canonical_spelling(text: str) -> None:
    parsed = parse_uuid(text, field="order_id")

    assert parsed == ORDER_ID


@given(st.uuids())
def test_uuid_round_trips_when_parsed_from_its_string(value: UUID) -> None:
    parsed = parse_uuid(str(value), field="id")

    assert parsed == value


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "not-a-uuid",
        "6f1c2a4e-8b3d-4c5e-9f7a",
        "6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f5z",
        "{6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f5a}",
        "urn:uuid:6f1c2a4e-8b3d-4c5e-9f7a-0b1c2d3e4f5a",
        "+" + "1" * 31,
        "1_" + "1" * 30,
        None,
        42,
        1.5,
        ["x"],
    ],
)
def test_invalid_value_naming_the_field_is_raised_when_given_garbage(garbage: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        parse_uuid(garbage, field="product_id")

    assert (caught.value.field, caught.value.code) == ("product_id", "invalid-uuid")


@given(st.text(alphabet="ghijklmnopqrstuvwxyz!?/ ", max_size=40))
def test_invalid_value_is_raised_when_text_holds_no_hex(text: str) -> None:
    with pytest.raises(InvalidValueError):
        parse_uuid(text, field="id")
