"""Idempotency-Key handling for order placement and payment, as payment APIs do it.

A client that retries a request with the same key gets the first response back instead of
a second order or charge. The HTTP adapter calls ``run_idempotently`` with a fingerprint
of the request (``request_fingerprint`` of the method, path and body) and an operation
that runs the handler and renders its response.

Only successful responses are recorded and replayed. A request that raised leaves its key
free, so the client may retry it with the same key and it runs again: such a request
either changed nothing a retry could repeat by mistake (a refused input, short stock, a
missing permission: it created no order) or failed in a dependency (a 503), the case
payment APIs do not replay either. A declined PayOrder is recorded on the order but
charged nothing, so running it again is safe; each run is a new attempt.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.ordering.ports import IdempotencyStore, Replay
from application.shared.ports import Clock
from domain.shared.errors import InvalidValueError

MAX_KEY_LENGTH = 255

Operation = Callable[[], Awaitable[tuple[int, dict[str, Any]]]]


@dataclass(frozen=True, slots=True, kw_only=True)
class IdempotentResponse:
    """What to answer: the response just made, or (``replayed``) the one recorded."""

    status: int
    body: dict[str, Any]
    replayed: bool


def check_idempotency_key(key: str) -> str:
    """1 to 255 printable ASCII characters without spaces (a UUID is a good key)."""
    if (
        not isinstance(key, str)
        or not 1 <= len(key) <= MAX_KEY_LENGTH
        or not key.isascii()
        or not key.isprintable()
        or " " in key
    ):
        raise InvalidValueError(
            "idempotency_key", f"must be 1 to {MAX_KEY_LENGTH} printable ASCII characters"
        )
    return key


def request_fingerprint(*parts: object) -> str:
    """A digest of what identifies a request (method, path, body …): equal for equal
    parts, whatever the order of keys in a dict."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


async def run_idempotently(
    store: IdempotencyStore,
    clock: Clock,
    *,
    user_id: UUID,
    key: str | None,
    fingerprint: str,
    operation: Operation,
) -> IdempotentResponse:
    """Run ``operation`` once per user and key; without a key, simply run it.

    Raises:
        InvalidValueError: a malformed key.
        IdempotencyKeyReusedError: the key was used for another request.
        IdempotencyKeyInFlightError: a request with the key is still running.
        Whatever ``operation`` raises (the key is then left free).
    """
    if key is None:
        status, body = await operation()
        return IdempotentResponse(status=status, body=body, replayed=False)
    key = check_idempotency_key(key)
    started = await store.begin(user_id, key, fingerprint, clock.now())
    if isinstance(started, Replay):
        return IdempotentResponse(status=started.status, body=started.body, replayed=True)
    completed = False
    try:
        status, body = await operation()
        await store.complete(user_id, key, status, body)
        completed = True
    finally:
        if not completed:
            await store.abandon(user_id, key)
    return IdempotentResponse(status=status, body=body, replayed=False)
