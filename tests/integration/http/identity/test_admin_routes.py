from __future__ import annotations

from tests.support.api import Api


async def test_customer_gets_403_on_admin_routes(api: Api) -> None:
    headers = await api.customer("c@example.com")

    response = await api.client.get("/api/v1/admin/users", headers=headers)

    assert response.status_code == 403
    assert response.json()["code"] == "permission-denied"


async def test_anonymous_gets_401_on_admin_routes(api: Api) -> None:
    response = await api.client.get("/api/v1/admin/users")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_admin_pages_through_users_with_cursors(api: Api) -> None:
    admin = await api.admin()
    for n in range(5):
        await api.register(f"u{n}@example.com")

    first = await api.client.get("/api/v1/admin/users?limit=4", headers=admin)
    second = await api.client.get(
        f"/api/v1/admin/users?limit=4&cursor={first.json()['next_cursor']}", headers=admin
    )

    emails = [u["email"] for u in first.json()["items"] + second.json()["items"]]
    assert len(emails) == 6 == len(set(emails))
    assert second.json()["next_cursor"] is None


async def test_admin_suspends_a_user_who_then_cannot_log_in(api: Api) -> None:
    admin = await api.admin()
    user = await api.register("s@example.com")

    patched = await api.client.patch(
        f"/api/v1/admin/users/{user['id']}", json={"status": "suspended"}, headers=admin
    )
    login = await api.client.post(
        "/api/v1/auth/login",
        json={"email": "s@example.com", "password": "violet umbrella kettle 42"},
    )

    assert patched.json()["status"] == "suspended"
    assert login.status_code == 403
    assert login.json()["code"] == "account-suspended"


async def test_last_admin_cannot_demote_themselves(api: Api) -> None:
    admin = await api.admin()
    me = await api.client.get("/api/v1/users/me", headers=admin)

    response = await api.client.patch(
        f"/api/v1/admin/users/{me.json()['id']}", json={"role": "user"}, headers=admin
    )

    assert response.status_code == 409
    assert response.json()["code"] == "last-active-admin"


async def test_deleted_user_answers_404_and_cannot_log_in(api: Api) -> None:
    admin = await api.admin()
    user = await api.register("d@example.com")

    deleted = await api.client.delete(f"/api/v1/admin/users/{user['id']}", headers=admin)
    fetched = await api.client.get(f"/api/v1/admin/users/{user['id']}", headers=admin)

    assert deleted.status_code == 204
    assert fetched.status_code == 404


async def test_bad_user_id_is_a_422_problem(api: Api) -> None:
    admin = await api.admin()

    response = await api.client.get("/api/v1/admin/users/not-a-uuid", headers=admin)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "user_id"
