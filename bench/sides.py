"""The two servers under test, each started, seeded and logged in to through its own interface.

hexashop runs as `hexashop serve` on its own database (HEXASHOP_DATABASE_URL), its admin is
made with `hexashop users create-admin`, its products through its HTTP API. The floor runs
from bench/.floor-venv as uvicorn on `floor_shim:app`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench import prepare, procs
from bench.client import LOCALHOST, Client

HEXASHOP_PORT = 8101
FLOOR_PORT = 8100
HEXASHOP_DATA = prepare.BENCH / ".hexashop-data"
TOKEN_REUSE_S = 600.0  # below hexashop's default access-token lifetime (900 s)


class UnavailableError(Exception):
    """A scenario this side cannot run yet; the message says why."""


@dataclass
class Side:
    name: str
    server: procs.Server
    client: Client
    login: Callable[[Client], str]
    ids: dict[str, str] = field(default_factory=dict)  # fills {id} in target paths
    skips: dict[str, str] = field(default_factory=dict)  # pair key -> why it is skipped
    _token: str | None = None
    _token_at: float = 0.0

    def token(self) -> str:
        """A bearer token, reused for a while so that fetching tokens costs the runs nothing."""
        if self._token is None or time.monotonic() - self._token_at > TOKEN_REUSE_S:
            self._token, self._token_at = self.login(self.client), time.monotonic()
        return self._token


def _token(response_status: int, body: object, what: str) -> str:
    if response_status != 200 or not isinstance(body, dict) or "access_token" not in body:
        raise UnavailableError(f"{what} answered {response_status}")
    return str(body["access_token"])


def hexashop_login(client: Client) -> str:
    reply = client.request(
        "POST",
        "/api/v1/auth/login",
        json_body={"email": prepare.EMAIL, "password": prepare.PASSWORD},
    )
    body = reply.json() if reply.status == 200 else None
    return _token(reply.status, body, "POST /api/v1/auth/login")


def floor_login(client: Client) -> str:
    form = {"username": prepare.EMAIL, "password": prepare.PASSWORD}
    reply = client.request("POST", "/api/v1/login/access-token", form=form)
    body = reply.json() if reply.status == 200 else None
    return _token(reply.status, body, "POST /api/v1/login/access-token")


# ---- hexashop ----
def hexashop_cli() -> Path | None:
    """BENCH_HEXASHOP_CLI if set, else the `hexashop` beside this Python, else on PATH."""
    if os.environ.get("BENCH_HEXASHOP_CLI"):
        return Path(os.environ["BENCH_HEXASHOP_CLI"])
    beside = Path(sys.executable).parent / "hexashop"
    if beside.exists():
        return beside
    found = shutil.which("hexashop")
    return Path(found) if found else None


def hexashop_unavailable() -> str | None:
    """Why `hexashop serve` cannot be benchmarked yet, or None when it can be tried."""
    cli = hexashop_cli()
    if cli is None:
        return "no `hexashop` command in the venv yet"
    help_text = prepare.run([str(cli), "--help"], check=False, timeout=60)
    if "serve" not in help_text:
        return "`hexashop --help` lists no `serve` command yet"
    return None


@contextmanager
def hexashop(
    log_dir: Path,
    product_count: int,
    *,
    port: int = HEXASHOP_PORT,
    database: str = prepare.HEXASHOP_DB,
) -> Iterator[Side]:
    """Fresh database, `hexashop serve` on core 0, its admin, products if the catalog exists
    (none seeded when product_count is 0)."""
    cli = hexashop_cli()
    assert cli is not None
    env = {
        **os.environ,
        "HEXASHOP_DATABASE_URL": prepare.db_url(database),
        "HEXASHOP_DATA_DIR": str(HEXASHOP_DATA),
        "HEXASHOP_RATE_LIMITS": "off",  # measure the service, not its abuse limits
    }
    HEXASHOP_DATA.mkdir(exist_ok=True)
    prepare.recreate_db(database)
    if "migrate" in prepare.run([str(cli), "--help"], check=False, timeout=60):
        prepare.run([str(cli), "migrate"], env=env, timeout=300)
    command = [str(cli), "serve", "--host", LOCALHOST, "--port", str(port)]
    with ExitStack() as stack:
        server = stack.enter_context(
            procs.server(
                "hexashop",
                command,
                port=port,
                env=env,
                ready_path="/healthz",
                log_path=log_dir / "hexashop.log",
                cwd=prepare.REPO,
            )
        )
        prepare.run(
            [
                str(cli),
                "users",
                "create-admin",
                "--email",
                prepare.EMAIL,
                "--password",
                prepare.PASSWORD,
            ],
            env=env,
            timeout=120,
        )
        client = Client(server.base_url)
        stack.callback(client.close)
        side = Side("hexashop", server, client, hexashop_login)
        try:
            if product_count:
                side.ids["id"] = seed_products(client, side.token(), product_count)
        except UnavailableError as why:
            side.skips["product"] = side.skips["products"] = str(why)
        yield side


def seed_products(client: Client, token: str, count: int) -> str:
    """Create one category and `count` products in it through the API; return a middle one's id."""
    probe = client.request("GET", "/api/v1/products?limit=1", token=token)
    if probe.status == 404:
        raise UnavailableError("skipped: the catalog routes answer 404 (catalog not built yet)")
    category = {"name": "Bench", "slug": "bench"}
    category_id = _created(client, "/api/v1/categories", category, token)
    ids: list[str] = []
    for n in range(count):
        product = {
            "sku": f"BENCH-{n:05d}",
            "name": f"Product {n}",
            "description": f"Description of product number {n}",
            "price_cents": 1000 + n,
            "currency": "EUR",
            "category_id": category_id,
        }
        ids.append(_created(client, "/api/v1/products", product, token))
    return ids[count // 2]


def _created(client: Client, path: str, body: dict[str, object], token: str) -> str:
    reply = client.request("POST", path, json_body=body, token=token)
    if reply.status not in (200, 201):
        detail = reply.body[:300].decode(errors="replace")
        raise UnavailableError(f"skipped: POST {path} answered {reply.status}: {detail}")
    return str(reply.json()["id"])


# ---- the floor ----
@contextmanager
def floor(
    uvicorn: Path,
    password_hash: str,
    item_id: str,
    log_dir: Path,
    *,
    port: int = FLOOR_PORT,
    database: str = prepare.FLOOR_DB,
) -> Iterator[Side]:
    env = {
        **os.environ,
        "PYTHONPATH": str(prepare.SHARED),
        "FLOOR_DATABASE_URL": prepare.db_url(database),
        "FLOOR_SECRET_KEY": secrets.token_hex(32),
        "FLOOR_LIST_COUNT": "0",
        "FLOOR_BENCH_HASH": password_hash,
    }
    command = [
        str(uvicorn),
        "floor_shim:app",
        "--app-dir",
        str(prepare.BENCH),
        "--host",
        LOCALHOST,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    with procs.server(
        "floor",
        command,
        port=port,
        env=env,
        ready_path="/hello",
        log_path=log_dir / "floor.log",
        cwd=prepare.BENCH,
    ) as server:
        client = Client(server.base_url)
        try:
            yield Side("floor", server, client, floor_login, ids={"id": item_id})
        finally:
            client.close()
