"""Value objects of identity: email address, full name, role and status."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType
from uuid import UUID

from domain.identity.errors import InvalidEmailError
from domain.shared.errors import InvalidValueError

UserId = NewType("UserId", UUID)

EMAIL_MAX_LENGTH = 254  # RFC 5321's limit on a forward path
_LOCAL_PART = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+")
_DOMAIN_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


class Role(StrEnum):
    USER = "user"
    ADMIN = "admin"


class UserStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class EmailAddress:
    """An email address, normalized so that two spellings of one mailbox compare equal.

    The whole address is case-folded: mailbox providers treat the local part as
    case-insensitive in practice, and uniqueness must not depend on how a user typed it.
    """

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str):
            raise InvalidEmailError("must be a string")
        if self.value != normalize_email(self.value):
            raise InvalidEmailError("is not in normal form")
        _check_email(self.value)

    @classmethod
    def parse(cls, raw: str) -> EmailAddress:
        if not isinstance(raw, str):
            raise InvalidEmailError("must be a string")
        normalized = normalize_email(raw)
        _check_email(normalized)
        return cls(normalized)

    @property
    def local_part(self) -> str:
        return self.value.rpartition("@")[0]

    def __str__(self) -> str:
        return self.value


def normalize_email(raw: str) -> str:
    """Trim, apply Unicode NFKC and lower-case the address."""
    return unicodedata.normalize("NFKC", raw.strip()).lower()


def _check_email(value: str) -> None:
    if not value:
        raise InvalidEmailError("is required")
    if len(value) > EMAIL_MAX_LENGTH:
        raise InvalidEmailError(f"must be at most {EMAIL_MAX_LENGTH} characters")
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise InvalidEmailError("must look like name@example.com")
    if len(local) > 64 or not _LOCAL_PART.fullmatch(local):
        raise InvalidEmailError("has an invalid name before the @")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        raise InvalidEmailError("has an invalid name before the @")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        raise InvalidEmailError("has an invalid domain after the @")


FULL_NAME_MAX_LENGTH = 200


@dataclass(frozen=True, slots=True)
class FullName:
    """A person's name as they write it: trimmed, 1 to 200 printable characters."""

    value: str

    def __post_init__(self) -> None:
        if not isinstance(self.value, str):
            raise InvalidValueError("full_name", "must be a string")
        if self.value != self.value.strip() or not self.value:
            raise InvalidValueError("full_name", "must not be empty or padded with spaces")
        if len(self.value) > FULL_NAME_MAX_LENGTH:
            raise InvalidValueError(
                "full_name", f"must be at most {FULL_NAME_MAX_LENGTH} characters"
            )
        if "  " in self.value or not self.value.isprintable():
            raise InvalidValueError(
                "full_name", "must be printable text with single spaces between words"
            )

    @classmethod
    def parse(cls, raw: str) -> FullName:
        if not isinstance(raw, str):
            raise InvalidValueError("full_name", "must be a string")
        return cls(" ".join(raw.split()))

    def __str__(self) -> str:
        return self.value
