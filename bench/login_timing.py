"""Login timing: an unknown email and a wrong password must cost the same.

`.venv/bin/python -m bench.login_timing [--n 200]`

Starts `hexashop serve` on its own database (`hexashop_login_bench` on the local PostgreSQL,
127.0.0.1 only) with HEXASHOP_RATE_LIMITS=off, pinned to core 0, with this client and
PostgreSQL on core 1. Registers N accounts through the API (each later gets exactly one
wrong password, so none of them is locked), one account that five wrong passwords lock
before the measuring starts, and one whose right password is sent (the reference). Then
one request at a time, never two at once, it sends N logins of each kind, interleaved
(the kinds take turns, in an order that rotates, so drift and other processes' bursts
fall on all of them alike): unknown email, wrong password, wrong password of a locked
account, right password. 20 of each go first as a warm-up and are not counted.

Reports per kind the mean, median, p95 and standard deviation of the client-side time of
the whole request, the differences to the unknown email (means with a 95 % interval,
medians), the server's own `duration_ms` of each (from its request log), and every
answer's status and problem code: the three failures must all be 401
`invalid-credentials`. Prints markdown; writes bench/results/login-timing-<UTC>.json.
See docs/benchmarks.md, "Login timing".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import signal
import statistics
import sys
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from bench import prepare, procs, sides
from bench.checkout import cli_notes, commit_id, machine, register
from bench.client import Client
from bench.procs import LOAD_CORE, SERVER_CORE

PORT = 8104
DATABASE = "hexashop_login_bench"
PASSWORD = "cobalt-harbour-lantern-8830"  # no part of the emails or the name
WRONG = "cobalt-harbour-lantern-8831"  # as long as PASSWORD
WARMUP = 20
LOCK_AFTER = 5  # failed logins that lock an account (hexashop's lockout policy)
SAME_WITHIN = 0.05  # "about the same": medians within 5 % of the unknown email's
RESULTS = prepare.BENCH / "results"
KINDS = ("unknown email", "wrong password", "wrong password, locked account", "right password")
Row = dict[str, Any]


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


@dataclass(slots=True)
class Samples:
    seconds: list[float] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)  # "401 invalid-credentials" …
    server_seconds: list[float] = field(default_factory=list)  # the server's own log

    def summary(self) -> Row:
        return {
            "n": len(self.seconds),
            "mean_ms": round(1000 * statistics.fmean(self.seconds), 3),
            "median_ms": round(1000 * statistics.median(self.seconds), 3),
            "p95_ms": round(1000 * p95(self.seconds), 3),
            "stdev_ms": round(1000 * statistics.stdev(self.seconds), 3),
            "min_ms": round(1000 * min(self.seconds), 3),
            "answers": dict(self.answers),
            "server_median_ms": (
                round(1000 * statistics.median(self.server_seconds), 3)
                if self.server_seconds
                else None
            ),
            "server_mean_ms": (
                round(1000 * statistics.fmean(self.server_seconds), 3)
                if self.server_seconds
                else None
            ),
        }


def attempt(client: Client, email: str, password: str, into: Samples | None) -> None:
    body = {"email": email, "password": password}
    start = time.perf_counter()
    reply = client.request("POST", "/api/v1/auth/login", json_body=body)
    took = time.perf_counter() - start
    code = ""
    if reply.status != 200:
        try:
            code = str(reply.json().get("code", ""))
        except ValueError:
            code = "(no JSON)"
    if into is not None:
        into.seconds.append(took)
        into.answers[f"{reply.status} {code}".strip()] += 1


def difference(b: Samples, base: Samples) -> Row:
    """b - base: means with a 95 % interval (normal approximation), medians, p95."""
    mean = statistics.fmean(b.seconds) - statistics.fmean(base.seconds)
    spread = math.sqrt(
        statistics.variance(b.seconds) / len(b.seconds)
        + statistics.variance(base.seconds) / len(base.seconds)
    )
    median = statistics.median(b.seconds) - statistics.median(base.seconds)
    return {
        "mean_ms": round(1000 * mean, 3),
        "mean_ci95_ms": [
            round(1000 * (mean - 1.96 * spread), 3),
            round(1000 * (mean + 1.96 * spread), 3),
        ],
        "median_ms": round(1000 * median, 3),
        "median_share": round(median / statistics.median(base.seconds), 4),
        "p95_ms": round(1000 * (p95(b.seconds) - p95(base.seconds)), 3),
    }


def server_durations(log_path: Path, count: int) -> list[float]:
    """The `duration_ms` of the last `count` logins in the server's request log, in order."""
    found = []
    for raw in log_path.read_bytes().splitlines():
        if b'"/api/v1/auth/login"' not in raw:
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            continue
        if record.get("event") == "request" and "duration_ms" in record:
            found.append(float(record["duration_ms"]) / 1000)
    return found[-count:]


def measure(client: Client, n: int, log_path: Path) -> dict[str, Samples]:
    print(f"registering {n + WARMUP + 2} accounts", flush=True)
    accounts = [f"timing{i:04d}@login-bench.example.com" for i in range(n + WARMUP)]
    locked = "timing-locked@login-bench.example.com"
    right = "timing-right@login-bench.example.com"
    for email in [*accounts, locked, right]:
        register(client, email, PASSWORD, "Login Probe")
    for _ in range(LOCK_AFTER):
        attempt(client, locked, WRONG, None)
    samples = {kind: Samples() for kind in KINDS}

    def one(kind: str, i: int, into: Samples | None) -> None:
        if kind == "unknown email":
            attempt(client, f"nobody{i:04d}@login-bench.example.com", WRONG, into)
        elif kind == "wrong password":
            attempt(client, accounts[i], WRONG, into)
        elif kind == "wrong password, locked account":
            attempt(client, locked, WRONG, into)
        else:
            attempt(client, right, PASSWORD, into)

    print(f"warm-up: {WARMUP} of each kind", flush=True)
    for i in range(WARMUP):
        for kind in KINDS:
            one(kind, n + i, None)
    print(f"measuring: {n} of each kind, one at a time, interleaved", flush=True)
    sequence: list[str] = []
    for i in range(n):
        turn = KINDS[i % len(KINDS) :] + KINDS[: i % len(KINDS)]
        for kind in turn:
            one(kind, i, samples[kind])
            sequence.append(kind)
    time.sleep(0.5)  # the last request's log line
    durations = server_durations(log_path, len(sequence))
    if len(durations) == len(sequence):
        for kind, seconds in zip(sequence, durations, strict=True):
            samples[kind].server_seconds.append(seconds)
    return samples


def benchmark(n: int, command: str) -> Row:
    prepare.check_postgres()
    if not procs.pinning_possible():
        raise SystemExit(f"the bench pins to cores {SERVER_CORE} and {LOAD_CORE}: both must exist")
    why_not = sides.hexashop_unavailable()
    if why_not:
        raise SystemExit(f"hexashop cannot be benchmarked: {why_not}")
    stamp = dt.datetime.now(dt.UTC)
    log_dir = RESULTS / f"logs-login-timing-{stamp:%Y%m%dT%H%M%SZ}"
    results: Row = {
        "date": f"{stamp:%Y-%m-%d %H:%M} UTC",
        "commit": commit_id(),
        "command": command,
        "machine": machine(),
        "n": n,
        "warmup": WARMUP,
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "background_cpu_before": round(procs.background_cpu(), 3),
        "notes": cli_notes(),
        "logs": str(log_dir.relative_to(prepare.REPO)),
    }
    with ExitStack() as stack:
        prepare.pin_load_core(stack, results["notes"])
        print("starting hexashop", flush=True)
        side = stack.enter_context(sides.hexashop(log_dir, 0, port=PORT, database=DATABASE))
        started = time.monotonic()
        samples = measure(side.client, n, side.server.log_path)
        results["seconds"] = round(time.monotonic() - started, 1)
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    base = samples["unknown email"]
    results["kinds"] = {kind: s.summary() for kind, s in samples.items()}
    results["differences_to_unknown_email"] = {
        kind: difference(s, base) for kind, s in samples.items() if kind != "unknown email"
    }
    failures = [kind for kind in KINDS if kind != "right password"]
    same_answer = all(
        set(results["kinds"][k]["answers"]) == {"401 invalid-credentials"} for k in failures
    )
    same_time = all(
        abs(results["differences_to_unknown_email"][k]["median_share"]) <= SAME_WITHIN
        for k in failures
        if k != "unknown email"
    )
    results["target"] = {"same_answer": same_answer, "same_time": same_time, "within": SAME_WITHIN}
    return results


def _server(s: Row) -> str:
    if s["server_median_ms"] is None:
        return "—"
    return f"{s['server_median_ms']:.1f} ms ({s['server_mean_ms']:.1f} ms)"


def markdown(r: Row) -> str:
    m = r["machine"]
    lines = [
        f"### {r['date']} — commit {r['commit']}",
        "",
        f"Command: `{r['command']}`. Machine: {m['nproc']} x {m['cpu']}, PostgreSQL "
        f"{m['postgres'].split()[0]}. Load average (1, 5, 15 min) before: "
        f"{', '.join(f'{x:.2f}' for x in r['load_before'])}; after: "
        f"{', '.join(f'{x:.2f}' for x in r['load_after'])}; other processes' CPU just before: "
        f"{r['background_cpu_before']:.0%} of both cores. {r['n']} logins of each kind, one at a "
        f"time, interleaved, after {r['warmup']} of each as warm-up; {r['seconds']:.0f} s.",
        "",
        "| kind | mean | median | p95 | stdev | server's own median (mean) | answers |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for kind, s in r["kinds"].items():
        answers = ", ".join(f"{k}: {v}" for k, v in s["answers"].items())
        lines.append(
            f"| {kind} | {s['mean_ms']:.1f} ms | {s['median_ms']:.1f} ms | {s['p95_ms']:.1f} ms "
            f"| {s['stdev_ms']:.1f} ms | {_server(s)} | {answers} |"
        )
    lines += [
        "",
        "| difference to the unknown email | mean (95 % interval) | median | p95 |",
        "|---|---:|---:|---:|",
    ]
    for kind, d in r["differences_to_unknown_email"].items():
        lo, hi = d["mean_ci95_ms"]
        lines.append(
            f"| {kind} | {d['mean_ms']:+.1f} ms ({lo:+.1f} to {hi:+.1f}) "
            f"| {d['median_ms']:+.1f} ms ({d['median_share']:+.1%}) | {d['p95_ms']:+.1f} ms |"
        )
    t = r["target"]
    lines += [
        "",
        f"Target (unknown email and wrong password cost about the same): same answer "
        f"(401 `invalid-credentials` for every failure) — "
        f"{'**met**' if t['same_answer'] else '**missed**'}; "
        f"medians of the failures within {t['within']:.0%} of the unknown email's — "
        f"{'**met**' if t['same_time'] else '**missed**'}.",
    ]
    if r["notes"]:
        lines += ["", "Notes:", "", *(f"- {n}" for n in r["notes"])]
    return "\n".join(lines) + "\n"


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.login_timing", description=__doc__)
    parser.add_argument("--n", type=int, default=200, help="logins of each kind (200)")
    args = parser.parse_args(argv)
    if args.n < 2:
        parser.error("--n must be at least 2")
    command = " ".join(["python -m bench.login_timing", *(sys.argv[1:] if argv is None else argv)])
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        results = benchmark(args.n, command)
    except KeyboardInterrupt:
        print("interrupted; every process the bench started has been stopped", file=sys.stderr)
        return 130
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"login-timing-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nresults: {path.relative_to(prepare.REPO)}\n")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
