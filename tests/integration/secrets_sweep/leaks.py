"""Finding known secrets in text: the needles each secret becomes, and where they occur.

A secret is looked for as written, in any letter case, with spaces and dashes removed on
both sides (a card number or IBAN spelled compact or in groups), URL-encoded, and as the
hex of its bytes (how PostgreSQL prints a ``bytea``). Instrument numbers and passwords are
also looked for as their unkeyed digests and base64: a plain SHA-256 of a card number is
as good as the number (the space is small enough to search), only a keyed HMAC is not.

A short secret (a CVC) would turn up by chance inside ids and timestamps, so it is only
looked for standing alone: not next to a letter, a digit or ``_``, and not after a
decimal point or a colon (fractions of seconds and times of day).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

_SEPARATORS = re.compile(r"[\s\-]+")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
SHORT = 6


@dataclass(frozen=True, slots=True)
class Secret:
    name: str
    value: str
    # Also look for unkeyed digests and base64: for low-entropy secrets, whose digest
    # would reveal them (not for random tokens, which are legitimately stored hashed).
    digested: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    source: str
    text: str


@dataclass(frozen=True, slots=True)
class Leak:
    secret: str
    form: str
    source: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.secret} ({self.form}) in {self.source}: …{self.excerpt}…"


def _squeezed(text: str) -> str:
    return _SEPARATORS.sub("", text.lower())


def needles(secret: Secret) -> dict[str, str]:
    """The forms of a long secret to look for, by name."""
    value = secret.value
    compact = _squeezed(value)
    forms = {
        "as written": value,
        "url-encoded": quote(value, safe=""),
        "form-encoded": quote_plus(value),
        "hex of its bytes": value.encode().hex(),
    }
    if secret.digested:
        for spelling in {value, compact, compact.upper()}:
            raw = spelling.encode()
            forms[f"sha256 of {spelling!r}"] = hashlib.sha256(raw).hexdigest()
            forms[f"sha1 of {spelling!r}"] = hashlib.sha1(raw).hexdigest()
            forms[f"md5 of {spelling!r}"] = hashlib.md5(raw).hexdigest()
            forms[f"base64 of {spelling!r}"] = base64.b64encode(raw).decode()
            forms[f"base64url of {spelling!r}"] = base64.urlsafe_b64encode(raw).decode()
    return forms


def standalone(value: str) -> re.Pattern[str]:
    """``value`` not inside a longer word or number, a fraction or a time of day."""
    return re.compile(rf"(?<![\w.:]){re.escape(value)}(?!\w|\.\d)")


def find_leaks(secrets: list[Secret], documents: list[Document]) -> list[Leak]:
    leaks: list[Leak] = []
    for document in documents:
        lowered = document.text.lower()
        squeezed = _squeezed(document.text)
        for secret in secrets:
            if len(secret.value) < SHORT:
                match = standalone(secret.value).search(document.text)
                if match:
                    leaks.append(_leak(secret, "standalone", document, match.start()))
                continue
            for form, needle in needles(secret).items():
                at = lowered.find(needle.lower())
                if at < 0 and len(_squeezed(needle)) >= SHORT:
                    squeezed_at = squeezed.find(_squeezed(needle))
                    if squeezed_at >= 0:
                        leaks.append(
                            Leak(
                                secret.name,
                                f"{form}, separators removed",
                                document.source,
                                squeezed[max(0, squeezed_at - 40) : squeezed_at + 60],
                            )
                        )
                        break
                if at >= 0:
                    leaks.append(_leak(secret, form, document, at))
                    break
    return leaks


def _leak(secret: Secret, form: str, document: Document, at: int) -> Leak:
    return Leak(secret.name, form, document.source, document.text[max(0, at - 40) : at + 60])


def jwt_contents(text: str) -> list[str]:
    """The decoded header and claims of every JWT in ``text``."""
    decoded = []
    for token in _JWT.findall(text):
        for segment in token.split(".")[:2]:
            padded = segment + "=" * (-len(segment) % 4)
            decoded.append(base64.urlsafe_b64decode(padded).decode(errors="replace"))
    return decoded
