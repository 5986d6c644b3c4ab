from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator

import pytest

from adapters.outbound.security.argon2_hasher import Argon2PasswordHasher

PASSWORD = "correct horse battery staple"


@pytest.fixture
def hasher() -> Iterator[Argon2PasswordHasher]:
    # Cheapest parameters argon2 allows: these tests are about behaviour, not cost.
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield hasher
    hasher.close()


async def test_verify_returns_true_when_the_password_matches(
    hasher: Argon2PasswordHasher,
) -> None:
    password_hash = await hasher.hash(PASSWORD)

    matches = await hasher.verify(password_hash, PASSWORD)

    assert matches is True


async def test_verify_returns_false_when_the_password_differs(
    hasher: Argon2PasswordHasher,
) -> None:
    password_hash = await hasher.hash(PASSWORD)

    matches = await hasher.verify(password_hash, PASSWORD + "!")

    assert matches is False


async def test_verify_returns_false_when_the_password_has_a_lone_surrogate(
    hasher: Argon2PasswordHasher,
) -> None:
    password_hash = await hasher.hash(PASSWORD)

    matches = await hasher.verify(password_hash, PASSWORD + "\ud800")

    assert matches is False


async def test_verify_returns_true_when_a_password_with_a_lone_surrogate_matches(
    hasher: Argon2PasswordHasher,
) -> None:
    password_hash = await hasher.hash("\ud800" + PASSWORD)

    matches = await hasher.verify(password_hash, "\ud800" + PASSWORD)

    assert matches is True


@pytest.mark.parametrize(
    "unreadable",
    [
        "",
        "not a hash",
        "$argon2id$v=19$m=8,t=1,p=1$garbage",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$ü",
    ],
    ids=["empty", "text", "truncated", "bcrypt", "non-ascii"],
)
async def test_verify_returns_false_when_the_hash_is_unreadable(
    hasher: Argon2PasswordHasher, unreadable: str
) -> None:
    matches = await hasher.verify(unreadable, PASSWORD)

    assert matches is False


async def test_hash_is_argon2id_with_the_given_parameters_when_made(
    hasher: Argon2PasswordHasher,
) -> None:
    password_hash = await hasher.hash(PASSWORD)

    assert password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")


async def test_hash_uses_owasp_parameters_when_none_are_given() -> None:
    hasher = Argon2PasswordHasher()

    password_hash = await hasher.hash(PASSWORD)

    hasher.close()
    assert password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


async def test_hashes_differ_when_one_password_is_hashed_twice(
    hasher: Argon2PasswordHasher,
) -> None:
    first = await hasher.hash(PASSWORD)

    second = await hasher.hash(PASSWORD)

    assert first != second


async def test_needs_rehash_is_false_when_the_hash_has_current_parameters(
    hasher: Argon2PasswordHasher,
) -> None:
    password_hash = await hasher.hash(PASSWORD)

    assert hasher.needs_rehash(password_hash) is False


async def test_needs_rehash_is_true_when_the_hash_has_other_parameters(
    hasher: Argon2PasswordHasher,
) -> None:
    stronger = Argon2PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    password_hash = await hasher.hash(PASSWORD)

    needs_rehash = stronger.needs_rehash(password_hash)

    stronger.close()
    assert needs_rehash is True


@pytest.mark.parametrize("unreadable", ["", "not a hash", "ü"])
def test_needs_rehash_is_true_when_the_hash_is_unreadable(
    hasher: Argon2PasswordHasher, unreadable: str
) -> None:
    assert hasher.needs_rehash(unreadable) is True


async def test_event_loop_keeps_running_when_a_hash_is_being_computed() -> None:
    # Heavy enough (about a tenth of a second) that hashing on the loop would starve it.
    hasher = Argon2PasswordHasher(time_cost=4, memory_cost=65_536, parallelism=1)
    hashing = asyncio.create_task(hasher.hash(PASSWORD))
    turns = 0

    while not hashing.done():
        turns += 1
        await asyncio.sleep(0)

    hasher.close()
    assert turns > 10


async def test_hash_raises_when_the_hasher_was_closed(hasher: Argon2PasswordHasher) -> None:
    hasher.close()

    with pytest.raises(RuntimeError):
        await hasher.hash(PASSWORD)


async def _fastest_of_three(call: Callable[[], Awaitable[object]]) -> float:
    durations = []
    for _ in range(3):
        started = time.perf_counter()
        await call()
        durations.append(time.perf_counter() - started)
    return min(durations)


async def test_verify_nothing_costs_about_a_failing_verify_when_parameters_are_heavy() -> None:
    hasher = Argon2PasswordHasher(time_cost=3, memory_cost=32_768, parallelism=1)
    password_hash = await hasher.hash(PASSWORD)
    await hasher.verify_nothing(PASSWORD)

    failing_verify = await _fastest_of_three(lambda: hasher.verify(password_hash, "wrong"))
    verify_nothing = await _fastest_of_three(lambda: hasher.verify_nothing("wrong"))

    hasher.close()
    assert 0.5 < verify_nothing / failing_verify < 2


async def test_event_loop_keeps_running_when_verify_nothing_is_working() -> None:
    hasher = Argon2PasswordHasher(time_cost=2, memory_cost=65_536, parallelism=1)
    await hasher.verify_nothing(PASSWORD)
    verifying = asyncio.create_task(hasher.verify_nothing(PASSWORD))
    turns = 0

    while not verifying.done():
        turns += 1
        await asyncio.sleep(0)

    hasher.close()
    assert turns > 10
