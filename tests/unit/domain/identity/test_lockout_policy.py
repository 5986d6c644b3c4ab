"""LockoutPolicy: no lock below the threshold, then locks that double up to a cap."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identity.user import LockoutPolicy

DEFAULT = LockoutPolicy()

policies = st.builds(
    LockoutPolicy,
    threshold=st.integers(min_value=1, max_value=20),
    first_lock=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(hours=1)),
    max_lock=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=2)),
)
failure_counts = st.integers(min_value=0, max_value=10_000)


@pytest.mark.parametrize("failures", [0, 1, 2, 3, 4])
def test_no_lock_is_given_when_failures_are_below_the_threshold(failures: int) -> None:
    lock = DEFAULT.lock_for(failures)

    assert lock is None


@pytest.mark.parametrize(
    ("failures", "expected"),
    [
        (5, timedelta(minutes=1)),
        (6, timedelta(minutes=2)),
        (7, timedelta(minutes=4)),
        (8, timedelta(minutes=8)),
    ],
)
def test_lock_doubles_when_each_failure_follows_the_threshold(
    failures: int, expected: timedelta
) -> None:
    lock = DEFAULT.lock_for(failures)

    assert lock == expected


@pytest.mark.parametrize("failures", [9, 10, 50, 10_000])
def test_lock_is_capped_at_max_lock_when_doubling_would_exceed_it(failures: int) -> None:
    lock = DEFAULT.lock_for(failures)

    assert lock == timedelta(minutes=15)


def test_lock_uses_custom_values_when_policy_is_configured() -> None:
    policy = LockoutPolicy(
        threshold=3, first_lock=timedelta(seconds=30), max_lock=timedelta(hours=1)
    )

    locks = [policy.lock_for(failures) for failures in (2, 3, 4, 5)]

    assert locks == [None, timedelta(seconds=30), timedelta(minutes=1), timedelta(minutes=2)]


@given(policies, failure_counts)
def test_lock_never_exceeds_max_lock_when_any_failure_count(
    policy: LockoutPolicy, failures: int
) -> None:
    lock = policy.lock_for(failures)

    assert lock is None or lock <= policy.max_lock


@given(policies, failure_counts)
def test_lock_never_shrinks_when_one_more_failure_is_recorded(
    policy: LockoutPolicy, failures: int
) -> None:
    before, after = policy.lock_for(failures), policy.lock_for(failures + 1)

    assert before is None or (after is not None and before <= after)


@given(policies, failure_counts)
def test_lock_is_given_exactly_when_failures_reach_the_threshold(
    policy: LockoutPolicy, failures: int
) -> None:
    lock = policy.lock_for(failures)

    assert (lock is not None) == (failures >= policy.threshold)


@given(policies, failure_counts)
def test_lock_is_positive_when_failures_reach_the_threshold(
    policy: LockoutPolicy, failures: int
) -> None:
    lock = policy.lock_for(failures)

    assert lock is None or lock > timedelta(0)
