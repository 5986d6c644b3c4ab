"""Publish what the outbox holds: the relay between ordering's database and its consumers."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ordering.ports import MessagePublisher, OrderingUnitOfWork
from application.shared.errors import DependencyUnavailableError
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
    """Claim a batch of unpublished messages, publish them one by one in outbox order,
    mark those that went out as published and commit.

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
        published: list[UUID] = []
        stalled = False
        async with self._uow:
            for message in await self._uow.outbox.claim_batch(command.limit):
                try:
                    await self._publisher.publish(message)
                except DependencyUnavailableError:
                    stalled = True
                    break
                published.append(message.id)
            if published:
                await self._uow.outbox.mark_published(published, self._clock.now())
                await self._uow.commit()
        return RelayOutboxResult(published=len(published), stalled=stalled)
