"""Text matching for the in-memory product search: words, with a trigram fallback for typos.

A stand-in for PostgreSQL's full text search plus pg_trgm: a product matches when every
word of the query is one of its words (name, SKU, description; case-insensitive) or,
failing that, close to one by trigram similarity, as pg_trgm measures it (the words padded
with two spaces in front and one behind, similarity = shared trigrams / all trigrams).
"""

from __future__ import annotations

import re
from functools import lru_cache

from domain.catalog.product import Product

SIMILARITY_THRESHOLD = 0.3  # pg_trgm's default for its % operator
MAX_QUERY_WORDS = 20
_WORD = re.compile(r"[^\W_]+")
# How much a match in each field counts towards the rank.
_NAME_WEIGHT, _SKU_WEIGHT, _DESCRIPTION_WEIGHT = 1.0, 1.0, 0.4


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=65536)
def trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(left: str, right: str) -> float:
    """pg_trgm's similarity of two words, from 0 (nothing shared) to 1 (same trigrams)."""
    a, b = trigrams(left), trigrams(right)
    return len(a & b) / len(a | b) if a or b else 0.0


def rank(query_words: list[str], product: Product) -> float | None:
    """How well the product matches every query word (higher is better); None: it does not."""
    sku = product.sku.value.lower()
    fields = (
        (set(words(product.name.value)), _NAME_WEIGHT),
        ({sku, *words(sku)}, _SKU_WEIGHT),
        (set(words(product.description.value)), _DESCRIPTION_WEIGHT),
    )
    total = 0.0
    for query_word in query_words[:MAX_QUERY_WORDS]:
        best = max(_word_score(query_word, field) * weight for field, weight in fields)
        if best == 0.0:
            return None
        total += best
    return total


def _word_score(query_word: str, field: set[str]) -> float:
    if query_word in field:
        return 1.0
    best = 0.0
    for word in field:
        # Shared trigrams cannot exceed the shorter word's, so a far longer word never
        # reaches the threshold; skip computing it.
        short, long = sorted((len(word), len(query_word)))
        if short + 1 < SIMILARITY_THRESHOLD * (long + 1):
            continue
        score = similarity(query_word, word)
        if score >= SIMILARITY_THRESHOLD:
            best = max(best, score)
    return best
