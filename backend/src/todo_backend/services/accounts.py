"""Accounts: sign-up, sign-in, password change."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from todo_backend.core.errors import AppError, AuthError, ConflictError
from todo_backend.core.security import hash_password, verify_password
from todo_backend.db.models import User
from todo_backend.schemas import LoginIn, PasswordChangeIn, RegisterIn

# Compared against when the email is unknown, so a wrong email costs as much time as a
# wrong password and response times do not reveal which accounts exist.
_DUMMY_HASH = hash_password("not-a-real-password")


def register(db: Session, data: RegisterIn) -> User:
    user = User(
        email=data.email, name=data.name.strip(), password_hash=hash_password(data.password)
    )
    try:
        with db.begin_nested():
            db.add(user)
    except IntegrityError:
        raise ConflictError(
            f"an account with {data.email} already exists; sign in instead"
        ) from None
    return user


def authenticate(db: Session, data: LoginIn) -> User:
    user = db.scalar(select(User).where(User.email == data.email.strip().lower()))
    if not verify_password(data.password, user.password_hash if user else _DUMMY_HASH) or not user:
        raise AuthError("email or password is incorrect")
    return user


def change_password(db: Session, user: User, data: PasswordChangeIn) -> None:
    if not verify_password(data.current_password, user.password_hash):
        raise AppError("current password is incorrect")
    user.password_hash = hash_password(data.new_password)
    db.flush()
