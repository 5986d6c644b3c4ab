"""Bad request bodies and unknown routes: each answers a 4xx RFC 9457 problem, never a 500."""

from __future__ import annotations

from collections.abc import AsyncIterator

from tests.integration.http.identity.problem_checks import assert_problem, fields_named
from tests.support.api import PASSWORD, Api

JSON = {"content-type": "application/json"}
REGISTER = "/api/v1/auth/register"
LOGIN = "/api/v1/auth/login"
ME = "/api/v1/users/me"


async def _chunks(total: int, size: int = 1024) -> AsyncIterator[bytes]:
    """A body streamed without Content-Length (chunked), ``total`` bytes in all."""
    sent = 0
    while sent < total:
        chunk = b" " * min(size, total - sent)
        sent += len(chunk)
        yield chunk


async def test_400_malformed_json_when_the_body_is_not_json(api: Api) -> None:
    response = await api.client.post(REGISTER, content=b'{"email": "a@example.com",', headers=JSON)

    assert_problem(response, 400, "malformed-json")


async def test_400_malformed_json_when_the_body_is_not_utf8(api: Api) -> None:
    body = b'{"email": "\xff\xfe@example.com", "password": "x", "full_name": "x"}'

    response = await api.client.post(REGISTER, content=body, headers=JSON)

    assert_problem(response, 400, "malformed-json")


async def test_422_naming_each_field_when_fields_have_wrong_types(api: Api) -> None:
    response = await api.client.post(
        REGISTER, json={"email": 123, "password": None, "full_name": "Typed Person"}
    )

    body = assert_problem(response, 422, "validation-failed")
    assert fields_named(body) == {"email", "password"}


async def test_422_naming_the_field_when_a_profile_update_has_a_wrong_type(api: Api) -> None:
    headers = await api.customer("typed@example.com")

    response = await api.client.patch(ME, json={"full_name": 42}, headers=headers)

    body = assert_problem(response, 422, "validation-failed")
    assert fields_named(body) == {"full_name"}


async def test_422_naming_missing_fields_when_registering_with_only_an_email(api: Api) -> None:
    response = await api.client.post(REGISTER, json={"email": "half@example.com"})

    body = assert_problem(response, 422, "validation-failed")
    assert fields_named(body) == {"password", "full_name"}


async def test_422_naming_missing_fields_when_logging_in_with_an_empty_object(api: Api) -> None:
    response = await api.client.post(LOGIN, json={})

    body = assert_problem(response, 422, "validation-failed")
    assert fields_named(body) == {"email", "password"}


async def test_422_naming_the_field_when_registering_with_an_unknown_field(api: Api) -> None:
    response = await api.client.post(
        REGISTER,
        json={
            "email": "extra@example.com",
            "password": PASSWORD,
            "full_name": "Extra Person",
            "email_verified": True,
        },
    )

    body = assert_problem(response, 422, "validation-failed")
    assert fields_named(body) == {"email_verified"}


async def test_422_naming_the_field_when_logging_in_with_an_unknown_field(api: Api) -> None:
    await api.register("extra-login@example.com")

    response = await api.client.post(
        LOGIN,
        json={"email": "extra-login@example.com", "password": PASSWORD, "remember_me": True},
    )

    body = assert_problem(response, 422, "validation-failed")
    assert fields_named(body) == {"remember_me"}


async def test_422_naming_the_field_when_updating_the_profile_with_an_unknown_field(
    api: Api,
) -> None:
    headers = await api.customer("extra-update@example.com")

    response = await api.client.patch(
        ME, json={"full_name": "New Name", "email": "other@example.com"}, headers=headers
    )

    body = assert_problem(response, 422, "validation-failed")
    assert fields_named(body) == {"email"}


async def test_422_naming_the_body_when_the_json_is_not_an_object(api: Api) -> None:
    response = await api.client.post(LOGIN, content=b'["a@example.com", "secret"]', headers=JSON)

    body = assert_problem(response, 422, "validation-failed")
    assert fields_named(body) == {"body"}


async def test_4xx_problem_when_the_content_type_is_not_json(api: Api) -> None:
    body = b'{"email": "plain@example.com", "password": "x"}'

    response = await api.client.post(LOGIN, content=body, headers={"content-type": "text/plain"})

    # 415 would be the exact status; today the body is refused as a field error (422).
    assert response.status_code in {415, 422}
    assert_problem(response, response.status_code, response.json()["code"])


async def test_413_when_the_declared_content_length_exceeds_the_cap(api: Api) -> None:
    cap = api.container.settings().max_body_bytes

    response = await api.client.post(REGISTER, content=b" " * (cap + 1), headers=JSON)

    assert_problem(response, 413, "payload-too-large")


async def test_413_when_a_streamed_body_without_content_length_exceeds_the_cap(
    api: Api,
) -> None:
    cap = api.container.settings().max_body_bytes

    response = await api.client.post(REGISTER, content=_chunks(cap + 1024), headers=JSON)

    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "payload-too-large")


async def test_4xx_problem_not_a_500_when_a_streamed_body_exceeds_the_cap(api: Api) -> None:
    cap = api.container.settings().max_body_bytes

    response = await api.client.post(REGISTER, content=_chunks(cap + 1024), headers=JSON)

    assert 400 <= response.status_code < 500
    assert_problem(response, response.status_code, response.json()["code"])


async def test_404_problem_when_the_route_is_unknown(api: Api) -> None:
    response = await api.client.get("/api/v1/no-such-thing")

    assert_problem(response, 404, "route-not-found")


async def test_405_problem_when_the_method_is_not_allowed(api: Api) -> None:
    response = await api.client.delete(LOGIN)

    assert_problem(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "POST"


async def test_405_lists_every_method_of_the_path_in_allow(api: Api) -> None:
    response = await api.client.put("/api/v1/users/me")

    assert_problem(response, 405, "method-not-allowed")
    assert set(response.headers["allow"].split(", ")) == {"GET", "PATCH"}
