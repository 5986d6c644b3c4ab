"""The password policy, after NIST SP 800-63B: long enough, not known, not about the user.

No composition rules (they make passwords worse, not stronger); instead a length window,
a block-list of passwords attackers try first, and a refusal of passwords derived from
the user's own email or name.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from domain.identity.errors import WeakPasswordError

MIN_LENGTH = 12
MAX_LENGTH = 128  # above the 64 NIST asks for; bounded so hashing cost stays bounded

# Passwords that top public breach corpora, plus their common stretchings to 12+
# characters; the check also strips digits, symbols and punctuation at both ends first.
_COMMON = frozenset(
    (
        "password",
        "passw0rd",
        "p@ssword",
        "p@ssw0rd",
        "passwordpassword",
        "password1234",
        "password12345",
        "password123456",
        "qwerty",
        "qwertyuiop",
        "qwertyuiop123",
        "qwerty123456",
        "qwertyqwerty",
        "asdfghjkl",
        "asdfghjkl123",
        "zxcvbnm",
        "zxcvbnm123",
        "1q2w3e4r5t6y",
        "1qaz2wsx3edc",
        "qazwsxedc",
        "qazwsxedcrfv",
        "iloveyou",
        "iloveyou123",
        "letmein",
        "letmeinplease",
        "welcome",
        "welcome123",
        "welcometothejungle",
        "administrator",
        "admin",
        "admin123456",
        "adminadmin",
        "rootroot",
        "changeme",
        "changemeplease",
        "trustno1",
        "trustnoone",
        "sunshine",
        "princess",
        "football",
        "baseball",
        "basketball",
        "superman",
        "batman",
        "dragon",
        "monkey",
        "shadow",
        "master",
        "michael",
        "jennifer",
        "jessica",
        "charlie",
        "starwars",
        "pokemon",
        "whatever",
        "freedom",
        "hello",
        "helloworld",
        "computer",
        "internet",
        "secret",
        "secretpassword",
        "abcdefghijkl",
        "abcdefghijklmnop",
        "abc123abc123",
        "abcabcabcabc",
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123123123123",
        "111111111111",
        "000000000000",
        "987654321098",
        "correcthorsebatterystaple",
        "ihateyou",
        "loveyou",
        "mypassword",
        "newpassword",
        "thisismypassword",
        "myspace1234",
        "linkedin1234",
        "facebook1234",
        "google123456",
        "samsung12345",
    )
)


def check_password(
    password: str,
    *,
    email: str | None = None,
    full_name: str | None = None,
    field: str = "password",
) -> None:
    """Raise WeakPasswordError, naming ``field``, unless ``password`` satisfies the policy."""
    if not isinstance(password, str):
        raise WeakPasswordError("must be a string", field=field)
    normalized = unicodedata.normalize("NFKC", password)
    if len(normalized) < MIN_LENGTH:
        raise WeakPasswordError(f"must be at least {MIN_LENGTH} characters", field=field)
    if len(normalized) > MAX_LENGTH:
        raise WeakPasswordError(f"must be at most {MAX_LENGTH} characters", field=field)
    folded = normalized.casefold()
    if _is_common(folded):
        raise WeakPasswordError("is too common; choose a passphrase of your own", field=field)
    if _is_repetitive(folded):
        raise WeakPasswordError("repeats a short pattern; choose a passphrase", field=field)
    for context in _context_words(email, full_name):
        if context in folded:
            raise WeakPasswordError("must not contain your email address or name", field=field)


_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _is_common(folded: str) -> bool:
    compact = "".join(ch for ch in folded if not ch.isspace())
    core = _EDGES.sub("", compact)
    return compact in _COMMON or core in _COMMON


def _is_repetitive(folded: str) -> bool:
    """True for a string made of one short unit repeated, or a run of consecutive codes."""
    length = len(folded)
    for unit in range(1, 5):
        if length % unit == 0 and folded[:unit] * (length // unit) == folded:
            return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(folded)}
    return steps in ({1}, {-1})


def _context_words(email: str | None, full_name: str | None) -> list[str]:
    words: list[str] = []
    if email:
        folded_email = _fold(email)
        words.append(folded_email)
        local = folded_email.rpartition("@")[0]
        if len(local) >= 4:
            words.append(local)
    if full_name:
        folded_name = _fold(full_name)
        if len(folded_name.replace(" ", "")) >= 4:
            words.append(folded_name.replace(" ", ""))
        words.extend(part for part in folded_name.split() if len(part) >= 4)
    return words


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()
