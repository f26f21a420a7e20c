"""Live servers for the frontend tests: the real backend (on SQLite) and the frontend
in front of it, each a subprocess started through its console script."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

BIN = Path(sys.executable).parent


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _script(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"console script {name!r} is not installed (run `uv sync --all-packages`)")
    return found


def start_server(
    script: str,
    ready_path: str,
    env: dict[str, str],
    workdir: Path,
    timeout: float = 60.0,
    port_from_env: bool = False,
) -> Server:
    """Start `<script> serve` on a free port (given as flags, or as HOST/PORT variables)."""
    port = free_port()
    log = workdir / f"{script}-{port}.log"
    address = {"HOST": "127.0.0.1", "PORT": str(port)}
    flags = [] if port_from_env else ["--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        [_script(script), "serve", *flags],
        cwd=workdir,
        env={**os.environ, "LOG_LEVEL": "warning", **env, **(address if port_from_env else {})},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{script} exited with {process.returncode}:\n{server.log_tail()}")
        try:
            if httpx.get(server.url + ready_path, timeout=1.0).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop_server(server)
    pytest.fail(f"{script} was not ready within {timeout:.0f}s:\n{server.log_tail()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("backend")
    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 't.db'}",
        "APP_ENV": "test",
        "JWT_SECRET": "frontend-tests-" + "x" * 40,
        "LLM_BASE_URL": "",  # the built-in offline planner, whatever the caller's env says
        "LLM_API_KEY": "",
        "MIGRATE_ON_START": "true",
        "WORKERS": "1",
    }
    server = start_server("todo-backend", "/api/ready", env, workdir)
    yield server
    stop_server(server)


def _frontend(
    tmp_path_factory: pytest.TempPathFactory, backend_url: str, **env: str
) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("frontend")
    server = start_server(
        "todo-frontend", "/healthz", {"BACKEND_URL": backend_url, **env}, workdir, timeout=30
    )
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def frontend(tmp_path_factory: pytest.TempPathFactory, backend: Server) -> Iterator[Server]:
    """As behind a TLS-terminating ingress on this host: X-Forwarded-* from 127.0.0.1 count."""
    yield from _frontend(tmp_path_factory, backend.url, FORWARDED_ALLOW_IPS="127.0.0.1")


@pytest.fixture(scope="session")
def frontend_without_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A frontend whose backend is down: nothing listens on its BACKEND_URL."""
    yield from _frontend(tmp_path_factory, f"http://127.0.0.1:{free_port()}")


@pytest.fixture(scope="session")
def frontend_with_stuck_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A frontend whose backend accepts connections but never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    yield from _frontend(tmp_path_factory, url, BACKEND_TIMEOUT_SECONDS="1")
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
def launch_frontend(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start extra frontends for one test; they are stopped after it."""
    servers: list[Server] = []

    def launch(backend_url: str, *, port_from_env: bool = False, **env: str) -> Server:
        server = start_server(
            "todo-frontend",
            "/healthz",
            {"BACKEND_URL": backend_url, **env},
            tmp_path,
            timeout=30,
            port_from_env=port_from_env,
        )
        servers.append(server)
        return server

    yield launch
    for server in servers:
        stop_server(server)


_counter = iter(range(1, 1_000_000))


@pytest.fixture
def unique_email() -> Callable[[str], str]:
    """Fresh addresses: every test gets its own users in the shared backend."""
    return lambda name="user": f"{name}-{os.getpid()}-{next(_counter)}@example.com"
