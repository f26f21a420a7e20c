"""One engine per process; one session (one transaction) per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy's recipe for pysqlite: we emit BEGIN ourselves (see _sqlite_begin), which
    # also makes SAVEPOINTs behave.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=15000")  # first: the next pragma may have to wait
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # SQLite cannot turn a read transaction into a write one while another connection
    # writes: it fails at once with "database is locked" instead of waiting. A request that
    # may write therefore takes the write lock up front, and BEGIN IMMEDIATE waits for it
    # (busy_timeout); reads stay concurrent under WAL.
    write = connection.get_execution_options().get("sqlite_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=10,
        connect_args={"connect_timeout": 5},
    )


@lru_cache
def get_engine(database_url: str) -> Engine:
    return make_engine(database_url)


@lru_cache
def _session_factory(database_url: str) -> sessionmaker[Session]:
    return sessionmaker(get_engine(database_url), expire_on_commit=False)


@contextmanager
def session_scope(database_url: str, write: bool = True) -> Iterator[Session]:
    """Yield a session; commit if the block finishes, roll back if it raises.

    `write=False` for read-only work lets SQLite readers run side by side.
    """
    session = _session_factory(database_url)()
    if write:
        session.connection(execution_options={"sqlite_write": True})
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
