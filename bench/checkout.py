"""Checkout throughput, contention and the outbox relay: `.venv/bin/python -m bench.checkout`.

Starts `hexashop serve` on its own database (`hexashop_checkout_bench` on the local
PostgreSQL, 127.0.0.1 only) and the floor app (database `floor_checkout_bench`), both pinned
to core 0 with wrk, PostgreSQL and this harness on core 1, like `bench.run`. Through the API
it makes 100 products with plenty of stock, one more "hot" product, and 32 customers:
registered, verified with the token the log mailer writes to the server's log, each with
the sandbox's success card. A checkout is one request, `POST /api/v1/orders` with
`payment_method_id` (placed and paid at once) and an Idempotency-Key, sent by wrk with
`bench/lua/checkout.lua`, 32 connections, the customers taking turns.

Scenarios, alternated after a warm-up of each: *spread* (1 or 2 lines of 1 or 2 units over
the 100 products), *hot* (every order is 1 unit of the same product) and the floor's
`GET /api/v1/items/{id}` as the yardstick. Before each round it waits (up to 60 s) for
other processes to calm. Per run: checkouts/s, p50, p99, the server process's CPU per
checkout (utime + stime from /proc/<pid>/stat) and every response's status. After each
run the bench waits for the outbox to drain. At the end: the relay's
rate and lag from `ordering_outbox` (occurred_at → published_at), the lag from an order's
paid time (its history, in the response) to its stock commit in the ledger
(`GET …/stock/movements`), and an audit of the stock (on hand + sold = received,
nothing left reserved). Prints markdown; writes bench/results/checkout-<UTC time>.json.

`--expiry` measures the pending-order expiry job instead: with a TTL of 1 minute it places
`--orders` orders without a payment method (pending payment, stock reserved), stops the
server, lets them pass the TTL, and starts `hexashop serve` again on the same database, so
its expiry job (every second) finds them all at once. It polls the database while they are
cancelled, their `order_cancelled` messages relayed and their stock released, then reads
the histories, the outbox and the ledger and audits the stock (nothing reserved, on hand
as received). Writes bench/results/checkout-expiry-<UTC time>.json.
See docs/benchmarks.md, "Checkout".
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import json
import math
import os
import random
import re
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote, unquote

from bench import prepare, procs, report, sides
from bench.client import LOCALHOST, Client, Response
from bench.procs import LOAD_CORE, SERVER_CORE, WrkJob, WrkResult

PORT = 8102
FLOOR_PORT = 8103
DATABASE = "hexashop_checkout_bench"
FLOOR_DATABASE = "floor_checkout_bench"
CONNECTIONS = 32
CUSTOMERS = 32
PRODUCTS = 100
STOCK = 1_000_000  # received per product: no run can sell it out
HOT_PRICE_CENTS = 999  # below every spread price (1000 and up): a hot order's total tells it
CUSTOMER_PASSWORD = "checkout-bench-passphrase-5521"
CARD = "4242 4242 4242 4242"  # the sandbox's success card
TOKEN_REUSE_S = 600.0  # below the access tokens' default lifetime (900 s)
DRAIN_TIMEOUT_S = 60.0
TARGET_RATE = 200.0  # checkouts/s on one worker process
TARGET_HOT_SHARE = 0.5  # hot rate / spread rate
TARGET_LAG_S = 1.0  # paid -> stock committed
LUA = prepare.BENCH / "lua" / "checkout.lua"
SHARED_LUA = prepare.SHARED / "lua"
RESULTS = prepare.BENCH / "results"
EXPIRY_ORDERS = 3000  # --expiry: unpaid orders placed, then expired
EXPIRY_TTL_MINUTES = 1  # HEXASHOP_PENDING_ORDER_TTL_MINUTES' minimum
EXPIRY_INTERVAL_S = 1.0  # HEXASHOP_ORDER_EXPIRY_INTERVAL_SECONDS of the server that expires
# The placing server's job runs once as it starts (nothing to expire yet), then not again
# within the bench: every order is still pending when the expiring server starts.
EXPIRY_IDLE_INTERVAL_S = 3600.0
EXPIRY_MARGIN_S = 2.0  # past the TTL before the expiring server starts
EXPIRY_TIMEOUT_S = 300.0
EXPIRY_POLL_S = 0.1
EXPIRY_LOG_WINDOW_S = 13.0  # from launch: the server's first worker.throughput lines are out
ORDER_CANCELLED = "ordering.order_cancelled.v1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
Row = dict[str, Any]


# ---- Setting up through the API -------------------------------------------------------------


class SetupError(RuntimeError):
    """A setup request did not answer as expected."""


def expect(reply: Response, statuses: Iterable[int], what: str) -> Any:
    """The reply's JSON body (None when empty) if its status is one of `statuses`."""
    if reply.status not in set(statuses):
        detail = reply.body[:300].decode(errors="replace")
        raise SetupError(f"{what} answered {reply.status}: {detail}")
    return reply.json() if reply.body else None


def register(client: Client, email: str, password: str, full_name: str) -> str:
    """Register an account through the API; return its id."""
    body = {"email": email, "password": password, "full_name": full_name}
    reply = client.request("POST", "/api/v1/auth/register", json_body=body)
    return str(expect(reply, (201,), f"POST /api/v1/auth/register ({email})")["id"])


_LINK_TOKEN = re.compile(r"/verify-email\?token=([^\s\"\\]+)")


def verification_token(log_path: Path, email: str, timeout_s: float = 10.0) -> str:
    """The token of the last verification link mailed to `email`, read from the server's log
    (the log mailer writes each mail, with its link, as one JSON line)."""
    deadline = time.monotonic() + timeout_s
    while True:
        found: str | None = None
        with log_path.open("rb") as log:
            for raw in log:
                if b"mail.sent" not in raw:
                    continue
                try:
                    record = json.loads(raw)
                except ValueError:
                    continue
                if record.get("event") == "mail.sent" and record.get("to") == email:
                    match = _LINK_TOKEN.search(str(record.get("text", "")))
                    if match:
                        found = unquote(match.group(1))
        if found is not None:
            return found
        if time.monotonic() > deadline:
            raise SetupError(f"no verification mail to {email} in {log_path} (log mailer?)")
        time.sleep(0.1)


def log_in(client: Client, email: str, password: str) -> str:
    body = {"email": email, "password": password}
    reply = client.request("POST", "/api/v1/auth/login", json_body=body)
    return str(expect(reply, (200,), f"POST /api/v1/auth/login ({email})")["access_token"])


@dataclass(slots=True)
class Customer:
    email: str
    user_id: str
    payment_method_id: str = ""
    token: str = ""
    token_at: float = 0.0


def make_customers(client: Client, log_path: Path, count: int) -> list[Customer]:
    """`count` verified customers, each logged in and with the success card as their method."""
    customers = []
    year = dt.datetime.now(dt.UTC).year + 3
    for n in range(count):
        email = f"customer{n:03d}@checkout-bench.example.com"
        customer = Customer(email, register(client, email, CUSTOMER_PASSWORD, f"Customer {n}"))
        token = verification_token(log_path, email)
        reply = client.request("POST", "/api/v1/auth/verify-email", json_body={"token": token})
        expect(reply, (200, 204), "POST /api/v1/auth/verify-email")
        customer.token, customer.token_at = log_in(client, email, CUSTOMER_PASSWORD), time.time()
        card = {
            "number": CARD,
            "exp_month": 12,
            "exp_year": year,
            "cvc": "123",
            "holder": f"Customer {n}",
        }
        reply = client.request(
            "POST",
            "/api/v1/payment-methods",
            json_body={"kind": "card", "card": card},
            token=customer.token,
        )
        method = expect(reply, (201,), "POST /api/v1/payment-methods")
        customer.payment_method_id = str(method["id"])
        customers.append(customer)
    return customers


def refresh_tokens(client: Client, customers: Sequence[Customer]) -> None:
    for customer in customers:
        if time.time() - customer.token_at > TOKEN_REUSE_S:
            customer.token = log_in(client, customer.email, CUSTOMER_PASSWORD)
            customer.token_at = time.time()


@dataclass(frozen=True, slots=True)
class Catalog:
    products: dict[str, int]  # spread product id -> price in cents
    hot: str


def seed_catalog(client: Client, admin: str, count: int) -> Catalog:
    """A category, `count` products priced 1000 + n cents and one hot product, each with
    STOCK units received through `POST …/stock`."""
    category = {"name": "Checkout bench", "slug": "checkout-bench"}
    reply = client.request("POST", "/api/v1/categories", json_body=category, token=admin)
    category_id = str(expect(reply, (200, 201), "POST /api/v1/categories")["id"])

    def product(sku: str, price: int) -> str:
        body = {
            "sku": sku,
            "name": f"Checkout product {sku}",
            "description": "Made by bench/checkout.py",
            "price_cents": price,
            "currency": "EUR",
            "category_id": category_id,
        }
        reply = client.request("POST", "/api/v1/products", json_body=body, token=admin)
        product_id = str(expect(reply, (200, 201), "POST /api/v1/products")["id"])
        receive = {"delta": STOCK, "reason": "receive", "note": "checkout bench"}
        path = f"/api/v1/products/{product_id}/stock"
        expect(client.request("POST", path, json_body=receive, token=admin), (200, 201), path)
        return product_id

    products = {product(f"CHK-{n:03d}", 1000 + n): 1000 + n for n in range(count)}
    return Catalog(products, product("CHK-HOT", HOT_PRICE_CENTS))


def write_setup(path: Path, customers: Sequence[Customer], catalog: Catalog) -> None:
    lines = [f"customer {c.token} {c.payment_method_id}" for c in customers]
    lines += [f"product {p}" for p in catalog.products]
    lines.append(f"hot {catalog.hot}")
    path.write_text("\n".join(lines) + "\n")


def pages(client: Client, path: str, token: str) -> Iterable[dict[str, Any]]:
    """Every item of a keyset-paged list (`?limit=100&cursor=…`)."""
    cursor: str | None = None
    sep = "&" if "?" in path else "?"
    while True:
        url = f"{path}{sep}limit=100" + (f"&cursor={quote(cursor)}" if cursor else "")
        page = expect(client.request("GET", url, token=token), (200,), f"GET {path}")
        yield from page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return


# ---- Measuring ------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds (fields 14 and 15 of /proc/<pid>/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def unpublished(database: str) -> int:
    return int(
        prepare.psql(
            database, "-c", "SELECT count(*) FROM ordering_outbox WHERE published_at IS NULL"
        )
    )


def wait_drained(database: str, timeout_s: float = DRAIN_TIMEOUT_S) -> float | None:
    """Seconds until the outbox held nothing unpublished; None if it did not within timeout_s."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        if unpublished(database) == 0:
            return round(time.monotonic() - start, 2)
        time.sleep(0.1)
    return None


def orders_made(start: float, stop: float) -> Counter[str]:
    """The orders the server made between two moments (epoch seconds), by status."""
    rows = prepare.psql(
        DATABASE,
        "-c",
        "SELECT status, count(*) FROM orders"
        f" WHERE created_at >= to_timestamp({start:.6f}) AND created_at < to_timestamp({stop:.6f})"
        " GROUP BY status",
    )
    return Counter({k: int(v) for k, v in (r.split("|") for r in rows.splitlines() if r)})


def parse_time(text: str) -> float:
    return dt.datetime.fromisoformat(text).timestamp()


@dataclass(slots=True)
class CheckoutRun:
    kind: str  # "spread" or "hot"
    label: str  # "warm-up" or "run 1" …
    result: WrkResult
    start: float  # epoch seconds: wrk started
    end: float  # wrk stopped
    settled: float  # the outbox drained and what wrk left in flight finished
    cpu_s: float  # the server's CPU seconds from start to end
    cpu_settled_s: float  # … from start to settled: every order of the run, relayed
    background_cpu: float  # other processes' share of both cores, for 1 s just before
    load1: float
    drain_s: float | None
    statuses: Counter[str] = field(default_factory=Counter)  # "201 paid", "409 code" …
    orders: list[tuple[str, float]] = field(default_factory=list)  # (order id, paid at)
    server_orders: Counter[str] = field(default_factory=Counter)  # made start..settled

    @property
    def paid(self) -> int:
        return self.statuses["201 paid"]

    @property
    def responses(self) -> int:
        return sum(self.statuses.values())

    @property
    def checkouts_per_s(self) -> float:
        return self.result.rps * self.paid / max(1, self.responses)

    @property
    def cpu_ms_per_checkout(self) -> float:
        """Server CPU from wrk's start until the run's orders were all relayed, per order
        the server made paid in that time (those wrk left in flight included)."""
        return 1000 * self.cpu_settled_s / max(1, self.server_orders["paid"])

    @property
    def cpu_share(self) -> float:
        return self.cpu_s / max(1e-9, self.end - self.start)

    def to_json(self) -> Row:
        return {
            "label": self.label,
            **self.result.to_json(),
            "checkouts_per_s": round(self.checkouts_per_s, 1),
            "paid": self.paid,
            "responses": self.responses,
            "statuses": dict(self.statuses),
            "server_orders": dict(self.server_orders),
            "server_cpu_s": round(self.cpu_s, 3),
            "server_cpu_settled_s": round(self.cpu_settled_s, 3),
            "server_cpu_ms_per_checkout": round(self.cpu_ms_per_checkout, 3),
            "server_cpu_share": round(self.cpu_share, 3),
            "background_cpu_before": self.background_cpu,
            "load1_after": self.load1,
            "drain_s": self.drain_s,
            "window": [round(self.start, 3), round(self.end, 3), round(self.settled, 3)],
        }


@dataclass(slots=True)
class Bench:
    server: procs.Server
    client: Client
    customers: list[Customer]
    catalog: Catalog
    setup_path: Path
    log_dir: Path
    timeout_s: float
    runs: list[CheckoutRun] = field(default_factory=list)

    def checkout(self, kind: str, label: str, duration_s: float) -> CheckoutRun:
        refresh_tokens(self.client, self.customers)
        write_setup(self.setup_path, self.customers, self.catalog)
        slug = label.replace(" ", "")
        out = self.log_dir / f"checkout-{kind}-{slug}.tsv"
        out.write_text("")
        env = {
            "BENCH_LUA_DIR": str(SHARED_LUA),
            "BENCH_CHECKOUT_FILE": str(self.setup_path),
            "BENCH_CHECKOUT_MODE": kind,
            "BENCH_CHECKOUT_OUT": str(out),
            "BENCH_RUN_TAG": f"{kind}-{slug}-{time.time_ns()}",
        }
        job = WrkJob(self.server.base_url + "/api/v1/orders", LUA, CONNECTIONS, env)
        background = round(procs.background_cpu(), 3)
        cpu0, start = cpu_seconds(self.server.pid), time.time()
        (result,) = procs.run_wrk([job], duration_s, self.timeout_s)
        end, cpu1 = time.time(), cpu_seconds(self.server.pid)
        time.sleep(0.5)  # what wrk left in flight finishes
        drain_s = wait_drained(DATABASE)
        settled, cpu2 = time.time(), cpu_seconds(self.server.pid)
        run = CheckoutRun(
            kind,
            label,
            result,
            start,
            end,
            settled,
            cpu1 - cpu0,
            cpu2 - cpu0,
            background,
            os.getloadavg()[0],
            drain_s,
            server_orders=orders_made(start, settled),
        )
        for line in out.read_text().splitlines():
            status, detail, order_id, paid_at = [*line.split("\t"), "", "", ""][:4]
            run.statuses[f"{status} {detail}".strip()] += 1
            if status == "201" and order_id and paid_at:
                run.orders.append((order_id, parse_time(paid_at)))
        self.runs.append(run)
        print(
            f"  {kind:<6} {label:<8} {run.checkouts_per_s:7.1f} checkouts/s "
            f"p50 {result.p50_ms:7.2f} ms p99 {result.p99_ms:7.2f} ms "
            f"cpu {run.cpu_ms_per_checkout:5.2f} ms/checkout ({run.cpu_share:.0%} busy) "
            f"{dict(run.statuses)} drain {drain_s} s load {run.load1:.2f} "
            f"others {background:.0%}",
            flush=True,
        )
        return run


def floor_run(floor: sides.Side, label: str, duration_s: float, timeout_s: float) -> WrkResult:
    path = f"/api/v1/items/{floor.ids['id']}"
    env = {"BENCH_LUA_DIR": str(SHARED_LUA), "BENCH_TOKEN": floor.token()}
    job = WrkJob(floor.server.base_url + path, SHARED_LUA / "bearer_get.lua", CONNECTIONS, env)
    (result,) = procs.run_wrk([job], duration_s, timeout_s)
    time.sleep(0.2)
    print(
        f"  floor  {label:<8} {result.rps:7.1f} req/s        "
        f"p50 {result.p50_ms:7.2f} ms p99 {result.p99_ms:7.2f} ms errors {result.errors}",
        flush=True,
    )
    return result


# ---- Analysis -------------------------------------------------------------------------------


def quantiles(values: Sequence[float]) -> Row:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 4),
        "p99": round(at(0.99), 4),
        "max": round(ordered[-1], 4),
    }


def relay_figures(runs: Sequence[CheckoutRun]) -> dict[str, Row]:
    """Per scenario, from ordering_outbox: the messages the runs added per second; how fast
    the relay published them (their count over the time from the run's start to the last
    one's published_at: the rate it kept, catching up included); the most waiting at once;
    each message's wait, occurred_at to published_at (the relay stamps a whole batch with the
    time it finished it)."""
    rows = prepare.psql(
        DATABASE,
        "-c",
        "SELECT extract(epoch FROM occurred_at), coalesce(extract(epoch FROM published_at), -1)"
        " FROM ordering_outbox",
    ).splitlines()
    pairs = [(float(a), float(b)) for a, b in (r.split("|") for r in rows if r)]
    occurred = sorted(a for a, _ in pairs)
    published = sorted(b for _, b in pairs if b >= 0)
    out: dict[str, Row] = {}
    for kind in ("spread", "hot"):
        measured = [r for r in runs if r.kind == kind and r.label != "warm-up"]
        if not measured:
            continue
        added, relay_s, waits, backlog = 0, 0.0, [], 0
        for r in measured:
            mine = [(a, b) for a, b in pairs if r.start <= a < r.end]
            added += len(mine)
            if any(b < 0 for _, b in mine) or not mine:
                relay_s = math.inf
            else:
                relay_s += max(b for _, b in mine) - r.start
            waits += [b - a for a, b in mine if b >= 0]
            lo, hi = bisect.bisect_left(occurred, r.start), bisect.bisect_left(occurred, r.end)
            for t in occurred[lo:hi]:
                waiting = bisect.bisect_right(occurred, t) - bisect.bisect_right(published, t)
                backlog = max(backlog, waiting)
        out[kind] = {
            "added_per_s": round(added / sum(r.end - r.start for r in measured), 1),
            "relayed_per_s": round(added / relay_s, 1),
            "max_backlog": backlog,
            "outbox_wait_s": quantiles(waits),
            "drain_s": [r.drain_s for r in measured],
            "never_published": sum(1 for _, b in pairs if b < 0),
        }
    return out


def worker_throughput(log_path: Path) -> dict[str, Row]:
    """Per background job, what the server itself logged (``worker.throughput``, one line
    per 10 s window in which the job did something): windows, total and peak per second."""
    out: dict[str, Row] = {}
    with log_path.open("rb") as log:
        for raw in log:
            if b"worker.throughput" not in raw:
                continue
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if record.get("event") != "worker.throughput":
                continue
            job = out.setdefault(
                str(record.get("worker")),
                {"unit": record.get("unit"), "windows": 0, "total": 0, "peak_per_s": 0.0},
            )
            job["windows"] += 1
            job["total"] += int(record.get("total", 0))
            job["peak_per_s"] = max(job["peak_per_s"], float(record.get("per_second", 0.0)))
    return out


def commit_times(client: Client, admin: str, product_ids: Iterable[str]) -> dict[str, float]:
    """Order id -> when its stock commit was recorded (the latest of its lines'), per ledger."""
    found: dict[str, float] = {}
    for product_id in product_ids:
        path = f"/api/v1/products/{product_id}/stock/movements"
        for movement in pages(client, path, admin):
            if movement["reason"] == "commit" and movement["order_id"]:
                at = parse_time(movement["occurred_at"])
                order = str(movement["order_id"])
                found[order] = max(at, found.get(order, at))
    return found


def commit_lag(runs: Sequence[CheckoutRun], commits: dict[str, float]) -> dict[str, Row]:
    """Per scenario: paid time (the order's history, as answered) to its commit in the ledger."""
    out: dict[str, Row] = {}
    for kind in ("spread", "hot"):
        orders = [o for r in runs if r.kind == kind and r.label != "warm-up" for o in r.orders]
        if not orders:
            continue
        lags = [commits[o] - paid for o, paid in orders if o in commits]
        missing = sum(1 for o, _ in orders if o not in commits)
        out[kind] = {**quantiles(lags), "without_commit": missing}
    return out


def audit(client: Client, admin: str, catalog: Catalog) -> Row:
    """After the relay drained: did stock and orders agree, product by product?

    The hot product: on hand + units in paid orders = received, and nothing reserved.
    The spread: the money check sum(price * (received - on hand)) = the paid orders' totals,
    and nothing reserved. Orders are read with the admin list; a hot order is told by its
    total (one unit at HOT_PRICE_CENTS, below every spread price).
    """
    hot_statuses: Counter[str] = Counter()
    spread_statuses: Counter[str] = Counter()
    spread_paid_total = 0
    for order in pages(client, "/api/v1/admin/orders", admin):
        if order["total_cents"] == HOT_PRICE_CENTS and order["line_count"] == 1:
            hot_statuses[order["status"]] += 1
        else:
            spread_statuses[order["status"]] += 1
            if order["status"] == "paid":
                spread_paid_total += order["total_cents"]

    def stock(product_id: str) -> Row:
        path = f"/api/v1/products/{product_id}/stock"
        return dict(expect(client.request("GET", path), (200,), f"GET {path}"))

    hot = stock(catalog.hot)
    sold = hot_statuses["paid"]
    levels = {p: stock(p) for p in catalog.products}
    taken = sum(price * (STOCK - levels[p]["on_hand"]) for p, price in catalog.products.items())
    spread_reserved = sum(level["reserved"] for level in levels.values())
    return {
        "hot": {
            "received": STOCK,
            "on_hand": hot["on_hand"],
            "reserved": hot["reserved"],
            "orders": dict(hot_statuses),
            "sold": sold,
            "holds": hot["on_hand"] + sold == STOCK and hot["reserved"] == 0,
        },
        "spread": {
            "orders": dict(spread_statuses),
            "value_taken_from_stock_cents": taken,
            "value_of_paid_orders_cents": spread_paid_total,
            "reserved": spread_reserved,
            "holds": taken == spread_paid_total and spread_reserved == 0,
        },
    }


def summarize(runs: Sequence[CheckoutRun], kind: str) -> Row:
    measured = [r for r in runs if r.kind == kind and r.label != "warm-up"]
    statuses: Counter[str] = Counter()
    for r in measured:
        statuses.update(r.statuses)
    return {
        "checkouts_per_s": round(statistics.median(r.checkouts_per_s for r in measured), 1),
        "p50_ms": round(statistics.median(r.result.p50_ms for r in measured), 3),
        "p99_ms": round(statistics.median(r.result.p99_ms for r in measured), 3),
        "server_cpu_ms_per_checkout": round(
            statistics.median(r.cpu_ms_per_checkout for r in measured), 3
        ),
        "server_cpu_share": round(statistics.median(r.cpu_share for r in measured), 3),
        "background_cpu": round(statistics.median(r.background_cpu for r in measured), 3),
        "statuses": dict(statuses),
        "runs": [r.to_json() for r in measured],
    }


# ---- The whole run --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    duration_s: float
    warmup_s: float
    runs: int
    timeout_s: float
    quick: bool
    quiet_wait_s: float  # before each round, how long to wait for other processes to calm
    expiry: bool = False  # measure the expiry job instead of the checkouts
    orders: int = 0  # unpaid orders the expiry job gets to cancel


def parse_args(argv: list[str] | None) -> Settings:
    parser = argparse.ArgumentParser(prog="python -m bench.checkout", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smoke run: 3 s runs, 1 s warm-up")
    parser.add_argument("--duration", type=float, help="seconds per measured run (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (3)")
    parser.add_argument(
        "--expiry",
        action="store_true",
        help="measure the pending-order expiry job instead (about 2 to 3 minutes)",
    )
    parser.add_argument(
        "--orders",
        type=int,
        default=EXPIRY_ORDERS,
        help=f"with --expiry: unpaid orders to expire ({EXPIRY_ORDERS:,})",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.orders < 200:
        parser.error("--orders must be at least 200 (two batches of the expiry job)")
    quick = bool(args.quick)
    return Settings(
        duration_s=args.duration or (3.0 if quick else 10.0),
        warmup_s=1.0 if quick else 3.0,
        runs=args.runs,
        timeout_s=10.0,
        quick=quick,
        quiet_wait_s=10.0 if quick else 60.0,
        expiry=bool(args.expiry),
        orders=args.orders,
    )


def machine() -> Row:
    lscpu = prepare.run(["lscpu"], check=False)
    model = re.search(r"^Model name:\s*(.+)$", lscpu, re.MULTILINE)
    return {
        "nproc": prepare.run(["nproc"], check=False).strip(),
        "cpu": model.group(1).strip() if model else "?",
        "postgres": prepare.psql("postgres", "-c", "SHOW server_version"),
    }


def commit_id() -> str:
    head = prepare.run(
        ["git", "-C", str(prepare.REPO), "rev-parse", "--short", "HEAD"], check=False
    ).strip()
    dirty = prepare.run(["git", "-C", str(prepare.REPO), "status", "--porcelain"], check=False)
    return (head or "(no commit yet)") + (" + uncommitted changes" if dirty.strip() else "")


def wait_quiet(seconds: float) -> float:
    """Wait up to `seconds` until other processes use under 5 % of the CPU; their share."""
    deadline = time.monotonic() + seconds
    share = procs.background_cpu()
    while share > report.BUSY_SHARE and time.monotonic() < deadline:
        share = procs.background_cpu()
    return round(share, 3)


def cli_notes() -> list[str]:
    """A note when the server under test is not this working tree's `hexashop`."""
    if os.environ.get("BENCH_HEXASHOP_CLI"):
        return [f"hexashop run as BENCH_HEXASHOP_CLI={os.environ['BENCH_HEXASHOP_CLI']}"]
    return []


def benchmark(s: Settings, command: str) -> Row:
    prepare.ensure_wrk()
    uvicorn = prepare.ensure_floor_venv()
    prepare.check_postgres()
    if not procs.pinning_possible():
        raise SystemExit(f"the bench pins to cores {SERVER_CORE} and {LOAD_CORE}: both must exist")
    why_not = sides.hexashop_unavailable()
    if why_not:
        raise SystemExit(f"hexashop cannot be benchmarked: {why_not}")
    stamp = dt.datetime.now(dt.UTC)
    log_dir = RESULTS / f"logs-checkout-{stamp:%Y%m%dT%H%M%SZ}"
    log_dir.mkdir(parents=True, exist_ok=True)
    results: Row = {
        "date": f"{stamp:%Y-%m-%d %H:%M} UTC",
        "commit": commit_id(),
        "command": command,
        "machine": machine(),
        "settings": {
            "duration_s": s.duration_s,
            "warmup_s": s.warmup_s,
            "runs": s.runs,
            "connections": CONNECTIONS,
            "customers": CUSTOMERS,
            "products": PRODUCTS,
            "quick": s.quick,
        },
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "background_cpu_before": round(procs.background_cpu(), 3),
        "notes": cli_notes(),
        "logs": str(log_dir.relative_to(prepare.REPO)),
    }
    password = prepare.bench_password_hash()
    item_id = prepare.prepare_floor(password.hash, FLOOR_DATABASE)
    with ExitStack() as stack:
        prepare.pin_load_core(stack, results["notes"])
        print("starting hexashop and the floor", flush=True)
        side = stack.enter_context(sides.hexashop(log_dir, 0, port=PORT, database=DATABASE))
        floor = stack.enter_context(
            sides.floor(
                uvicorn, password.hash, item_id, log_dir, port=FLOOR_PORT, database=FLOOR_DATABASE
            )
        )
        admin = side.token()
        print(f"making {PRODUCTS} + 1 products and {CUSTOMERS} verified customers", flush=True)
        catalog = seed_catalog(side.client, admin, PRODUCTS)
        customers = make_customers(side.client, side.server.log_path, CUSTOMERS)
        bench = Bench(
            side.server,
            side.client,
            customers,
            catalog,
            log_dir / "checkout-setup.txt",
            log_dir,
            s.timeout_s,
        )
        floor_results: list[WrkResult] = []
        for kind in ("spread", "hot"):
            bench.checkout(kind, "warm-up", s.warmup_s)
        floor_run(floor, "warm-up", s.warmup_s, s.timeout_s)
        for i in range(s.runs):
            print(f"round {i + 1}: others' CPU {wait_quiet(s.quiet_wait_s):.0%}", flush=True)
            for kind in ("spread", "hot"):
                bench.checkout(kind, f"run {i + 1}", s.duration_s)
            floor_results.append(floor_run(floor, f"run {i + 1}", s.duration_s, s.timeout_s))
        results["load_after"] = [round(x, 2) for x in os.getloadavg()]
        drained = wait_drained(DATABASE)
        if drained is None:
            results["notes"].append(f"the outbox had not drained {DRAIN_TIMEOUT_S:.0f} s after")
        print("reading the outbox, the ledgers and the orders", flush=True)
        admin = side.token()
        results["spread"] = summarize(bench.runs, "spread")
        results["hot"] = summarize(bench.runs, "hot")
        results["floor_row_by_id"] = report.summarize(floor_results)
        results["relay"] = relay_figures(bench.runs)
        results["worker_throughput"] = worker_throughput(side.server.log_path)
        commits = commit_times(side.client, admin, [*catalog.products, catalog.hot])
        results["commit_lag_s"] = commit_lag(bench.runs, commits)
        results["audit"] = audit(side.client, admin, catalog)
        warm_ups = [r for r in bench.runs if r.label == "warm-up"]
        results["warm_up"] = [r.to_json() | {"kind": r.kind} for r in warm_ups]
    results["targets"] = targets(results)
    return results


def targets(r: Row) -> Row:
    spread, hot = r["spread"]["checkouts_per_s"], r["hot"]["checkouts_per_s"]
    lag = max((v.get("p99", 0.0) for v in r["commit_lag_s"].values()), default=None)
    lag_max = max((v.get("max", 0.0) for v in r["commit_lag_s"].values()), default=None)
    allowed = {"201 paid"} | {k for k in r["hot"]["statuses"] if k.startswith("409")}
    unexpected = {k: v for k, v in r["hot"]["statuses"].items() if k not in allowed}
    return {
        "rate": {"value": spread, "target": TARGET_RATE, "met": spread >= TARGET_RATE},
        "hot_share": {
            "value": round(hot / spread, 3) if spread else None,
            "target": TARGET_HOT_SHARE,
            "met": bool(spread) and hot / spread >= TARGET_HOT_SHARE,
        },
        "hot_errors": {"unexpected": unexpected, "met": not unexpected},
        "no_oversell": {"met": r["audit"]["hot"]["holds"] and r["audit"]["spread"]["holds"]},
        "commit_lag_p99_s": {
            "value": lag,
            "max": lag_max,
            "target": TARGET_LAG_S,
            "met": lag is not None and lag < TARGET_LAG_S,
        },
    }


# ---- Report ---------------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def _statuses(counts: dict[str, int]) -> str:
    return ", ".join(f"{k}: {v:,}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))


def _met(ok: bool) -> str:
    return "**met**" if ok else "**missed**"


def markdown(r: Row) -> str:
    s, m, sp, hot, fl = r["settings"], r["machine"], r["spread"], r["hot"], r["floor_row_by_id"]
    t, a = r["targets"], r["audit"]
    loads = [run["load1_after"] for k in ("spread", "hot") for run in r[k]["runs"]]
    lines = [
        f"### {r['date']} — commit {r['commit']}{' (quick smoke run)' if s['quick'] else ''}",
        "",
        f"Command: `{r['command']}`. Machine: {m['nproc']} x {m['cpu']}, PostgreSQL "
        f"{m['postgres'].split()[0]}. Load average (1, 5, 15 min) before: "
        f"{', '.join(f'{x:.2f}' for x in r['load_before'])}; after: "
        f"{', '.join(f'{x:.2f}' for x in r['load_after'])}; 1-min load after each checkout run "
        f"{min(loads):.2f} to {max(loads):.2f}; other processes' CPU just before: "
        f"{r['background_cpu_before']:.0%} of both cores.",
        f"{s['connections']} connections, {s['customers']} customers, {s['runs']} alternated "
        f"runs of {s['duration_s']:g} s per scenario after {s['warmup_s']:g} s of warm-up; "
        "medians.",
        "",
        "| scenario | checkouts/s | p50 | p99 | server CPU per checkout | server CPU busy "
        "| others' CPU before | responses (all runs) |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in (
        ("spread: 1 or 2 lines over 100 products", sp),
        ("hot: all 32 clients buy the same product", hot),
    ):
        lines.append(
            f"| {name} | {row['checkouts_per_s']:,.0f} | {_ms(row['p50_ms'])} "
            f"| {_ms(row['p99_ms'])} | {row['server_cpu_ms_per_checkout']:.2f} ms "
            f"| {row['server_cpu_share']:.0%} | {row['background_cpu']:.0%} "
            f"| {_statuses(row['statuses'])} |"
        )
    lines.append(
        f"| floor `GET /api/v1/items/{{id}}` (yardstick) | {fl['rps']:,.0f} req/s "
        f"| {_ms(fl['p50_ms'])} | {_ms(fl['p99_ms'])} | | | | errors: {fl['errors']} |"
    )
    lines += [
        "",
        f"Checkouts/s per floor row-by-id req/s: {sp['checkouts_per_s'] / fl['rps']:.3f} "
        f"(spread), {hot['checkouts_per_s'] / fl['rps']:.3f} (hot).",
        "",
        "Relay (from `ordering_outbox` during the measured runs; lag from the paid time in the "
        "order's history to the commit movement in the product's ledger):",
        "",
        "| scenario | outbox messages added/s | relayed/s | most waiting | outbox wait "
        "p50 / p99 / max | paid → stock committed p50 / p99 / max | drained after each run |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for kind in ("spread", "hot"):
        rel, lag = r["relay"][kind], r["commit_lag_s"][kind]
        wait = rel["outbox_wait_s"]
        lines.append(
            f"| {kind} | {rel['added_per_s']:,.0f} | {rel['relayed_per_s']:,.0f} "
            f"| {rel['max_backlog']:,} "
            f"| {wait['p50'] * 1000:.0f} / {wait['p99'] * 1000:.0f} / {wait['max'] * 1000:.0f} ms "
            f"| {lag['p50'] * 1000:.0f} / {lag['p99'] * 1000:.0f} / {lag['max'] * 1000:.0f} ms "
            f"({lag['n']:,} orders, {lag['without_commit']} without a commit) "
            f"| {', '.join('—' if d is None else f'{d:g} s' for d in rel['drain_s'])} |"
        )
    jobs = r.get("worker_throughput", {})
    lines += [
        "",
        _jobs_line(jobs)
        + ("" if "order_expiry" in jobs else " (no order expired: none was unpaid for the TTL)")
        + ".",
    ]
    h, sa = a["hot"], a["spread"]
    lines += [
        "",
        f"Audit after the relay drained: hot product received {h['received']:,}, on hand "
        f"{h['on_hand']:,}, reserved {h['reserved']}, sold (paid orders) {h['sold']:,}: on hand + "
        f"sold {'=' if h['on_hand'] + h['sold'] == h['received'] else '≠'} received "
        f"({'holds' if h['holds'] else '**does not hold**'}); its orders: "
        f"{_statuses(h['orders'])}. Spread: Σ price x units gone from stock "
        f"{sa['value_taken_from_stock_cents']:,} ¢ "
        f"{'=' if sa['value_taken_from_stock_cents'] == sa['value_of_paid_orders_cents'] else '≠'}"
        f" Σ paid orders' totals {sa['value_of_paid_orders_cents']:,} ¢, reserved "
        f"{sa['reserved']} ({'holds' if sa['holds'] else '**does not hold**'}); orders: "
        f"{_statuses(sa['orders'])} (warm-ups included).",
        "",
        "Targets:",
        "",
        f"- ≥ {TARGET_RATE:.0f} checkouts/s on one worker process: {t['rate']['value']:,.0f} — "
        f"{_met(t['rate']['met'])}.",
        f"- hot product at least {TARGET_HOT_SHARE:.0%} of the spread rate: "
        f"{t['hot_share']['value']:.2f} — {_met(t['hot_share']['met'])}; errors other than 409: "
        f"{_statuses(t['hot_errors']['unexpected']) or 'none'} — {_met(t['hot_errors']['met'])}; "
        f"no oversell, nothing left reserved — {_met(t['no_oversell']['met'])}.",
        f"- paid → stock committed < {TARGET_LAG_S:g} s (p99 of every measured order): "
        f"{t['commit_lag_p99_s']['value'] * 1000:.0f} ms (max "
        f"{t['commit_lag_p99_s']['max'] * 1000:.0f} ms) — {_met(t['commit_lag_p99_s']['met'])}.",
    ]
    if r["notes"]:
        lines += ["", "Notes:", "", *(f"- {n}" for n in r["notes"])]
    return "\n".join(lines) + "\n"


# ---- The expiry job (--expiry) --------------------------------------------------------------


@contextmanager
def environ(values: dict[str, str]) -> Iterator[None]:
    """os.environ with `values` for the block (sides.hexashop passes it to the server)."""
    before = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def expiry_settings(interval_s: float) -> dict[str, str]:
    return {
        "HEXASHOP_PENDING_ORDER_TTL_MINUTES": str(EXPIRY_TTL_MINUTES),
        "HEXASHOP_ORDER_EXPIRY_INTERVAL_SECONDS": f"{interval_s:g}",
    }


def place_pending_orders(
    client: Client, customers: Sequence[Customer], catalog: Catalog, count: int
) -> list[str]:
    """`count` orders without a payment method (pending payment, stock reserved), the
    customers taking turns, 1 or 2 lines of 1 or 2 units over the spread's products."""
    rng = random.Random(4)
    products = list(catalog.products)
    ids = []
    for n in range(count):
        lines = [
            {"product_id": p, "quantity": rng.randint(1, 2)}
            for p in rng.sample(products, rng.randint(1, 2))
        ]
        token = customers[n % len(customers)].token
        reply = client.request("POST", "/api/v1/orders", json_body={"lines": lines}, token=token)
        order = expect(reply, (201,), "POST /api/v1/orders (no payment method)")
        if order["status"] != "pending_payment":
            raise SetupError(f"an order without a payment method is {order['status']}")
        ids.append(str(order["id"]))
    return ids


def stock_totals(database: str) -> tuple[int, int]:
    """Σ on hand and Σ reserved over every product's stock level."""
    row = prepare.psql(
        database, "-c", "SELECT sum(on_hand), sum(reserved) FROM stock_levels"
    ).split("|")
    return int(row[0]), int(row[1])


def expiry_progress(database: str) -> tuple[int, int, int]:
    """Orders cancelled, outbox messages unpublished, units reserved: one psql call."""
    row = prepare.psql(
        database,
        "-c",
        "SELECT (SELECT count(*) FROM orders WHERE status = 'cancelled'),"
        " (SELECT count(*) FROM ordering_outbox WHERE published_at IS NULL),"
        " (SELECT coalesce(sum(reserved), 0) FROM stock_levels)",
    ).split("|")
    return int(row[0]), int(row[1]), int(row[2])


def epochs(database: str, query: str) -> list[tuple[str, float, float]]:
    """Rows of (text, epoch, epoch or -1) from a query selecting three such columns."""
    rows = prepare.psql(database, "-c", query).splitlines()
    return [(a, float(b), float(c)) for a, b, c in (r.split("|") for r in rows if r)]


def expiry_figures(database: str, ready: float, done: float | None) -> Row:
    """From the database after the run: when each order was cancelled (its history: the
    job stamps a whole batch with the moment the batch began), when its order_cancelled
    message occurred and was published, and when its stock was released (the latest of its
    `release` movements in the ledger)."""
    cancelled = {
        o: at
        for o, at, _ in epochs(
            database,
            "SELECT order_id, extract(epoch FROM at), -1 FROM order_status_changes"
            " WHERE to_status = 'cancelled'",
        )
    }
    outbox = epochs(
        database,
        "SELECT payload->>'order_id', extract(epoch FROM occurred_at),"
        " coalesce(extract(epoch FROM published_at), -1) FROM ordering_outbox"
        f" WHERE topic = '{ORDER_CANCELLED}'",
    )
    released: dict[str, float] = {}
    for o, at, _ in epochs(
        database,
        "SELECT order_id, extract(epoch FROM occurred_at), -1 FROM stock_movements"
        " WHERE reason = 'release' AND order_id IS NOT NULL",
    ):
        released[o] = max(at, released.get(o, at))
    batches = Counter(cancelled.values())
    starts = sorted(batches)
    first = starts[0] if starts else math.nan
    # Whole batches follow each other without a pause: from the first batch's start to the
    # last's, the job cancelled every batch but the last.
    job_s = starts[-1] - first if len(starts) > 1 else math.nan
    before_last = len(cancelled) - batches[starts[-1]] if starts else 0
    published = [b for _, _, b in outbox if b >= 0]
    return {
        "cancelled": len(cancelled),
        "batches": len(starts),
        "batch_sizes": dict(Counter(batches.values())),
        "batch_s": quantiles([b - a for a, b in itertools.pairwise(starts)]),
        "first_batch_at": round(first, 3),
        "last_batch_at": round(starts[-1], 3) if starts else None,
        "cancelled_per_s": round(before_last / job_s, 1) if job_s > 0 else None,
        "first_batch_after_ready_s": round(first - ready, 3),
        "all_cancelled_after_first_batch_s": (round(done - first, 3) if done is not None else None),
        "messages": len(outbox),
        "never_published": sum(1 for _, _, b in outbox if b < 0),
        "relayed_per_s": (
            round(len(published) / (max(published) - first), 1) if published else None
        ),
        "relayed_all_after_first_batch_s": (
            round(max(published) - first, 3) if published else None
        ),
        "outbox_wait_s": quantiles([b - a for _, a, b in outbox if b >= 0]),
        "released": len(released),
        "released_per_s": (
            round(len(released) / (max(released.values()) - first), 1) if released else None
        ),
        "cancel_to_release_s": quantiles(
            [at - cancelled[o] for o, at in released.items() if o in cancelled]
        ),
        "cancelled_without_release": sum(1 for o in cancelled if o not in released),
    }


def expiry_audit(client: Client, admin: str, catalog: Catalog, order_ids: Sequence[str]) -> Row:
    """Every placed order cancelled (by the system, reason expired: the history's last
    step), every product's on hand as received and nothing reserved."""
    statuses: Counter[str] = Counter()
    for order in pages(client, "/api/v1/admin/orders", admin):
        statuses[order["status"]] += 1
    levels = []
    for product_id in [*catalog.products, catalog.hot]:
        path = f"/api/v1/products/{product_id}/stock"
        levels.append(expect(client.request("GET", path), (200,), f"GET {path}"))
    reasons: Counter[str] = Counter()
    for order_id in order_ids[:: max(1, len(order_ids) // 50)]:  # a sample of 50 histories
        path = f"/api/v1/orders/{order_id}"
        last = expect(client.request("GET", path, token=admin), (200,), f"GET {path}")
        step = last["history"][-1]
        reasons[f"{step['to']} by {step.get('by') or 'system'} ({step.get('reason')})"] += 1
    on_hand = sum(level["on_hand"] for level in levels)
    reserved = sum(level["reserved"] for level in levels)
    received = STOCK * len(levels)
    return {
        "orders": dict(statuses),
        "sampled_last_steps": dict(reasons),
        "received": received,
        "on_hand": on_hand,
        "reserved": reserved,
        "holds": statuses == Counter({"cancelled": len(order_ids)})
        and on_hand == received
        and reserved == 0,
    }


def expiry_benchmark(s: Settings, command: str) -> Row:
    """Place s.orders unpaid orders, let them age past the TTL with no server running, then
    start a server whose expiry job finds them all at once, and watch it work."""
    prepare.check_postgres()
    if not procs.pinning_possible():
        raise SystemExit(f"the bench pins to cores {SERVER_CORE} and {LOAD_CORE}: both must exist")
    why_not = sides.hexashop_unavailable()
    if why_not:
        raise SystemExit(f"hexashop cannot be benchmarked: {why_not}")
    cli = sides.hexashop_cli()
    assert cli is not None
    stamp = dt.datetime.now(dt.UTC)
    log_dir = RESULTS / f"logs-checkout-expiry-{stamp:%Y%m%dT%H%M%SZ}"
    log_dir.mkdir(parents=True, exist_ok=True)
    results: Row = {
        "date": f"{stamp:%Y-%m-%d %H:%M} UTC",
        "commit": commit_id(),
        "command": command,
        "machine": machine(),
        "settings": {
            "orders": s.orders,
            "customers": CUSTOMERS,
            "products": PRODUCTS,
            "ttl_minutes": EXPIRY_TTL_MINUTES,
            "expiry_interval_s": EXPIRY_INTERVAL_S,
            "margin_s": EXPIRY_MARGIN_S,
        },
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "background_cpu_before": round(procs.background_cpu(), 3),
        "notes": cli_notes(),
        "logs": str(log_dir.relative_to(prepare.REPO)),
    }
    with ExitStack() as stack:
        prepare.pin_load_core(stack, results["notes"])
        print("starting hexashop to place the orders", flush=True)
        with (
            environ(expiry_settings(EXPIRY_IDLE_INTERVAL_S)),
            sides.hexashop(log_dir, 0, port=PORT, database=DATABASE) as side,
        ):
            startup_cpu = cpu_seconds(side.server.pid)
            admin = side.token()
            print(f"making {PRODUCTS} + 1 products and {CUSTOMERS} verified customers", flush=True)
            catalog = seed_catalog(side.client, admin, PRODUCTS)
            customers = make_customers(side.client, side.server.log_path, CUSTOMERS)
            print(f"placing {s.orders:,} orders without a payment method", flush=True)
            start = time.time()
            order_ids = place_pending_orders(side.client, customers, catalog, s.orders)
            placed_s = time.time() - start
            drained = wait_drained(DATABASE)
            on_hand, reserved = stock_totals(DATABASE)
        results["placing"] = {
            "orders": len(order_ids),
            "seconds": round(placed_s, 2),
            "orders_per_s": round(len(order_ids) / placed_s, 1),
            "outbox_drained_s": drained,
            "on_hand": on_hand,
            "reserved": reserved,
            "server_startup_cpu_s": round(startup_cpu, 3),
        }
        print(
            f"  placed {len(order_ids):,} in {placed_s:.1f} s; {reserved:,} units reserved",
            flush=True,
        )
        newest = float(
            prepare.psql(DATABASE, "-c", "SELECT extract(epoch FROM max(created_at)) FROM orders")
        )
        wait_s = max(0.0, newest + EXPIRY_TTL_MINUTES * 60 + EXPIRY_MARGIN_S - time.time())
        print(f"no server: waiting {wait_s:.0f} s for every order to pass the TTL", flush=True)
        time.sleep(wait_s)
        results["background_cpu_before_expiry"] = round(procs.background_cpu(), 3)
        env = {
            **os.environ,
            "HEXASHOP_DATABASE_URL": prepare.db_url(DATABASE),
            "HEXASHOP_DATA_DIR": str(sides.HEXASHOP_DATA),
            "HEXASHOP_RATE_LIMITS": "off",
            **expiry_settings(EXPIRY_INTERVAL_S),
        }
        print("starting hexashop to expire them", flush=True)
        launched = time.time()
        server = stack.enter_context(
            procs.server(
                "hexashop",
                [str(cli), "serve", "--host", LOCALHOST, "--port", str(PORT)],
                port=PORT,
                env=env,
                ready_path="/healthz",
                log_path=log_dir / "hexashop-expiry.log",
                cwd=prepare.REPO,
            )
        )
        ready, cpu_ready = time.time(), cpu_seconds(server.pid)
        progress: list[tuple[float, int, int, int]] = []
        done: float | None = None
        settled: float | None = None
        while time.time() - ready < EXPIRY_TIMEOUT_S:
            cancelled, unpublished_now, reserved_now = expiry_progress(DATABASE)
            progress.append((round(time.time(), 3), cancelled, unpublished_now, reserved_now))
            if done is None and cancelled >= len(order_ids):
                done = time.time()
            if done is not None and unpublished_now == 0 and reserved_now == 0:
                settled = time.time()
                break
            time.sleep(EXPIRY_POLL_S)
        cpu_settled = cpu_seconds(server.pid)
        # The server logs worker.throughput once a 10 s window has passed (at the job's next
        # step after it): keep it running past its first window.
        time.sleep(max(0.0, launched + EXPIRY_LOG_WINDOW_S - time.time()))
        if settled is None:
            results["notes"].append(f"not settled {EXPIRY_TIMEOUT_S:.0f} s after the start")
        results["load_after"] = [round(x, 2) for x in os.getloadavg()]
        client = stack.enter_context(closing(Client(server.base_url)))
        admin = sides.hexashop_login(client)
        figures = expiry_figures(DATABASE, ready, done)
        results["expiry"] = figures | {
            "launched_at": round(launched, 3),
            "ready_at": round(ready, 3),
            "ready_after_launch_s": round(ready - launched, 3),
            "done_at": None if done is None else round(done, 3),
            "settled_at": None if settled is None else round(settled, 3),
            "server_cpu_at_ready_s": round(cpu_ready, 3),
            "server_cpu_at_settled_s": round(cpu_settled, 3),
            # The job starts before the server answers: its CPU before that is estimated
            # as what the placing server, the same code, had spent by the time it was ready.
            "server_cpu_ms_per_order": round(
                1000 * (cpu_settled - startup_cpu) / max(1, len(order_ids)), 3
            ),
            "progress": progress,
        }
        results["worker_throughput"] = worker_throughput(server.log_path)
        results["audit"] = expiry_audit(client, admin, catalog, order_ids)
    return results


def expiry_markdown(r: Row) -> str:
    s, m, pl, e, a = r["settings"], r["machine"], r["placing"], r["expiry"], r["audit"]

    def q(row: Row) -> str:
        if not row.get("n"):
            return "—"
        return f"{row['p50'] * 1000:.0f} / {row['p99'] * 1000:.0f} / {row['max'] * 1000:.0f} ms"

    def per_s(value: float | None) -> str:
        return "—" if value is None else f"{value:,.0f}"

    def after(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f} s"

    jobs = r.get("worker_throughput", {})
    lines = [
        f"### {r['date']} — commit {r['commit']} (expiry job)",
        "",
        f"Command: `{r['command']}`. Machine: {m['nproc']} x {m['cpu']}, PostgreSQL "
        f"{m['postgres'].split()[0]}. Load average (1, 5, 15 min) before: "
        f"{', '.join(f'{x:.2f}' for x in r['load_before'])}; after: "
        f"{', '.join(f'{x:.2f}' for x in r['load_after'])}; other processes' CPU just before "
        f"the expiring server started: {r['background_cpu_before_expiry']:.0%} of both cores.",
        "",
        f"{pl['orders']:,} orders without a payment method placed through the API by "
        f"{s['customers']} customers ({pl['orders_per_s']:,.0f}/s, one at a time), "
        f"{pl['reserved']:,} units reserved; the server stopped, every order left to pass the "
        f"TTL ({s['ttl_minutes']} min, + {s['margin_s']:g} s); then `hexashop serve` started "
        f"on the same database with HEXASHOP_ORDER_EXPIRY_INTERVAL_SECONDS="
        f"{s['expiry_interval_s']:g}, its expiry job finding them all at once "
        f"(ready {e['ready_after_launch_s']:.2f} s after launch; first batch "
        f"{e['first_batch_after_ready_s']:+.2f} s from ready).",
        "",
        "| orders | batches (size: count) | cancelled/s | batch p50 / p99 / max "
        "| all cancelled | order_cancelled relayed/s | all relayed | outbox wait "
        "p50 / p99 / max | released/s | cancelled → released p50 / p99 / max "
        "| server CPU per order |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {e['cancelled']:,} | {e['batches']} "
        f"({', '.join(f'{k}: {v}' for k, v in sorted(e['batch_sizes'].items()))}) "
        f"| {per_s(e['cancelled_per_s'])} | {q(e['batch_s'])} "
        f"| {after(e['all_cancelled_after_first_batch_s'])} | {per_s(e['relayed_per_s'])} "
        f"| {after(e['relayed_all_after_first_batch_s'])} | {q(e['outbox_wait_s'])} "
        f"| {per_s(e['released_per_s'])} | {q(e['cancel_to_release_s'])} "
        f"| {e['server_cpu_ms_per_order']:.2f} ms |",
        "",
        _jobs_line(jobs) + ".",
        "",
        f"Audit after the relay drained: orders {_statuses(a['orders'])}; sampled last steps "
        f"{_statuses(a['sampled_last_steps'])}; on hand {a['on_hand']:,} of {a['received']:,} "
        f"received, reserved {a['reserved']} "
        f"({'holds' if a['holds'] else '**does not hold**'}); "
        f"{e['never_published']} message(s) never published, "
        f"{e['cancelled_without_release']} cancelled order(s) without a release.",
    ]
    if r["notes"]:
        lines += ["", "Notes:", "", *(f"- {n}" for n in r["notes"])]
    return "\n".join(lines) + "\n"


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    command = " ".join(["python -m bench.checkout", *(sys.argv[1:] if argv is None else argv)])
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if settings.expiry:
            results = expiry_benchmark(settings, command)
        else:
            results = benchmark(settings, command)
    except KeyboardInterrupt:
        print("interrupted; every process the bench started has been stopped", file=sys.stderr)
        return 130
    RESULTS.mkdir(parents=True, exist_ok=True)
    kind = "checkout-expiry-" if settings.expiry else "checkout-"
    name = kind + dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{name}{'-quick' if settings.quick and not settings.expiry else ''}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nresults: {path.relative_to(prepare.REPO)}\n")
    print(expiry_markdown(results) if settings.expiry else markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())


def _jobs_line(jobs: dict[str, Any]) -> str:
    """The background jobs' throughput as the server logged it, as one sentence's start."""
    logged = "; ".join(
        f"{name}: {job['total']:,} {job['unit']} in {job['windows']} windows, peak "
        f"{job['peak_per_s']:,.1f}/s"
        for name, job in sorted(jobs.items())
    )
    return "Background jobs as the server logged them (`worker.throughput`, 10 s windows): " + (
        logged or "none logged"
    )
