"""Slugs, SKUs, names and descriptions: normalized where people type loosely, else strict."""

from typing import Any

import pytest

from domain.catalog.values import (
    CategoryName,
    Description,
    ProductName,
    Sku,
    Slug,
)
from domain.shared.errors import InvalidValueError


@pytest.mark.parametrize("slug", ["keyboards", "usb-c", "a", "4k-monitors", "x" * 100])
def test_slug_is_kept_when_it_is_lowercase_words_joined_by_hyphens(slug: str) -> None:
    assert Slug(slug).value == slug


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "Keyboards",
        "usb_c",
        "-lead",
        "trail-",
        "double--hyphen",
        "space d",
        "ünïcode",
        "x" * 101,
        7,
    ],
)
def test_invalid_slug_names_the_slug_when_it_breaks_the_pattern(slug: Any) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Slug(slug)

    assert caught.value.field == "slug"


def test_sku_is_trimmed_and_upper_cased_when_parsed() -> None:
    sku = Sku.parse("  kb-104.us_2 ")

    assert sku == Sku("KB-104.US_2")


@pytest.mark.parametrize("raw", ["", "   ", "-KB", "KB 104", "KB/104", "K" * 65, "КБ-1"])
def test_invalid_sku_names_the_sku_when_it_breaks_the_charset_or_length(raw: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Sku.parse(raw)

    assert caught.value.field == "sku"


def test_sku_of_64_characters_is_accepted_when_parsed() -> None:
    assert len(Sku.parse("k" * 64).value) == 64


def test_names_have_single_spaces_when_parsed_from_loose_input() -> None:
    assert (
        CategoryName.parse("  Home   office ").value,
        ProductName.parse(" Desk\tLamp ").value,
    ) == (
        "Home office",
        "Desk Lamp",
    )


@pytest.mark.parametrize(("parse", "limit"), [(CategoryName.parse, 100), (ProductName.parse, 200)])
def test_name_is_refused_when_it_is_empty_or_too_long(parse: Any, limit: int) -> None:
    for raw in ("", "   ", "n" * (limit + 1)):
        with pytest.raises(InvalidValueError) as caught:
            parse(raw)
        assert caught.value.field == "name"


def test_product_name_sort_key_is_lower_case_when_the_name_has_capitals() -> None:
    assert ProductName("Ergo Keyboard").sort_key == "ergo keyboard"


def test_description_keeps_line_breaks_when_parsed() -> None:
    description = Description.parse("  First line.\r\nSecond line.  ")

    assert description.value == "First line.\nSecond line."


@pytest.mark.parametrize("raw", ["d" * 5001, "bell\x07", "nul\x00"])
def test_description_is_refused_when_too_long_or_not_printable(raw: str) -> None:
    with pytest.raises(InvalidValueError) as caught:
        Description.parse(raw)

    assert caught.value.field == "description"
