"""A wake-up call between tasks of one process: the outbox relay waits on one."""

from __future__ import annotations

import asyncio
import contextlib


class WakeUp:
    """``wait`` returns at the next ``call`` or after ``seconds``; a call while nobody
    waits is kept for the next ``wait``, which then returns at once. Calls in between
    add up to one: a waiter that woke does its whole job before it waits again."""

    def __init__(self) -> None:
        self._called = False
        self._waiters: set[asyncio.Future[None]] = set()

    def call(self) -> None:
        self._called = True
        for waiter in self._waiters:
            if not waiter.done() and not waiter.get_loop().is_closed():
                waiter.set_result(None)

    async def wait(self, seconds: float) -> None:
        if not self._called:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.add(waiter)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter, seconds)
            finally:
                self._waiters.discard(waiter)
        self._called = False


class RelayWakingOutbox:
    """The part of an outbox repository that wakes the relay: once a unit of work that
    added messages commits (its unit of work calls ``committed``), not before, and not
    for one that ended without committing."""

    def __init__(self, wake_up: WakeUp | None = None) -> None:
        self._wake_up = wake_up or WakeUp()
        self._added = False

    def message_added(self) -> None:
        self._added = True

    def committed(self) -> None:
        if self._added:
            self._added = False
            self._wake_up.call()

    def ended(self) -> None:
        self._added = False

    async def wait_for_messages(self, seconds: float) -> None:
        await self._wake_up.wait(seconds)
