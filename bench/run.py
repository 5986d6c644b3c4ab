"""Benchmark hexashop against the floor app: `.venv/bin/python -m bench.run [--quick]`.

Installs what is missing (wrk, bench/.floor-venv), recreates both databases, starts both
servers pinned to core 0 with wrk and PostgreSQL on core 1, warms up, alternates the runs
(hexashop, floor, hexashop, floor …), and writes the medians to bench/results/*.json and a
markdown table to stdout. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import re
import signal
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from subprocess import SubprocessError
from types import FrameType
from typing import Any

from bench import prepare, procs, report, sides
from bench.procs import LOAD_CORE, SERVER_CORE, WrkJob, WrkResult
from bench.sides import Side, UnavailableError

RESULTS = prepare.BENCH / "results"
SHARED_LUA = prepare.SHARED / "lua"
OWN_LUA = prepare.BENCH / "lua"
CONNECTIONS = 32
PROBE_CONNECTIONS = 2
PROBE_DELAY_MS = 10  # per probe connection between requests: at most 200 req/s in all
LOGIN_TARGET_SHARE = 0.85
PROBE_KEY = "login_probe"  # the health route under login load (not one of PAIRS)
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Target:
    method: str
    path: str  # may hold {id}
    script: Path
    auth: bool = False  # sends BENCH_TOKEN
    login: bool = False  # sends BENCH_USER / BENCH_PASSWORD


@dataclass(frozen=True, slots=True)
class Pair:
    key: str
    hexashop: Target
    floor: Target

    @property
    def label(self) -> str:
        h, f = self.hexashop, self.floor
        return f"`{h.method} {h.path}` ↔ `{f.method} {f.path}`"


def _get(path: str, auth: bool = True) -> Target:
    return Target("GET", path, SHARED_LUA / ("bearer_get.lua" if auth else "plain_get.lua"), auth)


PAIRS = (
    Pair("healthz", _get("/healthz", auth=False), _get("/hello", auth=False)),
    Pair("users_me", _get("/api/v1/users/me"), _get("/api/v1/users/me")),
    Pair(
        "login",
        Target("POST", "/api/v1/auth/login", OWN_LUA / "login_json.lua", login=True),
        Target("POST", "/api/v1/login/access-token", SHARED_LUA / "login.lua", login=True),
    ),
    Pair("product", _get("/api/v1/products/{id}"), _get("/api/v1/items/{id}")),
    Pair("products", _get("/api/v1/products?limit=100"), _get("/api/v1/items/?limit=100")),
)


@dataclass(frozen=True, slots=True)
class Settings:
    quick: bool
    duration_s: float
    warmup_s: float
    runs: int
    timeout_s: float
    verify_rounds: int
    product_count: int
    quiet_wait_s: float  # before each scenario, how long to wait for other processes to calm
    only: frozenset[str]  # scenario keys to run: PAIRS' keys and PROBE_KEY


def parse_args(argv: list[str] | None) -> Settings:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 s runs, 1 s warm-up")
    parser.add_argument("--duration", type=float, help="seconds per measured run (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs per server and endpoint (3)")
    keys = [pair.key for pair in PAIRS] + [PROBE_KEY]
    parser.add_argument(
        "--only",
        help=f"comma-separated scenarios to run, of: {', '.join(keys)} (default: all); "
        "without product or products, no products are seeded",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    only = frozenset(keys)
    if args.only:
        only = frozenset(key.strip() for key in args.only.split(",") if key.strip())
        if unknown := sorted(only - set(keys)):
            parser.error(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(keys)}")
    quick = bool(args.quick)
    return Settings(
        quick=quick,
        duration_s=args.duration or (2.0 if quick else 10.0),
        warmup_s=1.0 if quick else 3.0,
        runs=args.runs,
        timeout_s=5.0 if quick else 10.0,
        verify_rounds=10 if quick else 20,
        product_count=1000 if quick else 10_000,
        quiet_wait_s=10.0 if quick else 60.0,
        only=only,
    )


def _target(side: Side, pair: Pair) -> Target:
    return pair.hexashop if side.name == "hexashop" else pair.floor


def build_job(side: Side, target: Target, connections: int) -> WrkJob:
    """Check the target answers 200 once, then describe its wrk run (UnavailableError if not)."""
    path = target.path.format(**side.ids)
    env = {"BENCH_LUA_DIR": str(SHARED_LUA), "BENCH_DELAY_MS": str(PROBE_DELAY_MS)}
    if target.login:
        side.login(side.client)  # raises UnavailableError on a non-200
        env |= {"BENCH_USER": prepare.EMAIL, "BENCH_PASSWORD": prepare.PASSWORD}
    else:
        token = side.token() if target.auth else None
        status = side.client.request(target.method, path, token=token).status
        if status != 200:
            raise UnavailableError(f"skipped: {target.method} {path} answered {status}")
        if token is not None:
            env["BENCH_TOKEN"] = token
    return WrkJob(side.server.base_url + path, target.script, connections, env)


def _run(jobs: list[WrkJob], duration_s: float, s: Settings, settle_s: float) -> list[WrkResult]:
    """One wrk run of the jobs together, then a pause while the server drains what wrk left.

    wrk closes its connections with requests still queued; a login server goes on hashing them,
    and without the pause the next run (the other server's included) would pay for them.
    """
    results = procs.run_wrk(jobs, duration_s, s.timeout_s)
    time.sleep(settle_s)
    return results


def _background(s: Settings) -> float:
    """Other processes' CPU just before a scenario, after waiting up to quiet_wait_s for calm."""
    deadline = time.monotonic() + s.quiet_wait_s
    share = procs.background_cpu()
    while share > report.BUSY_SHARE and time.monotonic() < deadline:
        share = procs.background_cpu()
    if share > report.BUSY_SHARE:
        print(f"  warning: {share:.0%} of the CPU is busy with other processes", flush=True)
    return round(share, 3)


def measure_pair(pair: Pair, servers: list[Side], s: Settings, login_settle_s: float) -> Row:
    row: Row = {"key": pair.key, "label": pair.label, "background_cpu": _background(s)}
    settle_s = login_settle_s if pair.key == "login" else 0.2
    jobs: dict[str, WrkJob] = {}
    for side in servers:
        try:
            if pair.key in side.skips:
                raise UnavailableError(side.skips[pair.key])
            jobs[side.name] = build_job(side, _target(side, pair), CONNECTIONS)
        except UnavailableError as why:
            row[side.name] = {"skipped": str(why)}
    runs: dict[str, list[WrkResult]] = {name: [] for name in jobs}
    for job in jobs.values():
        _run([job], s.warmup_s, s, settle_s)
    for i in range(s.runs):
        for name, job in jobs.items():  # hexashop, floor, hexashop, floor …
            (result,) = _run([job], s.duration_s, s, settle_s)
            runs[name].append(result)
            print(
                f"  {pair.key:<9} {name:<8} run {i + 1}: {result.rps:9.1f} req/s "
                f"p99 {result.p99_ms:7.2f} ms",
                flush=True,
            )
    for name, results in runs.items():
        row[name] = report.summarize(results)
    if "hexashop" in row and "floor" in row:
        row["ratio"] = report.ratio(row["hexashop"], row["floor"])
    return row


def measure_login_probe(servers: list[Side], s: Settings, login_settle_s: float) -> Row:
    """The health route's latency under a light probe, alone and while 32 clients log in."""
    login_pair, health_pair = PAIRS[2], PAIRS[0]
    jobs: dict[str, tuple[WrkJob, WrkJob]] = {}
    out: Row = {}
    paths: dict[str, str] = {}
    for side in servers:
        health = _target(side, health_pair)
        paths[side.name] = health.path
        probe = Target(health.method, health.path, OWN_LUA / "probe_get.lua")
        try:
            login = build_job(side, _target(side, login_pair), CONNECTIONS)
            jobs[side.name] = (login, build_job(side, probe, PROBE_CONNECTIONS))
        except UnavailableError as why:
            out[side.name] = {"skipped": str(why)}
    runs: dict[str, list[tuple[WrkResult, WrkResult, WrkResult]]] = {name: [] for name in jobs}
    for i in range(s.runs):
        for name, (login_job, probe_job) in jobs.items():
            (alone,) = _run([probe_job], s.duration_s, s, 0.2)
            login, loaded = _run([login_job, probe_job], s.duration_s, s, login_settle_s)
            runs[name].append((alone, login, loaded))
            print(
                f"  login+probe {name:<8} run {i + 1}: login {login.rps:6.1f} req/s, health p99 "
                f"{alone.p99_ms:6.2f} ms alone, {loaded.p99_ms:7.2f} ms during logins",
                flush=True,
            )
    for name, results in runs.items():
        out[name] = {
            "health_path": paths[name],
            "probe_alone": report.summarize([r[0] for r in results]),
            "login": report.summarize([r[1] for r in results]),
            "probe_during_login": report.summarize([r[2] for r in results]),
        }
    return out


def machine() -> dict[str, str]:
    lscpu = prepare.run(["lscpu"], check=False)
    model = re.search(r"^Model name:\s*(.+)$", lscpu, re.MULTILINE)
    free = prepare.run(["free", "-h"], check=False).split()
    memory = free[free.index("Mem:") + 1] if "Mem:" in free else "?"
    return {
        "nproc": prepare.run(["nproc"], check=False).strip(),
        "cpu": model.group(1).strip() if model else "?",
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgres": prepare.psql("postgres", "-c", "SHOW server_version"),
        "wrk": prepare.run(["wrk", "--version"], check=False).split(" [")[0].strip(),
    }


def commit() -> str:
    head = prepare.run(
        ["git", "-C", str(prepare.REPO), "rev-parse", "--short", "HEAD"], check=False
    ).strip()
    dirty = prepare.run(["git", "-C", str(prepare.REPO), "status", "--porcelain"], check=False)
    return (head or "(no commit yet)") + (" + uncommitted changes" if dirty.strip() else "")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def benchmark(s: Settings, command: str) -> dict[str, Any]:
    notes: list[str] = []
    prepare.ensure_wrk()
    uvicorn = prepare.ensure_floor_venv()
    prepare.check_postgres()
    if not procs.pinning_possible():
        raise SystemExit(f"the bench pins to cores {SERVER_CORE} and {LOAD_CORE}: both must exist")
    password = prepare.bench_password_hash()
    quiet = _background(s)
    verify_s, verify_median_s = prepare.time_verify(password, SERVER_CORE, s.verify_rounds)
    print(f"argon2id verify: {verify_s * 1000:.1f} ms on core {SERVER_CORE}", flush=True)
    item_id = prepare.prepare_floor(password.hash)
    stamp = dt.datetime.now(dt.UTC)
    log_dir = RESULTS / f"logs-{stamp:%Y%m%dT%H%M%SZ}"
    results: dict[str, Any] = {
        "date": f"{stamp:%Y-%m-%d %H:%M} UTC",
        "commit": commit(),
        "command": command,
        "machine": machine(),
        "settings": {
            "quick": s.quick,
            "duration_s": s.duration_s,
            "warmup_s": s.warmup_s,
            "runs": s.runs,
            "connections": CONNECTIONS,
            "probe_connections": PROBE_CONNECTIONS,
            "probe_delay_ms": PROBE_DELAY_MS,
            "server_core": SERVER_CORE,
            "load_core": LOAD_CORE,
            "only": sorted(s.only),
        },
        "argon2": {
            "memory_cost": password.params.memory_cost,
            "time_cost": password.params.time_cost,
            "parallelism": password.params.parallelism,
            "source": password.source,
            "verify_ms": round(verify_s * 1000, 3),
            "verify_median_ms": round(verify_median_s * 1000, 3),
            "verify_rounds": s.verify_rounds,
            "background_cpu": quiet,
            "login_target_rps": round(LOGIN_TARGET_SHARE / verify_s, 2),
        },
        "notes": notes,
        "logs": str(log_dir.relative_to(prepare.REPO)),
    }
    with ExitStack() as stack:
        prepare.pin_load_core(stack, notes)
        servers: list[Side] = []
        why_not = sides.hexashop_unavailable()
        if why_not is None:
            try:
                print("starting hexashop", flush=True)
                seeded = s.product_count if {"product", "products"} & s.only else 0
                servers.append(stack.enter_context(sides.hexashop(log_dir, seeded)))
            except (RuntimeError, OSError, ValueError, SubprocessError, UnavailableError) as error:
                why_not = f"could not be started and seeded: {error}"
        if why_not is not None:
            notes.append(f"hexashop figures pending: {why_not}")
        print("starting the floor", flush=True)
        servers.append(stack.enter_context(sides.floor(uvicorn, password.hash, item_id, log_dir)))
        settle_s = CONNECTIONS * verify_s * 2 + 0.5  # what 32 abandoned logins cost, twice
        # Reads first, logins last: a server still hashing abandoned logins would slow the reads.
        chosen = [pair for pair in PAIRS if pair.key in s.only]
        order = sorted(chosen, key=lambda pair: pair.key == "login")
        rows = {pair.key: measure_pair(pair, servers, s, settle_s) for pair in order}
        results["endpoints"] = [rows[pair.key] for pair in chosen]
        if PROBE_KEY in s.only:
            results["login_probe_background_cpu"] = _background(s)
            results["login_probe"] = measure_login_probe(servers, s, settle_s)
        else:
            results["login_probe_background_cpu"] = 0.0
            results["login_probe"] = {
                side.name: {"skipped": "not selected (--only)"} for side in servers
            }
    for side in ("hexashop", "floor"):
        results["login_probe"].setdefault(side, None)
    return results


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    command = " ".join(["python -m bench.run", *(sys.argv[1:] if argv is None else argv)])
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    try:
        results = benchmark(settings, command)
    except KeyboardInterrupt:
        print("interrupted; every process the bench started has been stopped", file=sys.stderr)
        return 130
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ") + ("-quick" if settings.quick else "")
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nresults: {path.relative_to(prepare.REPO)}\n")
    print(report.markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
