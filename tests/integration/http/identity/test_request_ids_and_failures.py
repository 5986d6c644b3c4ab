"""X-Request-ID on every answer, and the generic 500 problem for unexpected exceptions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dependency_injector import providers

from tests.integration.http.identity.problem_checks import GENERATED_REQUEST_ID, assert_problem
from tests.support.api import Api

ME = "/api/v1/users/me"
SECRET_DETAIL = "boom: connection string postgresql://admin:hunter2@db.internal"


class ExplodingProfileQuery:
    """Stands in for the profile query handler and fails like a bug would."""

    async def handle(self, query: object) -> object:
        raise RuntimeError(SECRET_DETAIL)


@pytest.fixture
def broken_profile(api: Api) -> Iterator[None]:
    api.container.identity.get_profile.override(providers.Factory(ExplodingProfileQuery))
    yield
    api.container.identity.get_profile.reset_override()


async def test_echoes_the_request_id_when_the_client_sends_a_sane_one(api: Api) -> None:
    response = await api.client.get("/healthz", headers={"X-Request-ID": "checkout-7.retry_2"})

    assert response.headers["x-request-id"] == "checkout-7.retry_2"


async def test_generates_a_request_id_when_the_client_sends_none(api: Api) -> None:
    response = await api.client.get("/healthz")

    assert GENERATED_REQUEST_ID.fullmatch(response.headers["x-request-id"])


async def test_generates_a_fresh_request_id_for_each_request_when_none_is_sent(api: Api) -> None:
    first = await api.client.get("/healthz")
    second = await api.client.get("/healthz")

    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_replaces_the_request_id_when_it_is_too_long(api: Api) -> None:
    response = await api.client.get("/healthz", headers={"X-Request-ID": "a" * 200})

    assert GENERATED_REQUEST_ID.fullmatch(response.headers["x-request-id"])


async def test_replaces_the_request_id_when_it_contains_spaces(api: Api) -> None:
    response = await api.client.get("/healthz", headers={"X-Request-ID": "my id; drop table"})

    assert GENERATED_REQUEST_ID.fullmatch(response.headers["x-request-id"])


async def test_sends_exactly_one_request_id_on_a_problem_answer(api: Api) -> None:
    response = await api.client.get("/no-such-route", headers={"X-Request-ID": "lost-1"})

    assert_problem(response, 404, "route-not-found")
    assert response.headers.get_list("x-request-id") == ["lost-1"]


@pytest.mark.usefixtures("broken_profile")
async def test_generic_500_problem_without_exception_text_when_a_handler_fails(
    api: Api,
) -> None:
    headers = await api.customer("broken@example.com")

    response = await api.client.get(ME, headers=headers)

    assert_problem(response, 500, "internal-error")
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text
    assert GENERATED_REQUEST_ID.fullmatch(response.headers["x-request-id"])


@pytest.mark.usefixtures("broken_profile")
async def test_500_carries_the_clients_request_id_when_a_handler_fails(api: Api) -> None:
    headers = await api.customer("broken-traced@example.com")

    response = await api.client.get(ME, headers={**headers, "X-Request-ID": "support-case-42"})

    assert response.status_code == 500
    assert response.headers["x-request-id"] == "support-case-42"


async def test_serves_again_when_the_failing_handler_is_restored(api: Api) -> None:
    headers = await api.customer("restored@example.com")
    api.container.identity.get_profile.override(providers.Factory(ExplodingProfileQuery))
    failed = await api.client.get(ME, headers=headers)
    api.container.identity.get_profile.reset_override()

    response = await api.client.get(ME, headers=headers)

    assert failed.status_code == 500
    assert response.status_code == 200
