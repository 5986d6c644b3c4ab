"""User: registration, email verification, passwords, login throttling and roles."""

from datetime import timedelta

import pytest

from domain.identity.errors import IllegalUserTransitionError
from domain.identity.events import (
    AccountLocked,
    EmailVerified,
    PasswordChanged,
    RoleChanged,
    UserRegistered,
)
from domain.identity.user import LockoutPolicy, User
from domain.identity.values import EmailAddress, FullName, Role, UserStatus
from tests.builders.domain_identity import T0, a_registered_user, a_user, a_user_id, at

POLICY = LockoutPolicy()


def _fail_logins(user: User, times: int) -> None:
    for attempt in range(times):
        user.record_failed_login(now=at(seconds=attempt), policy=POLICY)


# register


def test_user_registered_is_recorded_when_a_user_registers() -> None:
    user_id = a_user_id()

    user = User.register(
        id=user_id,
        email=EmailAddress.parse("Ada@Example.com"),
        full_name=FullName.parse("Ada Lovelace"),
        password_hash="hash",
        now=T0,
    )

    assert user.pull_events() == [
        UserRegistered(occurred_at=T0, user_id=user_id, email="ada@example.com")
    ]


def test_new_user_is_an_active_unverified_user_when_registered_with_defaults() -> None:
    user = a_registered_user()

    state = (user.status, user.role, user.email_verified, user.failed_logins, user.locked_until)

    assert state == (UserStatus.ACTIVE, Role.USER, False, 0, None)


def test_timestamps_equal_now_when_a_user_registers() -> None:
    user = a_registered_user(now=at(minutes=5))

    assert (user.created_at, user.updated_at, user.version) == (at(minutes=5), at(minutes=5), 0)


def test_role_and_verification_are_kept_when_registered_as_a_verified_admin() -> None:
    user = a_registered_user(role=Role.ADMIN, email_verified=True)

    assert (user.role, user.email_verified, user.is_active_admin) == (Role.ADMIN, True, True)


def test_no_events_are_pending_when_a_user_is_restored() -> None:
    user = a_user()

    assert user.pull_events() == []


def test_events_are_emptied_when_pulled() -> None:
    user = a_registered_user()
    user.pull_events()

    events = user.pull_events()

    assert events == []


# verify_email


def test_email_verified_is_recorded_when_an_unverified_user_verifies() -> None:
    user = a_user(email_verified=False)

    user.verify_email(now=at(minutes=1))

    assert (user.email_verified, user.updated_at, user.pull_events()) == (
        True,
        at(minutes=1),
        [EmailVerified(occurred_at=at(minutes=1), user_id=user.id)],
    )


def test_one_event_is_recorded_when_email_is_verified_twice() -> None:
    user = a_user(email_verified=False)

    user.verify_email(now=at(minutes=1))
    user.verify_email(now=at(minutes=2))

    assert user.pull_events() == [EmailVerified(occurred_at=at(minutes=1), user_id=user.id)]


def test_nothing_changes_when_an_already_verified_user_verifies() -> None:
    user = a_user(email_verified=True)

    user.verify_email(now=at(minutes=1))

    assert (user.updated_at, user.pull_events()) == (T0, [])


# change_password


def test_password_changed_is_recorded_when_password_changes() -> None:
    user = a_user()

    user.change_password("new-hash", now=at(minutes=3))

    assert (user.password_hash, user.updated_at, user.pull_events()) == (
        "new-hash",
        at(minutes=3),
        [PasswordChanged(occurred_at=at(minutes=3), user_id=user.id)],
    )


def test_lock_is_lifted_when_password_changes_on_a_locked_account() -> None:
    user = a_user(failed_logins=7, locked_until=at(minutes=10))

    user.change_password("new-hash", now=at(minutes=1))

    assert (user.failed_logins, user.locked_until, user.is_locked(at(minutes=1))) == (
        0,
        None,
        False,
    )


def test_no_event_is_recorded_when_password_hash_is_upgraded() -> None:
    user = a_user(failed_logins=2)

    user.upgrade_password_hash("rehashed", now=at(minutes=1))

    assert (user.password_hash, user.failed_logins, user.pull_events()) == ("rehashed", 2, [])


# record_failed_login / record_successful_login


def test_no_lock_is_set_when_failures_stay_below_the_threshold() -> None:
    user = a_user()

    _fail_logins(user, POLICY.threshold - 1)

    assert (user.failed_logins, user.locked_until, user.pull_events()) == (4, None, [])


def test_account_locked_is_recorded_when_failures_reach_the_threshold() -> None:
    user = a_user()
    _fail_logins(user, POLICY.threshold - 1)

    user.record_failed_login(now=at(minutes=1), policy=POLICY)

    assert user.pull_events() == [
        AccountLocked(
            occurred_at=at(minutes=1), user_id=user.id, until=at(minutes=2), failed_attempts=5
        )
    ]


def test_user_is_locked_until_the_lock_ends_when_failures_reach_the_threshold() -> None:
    user = a_user()
    _fail_logins(user, POLICY.threshold - 1)

    user.record_failed_login(now=at(minutes=1), policy=POLICY)

    assert (
        user.is_locked(at(minutes=1)),
        user.is_locked(at(minutes=2) - timedelta(microseconds=1)),
        user.is_locked(at(minutes=2)),
    ) == (True, True, False)


def test_lock_grows_when_failures_continue_past_the_threshold() -> None:
    user = a_user(failed_logins=POLICY.threshold)

    user.record_failed_login(now=at(minutes=10), policy=POLICY)

    assert user.locked_until == at(minutes=12)


def test_updated_at_moves_when_a_failed_login_is_recorded() -> None:
    user = a_user()

    user.record_failed_login(now=at(minutes=4), policy=POLICY)

    assert user.updated_at == at(minutes=4)


def test_failures_and_lock_are_cleared_when_a_login_succeeds() -> None:
    user = a_user(failed_logins=6, locked_until=at(minutes=2))

    user.record_successful_login(now=at(minutes=3))

    assert (user.failed_logins, user.locked_until, user.updated_at) == (0, None, at(minutes=3))


def test_nothing_changes_when_a_login_succeeds_without_prior_failures() -> None:
    user = a_user()

    user.record_successful_login(now=at(minutes=3))

    assert (user.updated_at, user.pull_events()) == (T0, [])


# change_role


def test_role_changed_is_recorded_when_role_changes() -> None:
    user, admin_id = a_user(role=Role.USER), a_user_id()

    user.change_role(Role.ADMIN, by=admin_id, now=at(minutes=1))

    assert (user.role, user.pull_events()) == (
        Role.ADMIN,
        [
            RoleChanged(
                occurred_at=at(minutes=1),
                user_id=user.id,
                old_role=Role.USER,
                new_role=Role.ADMIN,
                by=admin_id,
            )
        ],
    )


def test_no_event_is_recorded_when_role_is_unchanged() -> None:
    user = a_user(role=Role.ADMIN)

    user.change_role(Role.ADMIN, by=a_user_id(), now=at(minutes=1))

    assert (user.role, user.updated_at, user.pull_events()) == (Role.ADMIN, T0, [])


def test_role_can_change_when_user_is_suspended() -> None:
    user = a_user(status=UserStatus.SUSPENDED, role=Role.ADMIN)

    user.change_role(Role.USER, by=a_user_id(), now=at(minutes=1))

    assert user.role is Role.USER


@pytest.mark.parametrize("role", list(Role))
def test_illegal_transition_is_raised_when_a_deleted_user_changes_role(role: Role) -> None:
    user = a_user(status=UserStatus.DELETED, role=Role.USER)

    with pytest.raises(IllegalUserTransitionError):
        user.change_role(role, by=a_user_id(), now=at(minutes=1))

    assert (user.role, user.pull_events()) == (Role.USER, [])


# rename


def test_name_changes_when_renamed_to_a_different_name() -> None:
    user = a_user(full_name="Ada Lovelace")

    user.rename(FullName.parse("Ada King"), now=at(minutes=1))

    assert (user.full_name, user.updated_at) == (FullName("Ada King"), at(minutes=1))


def test_updated_at_is_kept_when_renamed_to_the_same_name() -> None:
    user = a_user(full_name="Ada Lovelace")

    user.rename(FullName.parse("Ada Lovelace"), now=at(minutes=1))

    assert user.updated_at == T0


# is_active_admin


@pytest.mark.parametrize(
    ("status", "role", "expected"),
    [
        (UserStatus.ACTIVE, Role.ADMIN, True),
        (UserStatus.ACTIVE, Role.USER, False),
        (UserStatus.SUSPENDED, Role.ADMIN, False),
        (UserStatus.DELETED, Role.ADMIN, False),
    ],
)
def test_active_admin_only_when_active_and_admin(
    status: UserStatus, role: Role, expected: bool
) -> None:
    user = a_user(status=status, role=role)

    assert user.is_active_admin is expected
