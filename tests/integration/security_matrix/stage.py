"""Arranging one cell of the matrix: fresh callers, the subject, and the request to send.

Every cell gets its own accounts and objects (unique emails, slugs and SKUs), so cells can
share one app without one cell's writes deciding another's answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import httpx

from tests.integration.security_matrix.matrix import Outcome, Principal, Rule, Subject, card
from tests.support.api import Api

Headers = dict[str, str]
Values = dict[str, str]

SUBJECT_CARD = card("4242 4242 4242 4242")

_OUTCOME_BY_STATUS = {
    401: Outcome.UNAUTHENTICATED,
    403: Outcome.FORBIDDEN,
    404: Outcome.NOT_FOUND,
}


def outcome_of(response: httpx.Response) -> Outcome | int:
    """The outcome class of an answer; the bare status when it is none of them."""
    if 200 <= response.status_code < 300:
        return Outcome.OK
    return _OUTCOME_BY_STATUS.get(response.status_code, response.status_code)


@dataclass(frozen=True)
class Account:
    user_id: str
    email: str
    headers: Headers
    refresh_token: str


@dataclass(frozen=True)
class Cell:
    """The callers of one cell and the values its request templates are filled with."""

    owner: Account
    other_customer: Account
    admin: Account
    values: Mapping[str, str]

    def headers_of(self, principal: Principal) -> Headers:
        return {
            Principal.ANONYMOUS: {},
            Principal.OWNER: self.owner.headers,
            Principal.OTHER_CUSTOMER: self.other_customer.headers,
            Principal.ADMIN: self.admin.headers,
        }[principal]


class Stage:
    def __init__(self, api: Api) -> None:
        self.api = api

    async def arrange(self, subject: Subject) -> Cell:
        unique = uuid4().hex[:12]
        owner = await self._customer(f"owner-{unique}@example.com")
        other = await self._customer(f"other-{unique}@example.com")
        admin = await self._admin(f"admin-{unique}@example.com")
        values = {"unique": unique, **await self._subject(subject, owner, admin, unique)}
        return Cell(owner=owner, other_customer=other, admin=admin, values=values)

    async def send(self, rule: Rule, cell: Cell, principal: Principal) -> httpx.Response:
        return await self.api.client.request(
            rule.method,
            fill(rule.path, cell.values),
            params=fill(rule.query, cell.values),
            json=fill(rule.body, cell.values),
            headers=cell.headers_of(principal),
        )

    async def witness(self, rule: Rule, cell: Cell) -> Any:
        """What the rule's reader sees of the subject (None for a rule without a witness)."""
        if rule.witness_path is None:
            return None
        response = await self.api.client.get(
            fill(rule.witness_path, cell.values), headers=cell.headers_of(rule.reader)
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def _subject(
        self, subject: Subject, owner: Account, admin: Account, unique: str
    ) -> Values:
        account = {
            "user_id": owner.user_id,
            "email": owner.email,
            "refresh_token": owner.refresh_token,
        }
        if subject is Subject.NOTHING:
            return {}
        if subject is Subject.OWNER_ACCOUNT:
            return account
        if subject is Subject.PENDING_RESET:
            await self._post("/api/v1/auth/password/forgot", {"email": owner.email}, {}, 202)
            return {**account, "reset_token": self.api.token_mailed_to(owner.email)}
        if subject is Subject.PENDING_VERIFICATION:
            return await self._pending_verification(f"pending-{unique}@example.com")
        if subject is Subject.CATEGORY:
            return await self._category(admin, unique)
        if subject in (Subject.PRODUCT, Subject.INACTIVE_PRODUCT):
            return await self._product(admin, unique, active=subject is Subject.PRODUCT)
        method = await self._post("/api/v1/payment-methods", SUBJECT_CARD, owner.headers, 201)
        if subject is Subject.PAYMENT_METHOD:
            return {"payment_method_id": method["id"]}
        return await self._order(
            owner, admin, unique, method_id=method["id"], paid=subject is Subject.PAID_ORDER
        )

    async def _pending_verification(self, email: str) -> Values:
        user = await self.api.register(email)
        token = self.api.token_mailed_to(email)
        return {"user_id": user["id"], "email": email, "verification_token": token}

    async def _category(self, admin: Account, unique: str) -> Values:
        body = {"name": f"Category {unique}", "slug": f"category-{unique}"}
        category = await self._post("/api/v1/categories", body, admin.headers, 201)
        return {"category_id": category["id"]}

    async def _product(self, admin: Account, unique: str, *, active: bool) -> Values:
        values = await self._category(admin, unique)
        body = {
            "sku": f"SKU-{unique}",
            "name": f"Product {unique}",
            "price_cents": 1999,
            "currency": "EUR",
            "category_id": values["category_id"],
            "active": active,
        }
        product = await self._post("/api/v1/products", body, admin.headers, 201)
        stock = f"/api/v1/products/{product['id']}/stock"
        await self._post(stock, {"delta": 10, "reason": "receive"}, admin.headers, 201)
        return {**values, "product_id": product["id"]}

    async def _order(
        self, owner: Account, admin: Account, unique: str, *, method_id: str, paid: bool
    ) -> Values:
        values = await self._product(admin, unique, active=True)
        body: dict[str, Any] = {"lines": [{"product_id": values["product_id"], "quantity": 1}]}
        if paid:
            body["payment_method_id"] = method_id
        order = await self._post("/api/v1/orders", body, owner.headers, 201)
        return {**values, "order_id": order["id"], "payment_method_id": method_id}

    async def _customer(self, email: str) -> Account:
        return await self._account(email, await self.api.customer(email))

    async def _admin(self, email: str) -> Account:
        return await self._account(email, await self.api.admin(email))

    async def _account(self, email: str, headers: Headers) -> Account:
        me = await self.api.client.get("/api/v1/users/me", headers=headers)
        assert me.status_code == 200, me.text
        pair = await self.api.login(email)
        return Account(
            user_id=me.json()["id"],
            email=email,
            headers=headers,
            refresh_token=pair["refresh_token"],
        )

    async def _post(
        self, path: str, body: dict[str, Any], headers: Headers, status: int
    ) -> dict[str, Any]:
        response = await self.api.client.post(path, json=body, headers=headers)
        assert response.status_code == status, response.text
        created: dict[str, Any] = response.json() if response.content else {}
        return created


def fill(template: Any, values: Mapping[str, str]) -> Any:
    """The template with ``{name}`` in every string replaced from values."""
    if isinstance(template, str):
        return template.format_map(values)
    if isinstance(template, dict):
        return {key: fill(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    return template
