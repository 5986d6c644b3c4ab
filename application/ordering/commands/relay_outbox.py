"""Publish what the outbox holds: the relay between ordering's database and its consumers."""

from __future__ import annotations

from dataclasses import dataclass

from application.ordering.ports import MessagePublisher, OrderingUnitOfWork
from application.shared.ports import Clock
from domain.shared.errors import InvalidValueError

MAX_BATCH = 1000


@dataclass(frozen=True, slots=True, kw_only=True)
class RelayOutbox:
    limit: int = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class RelayOutboxResult:
    """``published`` messages went out; ``stalled``: the publisher failed on the next one,
    which stays in the outbox with those after it."""

    published: int
    stalled: bool


class RelayOutboxHandler:
    """Claim a batch of unpublished messages, publish them in outbox order (the publisher
    may deliver them together), mark those that went out as published and commit.

    Delivery is at least once: a crash between publishing and the commit publishes the
    batch again on the next run, so consumers must be idempotent. When the publisher
    fails, the messages before are marked published and the rest wait for the next run
    (in order). Run it in a loop while it publishes whole batches; one relay per database
    keeps the outbox order (a second relay skips what the first holds).

    Raises:
        InvalidValueError: ``limit`` out of 1..1000.
    """

    def __init__(
        self, *, uow: OrderingUnitOfWork, publisher: MessagePublisher, clock: Clock
    ) -> None:
        self._uow = uow
        self._publisher = publisher
        self._clock = clock

    async def handle(self, command: RelayOutbox) -> RelayOutboxResult:
        if not 1 <= command.limit <= MAX_BATCH:
            raise InvalidValueError("limit", f"must be between 1 and {MAX_BATCH}")
        async with self._uow:
            batch = await self._uow.outbox.claim_batch(command.limit)
            if not batch:
                return RelayOutboxResult(published=0, stalled=False)
            accepted = await self._publisher.publish_many(batch)
            if accepted:
                published = [message.id for message in batch[:accepted]]
                await self._uow.outbox.mark_published(published, self._clock.now())
                await self._uow.commit()
        return RelayOutboxResult(published=accepted, stalled=accepted < len(batch))

    async def wait_for_messages(self, seconds: float) -> None:
        """Return when this process has committed new messages since the last call, or
        after ``seconds`` (other processes' messages are found by polling)."""
        await self._uow.outbox.wait_for_messages(seconds)
