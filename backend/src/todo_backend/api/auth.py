"""Accounts: register, login, me, change password."""

from __future__ import annotations

from fastapi import APIRouter, status

from todo_backend.api.deps import CallerDep
from todo_backend.core.security import create_access_token
from todo_backend.core.settings import Settings
from todo_backend.schemas import LoginIn, PasswordChangeIn, RegisterIn, TokenOut, UserOut
from todo_backend.services import accounts

router = APIRouter(prefix="/api/auth", tags=["auth"])


def _token(settings: Settings, user: UserOut) -> TokenOut:
    token = create_access_token(user.id, settings.jwt_secret, settings.jwt_expire_minutes)
    return TokenOut(access_token=token, user=user)


@router.post("/register", status_code=status.HTTP_201_CREATED)
async def register(data: RegisterIn, caller: CallerDep) -> TokenOut:
    return _token(caller.settings, await caller.run_anonymous(accounts.register, data))


@router.post("/login", responses={401: {"description": "wrong email or password"}})
async def login(data: LoginIn, caller: CallerDep) -> TokenOut:
    return _token(caller.settings, await caller.run_anonymous(accounts.authenticate, data))


@router.get("/me")
async def me(caller: CallerDep) -> UserOut:
    return await caller.run(accounts.get_user)


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(data: PasswordChangeIn, caller: CallerDep) -> None:
    await caller.run(accounts.change_password, data)
