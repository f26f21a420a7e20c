"""The scripts the chart runs inside pods (helm test checks, the wait-for-database init
container) do what they promise, run here exactly as rendered against local endpoints."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from typing import Any

import pytest

pytestmark = pytest.mark.helm


class Endpoint:
    """What the local endpoint answers to every GET; change it between runs."""

    def __init__(self) -> None:
        self.status: int = 200
        self.body: dict[str, Any] = {"status": "ok"}
        self.url = ""


@pytest.fixture
def endpoint(serve_json) -> Endpoint:
    answers = Endpoint()
    answers.url = serve_json(lambda _path: (answers.status, answers.body))
    return answers


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
    url = f"{endpoint.url}/api/ready"
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
    url = f"{endpoint.url}/readyz"
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
