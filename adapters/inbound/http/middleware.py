"""The outermost HTTP layer: request ids, access logs, body size cap, last-resort 500s.

Written as plain ASGI (not BaseHTTPMiddleware) because it wraps every request: it must
not buffer bodies or add a task per request.
"""

from __future__ import annotations

import random
import re
import time
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.inbound.http.problems import internal_error_response, problem

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_access_log = structlog.get_logger(logger_name="hexashop.http")


class BodyTooLargeError(Exception):
    """The client sent more body bytes than allowed."""


class RequestContextMiddleware:
    """Gives each request an id (kept from ``X-Request-ID`` when sane), echoes it in the
    response, logs one line per request, caps the body size, and turns any exception
    that escaped the error table into a generic 500 problem, logged once.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        header = (b"x-request-id", request_id.encode())
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        cap = _BodyCap(receive, self.max_body_bytes)

        async def send_unless_cut_off(message: Message) -> None:
            # When the cap cuts a body off, the app answers that in its own way (FastAPI:
            # a 400 "error parsing the body"); the client is owed a 413 instead.
            if not cap.exceeded:
                await send_with_id(message)
            elif message["type"] == "http.response.start" and not response_started:
                await self._payload_too_large(scope, receive, send_with_id)

        try:
            if _declared_length(scope) > self.max_body_bytes:
                raise BodyTooLargeError
            if scope["method"] in ("GET", "HEAD"):
                # Their bodies are never read, so there is nothing to count or cut off.
                await self.app(scope, receive, send_with_id)
            else:
                await self.app(scope, cap.receive, send_unless_cut_off)
        except BodyTooLargeError:
            if not response_started:
                await self._payload_too_large(scope, receive, send_with_id)
        except Exception:
            _access_log.exception("unhandled_error", request_id=request_id)
            if not response_started:
                await internal_error_response()(scope, receive, send_with_id)
        finally:
            _log_request(scope, request_id, status, started)

    async def _payload_too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the body exceeds {self.max_body_bytes} bytes"
        await problem(413, "payload-too-large", detail)(scope, receive, send)


class _BodyCap:
    """Counts body bytes as the app reads them and stops the read past the limit."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self._remaining = limit
        self.exceeded = False

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self._remaining -= len(message.get("body", b""))
            if self._remaining < 0:
                self.exceeded = True
                raise BodyTooLargeError
        return message


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            candidate: str = value.decode("latin-1")
            if _REQUEST_ID.fullmatch(candidate):
                return candidate
    # Random but not secret (clients may choose their own): no system call per request.
    return f"{random.getrandbits(128):032x}"


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def _log_request(scope: Scope, request_id: str, status: int, started: float) -> None:
    route: Any = scope.get("route")
    state: dict[str, Any] = scope.get("state", {})
    _access_log.info(
        "request",
        request_id=request_id,
        method=scope["method"],
        route=getattr(route, "path", None) or scope["path"],
        status=status,
        duration_ms=round((time.perf_counter() - started) * 1000, 2),
        user_id=state.get("user_id"),
    )
