"""Parsing of the UUID ids every context uses."""

from __future__ import annotations

import re
from uuid import UUID

from domain.shared.errors import InvalidValueError

# The canonical 8-4-4-4-12 form, or 32 bare hex digits; UUID() alone also takes braces,
# "urn:uuid:" prefixes, signs and underscores.
_UUID_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)


def parse_uuid(value: str | UUID, *, field: str) -> UUID:
    """Return ``value`` as a UUID, or raise InvalidValueError naming ``field``."""
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str) or not _UUID_TEXT.fullmatch(value):
        raise InvalidValueError(field, "must be a UUID", code="invalid-uuid")
    return UUID(value)
