"""The user's status machine: active <-> suspended, either -> deleted, deleted is final."""

import contextlib
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.identity.errors import IllegalUserTransitionError
from domain.identity.events import UserStatusChanged
from domain.identity.user import User
from domain.identity.values import Role, UserId, UserStatus
from tests.builders.domain_identity import a_user, a_user_id, at

ACTIVE, SUSPENDED, DELETED = UserStatus.ACTIVE, UserStatus.SUSPENDED, UserStatus.DELETED

# The table the tests hold the model to, written out independently of the model's own.
ALLOWED = {
    (ACTIVE, SUSPENDED),
    (ACTIVE, DELETED),
    (SUSPENDED, ACTIVE),
    (SUSPENDED, DELETED),
}

Command = Callable[[User, UserId, int], None]


def _suspend(user: User, by: UserId, minute: int) -> None:
    user.suspend(by=by, now=at(minutes=minute))


def _reactivate(user: User, by: UserId, minute: int) -> None:
    user.reactivate(by=by, now=at(minutes=minute))


def _delete(user: User, by: UserId, minute: int) -> None:
    user.delete(by=by, now=at(minutes=minute))


def _make_admin(user: User, by: UserId, minute: int) -> None:
    user.change_role(Role.ADMIN, by=by, now=at(minutes=minute))


def _make_user(user: User, by: UserId, minute: int) -> None:
    user.change_role(Role.USER, by=by, now=at(minutes=minute))


STATUS_COMMANDS: dict[UserStatus, Command] = {
    SUSPENDED: _suspend,
    ACTIVE: _reactivate,
    DELETED: _delete,
}
commands = st.lists(
    st.sampled_from([_suspend, _reactivate, _delete, _make_admin, _make_user]), max_size=30
)


def _apply(user: User, command: Command, by: UserId, minute: int) -> None:
    with contextlib.suppress(IllegalUserTransitionError):
        command(user, by, minute)


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_status_changes_when_transition_is_in_the_table(
    source: UserStatus, target: UserStatus
) -> None:
    user, admin_id = a_user(status=source), a_user_id()

    STATUS_COMMANDS[target](user, admin_id, 1)

    assert (user.status, user.updated_at, user.pull_events()) == (
        target,
        at(minutes=1),
        [
            UserStatusChanged(
                occurred_at=at(minutes=1),
                user_id=user.id,
                old_status=source,
                new_status=target,
                by=admin_id,
            )
        ],
    )


@pytest.mark.parametrize("target", [ACTIVE, SUSPENDED])
def test_illegal_transition_is_raised_when_a_deleted_user_changes_status(
    target: UserStatus,
) -> None:
    user = a_user(status=DELETED)

    with pytest.raises(IllegalUserTransitionError):
        STATUS_COMMANDS[target](user, a_user_id(), 1)

    assert (user.status, user.pull_events()) == (DELETED, [])


@pytest.mark.parametrize("status", list(UserStatus))
def test_nothing_happens_when_moving_to_the_current_status(status: UserStatus) -> None:
    user = a_user(status=status)

    STATUS_COMMANDS[status](user, a_user_id(), 1)

    assert (user.status, user.pull_events()) == (status, [])


def test_user_is_active_again_when_suspended_then_reactivated() -> None:
    user, admin_id = a_user(status=ACTIVE), a_user_id()

    user.suspend(by=admin_id, now=at(minutes=1))
    user.reactivate(by=admin_id, now=at(minutes=2))

    assert (user.status, user.is_active) == (ACTIVE, True)


@given(commands)
def test_every_status_change_is_in_the_table_when_random_commands_run(
    sequence: list[Command],
) -> None:
    user, admin_id = a_user(), a_user_id()
    observed: list[tuple[UserStatus, UserStatus]] = []

    for minute, command in enumerate(sequence):
        before = user.status
        _apply(user, command, admin_id, minute)
        observed.append((before, user.status))

    assert all(before == after or (before, after) in ALLOWED for before, after in observed)


@given(commands)
def test_status_is_always_known_when_random_commands_run(sequence: list[Command]) -> None:
    user, admin_id = a_user(), a_user_id()
    seen: set[UserStatus] = {user.status}

    for minute, command in enumerate(sequence):
        _apply(user, command, admin_id, minute)
        seen.add(user.status)

    assert seen <= set(UserStatus)


@given(commands)
def test_recorded_events_follow_the_table_when_random_commands_run(
    sequence: list[Command],
) -> None:
    user, admin_id = a_user(), a_user_id()

    for minute, command in enumerate(sequence):
        _apply(user, command, admin_id, minute)

    changes = [e for e in user.pull_events() if isinstance(e, UserStatusChanged)]
    assert all((e.old_status, e.new_status) in ALLOWED for e in changes)


@given(commands, commands)
def test_user_stays_deleted_when_any_commands_follow_delete(
    before: list[Command], after: list[Command]
) -> None:
    user, admin_id = a_user(), a_user_id()
    for minute, command in enumerate(before):
        _apply(user, command, admin_id, minute)
    user.delete(by=admin_id, now=at(minutes=100))
    user.pull_events()

    for minute, command in enumerate(after, start=101):
        _apply(user, command, admin_id, minute)

    assert (user.status, user.pull_events()) == (DELETED, [])


@given(commands)
def test_illegal_transition_is_raised_only_when_user_is_deleted(sequence: list[Command]) -> None:
    user, admin_id = a_user(), a_user_id()
    refused_while: list[UserStatus] = []

    for minute, command in enumerate(sequence):
        before = user.status
        try:
            command(user, admin_id, minute)
        except IllegalUserTransitionError:
            refused_while.append(before)

    assert set(refused_while) <= {DELETED}
