"""Too many logins for one email answer 429 with Retry-After, over HTTP."""

from __future__ import annotations

from tests.integration.http.identity.problem_checks import assert_problem
from tests.support.api import Api

LOGIN = "/api/v1/auth/login"


async def _exhaust_the_email_limit(api: Api, email: str) -> None:
    allowed = api.container.identity.policy().login_per_email.amount
    for _ in range(allowed):
        response = await api.client.post(
            LOGIN, json={"email": email, "password": "not the password at all"}
        )
        assert response.status_code == 401, response.text


async def test_429_with_retry_after_in_whole_seconds_when_one_email_is_tried_too_often(
    api: Api,
) -> None:
    await _exhaust_the_email_limit(api, "target@example.com")

    response = await api.client.post(
        LOGIN, json={"email": "target@example.com", "password": "yet another guess"}
    )

    assert_problem(response, 429, "rate-limited")
    assert response.headers["retry-after"].isdigit()
    assert int(response.headers["retry-after"]) >= 1


async def test_other_emails_are_not_limited_when_one_email_is_tried_too_often(api: Api) -> None:
    await _exhaust_the_email_limit(api, "target@example.com")

    response = await api.client.post(
        LOGIN, json={"email": "bystander@example.com", "password": "an honest mistake"}
    )

    assert_problem(response, 401, "invalid-credentials")
