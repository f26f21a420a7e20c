"""Accounts: register, login, me, change password, sign out.

Each sign-in is three steps: a read (the limits, the stored hash), argon2 on its own
thread with no transaction open, and a short write of the outcome. A burst of wrong
passwords therefore neither holds the database thread nor SQLite's write lock, and is
cut off by the failure limits (kept in the database: they hold across replicas).
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, status

from todo_backend.api.contract import (
    BAD_INPUT,
    CONFLICT,
    FORBIDDEN,
    REFUSED,
    SIGNED_IN,
    TOO_MANY,
    StrictJsonRoute,
)
from todo_backend.api.deps import AnonymousCallerDep, Caller, CallerDep
from todo_backend.core.errors import AppError, AuthError, ConflictError, ForbiddenError
from todo_backend.core.security import create_access_token, hash_password, verify_password
from todo_backend.core.settings import Settings
from todo_backend.schemas import LoginIn, PasswordChangeIn, RegisterIn, TokenOut, UserOut
from todo_backend.services import accounts

router = APIRouter(
    prefix="/api/auth", tags=["auth"], route_class=StrictJsonRoute, responses=BAD_INPUT
)


def _limits(settings: Settings) -> accounts.LoginLimits:
    return accounts.LoginLimits(
        window=timedelta(seconds=settings.login_failure_window_seconds),
        per_account=settings.login_max_failures_per_account,
        per_client=settings.login_max_failures_per_client,
    )


def _token(settings: Settings, user: UserOut, version: int) -> TokenOut:
    token = create_access_token(user.id, version, settings.jwt_secret, settings.jwt_expire_minutes)
    return TokenOut(access_token=token, user=user)


@router.post("/register", status_code=status.HTTP_201_CREATED, responses=CONFLICT | TOO_MANY)
async def register(data: RegisterIn, caller: AnonymousCallerDep) -> TokenOut:
    limits = _limits(caller.settings)
    attempt = accounts.Attempt.of(data.email, caller.client)
    # A client past its limit costs no hashing (checked again when the user is stored).
    await caller.reading().run_anonymous(accounts.check_limits, attempt, limits)
    password_hash = await caller.hash(hash_password, data.password)
    user = await caller.run_anonymous(
        accounts.register, data.email, data.name, password_hash, attempt, limits
    )
    if user is None:
        raise ConflictError(accounts.TAKEN)
    return _token(caller.settings, user, 0)


@router.post("/login", responses=SIGNED_IN | TOO_MANY)
async def login(data: LoginIn, caller: AnonymousCallerDep) -> TokenOut:
    limits = _limits(caller.settings)
    attempt = accounts.Attempt.of(data.email, caller.client)
    found = await caller.reading().run_anonymous(
        accounts.credentials_for_login, data.email, attempt, limits
    )
    correct = await caller.hash(verify_password, data.password, found.password_hash)
    if not correct or found.user is None:
        await caller.run_anonymous(accounts.record_failure, attempt, limits)
        raise AuthError("email or password is incorrect")
    await caller.run_anonymous(accounts.record_success, attempt)
    return _token(caller.settings, found.user, found.token_version)


@router.get("/me", responses=SIGNED_IN)
async def me(caller: CallerDep) -> UserOut:
    return await caller.run(accounts.get_user)


async def _check_current_password(caller: Caller, current: str) -> accounts.Credentials:
    found = await caller.reading().run(accounts.credentials_of)
    assert found.user is not None
    limits = _limits(caller.settings)
    attempt = accounts.Attempt.of(found.user.email, caller.client)
    await caller.reading().run_anonymous(accounts.check_limits, attempt, limits)
    if not await caller.hash(verify_password, current, found.password_hash):
        await caller.run_anonymous(accounts.record_failure, attempt, limits)
        raise ForbiddenError("current password is incorrect")
    return found


@router.post("/password", responses=SIGNED_IN | REFUSED | FORBIDDEN | TOO_MANY)
async def change_password(data: PasswordChangeIn, caller: CallerDep) -> TokenOut:
    """Every earlier token of the user stops working; the answer carries a new one."""
    found = await _check_current_password(caller, data.current_password)
    new_hash = await caller.hash(hash_password, data.new_password)
    version = await caller.run(accounts.set_password, found.password_hash, new_hash)
    if version is None or found.user is None:
        raise AppError("the password was changed meanwhile; sign in again")
    return _token(caller.settings, found.user, version)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=SIGNED_IN)
async def logout(caller: CallerDep) -> None:
    """Sign out everywhere: every token issued so far to this user stops working."""
    await caller.run(accounts.revoke_tokens)
