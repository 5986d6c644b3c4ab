"""Product versions as HTTP entity tags, so two admins cannot overwrite each other."""

from __future__ import annotations

from fastapi import Response

from domain.shared.errors import InvalidValueError


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def expected_version(if_match: str | None) -> int | None:
    """The version an ``If-Match`` header insists on; None when absent or ``*``."""
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not tag.isdigit() or len(tag) > 18:
        raise InvalidValueError("If-Match", 'must be an ETag this API issued, like "3"')
    return int(tag)
