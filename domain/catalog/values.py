"""Value objects of the catalog: ids, slugs, names, SKUs and descriptions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NewType
from uuid import UUID

from domain.shared.errors import InvalidValueError

CategoryId = NewType("CategoryId", UUID)
ProductId = NewType("ProductId", UUID)
# The catalog's own name for the key ordering reserves stock under.
OrderId = NewType("OrderId", UUID)

SLUG_MAX_LENGTH = 100
CATEGORY_NAME_MAX_LENGTH = 100
PRODUCT_NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000
SKU_MAX_LENGTH = 64

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SKU = re.compile(r"[A-Z0-9][A-Z0-9._-]*")


@dataclass(frozen=True, slots=True)
class Slug:
    """A category's address: lowercase ASCII letters and digits in words joined by hyphens."""

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str) or not self.value:
            raise InvalidValueError("slug", "is required")
        if len(self.value) > SLUG_MAX_LENGTH:
            raise InvalidValueError("slug", f"must be at most {SLUG_MAX_LENGTH} characters")
        if not _SLUG.fullmatch(self.value):
            raise InvalidValueError(
                "slug",
                "must be lowercase letters a-z and digits, in words joined by single hyphens",
            )

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class CategoryName:
    """A category's display name: trimmed, 1 to 100 printable characters."""

    value: str

    def __post_init__(self) -> None:
        _check_line("name", self.value, CATEGORY_NAME_MAX_LENGTH)

    @classmethod
    def parse(cls, raw: str) -> CategoryName:
        return cls(_squeeze("name", raw))

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Sku:
    """A stock keeping unit: upper-case letters, digits, ``.``, ``_`` and ``-``, at most 64.

    ``parse`` trims and upper-cases, so ``" ab-1 "`` and ``"AB-1"`` are one SKU.
    """

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str) or not self.value:
            raise InvalidValueError("sku", "is required")
        if len(self.value) > SKU_MAX_LENGTH:
            raise InvalidValueError("sku", f"must be at most {SKU_MAX_LENGTH} characters")
        if not _SKU.fullmatch(self.value):
            raise InvalidValueError(
                "sku",
                "must be letters A-Z, digits, '.', '_' and '-', starting with a letter or digit",
            )

    @classmethod
    def parse(cls, raw: str) -> Sku:
        if not isinstance(raw, str):
            raise InvalidValueError("sku", "must be a string")
        return cls(raw.strip().upper())

    def __str__(self) -> str:
        return self.value


def name_sort_key(name: str) -> str:
    """What sorting by name compares, by code point: the name in lower case."""
    return name.lower()


@dataclass(frozen=True, slots=True)
class ProductName:
    """A product's display name: trimmed, 1 to 200 printable characters."""

    value: str

    def __post_init__(self) -> None:
        _check_line("name", self.value, PRODUCT_NAME_MAX_LENGTH)

    @classmethod
    def parse(cls, raw: str) -> ProductName:
        return cls(_squeeze("name", raw))

    @property
    def sort_key(self) -> str:
        return name_sort_key(self.value)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Description:
    """A product's description: free text (line breaks allowed), at most 5000 characters."""

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str):
            raise InvalidValueError("description", "must be a string")
        if len(self.value) > DESCRIPTION_MAX_LENGTH:
            raise InvalidValueError(
                "description", f"must be at most {DESCRIPTION_MAX_LENGTH} characters"
            )
        if self.value != self.value.strip():
            raise InvalidValueError("description", "must not be padded with spaces")
        if not self.value.replace("\n", "").replace("\t", "").isprintable():
            raise InvalidValueError("description", "must be printable text")

    @classmethod
    def parse(cls, raw: str) -> Description:
        if not isinstance(raw, str):
            raise InvalidValueError("description", "must be a string")
        return cls(raw.strip().replace("\r\n", "\n"))

    def __str__(self) -> str:
        return self.value


def _squeeze(field: str, raw: str) -> str:
    if not isinstance(raw, str):
        raise InvalidValueError(field, "must be a string")
    return " ".join(raw.split())


def _check_line(field: str, value: str, max_length: int) -> None:
    if not isinstance(value, str):
        raise InvalidValueError(field, "must be a string")
    if not value or value != value.strip():
        raise InvalidValueError(field, "must not be empty or padded with spaces")
    if len(value) > max_length:
        raise InvalidValueError(field, f"must be at most {max_length} characters")
    if "  " in value or not value.isprintable():
        raise InvalidValueError(field, "must be printable text with single spaces between words")
