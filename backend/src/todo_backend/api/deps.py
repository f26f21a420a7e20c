"""How a route reaches the database: one request, one worker thread, one transaction.

A route awaits `caller.run(work, ...)`: `work(db, user_id, ...)` runs in the threadpool,
inside a transaction that commits when it returns and rolls back if it raises. Nothing is
held across an await, so a bounded connection pool can never starve the threadpool, and
each request costs one thread hop, not one per dependency.

Password hashing never runs there: `caller.hash(...)` runs it on its own low-priority
thread, so sign-ins cost no database thread and no SQLite write lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Annotated, Concatenate, ParamSpec, TypeVar

import anyio
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from todo_backend.core.auth import SIGN_IN_FIRST, claims_from_header, user_id_from_claims
from todo_backend.core.errors import AuthError
from todo_backend.core.security import TokenClaims, off_the_event_loop
from todo_backend.core.settings import Settings
from todo_backend.db.engine import session_scope

P = ParamSpec("P")
T = TypeVar("T")

_bearer = HTTPBearer(auto_error=False, description="The access token from /api/auth/login")
_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Workers:
    """Thread limits by kind of work (made in the lifespan: they need the event loop)."""

    quick: anyio.CapacityLimiter
    """Database work: see db.engine.QUICK_WORKERS."""
    chat: anyio.CapacityLimiter
    """The same as `quick` with the offline planner; its own, larger one with an LLM."""


@dataclass(frozen=True)
class Caller:
    settings: Settings
    claims: TokenClaims | None
    write: bool
    """Whether the request may write: SQLite then takes its write lock up front."""
    workers: anyio.CapacityLimiter
    """The threads this kind of work may use (see db.engine.QUICK_WORKERS)."""
    client: str
    """The client's address (X-Forwarded-For only from FORWARDED_ALLOW_IPS)."""

    def reading(self) -> Caller:
        """The same caller for a read-only step of a writing route (no write lock)."""
        return replace(self, write=False)

    def writing(self) -> Caller:
        return replace(self, write=True)

    async def run(
        self, work: Callable[Concatenate[Session, int, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`work(db, user_id, ...)` for the signed-in user (401 if nobody is signed in)."""

        def signed_in(db: Session) -> T:
            return work(db, user_id_from_claims(db, self.claims), *args, **kwargs)

        return await anyio.to_thread.run_sync(self._in_transaction, signed_in, limiter=self.workers)

    async def run_anonymous(
        self, work: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`work(db, ...)` for routes that need no signed-in user (register, login)."""
        return await anyio.to_thread.run_sync(
            self._in_transaction, lambda db: work(db, *args, **kwargs), limiter=self.workers
        )

    async def run_in_steps(
        self, work: Callable[Concatenate[str, int, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`work(database_url, user_id, ...)` for the signed-in user, with no transaction
        open: it opens its own, short ones (for work that waits on something else)."""

        def signed_in() -> T:
            with session_scope(self.settings.database_url, write=False) as db:
                user_id = user_id_from_claims(db, self.claims)
            return work(self.settings.database_url, user_id, *args, **kwargs)

        return await anyio.to_thread.run_sync(signed_in, limiter=self.workers)

    async def hash(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Password hashing or verification: on its own low-priority thread, off the
        database threads (see core.security.HASHING_NICENESS)."""
        return await off_the_event_loop(work, *args, **kwargs)

    def _in_transaction(self, work: Callable[[Session], T]) -> T:
        with session_scope(self.settings.database_url, write=self.write) as db:
            return work(db)


def _caller(request: Request, claims: TokenClaims | None, workers: anyio.CapacityLimiter) -> Caller:
    return Caller(
        settings=request.app.state.settings,
        claims=claims,
        write=request.method not in _READ_ONLY_METHODS,
        workers=workers,
        client=request.client.host if request.client else "unknown",
    )


def _signed_in(settings: Settings, credentials: HTTPAuthorizationCredentials | None) -> TokenClaims:
    """401 before the body is even validated: a forged, expired or missing token is known
    without the database (whether it was revoked is checked in the request's transaction)."""
    claims = claims_from_header(
        settings, f"Bearer {credentials.credentials}" if credentials else None
    )
    if claims is None:
        raise AuthError(SIGN_IN_FIRST)
    return claims


# The dependencies are async: no I/O here, and a sync one would cost a thread hop of its own.
async def caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    claims = _signed_in(request.app.state.settings, credentials)
    return _caller(request, claims, request.app.state.workers.quick)


async def chat_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    claims = _signed_in(request.app.state.settings, credentials)
    return _caller(request, claims, request.app.state.workers.chat)


async def anonymous_caller(request: Request) -> Caller:
    return _caller(request, None, request.app.state.workers.quick)


CallerDep = Annotated[Caller, Depends(caller)]
ChatCallerDep = Annotated[Caller, Depends(chat_caller)]
AnonymousCallerDep = Annotated[Caller, Depends(anonymous_caller)]
