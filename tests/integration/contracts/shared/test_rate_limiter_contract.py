"""The RateLimiter contract, in memory and on the Redis named by HEXASHOP_TEST_REDIS_URL."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from uuid import uuid4

import pytest

from adapters.outbound.rate_limit import LimitsRateLimiter
from application.shared.errors import DependencyUnavailableError, RateLimitedError
from application.shared.ports import RateLimit, RateLimiter


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[RateLimiter]:
    if request.param == "memory":
        limiter = LimitsRateLimiter.in_memory()
    else:
        # Unset means "no Redis here": skip. Set but unreachable is a failure, not a skip.
        url = os.environ.get("HEXASHOP_TEST_REDIS_URL")
        if not url:
            pytest.skip("HEXASHOP_TEST_REDIS_URL not set")
        limiter = LimitsRateLimiter.redis(url)
    yield limiter
    await limiter.close()


def _a_limit(amount: int = 3, per_seconds: int = 60) -> RateLimit:
    return RateLimit(f"limit-{uuid4().hex}", amount, per_seconds)


def _a_key() -> str:
    return f"client-{uuid4().hex}"


async def _use_up(limiter: RateLimiter, limit: RateLimit, key: str) -> None:
    for _ in range(limit.amount):
        await limiter.hit(limit, key)


async def test_passes_when_hits_stay_within_the_limit(limiter: RateLimiter) -> None:
    limit, key = _a_limit(amount=3), _a_key()

    await _use_up(limiter, limit, key)


async def test_raises_rate_limited_when_the_limit_is_used_up(limiter: RateLimiter) -> None:
    limit, key = _a_limit(amount=3, per_seconds=60), _a_key()
    await _use_up(limiter, limit, key)

    with pytest.raises(RateLimitedError) as raised:
        await limiter.hit(limit, key)

    assert 1 <= raised.value.retry_after <= 60


async def test_keeps_refusing_when_hits_continue_after_the_limit(limiter: RateLimiter) -> None:
    limit, key = _a_limit(amount=1), _a_key()
    await _use_up(limiter, limit, key)
    with pytest.raises(RateLimitedError):
        await limiter.hit(limit, key)

    with pytest.raises(RateLimitedError):
        await limiter.hit(limit, key)


async def test_passes_when_another_key_used_up_the_same_limit(limiter: RateLimiter) -> None:
    limit, used_up = _a_limit(amount=2), _a_key()
    await _use_up(limiter, limit, used_up)

    await _use_up(limiter, limit, _a_key())


async def test_passes_when_another_limit_name_was_used_up_for_the_same_key(
    limiter: RateLimiter,
) -> None:
    key = _a_key()
    used_up = _a_limit(amount=2)
    await _use_up(limiter, used_up, key)

    await _use_up(limiter, RateLimit(f"{used_up.name}-other", 2, 60), key)


async def test_passes_when_name_and_key_only_share_their_joined_text(
    limiter: RateLimiter,
) -> None:
    prefix = uuid4().hex
    await _use_up(limiter, RateLimit(f"{prefix}/a", 1, 60), "b")

    await _use_up(limiter, RateLimit(prefix, 1, 60), "a/b")


async def test_passes_again_when_the_key_was_reset(limiter: RateLimiter) -> None:
    limit, key = _a_limit(amount=2), _a_key()
    await _use_up(limiter, limit, key)

    await limiter.reset(limit, key)

    await _use_up(limiter, limit, key)


async def test_other_keys_stay_used_up_when_one_key_is_reset(limiter: RateLimiter) -> None:
    limit, reset_key, other_key = _a_limit(amount=1), _a_key(), _a_key()
    await _use_up(limiter, limit, reset_key)
    await _use_up(limiter, limit, other_key)

    await limiter.reset(limit, reset_key)

    with pytest.raises(RateLimitedError):
        await limiter.hit(limit, other_key)


async def test_passes_when_a_key_that_was_never_hit_is_reset(limiter: RateLimiter) -> None:
    limit, key = _a_limit(), _a_key()

    await limiter.reset(limit, key)

    await _use_up(limiter, limit, key)


async def test_exactly_the_limit_passes_when_many_tasks_hit_at_once(
    limiter: RateLimiter,
) -> None:
    limit, key = _a_limit(amount=5), _a_key()

    outcomes = await asyncio.gather(
        *(limiter.hit(limit, key) for _ in range(30)), return_exceptions=True
    )

    assert outcomes.count(None) == 5
    assert all(isinstance(outcome, RateLimitedError) for outcome in outcomes if outcome)


def _closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


async def test_hit_raises_dependency_unavailable_when_redis_is_unreachable() -> None:
    limiter = LimitsRateLimiter.redis(_closed_port_url(), timeout=1)

    with pytest.raises(DependencyUnavailableError) as raised:
        await limiter.hit(_a_limit(), _a_key())

    await limiter.close()
    assert raised.value.dependency == "redis"


async def test_reset_raises_dependency_unavailable_when_redis_is_unreachable() -> None:
    limiter = LimitsRateLimiter.redis(_closed_port_url(), timeout=1)

    with pytest.raises(DependencyUnavailableError):
        await limiter.reset(_a_limit(), _a_key())

    await limiter.close()


def test_redis_raises_value_error_when_the_url_is_not_redis() -> None:
    with pytest.raises(ValueError, match="redis"):
        LimitsRateLimiter.redis("http://127.0.0.1:6379/0")
