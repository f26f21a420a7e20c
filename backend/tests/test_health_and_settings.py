from __future__ import annotations

import base64
import hashlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from todo_backend.core.settings import Settings
from todo_backend.main import create_app

from .conftest import make_settings


def test_health_needs_no_database(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok"}


def test_ready_when_migrated(client: TestClient) -> None:
    response = client.get("/api/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


def test_ready_is_503_with_reason_when_database_unreachable() -> None:
    settings = make_settings("postgresql://todo:pw@127.0.0.1:1/todo", migrate_on_start=False)
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/health").status_code == 200
        response = client.get("/api/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["reason"].startswith("database unreachable: OperationalError")


def test_not_ready_while_migrations_cannot_run() -> None:
    settings = make_settings("postgresql://todo:pw@127.0.0.1:1/todo")
    with TestClient(create_app(settings)) as client:
        response = client.get("/api/ready")
    assert response.status_code == 503
    assert response.json()["reason"].startswith("database not migrated yet: OperationalError")


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/docs/assets/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "todo-chatbot backend"


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        (
            "postgres://u:p@ep-cool-1.neon.tech/db?sslmode=require",
            "postgresql+psycopg://u:p@ep-cool-1.neon.tech/db?sslmode=require",
        ),
        ("postgresql://u:p@host/db", "postgresql+psycopg://u:p@host/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_pasted_from_neon_are_accepted(pasted: str, expected: str) -> None:
    settings = Settings(database_url=pasted, jwt_secret="s" * 32)
    assert settings.database_url == expected


def test_production_refuses_to_start_without_jwt_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JWT_SECRET", raising=False)
    with pytest.raises(ValidationError, match="JWT_SECRET is required"):
        Settings(app_env="production", _env_file=None)  # type: ignore[call-arg]


def test_a_short_jwt_secret_is_refused() -> None:
    with pytest.raises(ValidationError, match="JWT_SECRET has 8 characters; use at least 32"):
        Settings(jwt_secret="tooshort", _env_file=None)  # type: ignore[call-arg]


def test_development_generates_a_secret_per_process_and_warns(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("JWT_SECRET", raising=False)
    first = Settings(app_env="development", _env_file=None)  # type: ignore[call-arg]
    second = Settings(app_env="development", _env_file=None)  # type: ignore[call-arg]
    assert len(first.jwt_secret) >= 32
    assert first.jwt_secret != second.jwt_secret
    assert "INSECURE: JWT_SECRET is not set" in caplog.text


def _serve(
    database_url: str, workdir: Path, **extra_env: str
) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JWT_SECRET": "x" * 40,
        "LLM_BASE_URL": "",
        "LLM_API_KEY": "",
        "MIGRATE_ON_START": "true",
        "LOG_LEVEL": "warning",
        **extra_env,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from todo_backend.cli import main; main()",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "serve.log").open("wb"),
    )
    return process, f"http://127.0.0.1:{port}"


def _wait_for(url: str, process: subprocess.Popen[bytes], status: int) -> httpx.Response:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, f"serve exited with {process.returncode}"
        try:
            response = httpx.get(url, timeout=5)
            if response.status_code == status:
                return response
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never answered {status}")


def test_serve_waits_for_the_database_instead_of_crashing(tmp_path: Path) -> None:
    """Issue 10, item 6: `todo-backend serve` with the database down starts, says why it is
    not ready, and becomes ready once the database can be reached."""
    blocker = tmp_path / "not-yet"
    blocker.write_text("a file where the database's folder must be")
    process, base = _serve(f"sqlite:///{blocker / 'todo.db'}", tmp_path)
    try:
        _wait_for(f"{base}/api/health", process, 200)
        not_ready = _wait_for(f"{base}/api/ready", process, 503).json()
        assert not_ready["reason"].startswith("database not migrated yet: ")
        assert process.poll() is None
        blocker.unlink()  # the database becomes reachable
        assert _wait_for(f"{base}/api/ready", process, 200).json() == {"status": "ready"}
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_docs_have_a_content_security_policy(client: TestClient) -> None:
    """Issue 10, item 7: /docs runs only its own scripts (the inline one by its hash)."""
    response = client.get("/docs")
    policy = response.headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    [inline] = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    assert directives["script-src"] == f"'self' 'sha256-{digest}'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(("trusted", "expected"), [("", [401, 401, 429]), ("127.0.0.1", [401] * 3)])
def test_x_forwarded_for_is_believed_only_from_configured_peers(
    tmp_path: Path, trusted: str, expected: list[int]
) -> None:
    """Issue 10, item 7: the per-client sign-in limit counts by address; a client must not
    get a fresh count by naming another address in X-Forwarded-For — unless it is the
    frontend (or an ingress) listed in FORWARDED_ALLOW_IPS."""
    process, base = _serve(
        f"sqlite:///{tmp_path / 'todo.db'}",
        tmp_path,
        FORWARDED_ALLOW_IPS=trusted,
        LOGIN_MAX_FAILURES_PER_CLIENT="2",
    )
    try:
        _wait_for(f"{base}/api/ready", process, 200)
        answers = [
            httpx.post(
                f"{base}/api/auth/login",
                json={"email": f"u{n}@example.com", "password": "wrong"},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
                timeout=30,
            ).status_code
            for n in range(3)
        ]
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert answers == expected
