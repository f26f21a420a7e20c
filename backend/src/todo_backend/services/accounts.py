"""Accounts: sign-up, sign-in, password change, sign-out, and the failed sign-in limits.

Nothing here hashes a password: argon2 costs ~85 ms of CPU, and these functions run in the
database thread (on SQLite, some inside the write lock). The routes hash and verify in
their own thread between two short transactions: one that reads what is needed, one that
writes the outcome.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from todo_backend import schemas
from todo_backend.core.errors import TooManyAttemptsError
from todo_backend.core.security import DUMMY_HASH
from todo_backend.db.models import LoginFailure, User, utcnow
from todo_backend.schemas import UserOut


def normalize_email(raw: str) -> str:
    """As sign-up stores it (schemas.normalize_email); anything else as typed, lower case:
    it names no account, and sign-in says so like for any other."""
    try:
        return schemas.normalize_email(raw)
    except ValueError:
        return raw.strip().lower()


def _out(user: User) -> UserOut:
    return UserOut(id=user.id, email=user.email, name=user.name)


def get_user(db: Session, user_id: int) -> UserOut:
    return _out(db.get_one(User, user_id))


# --- failed sign-in limits -------------------------------------------------------------


@dataclass(frozen=True)
class LoginLimits:
    window: timedelta
    per_account: int
    per_client: int


@dataclass(frozen=True)
class Attempt:
    """Who is trying: the account (by email) and the client (by address)."""

    account_key: str
    client_key: str

    @classmethod
    def of(cls, email: str, client: str) -> Attempt:
        digest = hashlib.sha256(normalize_email(email).encode("utf-8", "replace")).hexdigest()
        return cls(account_key=f"a:{digest}", client_key=f"c:{client[:70]}")


def check_limits(db: Session, attempt: Attempt, limits: LoginLimits) -> None:
    """Raise TooManyAttemptsError (429) while either key has too many recent failures."""
    now = utcnow()
    since = now - limits.window
    for key, allowed, whose in (
        (attempt.account_key, limits.per_account, "for this account"),
        (attempt.client_key, limits.per_client, "from your network"),
    ):
        count, oldest = db.execute(
            select(func.count(), func.min(LoginFailure.created_at)).where(
                LoginFailure.key == key, LoginFailure.created_at > since
            )
        ).one()
        if count >= allowed:
            oldest_at: datetime = _aware(oldest)
            wait = max(1, math.ceil((oldest_at + limits.window - now).total_seconds()))
            raise TooManyAttemptsError(
                f"too many failed sign-in attempts {whose}; try again in {wait} seconds",
                retry_after=wait,
            )


def _aware(moment: datetime | str) -> datetime:
    if isinstance(moment, str):  # SQLite aggregates come back as stored text
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def record_failure(db: Session, attempt: Attempt, limits: LoginLimits) -> None:
    now = utcnow()
    db.execute(delete(LoginFailure).where(LoginFailure.created_at <= now - limits.window))
    db.add_all(
        [
            LoginFailure(key=attempt.account_key, created_at=now),
            LoginFailure(key=attempt.client_key, created_at=now),
        ]
    )
    db.flush()


def record_success(db: Session, attempt: Attempt) -> None:
    """The account's count starts over; the client's does not (one could otherwise clear
    it by signing in to an account of their own between guesses)."""
    db.execute(delete(LoginFailure).where(LoginFailure.key == attempt.account_key))


# --- sign-in ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    user: UserOut | None
    password_hash: str
    """The user's hash, or a dummy one (the same cost) when no account has this email."""
    token_version: int


def credentials_for_login(
    db: Session, email: str, attempt: Attempt, limits: LoginLimits
) -> Credentials:
    check_limits(db, attempt, limits)
    user = db.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        return Credentials(None, DUMMY_HASH, 0)
    return Credentials(_out(user), user.password_hash, user.token_version)


def credentials_of(db: Session, user_id: int) -> Credentials:
    user = db.get_one(User, user_id)
    return Credentials(_out(user), user.password_hash, user.token_version)


# --- sign-up, password, sign-out -------------------------------------------------------


TAKEN = "cannot sign up with this email; if you already have an account, sign in"


def register(
    db: Session, email: str, name: str, password_hash: str, attempt: Attempt, limits: LoginLimits
) -> UserOut | None:
    """The new user, or None if the email is taken. A taken email counts as a failed
    attempt (committed: the caller answers 409 after this transaction), so probing which
    addresses have accounts is throttled like guessing passwords; the answer names none."""
    check_limits(db, attempt, limits)
    user = User(email=normalize_email(email), name=name.strip(), password_hash=password_hash)
    try:
        with db.begin_nested():
            db.add(user)
    except IntegrityError:
        record_failure(db, attempt, limits)
        return None
    return _out(user)


def set_password(db: Session, user_id: int, expected_hash: str, new_hash: str) -> int | None:
    """Store the new hash and end every earlier token; returns the new token version, or
    None if the password changed meanwhile (the caller's check was against an old one)."""
    result = db.execute(
        update(User)
        .where(User.id == user_id, User.password_hash == expected_hash)
        .values(password_hash=new_hash, token_version=User.token_version + 1)
        .returning(User.token_version)
    ).scalar()
    return result


def revoke_tokens(db: Session, user_id: int) -> None:
    """Sign out everywhere: every token issued so far stops working."""
    db.execute(update(User).where(User.id == user_id).values(token_version=User.token_version + 1))
