from __future__ import annotations

from tests.support.api import PASSWORD, Api


async def test_new_user_can_verify_log_in_and_read_profile(api: Api) -> None:
    registered = await api.register("Eve@Example.com")
    token = api.token_mailed_to("eve@example.com")

    verified = await api.client.post("/api/v1/auth/verify-email", json={"token": token})
    pair = await api.login("eve@example.com")
    me = await api.client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {pair['access_token']}"}
    )

    assert registered["email"] == "eve@example.com"
    assert registered["email_verified"] is False
    assert verified.json()["email_verified"] is True
    assert pair["token_type"] == "bearer"
    assert me.status_code == 200
    assert me.json()["id"] == registered["id"]


async def test_duplicate_email_answers_409_problem_when_registering(api: Api) -> None:
    await api.register("dup@example.com")

    response = await api.client.post(
        "/api/v1/auth/register",
        json={"email": "DUP@example.com", "password": PASSWORD, "full_name": "Dup"},
    )

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "email-already-registered"


async def test_weak_password_names_the_field_when_registering(api: Api) -> None:
    response = await api.client.post(
        "/api/v1/auth/register",
        json={"email": "w@example.com", "password": "short", "full_name": "W"},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"
    assert response.json()["code"] == "weak-password"


async def test_unknown_email_and_wrong_password_answer_alike_when_logging_in(api: Api) -> None:
    await api.register("known@example.com")

    unknown = await api.client.post(
        "/api/v1/auth/login", json={"email": "unknown@example.com", "password": PASSWORD}
    )
    wrong = await api.client.post(
        "/api/v1/auth/login",
        json={"email": "known@example.com", "password": "not the right one at all"},
    )

    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()


async def test_refresh_rotates_and_reuse_revokes_the_session(api: Api) -> None:
    await api.register("r@example.com")
    first = await api.login("r@example.com")

    second = await api.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    reuse = await api.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}
    )
    after_reuse = await api.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": second.json()["refresh_token"]}
    )

    assert second.status_code == 200
    assert reuse.status_code == 401
    assert after_reuse.status_code == 401


async def test_logout_ends_the_session(api: Api) -> None:
    await api.register("out@example.com")
    pair = await api.login("out@example.com")

    logout = await api.client.post(
        "/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]}
    )
    refresh = await api.client.post(
        "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
    )

    assert logout.status_code == 204
    assert refresh.status_code == 401


async def test_forgot_answers_the_same_whether_or_not_the_email_exists(api: Api) -> None:
    await api.register("has@example.com")

    known = await api.client.post("/api/v1/auth/password/forgot", json={"email": "has@example.com"})
    unknown = await api.client.post(
        "/api/v1/auth/password/forgot", json={"email": "hasnt@example.com"}
    )

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()


async def test_password_reset_lets_the_user_log_in_with_the_new_password(api: Api) -> None:
    await api.register("reset@example.com")
    await api.client.post("/api/v1/auth/password/forgot", json={"email": "reset@example.com"})
    token = api.token_mailed_to("reset@example.com")
    new_password = "sapphire meadow compass 11"

    reset = await api.client.post(
        "/api/v1/auth/password/reset", json={"token": token, "new_password": new_password}
    )
    old = await api.client.post(
        "/api/v1/auth/login", json={"email": "reset@example.com", "password": PASSWORD}
    )

    assert reset.status_code == 204
    assert old.status_code == 401
    assert await api.login("reset@example.com", new_password)


async def test_mass_assignment_is_refused_when_updating_own_profile(api: Api) -> None:
    headers = await api.customer("mass@example.com")

    response = await api.client.patch(
        "/api/v1/users/me", json={"full_name": "New", "role": "admin"}, headers=headers
    )
    me = await api.client.get("/api/v1/users/me", headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role"
    assert me.json()["role"] == "user"
    assert me.json()["full_name"] == "Test Person"


async def test_password_change_returns_a_fresh_session(api: Api) -> None:
    headers = await api.customer("change@example.com")

    response = await api.client.post(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORD, "new_password": "quartz harbor pepper 5"},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.json()["refresh_token"]


async def test_jwks_publishes_the_key_named_in_tokens(api: Api) -> None:
    await api.register("k@example.com")
    pair = await api.login("k@example.com")

    jwks = await api.client.get("/.well-known/jwks.json")

    import jwt

    kid = jwt.get_unverified_header(pair["access_token"])["kid"]
    assert [key["kid"] for key in jwks.json()["keys"]] == [kid]
    assert jwks.json()["keys"][0]["alg"] == "EdDSA"
