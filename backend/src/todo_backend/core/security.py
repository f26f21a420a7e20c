"""Password hashing (argon2 through pwdlib) and access tokens (JWT, HS256)."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import ParamSpec, TypeVar

import jwt
from pwdlib import PasswordHash

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger(__name__)

_hasher = PasswordHash.recommended()
_ALGORITHM = "HS256"


def hash_password(password: str) -> str:
    """~85 ms of CPU: call it outside the database thread (argon2 releases the GIL)."""
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    """As costly as hash_password; the same rule applies."""
    return _hasher.verify(password, password_hash)


HASHING_NICENESS = 19
"""argon2 runs on one thread per process at the lowest CPU priority (Linux gives each
thread its own nice value, and argon2's lane threads inherit it): a storm of sign-ins
then takes only the CPU that requests for the API leave idle."""


def _lowest_priority() -> None:
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)
    except (AttributeError, OSError) as error:  # not Linux, or not allowed: still works
        log.warning("password hashing runs at normal priority: %s", error)


_hashing = ThreadPoolExecutor(1, "argon2", initializer=_lowest_priority)


async def off_the_event_loop(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a hash or a verification on the hashing thread (one at a time per process,
    never a database thread, never holding a connection or the SQLite write lock)."""
    return await asyncio.get_running_loop().run_in_executor(
        _hashing, partial(work, *args, **kwargs)
    )


# Compared against when the email is unknown, so a wrong email costs as much time as a
# wrong password and response times do not reveal which accounts exist.
DUMMY_HASH = hash_password("not-a-real-password")


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    version: int
    """The user's token_version when the token was made; an older one is revoked."""


def create_access_token(user_id: int, version: int, secret: str, expire_minutes: int) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "ver": version,
        "iat": now,
        "exp": now + timedelta(minutes=expire_minutes),
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_token(token: str, secret: str) -> TokenClaims | None:
    """The token's claims, or None if it is forged, expired or malformed."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], options={"require": ["exp", "sub"]}
        )
        version = claims.get("ver", 0)
        if not isinstance(version, int) or isinstance(version, bool):
            return None
        return TokenClaims(user_id=int(claims["sub"]), version=version)
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        return None
