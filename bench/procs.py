"""The processes a run starts: servers pinned to one core, wrk on the other, PostgreSQL's pinning.

Every process started here is stopped by the context manager that started it, on errors and
Ctrl-C too, and every wait is bounded.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from bench.client import LOCALHOST, Client

SERVER_CORE = 0  # the server under test, alone
LOAD_CORE = 1  # wrk, PostgreSQL and this harness
STOP_GRACE_S = 10.0


def pinning_possible() -> bool:
    return {SERVER_CORE, LOAD_CORE} <= os.sched_getaffinity(0)


@dataclass(frozen=True, slots=True)
class Server:
    name: str
    base_url: str
    pid: int
    log_path: Path


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex((LOCALHOST, port)) != 0


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the server and its children
        proc.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_GRACE_S)
    except ProcessLookupError:
        proc.wait(timeout=STOP_GRACE_S)


@contextmanager
def server(
    name: str,
    command: Sequence[str],
    *,
    port: int,
    env: Mapping[str, str],
    ready_path: str,
    log_path: Path,
    cwd: Path,
    start_timeout_s: float = 90.0,
) -> Iterator[Server]:
    """Run `command` on SERVER_CORE for the block; it is ready when GET ready_path gives 200."""
    if not _port_free(port):
        raise RuntimeError(f"{LOCALHOST}:{port} is already taken; {name} cannot use it")
    log_path.parent.mkdir(parents=True, exist_ok=True)
    base_url = f"http://{LOCALHOST}:{port}"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            ["taskset", "-c", str(SERVER_CORE), *command],
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_ready(name, proc, base_url, ready_path, log_path, start_timeout_s)
            yield Server(name, base_url, proc.pid, log_path)
        finally:
            _stop(proc)


def _wait_ready(
    name: str,
    proc: subprocess.Popen[bytes],
    base_url: str,
    path: str,
    log_path: Path,
    timeout_s: float,
) -> None:
    deadline = time.monotonic() + timeout_s
    client = Client(base_url, timeout=2.0)
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}; see {log_path}")
            try:
                if client.request("GET", path).status == 200:
                    return
            except OSError:
                client.close()
            time.sleep(0.2)
    finally:
        client.close()
    raise RuntimeError(f"{name} not ready after {timeout_s:.0f} s; see {log_path}")


@dataclass(frozen=True, slots=True)
class WrkJob:
    url: str
    script: Path
    connections: int
    env: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class WrkResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # connect + read + write + timeouts + non-2xx/3xx statuses

    def to_json(self) -> dict[str, float | int]:
        return {
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "requests": self.requests,
            "errors": self.errors,
        }


def run_wrk(jobs: Sequence[WrkJob], duration_s: float, timeout_s: float) -> list[WrkResult]:
    """Run the jobs at the same time, each as one wrk pinned to LOAD_CORE."""
    procs: list[subprocess.Popen[str]] = []
    try:
        for job in jobs:
            command = [
                "taskset",
                "-c",
                str(LOAD_CORE),
                "wrk",
                "-t1",
                f"-c{job.connections}",
                f"-d{duration_s:g}s",
                f"--timeout={timeout_s:g}s",
                "-s",
                str(job.script),
                job.url,
            ]
            procs.append(
                subprocess.Popen(
                    command,
                    env={**os.environ, **job.env},
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
        deadline = time.monotonic() + duration_s + timeout_s + 30
        outputs = [p.communicate(timeout=max(1.0, deadline - time.monotonic()))[0] for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    return [_parse_wrk(job, out) for job, out in zip(jobs, outputs, strict=True)]


def _parse_wrk(job: WrkJob, output: str) -> WrkResult:
    for line in output.splitlines():
        if line.startswith("WRKJSON "):
            data = json.loads(line.removeprefix("WRKJSON "))
            errors = sum(int(data[k]) for k in data if k.startswith("err_"))
            return WrkResult(
                rps=float(data["rps"]),
                p50_ms=data["lat_p50_us"] / 1000,
                p99_ms=data["lat_p99_us"] / 1000,
                requests=int(data["requests"]),
                errors=errors,
            )
    raise RuntimeError(f"wrk on {job.url} printed no WRKJSON line:\n{output[-2000:]}")


@contextmanager
def pinned(pids: Sequence[int], core: int) -> Iterator[None]:
    """Pin the given processes to one core for the block, then give back their old affinity."""
    before: dict[int, set[int]] = {}
    try:
        for pid in pids:
            before[pid] = os.sched_getaffinity(pid)
            os.sched_setaffinity(pid, {core})
        yield
    finally:
        for pid, cores in before.items():
            with suppress(ProcessLookupError):
                os.sched_setaffinity(pid, cores)


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.extend(int(c) for c in task.read_text().split())
    return found


def background_cpu(seconds: float = 1.0) -> float:
    """Share of all cores busy over `seconds` while the bench itself is idle (0..1)."""

    def sample() -> tuple[int, int]:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        ticks = [int(f) for f in fields[:8]]  # user nice system idle iowait irq softirq steal
        return sum(ticks) - ticks[3] - ticks[4], sum(ticks)

    busy0, total0 = sample()
    time.sleep(seconds)
    busy1, total1 = sample()
    return (busy1 - busy0) / max(1, total1 - total0)
