"""OneTimeToken: usable once, strictly before it expires."""

from datetime import timedelta

from domain.identity.tokens import OneTimePurpose
from tests.builders.domain_identity import a_one_time_token, at

EXPIRES = at(minutes=60)


def test_token_is_usable_when_unused_and_before_expiry() -> None:
    token = a_one_time_token(expires_at=EXPIRES)

    usable = token.is_usable(at(minutes=59))

    assert usable


def test_token_is_usable_when_just_before_expiry() -> None:
    token = a_one_time_token(expires_at=EXPIRES)

    usable = token.is_usable(EXPIRES - timedelta(microseconds=1))

    assert usable


def test_token_is_unusable_when_now_equals_expires_at() -> None:
    token = a_one_time_token(expires_at=EXPIRES)

    usable = token.is_usable(EXPIRES)

    assert not usable


def test_token_is_unusable_when_now_is_after_expiry() -> None:
    token = a_one_time_token(expires_at=EXPIRES)

    usable = token.is_usable(EXPIRES + timedelta(days=1))

    assert not usable


def test_token_is_unusable_when_already_used() -> None:
    token = a_one_time_token(purpose=OneTimePurpose.RESET_PASSWORD, expires_at=EXPIRES)
    token.use(now=at(minutes=10))

    usable = token.is_usable(at(minutes=11))

    assert not usable


def test_use_time_is_recorded_when_used() -> None:
    token = a_one_time_token(expires_at=EXPIRES)

    token.use(now=at(minutes=10))

    assert token.used_at == at(minutes=10)
