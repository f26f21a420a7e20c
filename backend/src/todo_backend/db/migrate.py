"""Bring the schema to the newest Alembic revision, safely from many processes at once.

Several replicas (or uvicorn workers) may start together: on PostgreSQL they take a
session-level advisory lock, on SQLite an exclusive file lock, so exactly one migrates
and the others find the schema current.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from todo_backend.db.engine import get_engine, sqlite_write_lock

log = logging.getLogger(__name__)

# Any constant works; it names this application's migration lock within the database.
_ADVISORY_LOCK_KEY = 7_860_2024


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "todo_backend:migrations")
    return config


@contextmanager
def _locked_connection(database_url: str) -> Iterator[Connection]:
    engine = get_engine(database_url)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
            connection.commit()
            try:
                yield connection
            finally:
                connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": _ADVISORY_LOCK_KEY}
                )
                connection.commit()
    else:
        with sqlite_write_lock(database_url), engine.connect() as connection:
            # A migration that rebuilds a table drops the old one, and with foreign keys on,
            # that DROP would first cascade-delete the rows referring to it (SQLite's own
            # advice: switch them off around the rebuild; the migration checks them after).
            # Only outside a transaction does the pragma take effect.
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            try:
                yield connection
            finally:
                connection.rollback()  # whatever is still open: the pragma needs no transaction
                raw.execute("PRAGMA foreign_keys=ON")


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade_database(database_url: str) -> None:
    config = alembic_config()
    with _locked_connection(database_url) as connection:
        before = current_revision(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()
        after = current_revision(connection)
    if before != after:
        log.info("database migrated from %s to %s", before or "empty", after)
    else:
        log.info("database schema is current (%s)", after)
