"""Request-scoped dependencies: settings, the database session, the signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from todo_backend.core.errors import AuthError
from todo_backend.core.security import user_id_from_token
from todo_backend.core.settings import Settings
from todo_backend.db.engine import session_scope
from todo_backend.db.models import User

_bearer = HTTPBearer(auto_error=False, description="The access token from /api/auth/login")


async def app_settings(request: Request) -> Settings:
    # async: no I/O here, and a sync dependency would cost a thread hop per request.
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(app_settings)]


_READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_db(request: Request, settings: SettingsDep) -> Iterator[Session]:
    """One transaction per request, committed when the route returns."""
    write = request.method not in _READ_ONLY_METHODS
    with session_scope(settings.database_url, write=write) as db:
        yield db


DbDep = Annotated[Session, Depends(get_db)]


def user_from_bearer(db: Session, settings: Settings, authorization: str | None) -> User:
    scheme, _, token = (authorization or "").partition(" ")
    user_id = user_id_from_token(token, settings.jwt_secret) if scheme.lower() == "bearer" else None
    user = db.get(User, user_id) if user_id is not None else None
    if user is None:
        raise AuthError("sign in first: send 'Authorization: Bearer <access_token>'")
    return user


def current_user(
    db: DbDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    header = f"Bearer {credentials.credentials}" if credentials else None
    return user_from_bearer(db, settings, header)


UserDep = Annotated[User, Depends(current_user)]
