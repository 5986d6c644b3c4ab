"""Getting ready: wrk, the floor's venv, the databases, the bench user's argon2id hash."""

from __future__ import annotations

import dataclasses
import inspect
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from argon2 import Parameters, PasswordHasher, Type

from bench.procs import LOAD_CORE, children, pinned

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
SHARED = Path(os.environ.get("BENCH_SHARED_DIR", REPO.parent / "shared" / "bench")).resolve()
FLOOR_VENV = BENCH / ".floor-venv"
FLOOR_PACKAGES = ("uvicorn[standard]", "asyncpg", "orjson", "argon2-cffi")
PG_URL = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432")
FLOOR_DB = "floor"
HEXASHOP_DB = "hexashop_bench"
EMAIL = "bench@example.com"
PASSWORD = "harness-passphrase-7342-river"  # passes hexashop's policy (no part of EMAIL)
# hexashop's documented argon2id parameters, used until its hasher can be imported.
DOCUMENTED_ARGON2 = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=2,
    memory_cost=19456,
    parallelism=1,
)


def run(
    command: list[str],
    *,
    timeout: float = 600,
    check: bool = True,
    env: Mapping[str, str] | None = None,
) -> str:
    done = subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=None if env is None else dict(env),
    )
    if check and done.returncode != 0:
        shown = " ".join([Path(command[0]).name, *command[1:4]])
        last = [line.strip() for line in done.stderr.splitlines() if line.strip()][-1:]
        raise RuntimeError(f"`{shown} …` failed ({done.returncode}): {' '.join(last)[:300]}")
    return done.stdout


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: install it as root with `apt-get install -y wrk`")
    print("installing wrk (apt-get install -y wrk)", flush=True)
    os.environ.setdefault("DEBIAN_FRONTEND", "noninteractive")
    try:
        run(["apt-get", "install", "-y", "-q", "wrk"])
    except RuntimeError:
        run(["apt-get", "update", "-q"])
        run(["apt-get", "install", "-y", "-q", "wrk"])


def ensure_floor_venv() -> Path:
    """bench/.floor-venv with the floor's four packages; returns its uvicorn."""
    python = FLOOR_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {FLOOR_VENV.relative_to(REPO)}", flush=True)
        run([sys.executable, "-m", "venv", str(FLOOR_VENV)])
    probe = [str(python), "-c", "import uvicorn, uvloop, httptools, asyncpg, orjson, argon2"]
    if subprocess.run(probe, check=False, capture_output=True, timeout=60).returncode != 0:
        print(f"installing {' '.join(FLOOR_PACKAGES)} into the floor's venv", flush=True)
        run([str(python), "-m", "pip", "install", "-q", *FLOOR_PACKAGES], timeout=900)
    return FLOOR_VENV / "bin" / "uvicorn"


# ---- PostgreSQL ----
def db_url(name: str, scheme: str = "postgresql") -> str:
    parts = urlsplit(PG_URL)
    return urlunsplit((scheme, parts.netloc, f"/{name}", parts.query, ""))


def check_postgres() -> None:
    host = urlsplit(PG_URL).hostname
    if host not in {"127.0.0.1", "localhost"}:
        raise SystemExit(f"BENCH_PG_URL must point at 127.0.0.1, not {host}")
    psql("postgres", "-c", "SELECT 1")


def psql(db: str, *args: str, timeout: float = 600) -> str:
    command = ["psql", db_url(db), "-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", *args]
    return run(command, timeout=timeout).strip()


def recreate_db(name: str) -> None:
    psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql("postgres", "-c", f'CREATE DATABASE "{name}"')


def postgres_pids() -> list[int]:
    """The postmaster and its current children (new backends inherit its affinity)."""
    data_dir = Path(psql("postgres", "-c", "SHOW data_directory"))
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    return [postmaster, *children(postmaster)]


def prepare_floor(password_hash: str, database: str = FLOOR_DB) -> str:
    """Recreate the floor's database: schema, the bench user, 10,000 items; return an item id."""
    recreate_db(database)
    psql(database, "-f", str(SHARED / "schema.sql"))
    psql(
        database,
        "-v",
        f"email={EMAIL}",
        "-v",
        f"pwhash={password_hash}",
        "-f",
        str(SHARED / "seed.sql"),
    )
    return psql(database, "-c", "SELECT id FROM item ORDER BY created_at DESC OFFSET 5000 LIMIT 1")


# ---- argon2id ----
@dataclass(frozen=True, slots=True)
class PasswordSetup:
    hash: str
    params: Parameters
    source: str


def bench_password_hash() -> PasswordSetup:
    """Hash PASSWORD at hexashop's Argon2PasswordHasher defaults (the documented ones if absent)."""
    params, source = DOCUMENTED_ARGON2, "documented; hexashop's Argon2PasswordHasher not found"
    try:
        from adapters.outbound.security.argon2_hasher import Argon2PasswordHasher
    except ImportError:
        pass
    else:
        defaults = {
            name: p.default
            for name, p in inspect.signature(Argon2PasswordHasher).parameters.items()
            if name in {"time_cost", "memory_cost", "parallelism"}
            and p.default is not inspect.Parameter.empty
        }
        params = dataclasses.replace(DOCUMENTED_ARGON2, **defaults)
        source = "Argon2PasswordHasher defaults"
    return PasswordSetup(PasswordHasher.from_parameters(params).hash(PASSWORD), params, source)


def time_verify(setup: PasswordSetup, core: int, rounds: int) -> tuple[float, float]:
    """Fastest and median seconds of one verification, in this process pinned to `core`.

    The fastest is the cost of the work itself; anything above it was another process's.
    """
    hasher = PasswordHasher.from_parameters(setup.params)
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {core})
    try:
        hasher.verify(setup.hash, PASSWORD)  # warm the allocator
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            hasher.verify(setup.hash, PASSWORD)
            times.append(time.perf_counter() - start)
    finally:
        os.sched_setaffinity(0, before)
    return min(times), statistics.median(times)


def pin_load_core(stack: ExitStack, notes: list[str]) -> None:
    """Put PostgreSQL and this harness on the load core for the stack's life (the servers
    get the other); when PostgreSQL cannot be pinned, say so in ``notes``."""
    try:
        stack.enter_context(pinned(postgres_pids(), LOAD_CORE))
    except (OSError, RuntimeError) as why:
        notes.append(f"PostgreSQL could not be pinned to core {LOAD_CORE}: {why}")
    os.sched_setaffinity(0, {LOAD_CORE})
