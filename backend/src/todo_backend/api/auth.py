"""Accounts: register, login, me, change password."""

from __future__ import annotations

from fastapi import APIRouter, status

from todo_backend.api.deps import DbDep, SettingsDep, UserDep
from todo_backend.core.security import create_access_token
from todo_backend.core.settings import Settings
from todo_backend.db.models import User
from todo_backend.schemas import LoginIn, PasswordChangeIn, RegisterIn, TokenOut, UserOut
from todo_backend.services import accounts

router = APIRouter(prefix="/api/auth", tags=["auth"])


def _user_out(user: User) -> UserOut:
    return UserOut(id=user.id, email=user.email, name=user.name)


def _token(user: User, settings: Settings) -> TokenOut:
    token = create_access_token(user.id, settings.jwt_secret, settings.jwt_expire_minutes)
    return TokenOut(access_token=token, user=_user_out(user))


@router.post("/register", status_code=status.HTTP_201_CREATED)
def register(data: RegisterIn, db: DbDep, settings: SettingsDep) -> TokenOut:
    return _token(accounts.register(db, data), settings)


@router.post("/login", responses={401: {"description": "wrong email or password"}})
def login(data: LoginIn, db: DbDep, settings: SettingsDep) -> TokenOut:
    return _token(accounts.authenticate(db, data), settings)


@router.get("/me")
def me(user: UserDep) -> UserOut:
    return _user_out(user)


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(data: PasswordChangeIn, db: DbDep, user: UserDep) -> None:
    accounts.change_password(db, user, data)
