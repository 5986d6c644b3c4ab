"""RefreshToken.state: rotated beats revoked beats expired beats valid."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.identity.tokens import RefreshTokenState
from tests.builders.domain_identity import T0, a_refresh_token, at

EXPIRES = at(minutes=60)
instants = st.integers(min_value=-10_000, max_value=10_000).map(lambda s: at(minutes=60, seconds=s))


def test_state_is_valid_when_neither_rotated_revoked_nor_expired() -> None:
    token = a_refresh_token(expires_at=EXPIRES)

    state = token.state(at(minutes=1))

    assert state is RefreshTokenState.VALID


def test_state_is_valid_when_just_before_expiry() -> None:
    token = a_refresh_token(expires_at=EXPIRES)

    state = token.state(EXPIRES - timedelta(microseconds=1))

    assert state is RefreshTokenState.VALID


def test_state_is_expired_when_now_equals_expires_at() -> None:
    token = a_refresh_token(expires_at=EXPIRES)

    state = token.state(EXPIRES)

    assert state is RefreshTokenState.EXPIRED


def test_state_is_expired_when_now_is_after_expires_at() -> None:
    token = a_refresh_token(expires_at=EXPIRES)

    state = token.state(EXPIRES + timedelta(days=1))

    assert state is RefreshTokenState.EXPIRED


def test_state_is_revoked_when_revoked_before_expiry() -> None:
    token = a_refresh_token(expires_at=EXPIRES)
    token.revoke(now=at(minutes=5))

    state = token.state(at(minutes=6))

    assert state is RefreshTokenState.REVOKED


def test_state_is_revoked_when_revoked_and_also_expired() -> None:
    token = a_refresh_token(expires_at=EXPIRES, revoked_at=at(minutes=5))

    state = token.state(EXPIRES + timedelta(hours=1))

    assert state is RefreshTokenState.REVOKED


def test_state_is_reused_when_a_rotated_token_is_presented() -> None:
    token = a_refresh_token(expires_at=EXPIRES)
    token.rotate(now=at(minutes=5))

    state = token.state(at(minutes=6))

    assert state is RefreshTokenState.REUSED


def test_state_is_reused_when_rotated_token_is_also_revoked_and_expired() -> None:
    token = a_refresh_token(expires_at=EXPIRES, rotated_at=at(minutes=5), revoked_at=at(minutes=7))

    state = token.state(EXPIRES + timedelta(hours=1))

    assert state is RefreshTokenState.REUSED


def test_first_revocation_time_is_kept_when_revoked_twice() -> None:
    token = a_refresh_token(expires_at=EXPIRES)
    token.revoke(now=at(minutes=5))

    token.revoke(now=at(minutes=9))

    assert token.revoked_at == at(minutes=5)


def test_rotation_time_is_recorded_when_rotated() -> None:
    token = a_refresh_token(issued_at=T0)

    token.rotate(now=at(minutes=3))

    assert token.rotated_at == at(minutes=3)


@given(instants, st.booleans(), st.booleans())
def test_state_follows_precedence_when_any_combination_at_any_time(
    now: datetime, rotated: bool, revoked: bool
) -> None:
    token = a_refresh_token(
        expires_at=EXPIRES,
        rotated_at=at(minutes=1) if rotated else None,
        revoked_at=at(minutes=2) if revoked else None,
    )

    state = token.state(now)

    expected = (
        RefreshTokenState.REUSED
        if rotated
        else RefreshTokenState.REVOKED
        if revoked
        else RefreshTokenState.EXPIRED
        if now >= EXPIRES
        else RefreshTokenState.VALID
    )
    assert state is expected
