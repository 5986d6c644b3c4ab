"""The Idempotency-Key header: a retried request gets the first answer, not a second charge."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from application.ordering.idempotency import request_fingerprint, run_idempotently
from application.ordering.ports import IdempotencyStore
from application.shared.actor import Actor
from application.shared.ports import Clock

REPLAYED_HEADER = "Idempotent-Replayed"


async def answer_idempotently(
    request: Request,
    *,
    actor: Actor,
    key: str | None,
    body: BaseModel | None,
    status: int,
    store: IdempotencyStore,
    clock: Clock,
    produce: Callable[[], Awaitable[BaseModel]],
) -> JSONResponse:
    """Run ``produce`` once per (user, key); a repeat with the same body replays the first
    response, with another body it is refused (422), while the first still runs 409."""

    async def operation() -> tuple[int, dict[str, Any]]:
        response = await produce()
        return status, response.model_dump(mode="json", by_alias=True)

    fingerprint = request_fingerprint(
        request.method,
        request.url.path,
        None if body is None else body.model_dump(mode="json"),
    )
    outcome = await run_idempotently(
        store,
        clock,
        user_id=actor.user_id,
        key=key,
        fingerprint=fingerprint,
        operation=operation,
    )
    headers = {REPLAYED_HEADER: "true"} if outcome.replayed else None
    return JSONResponse(outcome.body, status_code=outcome.status, headers=headers)
