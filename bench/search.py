"""Catalog search latency at scale: `.venv/bin/python -m bench.search`.

For each size (10,000 and 1,000,000 products by default) it recreates the database
`hexashop_search_bench_<N>` on the local PostgreSQL (BENCH_PG_URL, 127.0.0.1 only), fills it
with `hexashop seed --products N --seed 1` (timed), and measures the SearchProducts use case
in process, on PostgresCatalogUnitOfWork, one query at a time: per filter combination a
warm-up, then N queries (200) cycling through a few variants drawn from the seeded catalog;
p50, p95 and p99 per size, and the ratio p95(largest) / p95(smallest). A combination that
misses a target at the largest size gets the EXPLAIN (ANALYZE, BUFFERS) of the statements
its slowest variant runs in the report (every combination's is in the JSON). Prints
markdown; writes bench/results/search-<UTC time>.json.

While it measures, the harness and its own PostgreSQL backends run at nice -10 (root;
`--no-priority` to leave them be), so that other work on a shared machine disturbs the
figures less; the seeding runs at normal priority. `--reuse` keeps each size's database
that already holds its products (not seeding it again, so its seed is not timed), migrating
it to the current schema first. See
docs/benchmarks.md, "Catalog search at scale".
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from adapters.outbound.persistence.postgres.catalog.unit_of_work import PostgresCatalogUnitOfWork
from adapters.outbound.persistence.postgres.pool import ConnectionPool
from application.catalog.queries.get_category_tree import (
    GetCategoryTree,
    GetCategoryTreeHandler,
)
from application.catalog.queries.search_products import SearchProducts, SearchProductsHandler
from application.catalog.views import CategoryTreeNode
from bench import prepare, procs
from bench.sides import hexashop_cli

DATABASE = "hexashop_search_bench"  # a database per size: hexashop_search_bench_<products>
SEED = 1
DEFAULT_SIZES = (10_000, 1_000_000)
QUERIES = 200
WARMUP = 20
DEEP_PAGE = 50
PAGE_SIZE = 20
P95_TARGET_MS = 25.0
RATIO_TARGET = 3.0
SEED_TARGET_S = 600.0  # `hexashop seed --products 1000000`
PRIORITY = -10  # nice value of the harness and of its own PostgreSQL backends (root only)
RESULTS = prepare.BENCH / "results"
DATA_DIR = prepare.BENCH / ".hexashop-data"


# ---- What is measured ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Shape:
    key: str
    label: str
    variants: list[SearchProducts]


@dataclass(slots=True)
class Timing:
    samples_ms: list[float] = field(default_factory=list)
    by_variant_ms: dict[int, list[float]] = field(default_factory=dict)

    def summary(self) -> dict[str, float]:
        cuts = statistics.quantiles(self.samples_ms, n=100, method="inclusive")
        return {
            "p50": statistics.median(self.samples_ms),
            "p95": cuts[94],
            "p99": cuts[98],
            "max": max(self.samples_ms),
            "n": len(self.samples_ms),
        }

    def slowest_variant(self) -> int:
        return max(self.by_variant_ms, key=lambda i: statistics.median(self.by_variant_ms[i]))


class StatementLog(ConnectionPool):
    """A pool that records the SQL its connections run, with the arguments, to EXPLAIN it."""

    def __init__(self, database_url: str) -> None:
        super().__init__(database_url, size=1)
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    async def acquire(self) -> Any:
        connection = await super().acquire()
        connection.add_query_logger(self._record)
        return connection

    async def release(self, connection: Any) -> None:
        connection.remove_query_logger(self._record)
        await super().release(connection)

    def _record(self, logged: Any) -> None:
        self.statements.append((logged.query, tuple(logged.args)))


def _typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard: a letter dropped, doubled or swapped with its neighbour."""
    i = rng.randrange(1, len(word) - 2)
    match rng.randrange(3):
        case 0:
            return word[:i] + word[i + 1 :]
        case 1:
            return word[: i + 1] + word[i] + word[i + 1 :]
        case _:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


async def shapes(pool: ConnectionPool) -> list[Shape]:
    """The documented filter combinations, each with variants drawn from the catalog."""
    rng = random.Random(SEED)
    connection = await pool.acquire()
    try:
        name_list = await _column(
            connection, "SELECT name FROM products WHERE active ORDER BY sku LIMIT 400"
        )
        color_list = await _column(
            connection, "SELECT DISTINCT metadata->>'color' FROM products ORDER BY 1 LIMIT 8"
        )
        material_list = await _column(
            connection,
            "SELECT DISTINCT metadata->>'material' FROM products"
            " WHERE metadata ? 'material' ORDER BY 1 LIMIT 6",
        )
    finally:
        await pool.release(connection)
    tree = await GetCategoryTreeHandler(uow=PostgresCatalogUnitOfWork(pool)).handle(
        GetCategoryTree()
    )

    typos: list[str] = []
    for name in rng.sample(name_list, 10):
        words = [w for w in re.findall(r"[A-Za-z]+", name) if len(w) >= 5]
        brand, thing = words[0], words[-1] if len(words) > 1 else words[0]
        typos.append(f"{_typo(brand.lower(), rng)} {thing.lower()}")
    departments = [node for node in tree if node.children]
    aisles = [child for node in departments for child in node.children]
    categories = [n.id for n in departments[:3]] + [n.id for n in _aisles_with_children(aisles)[:3]]
    prices = [(1_000, 5_000), (5_000, 20_000), (2_000, 3_000)]
    return [
        Shape(
            "typo_relevance",
            "`q` with a typo, by relevance",
            [SearchProducts(q=q, sort="relevance") for q in typos],
        ),
        Shape("typo_newest", "`q` with a typo, newest first", [SearchProducts(q=q) for q in typos]),
        Shape(
            "category_price",
            "category subtree + price range",
            [
                SearchProducts(category_id=c, min_price=low, max_price=high)
                for c in categories
                for low, high in prices
            ],
        ),
        Shape(
            "in_stock_price",
            "`in_stock` + sort by price",
            [
                SearchProducts(in_stock=True, sort="price"),
                SearchProducts(in_stock=True, sort="-price"),
                SearchProducts(in_stock=True, sort="price", currency="USD"),
            ],
        ),
        Shape(
            "metadata",
            "metadata containment",
            [SearchProducts(metadata={"color": c}) for c in color_list[:4]]
            + [
                SearchProducts(metadata={"color": c, "material": m})
                for c, m in zip(color_list, material_list, strict=False)
            ]
            + [SearchProducts(metadata={"tags": ["eco"]})],
        ),
    ]


async def _column(connection: Any, sql: str) -> list[Any]:
    return [row[0] for row in await connection.fetch(sql)]


def _aisles_with_children(aisles: Sequence[CategoryTreeNode]) -> list[CategoryTreeNode]:
    return [aisle for aisle in aisles if aisle.children] or list(aisles)


async def deep_pages(pool: ConnectionPool) -> Shape:
    """The 50th page of walks (newest, price, name): each variant carries its page's cursor."""
    handler = SearchProductsHandler(uow=PostgresCatalogUnitOfWork(pool))
    variants = []
    for sort in ("newest", "price", "name"):
        cursor: str | None = None
        for _ in range(DEEP_PAGE - 1):
            page = await handler.handle(SearchProducts(sort=sort, cursor=cursor, limit=PAGE_SIZE))
            cursor = page.next_cursor
        variants.append(SearchProducts(sort=sort, cursor=cursor, limit=PAGE_SIZE))
    return Shape("deep_page", f"page {DEEP_PAGE} of a cursor walk", variants)


async def measure(pool: ConnectionPool, shape: Shape, queries: int, priority: str | None) -> Timing:
    handler = SearchProductsHandler(uow=PostgresCatalogUnitOfWork(pool))
    for i in range(WARMUP):
        await handler.handle(shape.variants[i % len(shape.variants)])
    if priority is not None:
        _raise_priority(priority)
    timing = Timing()
    for i in range(queries):
        index = i % len(shape.variants)
        started = time.perf_counter()
        await handler.handle(shape.variants[index])
        elapsed = (time.perf_counter() - started) * 1000
        timing.samples_ms.append(elapsed)
        timing.by_variant_ms.setdefault(index, []).append(elapsed)
    return timing


async def explain(database_url: str, variant: SearchProducts) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement the use case runs for ``variant``, in
    order and in one transaction, as it runs them (whatever the adapter's strategy)."""
    log = StatementLog(database_url)
    try:
        handler = SearchProductsHandler(uow=PostgresCatalogUnitOfWork(log))
        # Twice, keeping the second run's: the first also carries the driver's own queries
        # (type introspection on a new connection).
        await handler.handle(variant)
        log.statements = []
        await handler.handle(variant)
        plans: list[str] = []
        connection = await log.acquire()
        log.statements, statements = [], log.statements
        try:
            async with connection.transaction():
                for statement, arguments in statements:
                    if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                        continue
                    explained = await connection.fetch(
                        "EXPLAIN (ANALYZE, BUFFERS) " + statement, *arguments
                    )
                    plans.append(
                        f"-- {' '.join(statement.split())[:100]} …\n"
                        + "\n".join(row[0] for row in explained)
                    )
        finally:
            await log.release(connection)
    finally:
        await log.close()
    return "\n\n".join(plans)


# ---- Sizes: seeding and measuring ----------------------------------------------------------


def database(products: int) -> str:
    return f"{DATABASE}_{products}"


def seeded_products(name: str) -> int | None:
    """How many products a bench database holds; None when it does not exist."""
    exists = prepare.psql(
        "postgres", "-c", f"SELECT count(*) FROM pg_database WHERE datname = '{name}'"
    )
    if exists != "1":
        return None
    try:
        return int(prepare.psql(name, "-c", "SELECT count(*) FROM products"))
    except RuntimeError:
        return None


def _cli_env(name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEXASHOP_")}
    return env | {"HEXASHOP_DATABASE_URL": prepare.db_url(name), "HEXASHOP_DATA_DIR": str(DATA_DIR)}


def migrate(name: str, cli: Path) -> None:
    """`hexashop migrate`: a reused database gets the indexes added since it was seeded."""
    prepare.run([str(cli), "migrate"], env=_cli_env(name), timeout=3600)


def seed(products: int, cli: Path) -> float:
    """Recreate the size's database and run `hexashop seed` into it; the command's seconds."""
    name = database(products)
    prepare.recreate_db(name)
    env = _cli_env(name)
    migrate(name, cli)
    command = [str(cli), "seed", "--products", str(products), "--seed", str(SEED)]
    print(f"  $ {' '.join(['hexashop', *command[1:]])}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        command,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=3 * 3600,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"hexashop seed failed ({done.returncode}): {done.stderr[-2000:]}")
    print(f"  {done.stdout.strip()}", flush=True)
    return seconds


def _raise_priority(name: str) -> None:
    """Runs the harness's backends (those on its database) at PRIORITY, as the harness.

    Called after each warm-up, when the pool has opened its connections.
    """
    pids = prepare.psql(
        "postgres",
        "-c",
        f"SELECT pid FROM pg_stat_activity WHERE datname = '{name}'"
        " AND application_name = 'hexashop'",
    )
    for pid in pids.split():
        os.setpriority(os.PRIO_PROCESS, int(pid), PRIORITY)


async def measure_size(products: int, queries: int, priority: bool) -> dict[str, Any]:
    name = database(products)
    pool = ConnectionPool(prepare.db_url(name), size=2)
    niceness = os.getpriority(os.PRIO_PROCESS, 0)
    if priority:
        os.setpriority(os.PRIO_PROCESS, 0, PRIORITY)
    try:
        size: dict[str, Any] = {
            "products": products,
            "database_size": prepare.psql(
                name, "-c", "SELECT pg_size_pretty(pg_database_size(current_database()))"
            ),
            "shapes": {},
        }
        for shape in [*await shapes(pool), await deep_pages(pool)]:
            background = procs.background_cpu(0.5)
            timing = await measure(pool, shape, queries, name if priority else None)
            summary = timing.summary()
            slowest = shape.variants[timing.slowest_variant()]
            size["shapes"][shape.key] = {
                "label": shape.label,
                "background_cpu": round(background, 3),
                **summary,
                "variants": len(shape.variants),
                "slowest_variant": _describe(slowest),
                "explain": await explain(prepare.db_url(name), slowest),
            }
            print(
                f"  {shape.key:<15} p50 {summary['p50']:7.2f} ms  p95 {summary['p95']:7.2f} ms"
                f"  p99 {summary['p99']:7.2f} ms",
                flush=True,
            )
        return size
    finally:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
        await pool.close()


def _describe(query: SearchProducts) -> dict[str, Any]:
    fields = ("q", "category_id", "min_price", "max_price", "currency", "in_stock", "metadata")
    described: dict[str, Any] = {
        name: str(value) if isinstance(value, UUID) else value
        for name in fields
        if (value := getattr(query, name)) is not None
    }
    described["sort"] = query.sort or "newest"
    if query.cursor is not None:
        described["cursor"] = f"page {DEEP_PAGE}"
    return described


# ---- Report --------------------------------------------------------------------------------


def markdown(results: dict[str, Any]) -> str:
    sizes: list[dict[str, Any]] = results["sizes"]
    small, large = sizes[0], sizes[-1]
    head = ["| filter combination |"]
    rule = ["|---|"]
    for size in sizes:
        n = f"{size['products']:,}"
        head.append(f" p50 @{n} | p95 @{n} | p99 @{n} |")
        rule.append("---:|---:|---:|")
    head.append(" p95 ratio | targets |")
    rule.append("---:|---|")
    lines = ["".join(head), "".join(rule)]
    misses: list[str] = []
    for key, shape in large["shapes"].items():
        row = [f"| {shape['label']} |"]
        for size in sizes:
            s = size["shapes"][key]
            row.append(f" {s['p50']:.1f} ms | {s['p95']:.1f} ms | {s['p99']:.1f} ms |")
        ratio = shape["p95"] / small["shapes"][key]["p95"]
        verdicts = []
        if shape["p95"] > P95_TARGET_MS:
            verdicts.append(f"✗ p95 > {P95_TARGET_MS:.0f} ms")
            misses.append(key)
        if ratio > RATIO_TARGET:
            verdicts.append(f"✗ ratio > {RATIO_TARGET:.0f}")
            misses.append(key)
        row.append(f" {ratio:.2f} | {', '.join(verdicts) or '✓'} |")
        lines.append("".join(row))
    lines.append("")
    for size in sizes:
        seconds = size.get("seed_seconds")
        took = f"took {seconds:.0f} s" if seconds is not None else "was not timed (database reused)"
        lines.append(
            f"- {size['products']:,} products: `hexashop seed --products {size['products']}"
            f" --seed {SEED}` {took}; database {size['database_size']}."
        )
    machine = results["machine"]
    busy = [shape["background_cpu"] for size in sizes for shape in size["shapes"].values()]
    lines.append(
        f"- Measured {results['started']} (commit {results['commit']}), {results['queries']}"
        f" queries per combination and size after {WARMUP} of warm-up, one at a time;"
        f" {machine['cores']} cores, PostgreSQL {machine['postgres']}, load average"
        f" {machine['load_average'][0]:.1f} at the start; harness and its backends at nice"
        f" {results['priority']}. Other processes used {min(busy):.0%} to {max(busy):.0%} of the"
        " CPU just before each combination."
    )
    for key in dict.fromkeys(misses):
        shape = large["shapes"][key]
        lines += [
            "",
            f"EXPLAIN (ANALYZE, BUFFERS) of the slowest variant of *{shape['label']}* at"
            f" {large['products']:,} products ({json.dumps(shape['slowest_variant'])}):",
            "",
            "```",
            shape["explain"],
            "```",
        ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--queries", type=int, default=QUERIES, help="timed queries per shape")
    parser.add_argument(
        "--reuse", action="store_true", help="keep each size's database if it holds that size"
    )
    parser.add_argument(
        "--no-priority",
        dest="priority",
        action="store_false",
        help=f"do not run the harness and its PostgreSQL backends at nice {PRIORITY}",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    prepare.check_postgres()
    if args.priority and os.geteuid() != 0:
        raise SystemExit(f"nice {PRIORITY} needs root; pass --no-priority")
    cli = hexashop_cli()
    if cli is None:
        raise SystemExit("no `hexashop` command beside this Python")
    commit = prepare.run(["git", "rev-parse", "--short", "HEAD"], check=False).strip()
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "postgres": prepare.psql("postgres", "-c", "SHOW server_version"),
            "load_average": os.getloadavg(),
        },
        "queries": args.queries,
        "priority": PRIORITY if args.priority else 0,
        "sizes": [],
    }
    for products in sorted(args.sizes):
        print(f"{products:,} products", flush=True)
        seconds: float | None = None
        if args.reuse and seeded_products(database(products)) == products:
            migrate(database(products), cli)
        else:
            seconds = seed(products, cli)
        size = asyncio.run(measure_size(products, args.queries, args.priority))
        size["seed_seconds"] = seconds
        results["sizes"].append(size)
    results["sizes"].sort(key=lambda size: size["products"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"search-{stamp}.json").write_text(json.dumps(results, indent=2))
    print()
    print(markdown(results))


if __name__ == "__main__":
    main()
