"""How a route reaches the database: one request, one worker thread, one transaction.

A route awaits `caller.run(work, ...)`: `work(db, user_id, ...)` runs in the threadpool,
inside a transaction that commits when it returns and rolls back if it raises. Nothing is
held across an await, so a bounded connection pool can never starve the threadpool, and
each request costs one thread hop, not one per dependency.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Concatenate, ParamSpec, TypeVar

import anyio
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from todo_backend.core.errors import AuthError
from todo_backend.core.security import user_id_from_token
from todo_backend.core.settings import Settings
from todo_backend.db.engine import session_scope
from todo_backend.db.models import User

P = ParamSpec("P")
T = TypeVar("T")

_bearer = HTTPBearer(auto_error=False, description="The access token from /api/auth/login")
_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def user_id_from_bearer(db: Session, settings: Settings, authorization: str | None) -> int:
    """The signed-in user's id, checked against the database on every request.

    A plain Core query on the session's connection: every request pays for it, and the
    ORM's identity machinery would double its cost.
    """
    scheme, _, token = (authorization or "").partition(" ")
    user_id = user_id_from_token(token, settings.jwt_secret) if scheme.lower() == "bearer" else None
    if user_id is not None:
        found = db.connection().execute(select(User.id).where(User.id == user_id)).scalar()
        if found is not None:
            return found
    raise AuthError("sign in first: send 'Authorization: Bearer <access_token>'")


@dataclass(frozen=True)
class Caller:
    settings: Settings
    authorization: str | None
    write: bool
    """Whether the request may write: SQLite then takes its write lock up front."""
    workers: anyio.CapacityLimiter
    """The threads this kind of work may use (see db.engine.QUICK_WORKERS)."""

    async def run(
        self, work: Callable[Concatenate[Session, int, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`work(db, user_id, ...)` for the signed-in user (401 if nobody is signed in)."""

        def signed_in(db: Session) -> T:
            user_id = user_id_from_bearer(db, self.settings, self.authorization)
            return work(db, user_id, *args, **kwargs)

        return await anyio.to_thread.run_sync(self._in_transaction, signed_in, limiter=self.workers)

    async def run_anonymous(
        self, work: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`work(db, ...)` for routes that need no signed-in user (register, login)."""
        return await anyio.to_thread.run_sync(
            self._in_transaction, lambda db: work(db, *args, **kwargs), limiter=self.workers
        )

    def _in_transaction(self, work: Callable[[Session], T]) -> T:
        with session_scope(self.settings.database_url, write=self.write) as db:
            return work(db)


def _caller(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None,
    workers: anyio.CapacityLimiter,
) -> Caller:
    return Caller(
        settings=request.app.state.settings,
        authorization=f"Bearer {credentials.credentials}" if credentials else None,
        write=request.method not in _READ_ONLY_METHODS,
        workers=workers,
    )


# The dependencies are async: no I/O here, and a sync one would cost a thread hop of its own.
async def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    return _caller(request, credentials, request.app.state.workers.quick)


async def chat_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    return _caller(request, credentials, request.app.state.workers.chat)


CallerDep = Annotated[Caller, Depends(caller)]
ChatCallerDep = Annotated[Caller, Depends(chat_caller)]
