"""The scripts the chart runs inside pods (helm test checks, the wait-for-database init
container) do what they promise, run here exactly as rendered against local endpoints."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

pytestmark = pytest.mark.helm


class Endpoint:
    """A local HTTP server answering every GET with a configurable status and body."""

    def __init__(self) -> None:
        self.status, self.body = 200, {"status": "ok"}
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                data = json.dumps(endpoint.body).encode()
                self.send_response(endpoint.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    served = Endpoint()
    threading.Thread(target=served.server.serve_forever, args=(0.05,), daemon=True).start()
    yield served
    served.server.shutdown()
    served.server.server_close()


def rendered_commands(helm, values_args) -> dict[str, list[str]]:
    """container name or test pod name -> its command, from the default render."""
    commands = {}
    for obj in helm.render(*values_args("default")):
        if obj["kind"] == "Pod":
            commands[obj["metadata"]["name"]] = obj["spec"]["containers"][0]["command"]
        elif obj["kind"] == "Deployment":
            for container in obj["spec"]["template"]["spec"].get("initContainers", []):
                commands[container["name"]] = container["command"]
    return commands


def run_here(command: list[str], *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a rendered `python -c <script> ...` with this interpreter and new arguments."""
    interpreter, flag, script = command[:3]
    assert (interpreter, flag) == ("python", "-c")
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=30,
        check=False,
    )


def test_backend_ready_check_passes_only_when_ready(helm, values_args, endpoint) -> None:
    command = rendered_commands(helm, values_args)["todo-chatbot-test-backend-ready"]
    url = f"http://127.0.0.1:{endpoint.port}/api/ready"
    endpoint.body = {"status": "ready"}
    assert run_here(command, url, "ready").returncode == 0

    endpoint.status, endpoint.body = 503, {"status": "unavailable", "reason": "database"}
    failed = run_here(command, url, "ready", CHECK_ATTEMPTS="2")
    assert failed.returncode == 1
    assert f"FAILED: GET {url}: HTTP Error 503" in failed.stderr

    endpoint.status, endpoint.body = 200, {"status": "starting"}
    assert run_here(command, url, "ready", CHECK_ATTEMPTS="1").returncode == 1


def test_frontend_checks_accept_any_200(helm, values_args, endpoint) -> None:
    commands = rendered_commands(helm, values_args)
    url = f"http://127.0.0.1:{endpoint.port}/readyz"
    for pod in ("todo-chatbot-test-frontend-healthz", "todo-chatbot-test-frontend-readyz"):
        assert run_here(commands[pod], url).returncode == 0
    endpoint.status = 503
    readyz = commands["todo-chatbot-test-frontend-readyz"]
    assert run_here(readyz, url, CHECK_ATTEMPTS="1").returncode == 1


def test_wait_for_database_waits_for_a_listening_port(helm, values_args) -> None:
    command = rendered_commands(helm, values_args)["wait-for-database"]
    with socket.create_server(("127.0.0.1", 0)) as listening:
        port = str(listening.getsockname()[1])
        assert run_here(command, "127.0.0.1", port).returncode == 0
    closed = run_here(command, "127.0.0.1", port, WAIT_ATTEMPTS="2")
    assert closed.returncode == 1
    assert f"127.0.0.1:{port} did not accept connections after 2 attempts" in closed.stderr
