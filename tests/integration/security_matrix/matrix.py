"""Who may call what: every operation of the OpenAPI document, as each kind of caller.

One rule per operation (two where the object's state changes the answer), each naming:

- the subject: what exists before the call; the *owner* is the customer it belongs to (for
  objects nobody owns, such as products, the owner is just a signed-in customer);
- the request, as templates filled from the subject's values (``{product_id}``) and a fresh
  ``{unique}`` per call, with a body the route accepts;
- the outcome for each caller: anonymous, the owner, another customer, an admin.

test_authorization_matrix.py fails when an operation of the document has no rule, so a new
route cannot ship without one: a new route is a new row here (and a new kind of subject one
arrangement in stage.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tests.support.api import PASSWORD

NEW_PASSWORD = "granite lantern orchard 7"


class Principal(StrEnum):
    ANONYMOUS = "anonymous"
    OWNER = "owner"
    OTHER_CUSTOMER = "other customer"
    ADMIN = "admin"


class Outcome(StrEnum):
    OK = "ok"  # any 2xx
    UNAUTHENTICATED = "401"
    FORBIDDEN = "403"
    NOT_FOUND = "404"  # also for another customer's object: it does not exist for them


class Subject(StrEnum):
    """What a cell arranges before the call, and the values its templates may use."""

    NOTHING = "nothing"
    OWNER_ACCOUNT = "the owner's account"  # user_id, email, refresh_token
    PENDING_VERIFICATION = "an account not yet verified"  # user_id, email, verification_token
    PENDING_RESET = "the owner's account, reset asked"  # OWNER_ACCOUNT's and reset_token
    CATEGORY = "a category"  # category_id
    PRODUCT = "an active product in stock"  # product_id, category_id
    INACTIVE_PRODUCT = "an inactive product"  # product_id, category_id
    PAYMENT_METHOD = "the owner's card"  # payment_method_id
    ORDER = "the owner's pending order"  # order_id, product_id, payment_method_id
    PAID_ORDER = "the owner's paid order"  # order_id, product_id, payment_method_id


Expectation = Mapping[Principal, Outcome]


def expect(anonymous: Outcome, owner: Outcome, other: Outcome, admin: Outcome) -> Expectation:
    return {
        Principal.ANONYMOUS: anonymous,
        Principal.OWNER: owner,
        Principal.OTHER_CUSTOMER: other,
        Principal.ADMIN: admin,
    }


OK = Outcome.OK
UNAUTHENTICATED = Outcome.UNAUTHENTICATED
FORBIDDEN = Outcome.FORBIDDEN
NOT_FOUND = Outcome.NOT_FOUND
PUBLIC = expect(OK, OK, OK, OK)
SIGNED_IN = expect(UNAUTHENTICATED, OK, OK, OK)
ADMIN_ONLY = expect(UNAUTHENTICATED, FORBIDDEN, FORBIDDEN, OK)
# Orders: their customer and admins see them; to anyone else they do not exist.
OWNER_OR_ADMIN = expect(UNAUTHENTICATED, OK, NOT_FOUND, OK)
# Payment methods, and paying with them: their owner's alone, admins included.
OWNER_ONLY = expect(UNAUTHENTICATED, OK, NOT_FOUND, NOT_FOUND)
# Hidden from everyone but admins (an inactive product), as if it did not exist.
ADMIN_SEES = expect(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# What is read, and by whom, to tell whether a refused call changed the subject.
_WITNESS = {
    Subject.OWNER_ACCOUNT: "/api/v1/admin/users/{user_id}",
    Subject.PENDING_VERIFICATION: "/api/v1/admin/users/{user_id}",
    Subject.PENDING_RESET: "/api/v1/admin/users/{user_id}",
    Subject.CATEGORY: "/api/v1/categories/{category_id}",
    Subject.PRODUCT: "/api/v1/products/{product_id}",
    Subject.INACTIVE_PRODUCT: "/api/v1/products/{product_id}",
    Subject.PAYMENT_METHOD: "/api/v1/payment-methods",
    Subject.ORDER: "/api/v1/orders/{order_id}",
    Subject.PAID_ORDER: "/api/v1/orders/{order_id}",
}
_WITNESS_READER = {Subject.PAYMENT_METHOD: Principal.OWNER}  # otherwise an admin


@dataclass(frozen=True)
class Rule:
    method: str
    path: str
    subject: Subject
    outcomes: Expectation
    body: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)
    variant: str = ""  # tells two rules of one operation apart
    # The path names the caller, not the subject (/users/me): another caller who succeeds
    # acted on their own account, and the owner's must stay as it was.
    acts_on_caller: bool = False
    witness: str | None = None  # overrides the subject's

    @property
    def operation(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def label(self) -> str:
        suffix = f" ({self.variant})" if self.variant else ""
        return f"{self.method} {self.path}{suffix}"

    @property
    def witness_path(self) -> str | None:
        if self.method not in WRITE_METHODS:
            return None
        return self.witness or _WITNESS.get(self.subject)

    @property
    def reader(self) -> Principal:
        return _WITNESS_READER.get(self.subject, Principal.ADMIN)

    def may_change_the_subject(self, principal: Principal) -> bool:
        if self.outcomes[principal] is not OK:
            return False
        return not self.acts_on_caller or principal is Principal.OWNER


_USERS = "/api/v1/admin/users"
_PRODUCT = "/api/v1/products/{product_id}"
_METHOD = "/api/v1/payment-methods/{payment_method_id}"
_ORDER = "/api/v1/orders/{order_id}"


def card(number: str) -> dict[str, Any]:
    """A payment method body; the sandbox processor accepts any valid number."""
    details = {"number": number, "exp_month": 12, "exp_year": 2035, "cvc": "123", "holder": "A"}
    return {"kind": "card", "card": details}


RULES: tuple[Rule, ...] = (
    # system
    Rule("GET", "/healthz", Subject.NOTHING, PUBLIC),
    Rule("GET", "/readyz", Subject.NOTHING, PUBLIC),
    Rule("GET", "/.well-known/jwks.json", Subject.NOTHING, PUBLIC),
    # identity: auth (the body names the account; a caller's token plays no part)
    Rule(
        "POST",
        "/api/v1/auth/register",
        Subject.NOTHING,
        PUBLIC,
        body={"email": "new-{unique}@example.com", "password": PASSWORD, "full_name": "New"},
    ),
    Rule(
        "POST",
        "/api/v1/auth/verify-email",
        Subject.PENDING_VERIFICATION,
        PUBLIC,
        body={"token": "{verification_token}"},
    ),
    Rule(
        "POST",
        "/api/v1/auth/resend-verification",
        Subject.PENDING_VERIFICATION,
        PUBLIC,
        body={"email": "{email}"},
    ),
    Rule(
        "POST",
        "/api/v1/auth/login",
        Subject.OWNER_ACCOUNT,
        PUBLIC,
        body={"email": "{email}", "password": PASSWORD},
    ),
    Rule(
        "POST",
        "/api/v1/auth/refresh",
        Subject.OWNER_ACCOUNT,
        PUBLIC,
        body={"refresh_token": "{refresh_token}"},
    ),
    Rule(
        "POST",
        "/api/v1/auth/logout",
        Subject.OWNER_ACCOUNT,
        PUBLIC,
        body={"refresh_token": "{refresh_token}"},
    ),
    Rule(
        "POST",
        "/api/v1/auth/password/forgot",
        Subject.OWNER_ACCOUNT,
        PUBLIC,
        body={"email": "{email}"},
    ),
    Rule(
        "POST",
        "/api/v1/auth/password/reset",
        Subject.PENDING_RESET,
        PUBLIC,
        body={"token": "{reset_token}", "new_password": NEW_PASSWORD},
    ),
    # identity: the caller's own account
    Rule("GET", "/api/v1/users/me", Subject.OWNER_ACCOUNT, SIGNED_IN, acts_on_caller=True),
    Rule(
        "PATCH",
        "/api/v1/users/me",
        Subject.OWNER_ACCOUNT,
        SIGNED_IN,
        body={"full_name": "Renamed Person"},
        acts_on_caller=True,
    ),
    Rule(
        "POST",
        "/api/v1/users/me/password",
        Subject.OWNER_ACCOUNT,
        SIGNED_IN,
        body={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        acts_on_caller=True,
    ),
    # identity: user administration (the owner's own record included)
    Rule("GET", _USERS, Subject.OWNER_ACCOUNT, ADMIN_ONLY),
    Rule("GET", _USERS + "/{user_id}", Subject.OWNER_ACCOUNT, ADMIN_ONLY),
    Rule("PATCH", _USERS + "/{user_id}", Subject.OWNER_ACCOUNT, ADMIN_ONLY, body={"role": "admin"}),
    Rule("DELETE", _USERS + "/{user_id}", Subject.OWNER_ACCOUNT, ADMIN_ONLY),
    # catalog: categories
    Rule("GET", "/api/v1/categories", Subject.CATEGORY, PUBLIC),
    Rule("GET", "/api/v1/categories/{category_id}", Subject.CATEGORY, PUBLIC),
    Rule(
        "POST",
        "/api/v1/categories",
        Subject.NOTHING,
        ADMIN_ONLY,
        body={"name": "Category {unique}", "slug": "category-{unique}"},
        witness="/api/v1/categories",
    ),
    Rule(
        "PATCH",
        "/api/v1/categories/{category_id}",
        Subject.CATEGORY,
        ADMIN_ONLY,
        body={"name": "Renamed"},
    ),
    Rule("DELETE", "/api/v1/categories/{category_id}", Subject.CATEGORY, ADMIN_ONLY),
    # catalog: products
    Rule("GET", "/api/v1/products", Subject.PRODUCT, PUBLIC),
    Rule(
        "GET",
        "/api/v1/products",
        Subject.INACTIVE_PRODUCT,
        ADMIN_ONLY,
        query={"include_inactive": "true"},
        variant="inactive included",
    ),
    Rule(
        "POST",
        "/api/v1/products",
        Subject.CATEGORY,
        ADMIN_ONLY,
        body={
            "sku": "SKU-{unique}",
            "name": "Product {unique}",
            "price_cents": 1999,
            "currency": "EUR",
            "category_id": "{category_id}",
        },
        witness="/api/v1/products?include_inactive=true&limit=1",
    ),
    Rule("GET", _PRODUCT, Subject.PRODUCT, PUBLIC),
    Rule("GET", _PRODUCT, Subject.INACTIVE_PRODUCT, ADMIN_SEES, variant="inactive"),
    Rule("PATCH", _PRODUCT, Subject.PRODUCT, ADMIN_ONLY, body={"name": "Renamed product"}),
    Rule("DELETE", _PRODUCT, Subject.PRODUCT, ADMIN_ONLY),
    # catalog: stock
    Rule("GET", _PRODUCT + "/stock", Subject.PRODUCT, PUBLIC),
    Rule("GET", _PRODUCT + "/stock", Subject.INACTIVE_PRODUCT, ADMIN_SEES, variant="inactive"),
    Rule(
        "POST",
        _PRODUCT + "/stock",
        Subject.PRODUCT,
        ADMIN_ONLY,
        body={"delta": 5, "reason": "receive"},
    ),
    Rule("GET", _PRODUCT + "/stock/movements", Subject.PRODUCT, ADMIN_ONLY),
    # ordering: payment methods
    Rule("GET", "/api/v1/payment-methods", Subject.PAYMENT_METHOD, SIGNED_IN, acts_on_caller=True),
    Rule(
        "POST",
        "/api/v1/payment-methods",
        Subject.PAYMENT_METHOD,
        SIGNED_IN,
        body=card("5555 5555 5555 4444"),
        acts_on_caller=True,
    ),
    Rule("PATCH", _METHOD, Subject.PAYMENT_METHOD, OWNER_ONLY, body={"is_default": True}),
    Rule("DELETE", _METHOD, Subject.PAYMENT_METHOD, OWNER_ONLY),
    # ordering: orders
    Rule("GET", "/api/v1/orders", Subject.ORDER, SIGNED_IN, acts_on_caller=True),
    Rule(
        "POST",
        "/api/v1/orders",
        Subject.PRODUCT,
        SIGNED_IN,
        body={"lines": [{"product_id": "{product_id}", "quantity": 1}]},
    ),
    Rule("GET", _ORDER, Subject.ORDER, OWNER_OR_ADMIN),
    Rule(
        "POST",
        _ORDER + "/pay",
        Subject.ORDER,
        OWNER_ONLY,
        body={"payment_method_id": "{payment_method_id}"},
    ),
    Rule("POST", _ORDER + "/cancel", Subject.ORDER, OWNER_OR_ADMIN, body={"reason": "no longer"}),
    Rule("GET", "/api/v1/admin/orders", Subject.ORDER, ADMIN_ONLY),
    Rule(
        "POST",
        "/api/v1/admin/orders/{order_id}/status",
        Subject.PAID_ORDER,
        ADMIN_ONLY,
        body={"status": "shipped"},
    ),
)

# Cells where the app answers otherwise today. They run as strict xfails: once the app is
# fixed the test fails until the line is removed here.
KNOWN_DEVIATIONS: dict[tuple[str, Principal], str] = {}
