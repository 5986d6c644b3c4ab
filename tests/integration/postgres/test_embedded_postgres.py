"""The embedded PostgreSQL server and the serve lock, with real processes."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bootstrap.embedded_postgres import DataDirInUseError, EmbeddedPostgres, ServeLock
from tests.support.engine import create_engine

_ROOT = Path(__file__).resolve().parents[3]

# A second process that takes the serve lock, says so, and holds it until stdin closes.
_HOLD_SERVE_LOCK = """
import sys
from pathlib import Path
from bootstrap.embedded_postgres import ServeLock
with ServeLock(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""

# A second process that attaches to the running server, writes a row, and detaches.
_ATTACH_AND_WRITE = """
import asyncio, sys
from pathlib import Path
from sqlalchemy import text
from tests.support.engine import create_engine
from bootstrap.embedded_postgres import EmbeddedPostgres

async def write(url):
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO notes VALUES ('from the other process')"))
    await engine.dispose()

server = EmbeddedPostgres(Path(sys.argv[1]))
asyncio.run(write(server.start()))
server.stop()
"""

# A second process that starts the server, says so, and waits to be killed.
_START_AND_WAIT = """
import sys
from pathlib import Path
from bootstrap.embedded_postgres import EmbeddedPostgres
EmbeddedPostgres(Path(sys.argv[1])).start()
print("started", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # Not pytest's tmp_path: see the integration conftest on its permissions under root.
    path = Path(tempfile.mkdtemp(prefix="hexashop-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _run(url: str, statement: str) -> list[str]:
    async def run() -> list[str]:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                result = await connection.execute(text(statement))
                return [str(value) for value in result.scalars()] if result.returns_rows else []
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _python(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=_ROOT,
        env={**os.environ, "PYTHONPATH": str(_ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.postgres
def test_start_returns_a_url_of_the_hexashop_database_when_the_data_dir_is_new(
    data_dir: Path,
) -> None:
    server = EmbeddedPostgres(data_dir)

    url = server.start()

    try:
        assert make_url(url).database == "hexashop"
        assert _run(url, "SELECT current_database()") == ["hexashop"]
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.postgres
def test_data_is_kept_when_the_server_is_stopped_and_started_again(data_dir: Path) -> None:
    server = EmbeddedPostgres(data_dir)
    url = server.start()
    _run(url, "CREATE TABLE notes (body text)")
    _run(url, "INSERT INTO notes VALUES ('kept')")
    server.stop()

    url = server.start()

    try:
        assert _run(url, "SELECT body FROM notes") == ["kept"]
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.postgres
def test_another_process_attaches_and_leaves_the_server_running_when_it_detaches(
    data_dir: Path,
) -> None:
    server = EmbeddedPostgres(data_dir)
    url = server.start()
    _run(url, "CREATE TABLE notes (body text)")

    other = _python(_ATTACH_AND_WRITE, str(data_dir))
    other.communicate(timeout=60)

    try:
        assert other.returncode == 0
        assert _run(url, "SELECT body FROM notes") == ["from the other process"]
    finally:
        server.stop()


@pytest.mark.slow
@pytest.mark.postgres
def test_server_stops_when_the_last_live_process_detaches_after_another_was_killed(
    data_dir: Path,
) -> None:
    killed = _python(_START_AND_WAIT, str(data_dir))
    assert killed.stdout is not None
    assert killed.stdout.readline().strip() == "started"
    killed.kill()
    killed.wait()
    server = EmbeddedPostgres(data_dir)
    server.start()

    server.stop()

    assert not (data_dir / "postgres" / "postmaster.pid").exists()


def test_acquire_raises_data_dir_in_use_naming_the_dir_when_another_lock_holds_it(
    data_dir: Path,
) -> None:
    with ServeLock(data_dir):
        second = ServeLock(data_dir)

        with pytest.raises(DataDirInUseError) as raised:
            second.acquire()

    assert str(raised.value) == f"another hexashop serve is using {data_dir}"


def test_acquire_succeeds_when_the_previous_holder_released_the_lock(data_dir: Path) -> None:
    with ServeLock(data_dir):
        pass
    lock = ServeLock(data_dir)

    lock.acquire()

    lock.release()


@pytest.mark.slow
def test_acquire_raises_data_dir_in_use_when_another_process_holds_the_lock(
    data_dir: Path,
) -> None:
    holder = _python(_HOLD_SERVE_LOCK, str(data_dir))
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"

    try:
        with pytest.raises(DataDirInUseError):
            ServeLock(data_dir).acquire()
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
def test_acquire_succeeds_when_the_process_that_held_the_lock_was_killed(data_dir: Path) -> None:
    holder = _python(_HOLD_SERVE_LOCK, str(data_dir))
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    lock = ServeLock(data_dir)

    lock.acquire()

    lock.release()
