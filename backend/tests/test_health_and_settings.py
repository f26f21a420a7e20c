from __future__ import annotations

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
