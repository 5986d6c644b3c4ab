"""The monolith's ASGI app in a test, with a client and the in-memory mailbox."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from asgi_lifespan import LifespanManager
from dependency_injector import providers

from adapters.outbound.mail.memory_mailer import InMemoryMailer
from adapters.outbound.security.argon2_hasher import Argon2PasswordHasher
from bootstrap.containers.monolith import MonolithContainer, build_monolith
from bootstrap.http import create_app
from bootstrap.settings import Settings

PASSWORD = "violet umbrella kettle 42"


@dataclass
class Api:
    client: httpx.AsyncClient
    mailer: InMemoryMailer
    container: MonolithContainer

    def token_mailed_to(self, email: str) -> str:
        message = self.mailer.latest_to(email)
        assert message is not None, f"no mail to {email}"
        for word in message.text.split():
            if "token=" in word:
                return parse_qs(urlsplit(word).query)["token"][0]
        raise AssertionError("the mail carries no token link")

    async def register(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        response = await self.client.post(
            "/api/v1/auth/register",
            json={"email": email, "password": password, "full_name": "Test Person"},
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    async def login(self, email: str, password: str = PASSWORD) -> dict[str, Any]:
        response = await self.client.post(
            "/api/v1/auth/login", json={"email": email, "password": password}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def customer(self, email: str) -> dict[str, str]:
        """Register, verify and log in; the Authorization header of the new customer."""
        await self.register(email)
        token = self.token_mailed_to(email)
        verified = await self.client.post("/api/v1/auth/verify-email", json={"token": token})
        assert verified.status_code == 200, verified.text
        pair = await self.login(email)
        return {"Authorization": f"Bearer {pair['access_token']}"}

    async def admin(self, email: str = "admin@example.com") -> dict[str, str]:
        from application.identity.commands.create_admin import CreateAdmin

        await self.container.identity.create_admin().handle(
            CreateAdmin(email=email, password=PASSWORD)
        )
        pair = await self.login(email)
        return {"Authorization": f"Bearer {pair['access_token']}"}


def settings_for_tests(data_dir: Path, **overrides: Any) -> Settings:
    """Settings for a test app, independent of the HEXASHOP_ variables of the shell."""
    values: dict[str, Any] = {
        "database_url": None,
        "data_dir": data_dir,
        "redis_url": None,
        "smtp_host": None,
        "cors_origins": [],
        "log_format": "console",
        # Tests relay the outbox and expire orders when they choose to (bootstrap.workers).
        "outbox_relay_interval_seconds": 60,
        "order_expiry_interval_seconds": 3600,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running_api(settings: Settings, *, database_url: str | None = None) -> AsyncIterator[Api]:
    container = build_monolith(settings, database_url=database_url)
    mailer = InMemoryMailer()
    container.platform.mailer.override(providers.Object(mailer))
    container.platform.password_hasher.override(
        providers.Object(Argon2PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))
    )
    app = create_app(container)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
            base_url="http://hexashop.test",
        ) as client,
    ):
        yield Api(client=client, mailer=mailer, container=container)
