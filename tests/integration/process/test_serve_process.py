"""`hexashop serve` as a real process on the embedded PostgreSQL of a data dir.

Needs no external server: HEXASHOP_DATABASE_URL is removed from the environment, so every
command starts (or attaches to) the embedded server under HEXASHOP_DATA_DIR. The data dir
is shared by the tests of this module (initdb runs once); every test starts its own serve,
and the fixtures stop every process started, also when a test fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from tests.support.api import PASSWORD

pytestmark = pytest.mark.slow

HEXASHOP = Path(sys.executable).parent / "hexashop"
STARTUP_DEADLINE_SECONDS = 120.0  # the first start of a data dir runs initdb
STOP_DEADLINE_SECONDS = 30.0
COMMAND_DEADLINE_SECONDS = 120.0


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The caller's environment without any HEXASHOP_ setting, plus the data dir."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HEXASHOP_")}
    environment["HEXASHOP_DATA_DIR"] = str(data_dir)
    environment.update(extra)
    return environment


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _postgres_processes(data_dir: Path) -> list[psutil.Process]:
    """Processes whose command line names the data dir: the embedded server's postmaster."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        if any(str(data_dir) in part for part in cmdline):
            found.append(process)
    return found


def _stop_postgres_of(data_dir: Path) -> None:
    processes = _postgres_processes(data_dir)
    for process in processes:
        process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=STOP_DEADLINE_SECONDS)
    for process in alive:
        process.kill()


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    stderr: Path

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=30)

    def stop(self) -> int:
        """SIGTERM, as an orchestrator stops it; the exit code, once it has exited."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=STOP_DEADLINE_SECONDS)


class Processes:
    """Starts hexashop commands and ends whatever is still running at teardown."""

    def __init__(self, logs: Path) -> None:
        self._logs = logs
        self._started: list[subprocess.Popen[bytes]] = []

    def serve(self, data_dir: Path) -> Server:
        port = _free_port()
        name = f"serve-{len(self._started)}"
        stdout, stderr = self._logs / f"{name}.out", self._logs / f"{name}.err"
        with stdout.open("wb") as out, stderr.open("wb") as err:
            process = subprocess.Popen(
                [str(HEXASHOP), "serve", "--port", str(port)],
                env=_environment(data_dir),
                cwd=self._logs,
                stdout=out,
                stderr=err,
            )
        self._started.append(process)
        server = Server(process, f"http://127.0.0.1:{port}", stderr)
        _wait_until_healthy(server)
        return server

    def cleanup(self) -> None:
        for process in self._started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self._started:
            try:
                process.wait(timeout=STOP_DEADLINE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    with httpx.Client(base_url=server.base_url, timeout=2) as client:
        while time.monotonic() < deadline:
            try:
                if client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            try:  # waits a moment for the process, noticing at once if it exits
                server.process.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                continue
            pytest.fail(f"serve exited with {server.process.returncode}: {_tail(server.stderr)}")
    pytest.fail(f"serve did not answer /healthz in time: {_tail(server.stderr)}")


def _tail(path: Path) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-20:])


def _hexashop(data_dir: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HEXASHOP), *args],
        env=_environment(data_dir, **extra_env),
        capture_output=True,
        text=True,
        timeout=COMMAND_DEADLINE_SECONDS,
        check=False,
    )


def _register(client: httpx.Client, email: str) -> None:
    response = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": "Process Person"},
    )
    assert response.status_code == 201, response.text


def _log_in(client: httpx.Client, email: str) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})


def _unique_email(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.com"


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    # Not pytest's tmp_path: see the integration conftest on its permissions under root.
    path = Path(tempfile.mkdtemp(prefix="hexashop-serve-"))
    yield path
    _stop_postgres_of(path)
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    started = Processes(tmp_path)
    yield started
    started.cleanup()


@pytest.fixture
def server(processes: Processes, data_dir: Path) -> Server:
    return processes.serve(data_dir)


def test_admin_created_by_the_cli_while_serving_can_log_in_and_list_users(
    server: Server, data_dir: Path
) -> None:
    email = _unique_email("admin")

    created = _hexashop(data_dir, "users", "create-admin", "--email", email, "--password", PASSWORD)

    assert created.returncode == 0, created.stderr
    with server.client() as client:
        login = _log_in(client, email)
        assert login.status_code == 200, login.text
        users = client.get(
            "/api/v1/admin/users",
            params={"q": email},
            headers={"Authorization": f"Bearer {login.json()['access_token']}"},
        )
    assert users.status_code == 200, users.text
    assert email in [user["email"] for user in users.json()["items"]]


def test_serve_stays_ready_when_a_cli_command_attaches_to_its_database_and_leaves(
    server: Server, data_dir: Path
) -> None:
    migrated = _hexashop(data_dir, "migrate")

    with server.client() as client:
        ready = client.get("/readyz")
    assert migrated.returncode == 0, migrated.stderr
    assert ready.status_code == 200, ready.text


def test_second_serve_exits_non_zero_naming_the_other_when_the_data_dir_is_in_use(
    server: Server, data_dir: Path
) -> None:
    second = _hexashop(data_dir, "serve", "--port", str(_free_port()))

    assert second.returncode != 0
    assert "another hexashop serve" in second.stderr
    assert server.process.poll() is None


def test_serve_exits_0_within_the_deadline_when_sent_sigterm(server: Server) -> None:
    code = server.stop()

    assert code == 0, _tail(server.stderr)


def test_no_postgres_process_of_the_data_dir_remains_when_serve_exits_on_sigterm(
    server: Server, data_dir: Path
) -> None:
    server.stop()

    _, alive = psutil.wait_procs(_postgres_processes(data_dir), timeout=STOP_DEADLINE_SECONDS)
    assert alive == []


def test_registered_user_can_log_in_when_serve_is_restarted_on_the_same_data_dir(
    processes: Processes, data_dir: Path
) -> None:
    email = _unique_email("kept")
    first = processes.serve(data_dir)
    with first.client() as client:
        _register(client, email)
    assert first.stop() == 0

    second = processes.serve(data_dir)
    with second.client() as client:
        login = _log_in(client, email)

    assert login.status_code == 200, login.text


def test_serve_exits_2_with_one_line_naming_the_variable_when_a_setting_is_invalid(
    tmp_path: Path,
) -> None:
    result = _hexashop(
        tmp_path / "unused", "serve", "--port", str(_free_port()), HEXASHOP_SMTP_PORT="notaport"
    )

    naming = [line for line in result.stderr.splitlines() if "HEXASHOP_SMTP_PORT" in line]
    assert result.returncode == 2
    assert len(naming) == 1, result.stderr
    assert naming[0].startswith("hexashop: invalid settings")
    assert "Traceback" not in result.stderr
