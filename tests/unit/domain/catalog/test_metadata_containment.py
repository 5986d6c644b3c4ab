"""JSON containment with PostgreSQL's ``@>`` semantics, for filtering by metadata."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.catalog.metadata import ProductMetadata, json_contains

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-1000, max_value=1000)
    | st.text(alphabet="abc", max_size=3)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet="abcd", max_size=2), children, max_size=4)
    ),
    max_leaves=12,
)
json_objects = st.dictionaries(st.text(alphabet="abcd", max_size=2), json_values, max_size=5)


@pytest.mark.parametrize(
    ("container", "contained"),
    [
        ({"a": 1, "b": 2}, {"a": 1}),
        ({"a": {"b": {"c": 1, "d": 2}}}, {"a": {"b": {"c": 1}}}),
        ({"tags": ["red", "blue", "green"]}, {"tags": ["green", "red"]}),
        ({"tags": ["red"]}, {"tags": ["red", "red"]}),
        ({"tags": ["red"]}, {"tags": []}),
        ({"items": [{"id": 1, "n": "x"}, {"id": 2}]}, {"items": [{"id": 1}]}),
        ({"m": [[1, 2], [3]]}, {"m": [[2]]}),
        ({"n": 1}, {"n": 1.0}),
        ({"x": None}, {"x": None}),
        ({"a": 1}, {}),
    ],
)
def test_contains_is_true_when_postgres_would_say_so(container: Any, contained: Any) -> None:
    assert json_contains(container, contained)


@pytest.mark.parametrize(
    ("container", "contained"),
    [
        ({"a": 1}, {"a": 2}),
        ({"a": 1}, {"b": 1}),
        ({"a": {"b": 1}}, {"a": {"b": 1, "c": 2}}),
        ({"tags": ["red"]}, {"tags": "red"}),
        ({"tags": "red"}, {"tags": ["red"]}),
        ({"flag": True}, {"flag": 1}),
        ({"flag": 0}, {"flag": False}),
        ({"n": "1"}, {"n": 1}),
        ({"x": None}, {"x": False}),
        ({"a": []}, {"a": {}}),
        ({"m": [[1, 2]]}, {"m": [1]}),
    ],
)
def test_contains_is_false_when_postgres_would_say_so(container: Any, contained: Any) -> None:
    assert not json_contains(container, contained)


@given(json_objects)
def test_every_object_contains_itself_when_compared(value: dict[str, Any]) -> None:
    assert json_contains(value, value)


@given(json_objects)
def test_every_object_contains_the_empty_object_when_compared(value: dict[str, Any]) -> None:
    assert json_contains(value, {})


@given(json_objects, st.data())
def test_object_contains_any_selection_of_its_keys_when_compared(
    value: dict[str, Any], data: st.DataObject
) -> None:
    keys = data.draw(st.sets(st.sampled_from(sorted(value)) if value else st.nothing()))

    assert json_contains(value, {key: value[key] for key in keys})


@given(json_objects, st.text(alphabet="xyz", min_size=3, max_size=3), json_values)
def test_object_does_not_contain_a_key_it_lacks_when_compared(
    value: dict[str, Any], key: str, extra: Any
) -> None:
    assert not json_contains(value, {**value, key: extra})


@given(st.lists(json_values, max_size=5), st.randoms(use_true_random=False))
def test_array_contains_its_elements_in_any_order_when_compared(
    elements: list[Any], rnd: Any
) -> None:
    shuffled = list(elements)
    rnd.shuffle(shuffled)

    assert json_contains({"a": elements}, {"a": shuffled + shuffled[:1]})


@given(json_objects, st.data())
def test_object_contains_a_selection_of_a_selection_when_compared(
    value: dict[str, Any], data: st.DataObject
) -> None:
    outer = data.draw(st.sets(st.sampled_from(sorted(value)) if value else st.nothing()))
    inner = data.draw(st.sets(st.sampled_from(sorted(outer)) if outer else st.nothing()))

    assert json_contains({"wrapped": value}, {"wrapped": {key: value[key] for key in inner}})


def test_product_metadata_contains_delegates_when_compared() -> None:
    stored = ProductMetadata({"color": "black", "ports": ["usb-c", "bt"]})

    assert stored.contains(ProductMetadata({"ports": ["bt"]}))
    assert not stored.contains(ProductMetadata({"color": "white"}))
