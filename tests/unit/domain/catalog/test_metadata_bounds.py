"""Product metadata is a JSON object bounded in size, depth and key length."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.catalog.errors import InvalidMetadataError
from domain.catalog.metadata import (
    MAX_DEPTH,
    MAX_KEY_LENGTH,
    MAX_SERIALIZED_BYTES,
    ProductMetadata,
)
from domain.shared.errors import InvalidValueError


def _nested(levels: int) -> dict[str, Any]:
    """An object nested ``levels`` deep: {"k": {"k": ... {"k": 1}}}."""
    value: Any = 1
    for _ in range(levels):
        value = {"k": value}
    return value  # type: ignore[no-any-return]


# What JSONB stores: any text but NUL and lone surrogates.
storable_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=20
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | storable_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(storable_text, children, max_size=3)
    ),
    max_leaves=10,
)


def test_metadata_is_kept_when_it_is_a_small_json_object() -> None:
    raw = {"color": "black", "switches": ["red", "brown"], "weight_g": 870, "rgb": True, "x": None}

    metadata = ProductMetadata.parse(raw)

    assert metadata.value == raw


def test_metadata_is_accepted_when_nested_exactly_max_depth() -> None:
    assert ProductMetadata.parse(_nested(MAX_DEPTH)).value == _nested(MAX_DEPTH)


def test_metadata_is_refused_when_nested_deeper_than_max_depth() -> None:
    with pytest.raises(InvalidMetadataError) as caught:
        ProductMetadata.parse(_nested(MAX_DEPTH + 1))

    assert caught.value.field == "metadata"


def test_arrays_count_as_levels_when_measuring_depth() -> None:
    with pytest.raises(InvalidMetadataError):
        ProductMetadata.parse({"a": [[[[[1]]]]]})


def test_metadata_is_refused_when_larger_than_16_kib_serialized() -> None:
    too_big = {"blob": "x" * MAX_SERIALIZED_BYTES}

    with pytest.raises(InvalidMetadataError):
        ProductMetadata.parse(too_big)


def test_metadata_counts_utf8_bytes_when_measuring_size() -> None:
    # 6000 two-byte characters: 6000 characters but 12000+ bytes, under the limit…
    ProductMetadata.parse({"s": "é" * 6000})

    # …while 9000 of them (18000 bytes) are over it.
    with pytest.raises(InvalidMetadataError):
        ProductMetadata.parse({"s": "é" * 9000})


def test_metadata_is_refused_when_a_key_is_longer_than_the_limit() -> None:
    ProductMetadata.parse({"k" * MAX_KEY_LENGTH: 1})

    with pytest.raises(InvalidMetadataError):
        ProductMetadata.parse({"nested": {"k" * (MAX_KEY_LENGTH + 1): 1}})


@pytest.mark.parametrize(
    "raw",
    [
        [1, 2],
        "text",
        None,
        {"nan": float("nan")},
        {"inf": float("inf")},
        {1: "int key"},
        {"set": {1, 2}},
        {"nul": "a\x00b"},
        {"a\x00": 1},
        {"surrogate": "\ud800"},
        {"\udfff": 1},
    ],
)
def test_metadata_is_refused_when_it_is_not_a_storable_json_object(raw: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        ProductMetadata.parse(raw)

    assert (caught.value.field, caught.value.code) == ("metadata", "invalid-metadata")


def test_error_names_the_given_field_when_parsing_a_filter() -> None:
    with pytest.raises(InvalidMetadataError) as caught:
        ProductMetadata.parse([], field="metadata_contains")

    assert caught.value.field == "metadata_contains"


def test_stored_metadata_is_unchanged_when_the_caller_changes_its_dict() -> None:
    raw: dict[str, Any] = {"tags": ["a"]}
    metadata = ProductMetadata.parse(raw)

    raw["tags"].append("b")
    metadata.as_dict()["tags"].append("c")

    assert metadata.value == {"tags": ["a"]}


@given(st.dictionaries(storable_text, json_values, max_size=5))
def test_metadata_equals_its_input_when_small_json_objects_are_parsed(raw: dict[str, Any]) -> None:
    assert ProductMetadata.parse(raw).value == raw


def test_metadata_differs_when_a_number_becomes_a_boolean() -> None:
    assert ProductMetadata({"a": 1}) != ProductMetadata({"a": True})


def test_metadata_is_equal_when_only_the_key_order_differs() -> None:
    assert ProductMetadata({"a": 1, "b": [1, 2]}) == ProductMetadata({"b": [1, 2], "a": 1})
