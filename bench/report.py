"""Medians of the runs and the markdown tables for docs/benchmarks.md."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from bench.procs import WrkResult

MAX_ERROR_SHARE = 0.01  # more failed responses than this and a run's figures mean nothing
MAX_SPREAD = 1.25  # fastest / slowest run of one cell above this makes a note
BUSY_SHARE = 0.05  # other processes' CPU above this before a scenario makes a note
Summary = dict[str, Any]  # {"rps", "p50_ms", "p99_ms", "errors", "runs"} or {"skipped": why}


def summarize(runs: Sequence[WrkResult]) -> Summary:
    requests = sum(r.requests for r in runs)
    return {
        "rps": round(statistics.median(r.rps for r in runs), 1),
        "p50_ms": round(statistics.median(r.p50_ms for r in runs), 3),
        "p99_ms": round(statistics.median(r.p99_ms for r in runs), 3),
        "errors": sum(r.errors for r in runs),
        "error_share": round(sum(r.errors for r in runs) / max(1, requests), 4),
        "runs": [r.to_json() for r in runs],
    }


def valid(s: Summary | None) -> bool:
    """Measured, and at most MAX_ERROR_SHARE of its responses failed (a 429 flood is no figure)."""
    return s is not None and "rps" in s and s["error_share"] <= MAX_ERROR_SHARE


def ratio(hexashop: Summary, floor: Summary) -> float | None:
    if valid(hexashop) and valid(floor) and floor["rps"] > 0:
        return round(hexashop["rps"] / floor["rps"], 3)
    return None


def _rps(s: Summary) -> str:
    mark = " ⚠" if s.get("errors") else ""
    return f"{s['rps']:,.0f}{mark}" if s["rps"] >= 100 else f"{s['rps']:.1f}{mark}"


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value >= 10 else f"{value:.2f} ms"


def _cells(s: Summary | None) -> list[str]:
    if s is None:
        return ["pending", "", ""]
    if "skipped" in s:
        return ["skipped", "", ""]
    if not valid(s):
        return [_failed(s), "", ""]
    return [_rps(s), _ms(s["p50_ms"]), _ms(s["p99_ms"])]


def endpoint_table(rows: Sequence[Summary]) -> list[str]:
    lines = [
        "| endpoint (hexashop ↔ floor) | hexashop req/s | p50 | p99 "
        "| floor req/s | p50 | p99 | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        r = row.get("ratio")
        cells = [row["label"], *_cells(row.get("hexashop")), *_cells(row.get("floor"))]
        cells.append(f"{r:.2f}" if r is not None else "—")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def probe_table(rows: dict[str, Summary | None]) -> list[str]:
    lines = [
        "| server (health route) | health p50 / p99 alone | login req/s | login p99 "
        "| health p50 / p99 during logins |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in rows.items():
        if row is None or "skipped" in row:
            lines.append(f"| {name} | {'pending' if row is None else 'skipped'} | | | |")
            continue
        alone, login, loaded = row["probe_alone"], row["login"], row["probe_during_login"]
        cells = [
            f"{name} (`{row['health_path']}`)",
            _latencies(alone),
            _rps(login) if valid(login) else _failed(login),
            _ms(login["p99_ms"]) if valid(login) else "",
            _latencies(loaded),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _failed(s: Summary) -> str:
    return f"✗ {s['error_share']:.0%} failed"


def _latencies(s: Summary) -> str:
    return f"{_ms(s['p50_ms'])} / {_ms(s['p99_ms'])}" if valid(s) else _failed(s)


def notes(results: dict[str, Any]) -> list[str]:
    """Skips, errors and other remarks, one bullet each."""
    found: list[str] = list(results["notes"])
    logs = results.get("logs", "bench/results/logs-*")
    busy = [
        (row["label"], row["background_cpu"])
        for row in [
            *results["endpoints"],
            {"label": "login + probe", "background_cpu": results["login_probe_background_cpu"]},
        ]
        if row["background_cpu"] > BUSY_SHARE
    ]
    if busy:
        found.append(
            "⚠ other processes were using the CPU (share of both cores, sampled for 1 s just "
            "before the scenario): "
            + ", ".join(f"{label} {share:.0%}" for label, share in busy)
            + "; those figures are noisier than the rest"
        )
    spread = [
        f"{side} {row['key']} {hi / lo:.2f}"
        for row in results["endpoints"]
        for side in ("hexashop", "floor")
        if valid(row.get(side))
        and (lo := min(r["rps"] for r in row[side]["runs"])) > 0
        and (hi := max(r["rps"] for r in row[side]["runs"])) / lo > MAX_SPREAD
    ]
    if spread:
        found.append(
            "runs whose fastest / slowest req/s exceeds 1.25 (noisy): " + ", ".join(spread)
        )
    for row in results["endpoints"]:
        for side in ("hexashop", "floor"):
            s = row.get(side)
            if s and "skipped" in s:
                found.append(f"{side} {row['label']}: {s['skipped']}")
            elif s and s.get("errors"):
                total = sum(r["requests"] for r in s["runs"])
                found.append(
                    f"⚠ {side} {row['label']}: {s['errors']} of {total} responses failed "
                    f"(non-2xx/3xx, timeouts or socket errors; statuses in {logs}/{side}.log)"
                )
    for side, row in results["login_probe"].items():
        if row and "skipped" in row:
            found.append(f"{side} login + health probe: {row['skipped']}")
        elif row and any(row[k]["errors"] for k in ("probe_alone", "login", "probe_during_login")):
            found.append(
                f"⚠ {side} login + health probe: "
                + ", ".join(
                    f"{k.replace('_', ' ')} {row[k]['errors']} failed"
                    for k in ("probe_alone", "login", "probe_during_login")
                    if row[k]["errors"]
                )
            )
    return [f"- {n}" for n in found]


def markdown(results: dict[str, Any]) -> str:
    s, m, a = results["settings"], results["machine"], results["argon2"]
    lines = [
        f"### {results['date']} — commit {results['commit']}"
        f"{' (quick smoke run)' if s['quick'] else ''}",
        "",
        f"Command: `{results['command']}`. Machine: {m['nproc']} x {m['cpu']}, {m['memory']} RAM.",
        f"{s['connections']} connections, {s['runs']} alternated runs of {s['duration_s']:g} s "
        f"per server after {s['warmup_s']:g} s of warm-up; medians.",
        "",
        *endpoint_table(results["endpoints"]),
        "",
        f"The health route's latency under a light probe ({s['probe_connections']} connections, "
        f"each waiting {s['probe_delay_ms']} ms between requests), alone and while "
        f"{s['connections']} clients keep logging in:",
        "",
        *probe_table(results["login_probe"]),
        "",
        f"Login target: one argon2id verification (m={a['memory_cost']} KiB, t={a['time_cost']}, "
        f"p={a['parallelism']}; parameters: {a['source']}) takes {a['verify_ms']:.1f} ms on one "
        f"core, so the target is 0.85 / {a['verify_ms'] / 1000:.4f} s = "
        f"**{a['login_target_rps']:.1f} logins/s per core** (the fastest of {a['verify_rounds']} "
        f"verifications; their median: {a['verify_median_ms']:.1f} ms).",
    ]
    login = next((r.get("hexashop") for r in results["endpoints"] if r["key"] == "login"), None)
    if valid(login):
        assert login is not None
        share = login["rps"] / a["login_target_rps"]
        lines.append(f"hexashop's login: {login['rps']:.1f} req/s = {share:.2f} of the target.")
    remarks = notes(results)
    if remarks:
        lines += ["", "Notes:", "", *remarks]
    return "\n".join(lines) + "\n"
