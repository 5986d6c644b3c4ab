"""The monolith in memory, as the fuzzer drives it: the ASGI app and two signed-in callers.

The callers are enrolled through the app over httpx; then schemathesis drives the app on
an event loop of its own, without the lifespan (see _WithoutLifespan): no background
workers run, so the outbox is never relayed, which no answer depends on.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import os
import shutil
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

import httpx
import schemathesis
from dependency_injector import providers
from fastapi import FastAPI
from schemathesis import BaseSchema
from starlette.types import ASGIApp, Receive, Scope, Send

from adapters.outbound.mail.memory_mailer import InMemoryMailer
from adapters.outbound.security.argon2_hasher import Argon2PasswordHasher
from bootstrap.containers.monolith import build_monolith
from bootstrap.http import create_app
from tests.support.api import Api, settings_for_tests

PRINCIPALS = ("customer", "admin")
CONFIG_FILE = Path(__file__).with_name("schemathesis.toml")


def fuzz_config(access_token: str) -> schemathesis.Config:
    """schemathesis.toml signed in with the token, and max-examples from
    HEXASHOP_FUZZ_EXAMPLES when it is set."""
    data = tomllib.loads(CONFIG_FILE.read_text())
    data["auth"] = {"openapi": {"HTTPBearer": {"bearer": access_token}}}
    examples = os.environ.get("HEXASHOP_FUZZ_EXAMPLES")
    if examples:
        data["generation"]["max-examples"] = int(examples)
    return schemathesis.Config.from_dict(data, base_dir=str(CONFIG_FILE.parent))


@dataclass(frozen=True)
class FuzzTarget:
    app: ASGIApp
    access_tokens: dict[str, str]  # of each principal


@functools.cache
def fuzzed_schemas() -> dict[str, BaseSchema]:
    """The app's OpenAPI document as schemathesis reads it, signed in as each principal.
    One app for the whole session: the fuzz modules share it."""
    target = build_fuzz_target()
    return {
        principal: schemathesis.openapi.from_asgi(
            "/openapi.json", target.app, config=fuzz_config(target.access_tokens[principal])
        )
        for principal in PRINCIPALS
    }


def build_fuzz_target() -> FuzzTarget:
    """A fresh app in memory, rate limits off (the fuzzer would only ever meet 429s)."""
    data_dir = tempfile.mkdtemp(prefix="hexashop-fuzz-")  # for generated keys and secrets
    atexit.register(shutil.rmtree, data_dir, ignore_errors=True)
    settings = settings_for_tests(Path(data_dir), rate_limits="off", access_token_ttl_seconds=3600)
    container = build_monolith(settings, database_url=None)
    mailer = InMemoryMailer()
    container.platform.mailer.override(providers.Object(mailer))
    container.platform.password_hasher.override(
        providers.Object(Argon2PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    )
    app = create_app(container)
    tokens = asyncio.run(_enrol(Api(client=_client(app), mailer=mailer, container=container)))
    return FuzzTarget(app=_WithoutLifespan(app), access_tokens=tokens)


class _WithoutLifespan:
    """The app without its lifespan: schemathesis ends the lifespan after every test, and
    the monolith's shutdown closes its worker pools for good. The process exit frees them."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self._app(scope, receive, send)


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://fuzz.test")


async def _enrol(api: Api) -> dict[str, str]:
    async with api.client:
        headers = {
            "customer": await api.customer("fuzz-customer@example.com"),
            "admin": await api.admin("fuzz-admin@example.com"),
        }
    return {
        name: header["Authorization"].removeprefix("Bearer ") for name, header in headers.items()
    }
