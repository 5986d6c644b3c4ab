"""A product's metadata: a bounded JSON object, and JSON containment as PostgreSQL's ``@>``."""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, field
from typing import Any

from domain.catalog.errors import InvalidMetadataError

MAX_SERIALIZED_BYTES = 16 * 1024
MAX_DEPTH = 5
MAX_KEY_LENGTH = 100


@dataclass(frozen=True, slots=True, eq=False)
class ProductMetadata:
    """A JSON object of at most 16 KiB serialized, nested at most 5 levels, keys ≤ 100 chars.

    The top-level object is level 1; each object or array inside adds one. Values are what
    JSON holds (objects with string keys, arrays, strings, finite numbers, booleans, null);
    strings and keys may not contain NUL or lone surrogates, which PostgreSQL's JSONB cannot
    store. The size counts the compact UTF-8 serialization. ``value`` holds a copy of the
    input; ``as_dict`` hands out a copy the caller may change. Two metadata are equal when
    their JSON is (so ``true`` and ``1`` differ, as they do in JSON).
    """

    value: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_json_object(self.value)
        object.__setattr__(self, "value", copy.deepcopy(self.value))

    @classmethod
    def restore(cls, value: dict[str, Any]) -> ProductMetadata:
        """Metadata as stored (for persistence adapters): it was checked when it was made,
        and the freshly decoded ``value`` is taken over rather than checked and copied again,
        which a list of a hundred products would pay a hundred times."""
        restored = object.__new__(cls)
        object.__setattr__(restored, "value", value)
        return restored

    @classmethod
    def parse(cls, raw: Any, *, field: str = "metadata") -> ProductMetadata:
        """``raw`` as metadata, or InvalidMetadataError naming ``field``."""
        check_json_object(raw, field=field)
        return cls(raw)

    def as_dict(self) -> dict[str, Any]:
        """A copy of the object, for callers that may change what they get."""
        return copy.deepcopy(self.value)

    def contains(self, other: ProductMetadata) -> bool:
        """True when ``other`` is contained in this object, as ``self @> other`` in PostgreSQL."""
        return json_contains(self.value, other.value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ProductMetadata):
            return NotImplemented
        return self._canonical() == other._canonical()

    def __hash__(self) -> int:
        return hash(self._canonical())

    def _canonical(self) -> str:
        return json.dumps(self.value, sort_keys=True, separators=(",", ":"))


def check_json_object(value: Any, *, field: str = "metadata") -> None:
    """Raise InvalidMetadataError, naming ``field``, unless ``value`` is a bounded JSON object."""
    if not isinstance(value, dict):
        raise InvalidMetadataError("must be a JSON object", field=field)
    _check_node(value, 1, field)
    size = len(
        json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
    )
    if size > MAX_SERIALIZED_BYTES:
        raise InvalidMetadataError(
            f"must be at most {MAX_SERIALIZED_BYTES} bytes as JSON, not {size}", field=field
        )


def _check_node(node: Any, depth: int, field: str) -> None:
    if isinstance(node, dict | list) and depth > MAX_DEPTH:
        raise InvalidMetadataError(f"must nest at most {MAX_DEPTH} levels deep", field=field)
    if isinstance(node, dict):
        for key, child in node.items():
            _check_key(key, field)
            _check_node(child, depth + 1, field)
    elif isinstance(node, list):
        for child in node:
            _check_node(child, depth + 1, field)
    else:
        _check_scalar(node, field)


def _check_key(key: Any, field: str) -> None:
    if not isinstance(key, str):
        raise InvalidMetadataError("must have only string keys", field=field)
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidMetadataError(f"keys must be at most {MAX_KEY_LENGTH} characters", field=field)
    _check_text(key, "keys", field)


def _check_scalar(node: Any, field: str) -> None:
    if isinstance(node, str):
        _check_text(node, "strings", field)
    elif isinstance(node, float):
        if not math.isfinite(node):
            raise InvalidMetadataError("numbers must be finite", field=field)
    elif node is not None and not isinstance(node, bool | int):
        raise InvalidMetadataError(
            f"holds a {type(node).__name__}, which is not a JSON value", field=field
        )


def _check_text(text: str, what: str, field: str) -> None:
    try:
        text.encode()
    except UnicodeEncodeError:
        raise InvalidMetadataError(f"{what} must be valid Unicode text", field=field) from None
    if "\x00" in text:
        raise InvalidMetadataError(f"{what} must not contain NUL characters", field=field)


def json_contains(container: Any, contained: Any) -> bool:
    """PostgreSQL's JSONB containment (``container @> contained``) on JSON-shaped values.

    An object contains an object when each of the latter's keys is present and its value
    is contained in the former's value; an array contains an array when each element of
    the latter is contained in some element of the former (order and repeats do not
    matter); scalars contain equal scalars of the same JSON type (so ``1`` and ``1.0`` are
    equal, ``true`` and ``1`` are not). Values of different JSON types never contain each
    other; PostgreSQL's one exception, a top-level array containing a bare scalar, does not
    arise for objects.
    """
    if isinstance(contained, dict):
        return isinstance(container, dict) and all(
            key in container and json_contains(container[key], value)
            for key, value in contained.items()
        )
    if isinstance(contained, list):
        return isinstance(container, list) and all(
            any(json_contains(element, wanted) for element in container) for wanted in contained
        )
    return _json_type(container) == _json_type(contained) and container == contained


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
