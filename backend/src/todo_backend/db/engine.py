"""One engine per process; one session (one transaction) per request."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
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


# A fixed set of connections per process, none opened and closed per request. Each request
# holds one for exactly one thread call (api/deps.py), and at most QUICK_WORKERS +
# SLOW_WORKERS such calls run at once, leaving room for readiness probes and MCP calls.
# Five replicas stay well under PostgreSQL's default of 100 connections.
QUICK_WORKERS = 1
"""Requests doing database work at once per process. One: the work is CPU-bound Python,
and on a small machine a second thread only fights the first over the GIL (make bench:
GET /api/tasks went from ~650 to ~770 req/s and its p99 from ~130 to ~60 ms)."""
SLOW_WORKERS = 6
"""Chats waiting on an LLM at once per process: seconds each, so not behind QUICK_WORKERS."""
_POOL: dict[str, Any] = {
    "pool_size": QUICK_WORKERS + SLOW_WORKERS + 1,
    "max_overflow": 0,
    "pool_timeout": 30,
}


def make_engine(database_url: str) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **_POOL)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5}, **_POOL)


@lru_cache
def get_engine(database_url: str) -> Engine:
    return make_engine(database_url)


@lru_cache
def _session_factory(database_url: str) -> sessionmaker[Session]:
    return sessionmaker(get_engine(database_url), expire_on_commit=False)


@contextmanager
def sqlite_write_lock(database_url: str) -> Iterator[None]:
    """Take turns at writing a SQLite file, across threads and processes (uvicorn workers).

    SQLite's own wait for its write lock polls with sleeps of up to 100 ms and is not fair:
    under load some writers waited seconds. An exclusive flock on a file next to the
    database blocks in the kernel instead and wakes the next writer at once. (Each call
    opens its own file description: flock does not exclude holders of the same one.)
    Other databases need none of this: the context is empty for them.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    lock_path = Path(f"{url.database}.write-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def session_scope(database_url: str, write: bool = True) -> Iterator[Session]:
    """Yield a session; commit if the block finishes, roll back if it raises.

    `write=False` for read-only work lets SQLite readers run side by side.
    """
    with sqlite_write_lock(database_url) if write else nullcontext():
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
