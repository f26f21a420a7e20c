"""The schema comes from Alembic migrations, stays in step with the models, and two
processes migrating at once is safe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import inspect

from todo_backend.db.engine import get_engine
from todo_backend.db.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)

from .conftest import Register

TABLES = {
    "users",
    "tasks",
    "tags",
    "task_tags",
    "conversations",
    "messages",
    "login_failures",
    "alembic_version",
}


def test_migrating_from_empty_creates_the_schema_and_matches_the_models(database_url: str) -> None:
    upgrade_database(database_url)
    engine = get_engine(database_url)
    assert set(inspect(engine).get_table_names()) == TABLES
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        config = alembic_config()
        config.attributes["connection"] = connection
        command.check(config)  # raises if the models have drifted from the migrations
    upgrade_database(database_url)  # a second run is a no-op
    engine.dispose()


def test_two_processes_migrating_at_once(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "JWT_SECRET": "x" * 40}
    script = "from todo_backend.cli import main; main(['migrate'])"
    processes = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    errors = [process.communicate(timeout=120)[1] for process in processes]
    assert [process.returncode for process in processes] == [0, 0], errors
    engine = get_engine(database_url)
    assert set(inspect(engine).get_table_names()) == TABLES
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    engine.dispose()


def test_deleted_ids_are_never_reused(client: TestClient, register: Register) -> None:
    """Issue 10, item 7: after deleting the newest task, the next one gets a new id (SQLite
    reused it; "#12" in an old chat message would have named the newer task)."""
    headers = register()
    ids = []
    for title in ("first", "second"):
        created = client.post("/api/tasks", json={"title": title}, headers=headers)
        ids.append(created.json()["id"])
        assert client.delete(f"/api/tasks/{ids[-1]}", headers=headers).status_code == 204
    assert ids[1] > ids[0]


def test_rebuilding_tables_keeps_every_row_and_link(tmp_path: Path) -> None:
    """The SQLite rebuild of 0003 drops tables that others refer to: with foreign keys on,
    that would cascade-delete task_tags and messages. Data made at 0002 must survive."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = get_engine(url)
    with engine.connect() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.commit()
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO users (id, email, name, password_hash, created_at, token_version) "
            "VALUES (1, 'a@example.com', '', 'x', '2030-01-01 00:00:00', 0)"
        )
        connection.exec_driver_sql(
            "INSERT INTO tasks (id, user_id, title, description, priority, completed, "
            "created_at, updated_at) VALUES (7, 1, 't', '', 'low', 0, '2030-01-01 00:00:00', "
            "'2030-01-01 00:00:00')"
        )
        connection.exec_driver_sql("INSERT INTO tags (id, user_id, name) VALUES (3, 1, 'home')")
        connection.exec_driver_sql("INSERT INTO task_tags (task_id, tag_id) VALUES (7, 3)")
        connection.exec_driver_sql(
            "INSERT INTO conversations (id, user_id, title, created_at, updated_at) "
            "VALUES (5, 1, 'c', '2030-01-01 00:00:00', '2030-01-01 00:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO messages (id, conversation_id, role, content, tool_calls, created_at) "
            "VALUES (9, 5, 'user', 'hi', '[]', '2030-01-01 00:00:00')"
        )
    upgrade_database(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT task_id, tag_id FROM task_tags").all() == [(7, 3)]
        assert connection.exec_driver_sql("SELECT id FROM messages").all() == [(9,)]
        schema = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'tasks'"
        ).scalar_one()
        assert "AUTOINCREMENT" in schema
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    engine.dispose()
