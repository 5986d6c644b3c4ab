"""Known secrets pushed through every flow on real PostgreSQL are nowhere to be found after.

The passwords, mailed tokens, access and refresh tokens, card numbers, CVCs, an IBAN and
wallet accounts go through registration, verification, logins (a failed one too), refresh,
password change and reset, payment methods, orders paid at once (with an idempotency key,
replayed), paid after a decline, cancelled and refunded, and the outbox relay. Then every
row of every table of the database, every line the production logging wrote and every
response (body and headers) the client got are searched for them (leaks.py says how).

By design some of them are seen: the mails carry their tokens (``api.mailer.sent`` is not
searched), and a response that issues a token pair carries that pair (those two values
are blanked in that response only; every other response is searched for them).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bootstrap.workers import relay_outbox_once
from tests.integration.secrets_sweep.leaks import (
    Document,
    Secret,
    find_leaks,
    jwt_contents,
    needles,
)
from tests.support.api import PASSWORD, Api, running_api, settings_for_tests

pytestmark = pytest.mark.postgres

Headers = dict[str, str]

FIRST_PASSWORD = "copper heron lantern 1893"
WRONG_PASSWORD = "saffron glacier piano 5521"
CHANGED_PASSWORD = "quartz meadow falcon 7740"
RESET_PASSWORD = "indigo harbour tulip 3067"

SUCCESS_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"
AMEX_CARD = "3782 822463 10005"
CARD_CVC = "987"
AMEX_CVC = "7391"
PAYPAL_ACCOUNT = "sweep.wallet.holder@payments.example"
APPLE_PAY_ACCOUNT = "apl-acct-5f8e2c91d7"


def iban(country: str, bban: str) -> str:
    """The IBAN of ``bban`` with its ISO 13616 check digits (98 minus the mod-97 remainder
    of the BBAN, the country and "00", letters as 10 to 35)."""
    digits = "".join(str(int(char, 36)) for char in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


IBAN = iban("DE", "370501981938264750")
PRINTED_IBAN = " ".join(IBAN[i : i + 4] for i in range(0, len(IBAN), 4))


def compact(number: str) -> str:
    return number.replace(" ", "")


def card(number: str, cvc: str = CARD_CVC, **changes: Any) -> dict[str, Any]:
    details = {"number": number, "exp_month": 11, "exp_year": 2034, "cvc": cvc, "holder": "Ada"}
    details.update(changes)
    return {"kind": "card", "card": {k: v for k, v in details.items() if v is not None}}


class ResponseRecorder:
    """An httpx response hook keeping every response, its body read."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []

    async def __call__(self, response: httpx.Response) -> None:
        await response.aread()
        self.responses.append(response)

    def attach(self, client: httpx.AsyncClient) -> None:
        client.event_hooks["response"].append(self)


class Journey:
    """One customer's and one admin's requests, each checked for the expected status."""

    def __init__(self, api: Api) -> None:
        self.api = api

    async def call(self, method: str, url: str, *expected: int, **kwargs: Any) -> httpx.Response:
        response = await self.api.client.request(method, url, **kwargs)
        assert response.status_code in expected, (method, url, response.text)
        return response

    async def add_method(self, who: Headers, body: dict[str, Any], status: int = 201) -> str:
        response = await self.call(
            "POST", "/api/v1/payment-methods", status, json=body, headers=who
        )
        return str(response.json().get("id"))

    async def order(
        self, who: Headers, product_id: str, quantity: int, method_id: str | None = None, **kw: Any
    ) -> httpx.Response:
        body: dict[str, Any] = {"lines": [{"product_id": product_id, "quantity": quantity}]}
        if method_id is not None:
            body["payment_method_id"] = method_id
        return await self.call("POST", "/api/v1/orders", 201, json=body, headers=who, **kw)


async def identity_flows(journey: Journey, email: str) -> tuple[Headers, list[str]]:
    """Register, verify, log in (badly, then well), refresh, change the password, reset it
    by mail and log in again: the final customer's headers and the mailed tokens."""
    api = journey.api
    await api.register(email, FIRST_PASSWORD)
    verification = api.token_mailed_to(email)
    await journey.call("POST", "/api/v1/auth/verify-email", 200, json={"token": verification})
    await journey.call(
        "POST", "/api/v1/auth/login", 401, json={"email": email, "password": WRONG_PASSWORD}
    )
    first = await api.login(email, FIRST_PASSWORD)
    refreshed = await journey.call(
        "POST", "/api/v1/auth/refresh", 200, json={"refresh_token": first["refresh_token"]}
    )
    await journey.call(
        "POST",
        "/api/v1/users/me/password",
        200,
        json={"current_password": FIRST_PASSWORD, "new_password": CHANGED_PASSWORD},
        headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"},
    )
    # A spent refresh token presented again: refused, and the refusal logged.
    await journey.call(
        "POST", "/api/v1/auth/refresh", 401, json={"refresh_token": first["refresh_token"]}
    )
    await journey.call("POST", "/api/v1/auth/password/forgot", 202, json={"email": email})
    reset = api.token_mailed_to(email)
    assert reset != verification
    await journey.call(
        "POST",
        "/api/v1/auth/password/reset",
        204,
        json={"token": reset, "new_password": RESET_PASSWORD},
    )
    final = await api.login(email, RESET_PASSWORD)
    customer = {"Authorization": f"Bearer {final['access_token']}"}
    await journey.call("GET", "/api/v1/users/me", 200, headers=customer)
    return customer, [verification, reset]


async def catalog(journey: Journey, admin: Headers) -> str:
    category = await journey.call(
        "POST",
        "/api/v1/categories",
        201,
        json={"name": "Sweep", "slug": f"sweep-{uuid4().hex[:8]}"},
        headers=admin,
    )
    product = await journey.call(
        "POST",
        "/api/v1/products",
        201,
        json={
            "sku": f"SWEEP-{uuid4().hex[:8]}",
            "name": "Swept tea",
            "price_cents": 450,
            "currency": "EUR",
            "category_id": category.json()["id"],
        },
        headers=admin,
    )
    product_id: str = product.json()["id"]
    await journey.call(
        "POST",
        f"/api/v1/products/{product_id}/stock",
        200,
        201,
        json={"delta": 50, "reason": "receive"},
        headers=admin,
    )
    return product_id


async def ordering_flows(journey: Journey, customer: Headers, admin: Headers, product: str) -> None:
    """Every kind of payment method, orders paid, declined then paid, cancelled, refunded."""
    good = await journey.add_method(customer, card(SUCCESS_CARD))
    declined = await journey.add_method(customer, card(compact(DECLINED_CARD)))
    amex = await journey.add_method(customer, card(AMEX_CARD, AMEX_CVC))
    await journey.add_method(customer, card(compact(SUCCESS_CARD)), 409)
    await journey.add_method(customer, card(SUCCESS_CARD, holder=None), 422)
    await journey.add_method(customer, card(AMEX_CARD, AMEX_CVC, exp_year=2001), 422)
    bank = await journey.add_method(
        customer, {"kind": "bank_account", "bank_account": {"iban": PRINTED_IBAN, "holder": "Ada"}}
    )
    paypal = await journey.add_method(
        customer, {"kind": "wallet", "wallet": {"provider": "paypal", "account": PAYPAL_ACCOUNT}}
    )
    apple = await journey.add_method(
        customer,
        {"kind": "wallet", "wallet": {"provider": "apple_pay", "account": APPLE_PAY_ACCOUNT}},
    )
    await journey.call("GET", "/api/v1/payment-methods", 200, headers=customer)

    with_key = {**customer, "Idempotency-Key": str(uuid4())}
    paid = await journey.order(with_key, product, 2, good)
    replayed = await journey.order(with_key, product, 2, good)
    assert paid.json()["status"] == "paid"
    assert replayed.headers["idempotent-replayed"] == "true"

    pending = (await journey.order(customer, product, 1)).json()["id"]
    await journey.call(
        "POST",
        f"/api/v1/orders/{pending}/pay",
        402,
        409,
        json={"payment_method_id": declined},
        headers=customer,
    )
    repaid = await journey.call(
        "POST",
        f"/api/v1/orders/{pending}/pay",
        200,
        json={"payment_method_id": good},
        headers={**customer, "Idempotency-Key": str(uuid4())},
    )
    assert [p["outcome"] for p in repaid.json()["payments"]] == ["declined", "succeeded"]
    for method_id in (amex, bank, paypal, apple):
        placed = await journey.order(customer, product, 1, method_id)
        assert placed.json()["status"] == "paid"

    cancelled = (await journey.order(customer, product, 3)).json()["id"]
    await journey.call("POST", f"/api/v1/orders/{cancelled}/cancel", 200, headers=customer)
    refunded = await journey.call(
        "POST",
        f"/api/v1/admin/orders/{paid.json()['id']}/status",
        200,
        json={"status": "refunded", "reason": "damaged"},
        headers=admin,
    )
    assert refunded.json()["status"] == "refunded"
    while await relay_outbox_once(journey.api.container):
        pass

    await journey.call("GET", "/api/v1/orders", 200, headers=customer)
    await journey.call("GET", f"/api/v1/orders/{pending}", 200, headers=customer)
    await journey.call("GET", "/api/v1/admin/orders", 200, headers=admin)


async def database_rows(engine: AsyncEngine) -> dict[str, list[str]]:
    """Every row of every user table (any schema), as JSON text, by table."""
    async with engine.connect() as connection:
        tables = (
            await connection.execute(
                text(
                    "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                    " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
                    " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                    " ORDER BY 1"
                )
            )
        ).scalars()
        rows = {}
        for table in list(tables):
            statement = text(f"SELECT to_jsonb(t)::text FROM {table} AS t")
            rows[table] = list((await connection.execute(statement)).scalars())
    return rows


def response_documents(
    responses: list[httpx.Response],
) -> tuple[list[Document], list[str], list[Document]]:
    """The documents of the responses (each issued token pair blanked in the response that
    issues it), the issued tokens, and the unblanked issuing bodies (to prove they are found)."""
    documents, issued, issuing = [], [], []
    for response in responses:
        source = f"{response.request.method} {response.url.path} -> {response.status_code}"
        body = response.text
        with contextlib.suppress(ValueError):
            parsed = response.json()
            if isinstance(parsed, dict) and {"access_token", "refresh_token"} <= parsed.keys():
                pair = [parsed["access_token"], parsed["refresh_token"]]
                issued += pair
                issuing.append(Document(source, body))
                documents += [Document(f"claims of {source}", c) for c in jwt_contents(body)]
                for token in pair:
                    body = body.replace(token, "<issued>")
        headers = "\n".join(f"{name}: {value}" for name, value in response.headers.multi_items())
        documents += [Document(f"{source} body", body), Document(f"{source} headers", headers)]
    return documents, issued, issuing


async def test_no_secret_is_stored_logged_or_returned_when_every_flow_runs(
    pg_engine: AsyncEngine,
    postgres_url: str,
    production_logs: None,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    email = f"sweep-{uuid4().hex[:8]}@example.com"
    recorder = ResponseRecorder()

    async with running_api(settings_for_tests(tmp_path), database_url=postgres_url) as api:
        recorder.attach(api.client)
        journey = Journey(api)
        admin = await api.admin(f"sweep-admin-{uuid4().hex[:8]}@example.com")
        product = await catalog(journey, admin)
        customer, mailed = await identity_flows(journey, email)
        await ordering_flows(journey, customer, admin, product)
    rows = await database_rows(pg_engine)
    captured = capsys.readouterr()
    logged = (captured.out + captured.err).splitlines()

    responses, issued, issuing = response_documents(recorder.responses)
    stored = [Document(f"row of {t}", row) for t, table_rows in rows.items() for row in table_rows]
    logs = [Document(f"log line {n}", line) for n, line in enumerate(logged, 1)]
    secrets = [
        *(
            Secret(f"password {n}", value, digested=True)
            for n, value in enumerate(
                (PASSWORD, FIRST_PASSWORD, WRONG_PASSWORD, CHANGED_PASSWORD, RESET_PASSWORD), 1
            )
        ),
        *(Secret(f"mailed token {n}", token) for n, token in enumerate(mailed, 1)),
        *(Secret(f"issued token {n}", token) for n, token in enumerate(issued, 1)),
        Secret("success card", SUCCESS_CARD, digested=True),
        Secret("declined card", DECLINED_CARD, digested=True),
        Secret("amex card", AMEX_CARD, digested=True),
        Secret("card CVC", CARD_CVC),
        Secret("amex CVC", AMEX_CVC),
        Secret("IBAN", PRINTED_IBAN, digested=True),
        Secret("IBAN without country and check digits", IBAN[4:], digested=True),
        Secret("PayPal account", PAYPAL_ACCOUNT, digested=True),
        Secret("Apple Pay account", APPLE_PAY_ACCOUNT, digested=True),
    ]
    leaks = find_leaks(secrets, stored + logs + responses)

    # The search could fail: every secret in every spelling is found where it is planted...
    for secret in secrets:
        spellings = [secret.value, secret.value.upper(), compact(secret.value)]
        if len(secret.value) >= 6:
            spellings += needles(secret).values()
        for spelling in spellings:
            planted = Document("planted", f'{{"value": "{spelling}"}}')
            assert find_leaks([secret], [planted]), (secret.name, spelling)
    # ... the issued tokens are found in the responses that issue them ...
    assert len(issued) == 10  # admin, first login, refresh, change, login after reset
    assert {leak.secret for leak in find_leaks(secrets, issuing)} == {
        f"issued token {n}" for n in range(1, 11)
    }
    # ... and each corpus holds what it must.
    assert len(mailed) == 2
    table_names = {name.rpartition(".")[2] for name in rows}
    assert {
        "users",
        "refresh_tokens",
        "one_time_tokens",
        "payment_methods",
        "orders",
        "payment_attempts",
        "ordering_outbox",
        "ordering_idempotency_keys",
    } <= table_names, table_names
    stored_text = "\n".join(document.text for document in stored)
    for expected in (email, '"last4": "4242"', '"last4": "0005"', IBAN[-4:], "$argon2id$"):
        assert expected in stored_text, expected
    assert "s***@payments.example" in stored_text
    assert all(rows[t] for t in rows if t.rpartition(".")[2] in {"ordering_outbox", "users"})
    records = []
    for line in logged:
        with contextlib.suppress(ValueError):
            records.append(json.loads(line))
    events = [record.get("event") for record in records if isinstance(record, dict)]
    assert events.count("request") == len(recorder.responses)
    assert "security.login_failed" in events
    assert any('"last4":"4242"' in d.text.replace(" ", "") for d in responses)
    # Nothing was found where it must not be.
    assert not leaks, "secrets found:\n" + "\n".join(str(leak) for leak in leaks)
