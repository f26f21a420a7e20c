"""Who is calling: the bearer token read and checked against the database.

Shared by the REST API (api/deps.py) and the MCP server, so neither imports the other.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from todo_backend.core.errors import AuthError
from todo_backend.core.security import TokenClaims, read_token
from todo_backend.core.settings import Settings
from todo_backend.db.models import User

SIGN_IN_FIRST = "sign in first: send 'Authorization: Bearer <access_token>'"


def claims_from_header(settings: Settings, authorization: str | None) -> TokenClaims | None:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return read_token(token.strip(), settings.jwt_secret)


def user_id_from_claims(db: Session, claims: TokenClaims | None) -> int:
    """The signed-in user's id, checked against the database on every request: the user
    must exist and the token must not be older than their last sign-out or password change.

    A plain Core query on the session's connection: every request pays for it, and the
    ORM's identity machinery would double its cost.
    """
    if claims is not None:
        version = (
            db.connection()
            .execute(select(User.token_version).where(User.id == claims.user_id))
            .scalar()
        )
        if version is not None and version == claims.version:
            return claims.user_id
    raise AuthError(SIGN_IN_FIRST)


def user_id_from_bearer(db: Session, settings: Settings, authorization: str | None) -> int:
    return user_id_from_claims(db, claims_from_header(settings, authorization))
