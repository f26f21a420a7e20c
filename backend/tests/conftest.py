"""Backend fixtures: the API on SQLite, and again on a real PostgreSQL (marker `postgres`)."""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import text

from todo_backend.agent.base import AgentContext, AgentReply, Planner
from todo_backend.core.settings import Settings
from todo_backend.db.engine import get_engine
from todo_backend.main import create_app

from .agent.llm_stub import StubServer
from .pg_server import find_bindir, throwaway_postgres

_databases = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL superuser URL: TEST_DATABASE_URL if given, else a throwaway server."""
    if url := os.environ.get("TEST_DATABASE_URL"):
        yield url
        return
    if find_bindir() is None:
        pytest.skip("no PostgreSQL binaries (apt-get install postgresql) and no TEST_DATABASE_URL")
    with throwaway_postgres() as url:
        yield url


@pytest.fixture
def fresh_postgres_url(postgres_server: str) -> str:
    """A new empty database on the test server, for one test."""
    name = f"todo_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgres_server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'todo.db'}"
    url: str = request.getfixturevalue("fresh_postgres_url")
    return url


def make_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "app_env": "test",
        "jwt_secret": "test-secret-0123456789-abcdefghijklmnop",
        "llm_base_url": "",
        "llm_api_key": "",
        **overrides,
    }
    return Settings.model_validate(values)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


class _NoChatPlanner:
    def respond(self, message: str, ctx: AgentContext) -> AgentReply:
        raise AssertionError("this test module does not chat; override the `planner` fixture")


@pytest.fixture
def planner() -> Planner | None:
    """The planner behind /api/chat. Chat tests override it: None means the app's own
    (the built-in offline planner); other modules need none."""
    return _NoChatPlanner()


@pytest.fixture
def client(settings: Settings, planner: Planner | None) -> Iterator[TestClient]:
    with TestClient(create_app(settings, planner=planner)) as test_client:
        yield test_client
    get_engine(settings.database_url).dispose()


Register = Callable[..., dict[str, str]]


@pytest.fixture
def register(client: TestClient) -> Register:
    """Sign up a user and return the Authorization header for them."""
    emails = (f"user{n}@example.com" for n in itertools.count())

    def _register(
        email: str | None = None, password: str = "correct horse battery"
    ) -> dict[str, str]:
        response = client.post(
            "/api/auth/register", json={"email": email or next(emails), "password": password}
        )
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return _register


@pytest.fixture
def live_server(settings: Settings, planner: Planner | None) -> Iterator[str]:
    """The app on a real socket (for the MCP client), as uvicorn serves it."""
    config = uvicorn.Config(create_app(settings, planner=planner), host="127.0.0.1", port=0)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    assert httpx.get(f"{base}/api/ready").status_code == 200
    yield base
    server.should_exit = True
    thread.join(timeout=10)
    get_engine(settings.database_url).dispose()


def table_count(database_url: str, table: str) -> int:
    with get_engine(database_url).connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture
def stub() -> Iterator[StubServer]:
    """A scripted OpenAI-compatible chat-completions server on a free local port."""
    server = StubServer()
    thread = threading.Thread(target=server.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
