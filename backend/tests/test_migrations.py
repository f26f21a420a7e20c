"""The schema comes from Alembic migrations, stays in step with the models, and two
processes migrating at once is safe."""

from __future__ import annotations

import os
import subprocess
import sys

from alembic import command
from sqlalchemy import inspect
from todo_backend.db.engine import get_engine
from todo_backend.db.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)

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
