"""Accounts: sign-up, sign-in, password change."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from todo_backend.core.errors import AppError, AuthError, ConflictError
from todo_backend.core.security import hash_password, verify_password
from todo_backend.db.models import User
from todo_backend.schemas import LoginIn, PasswordChangeIn, RegisterIn, UserOut

# Compared against when the email is unknown, so a wrong email costs as much time as a
# wrong password and response times do not reveal which accounts exist.
_DUMMY_HASH = hash_password("not-a-real-password")


def _out(user: User) -> UserOut:
    return UserOut(id=user.id, email=user.email, name=user.name)


def get_user(db: Session, user_id: int) -> UserOut:
    return _out(db.get_one(User, user_id))


def register(db: Session, data: RegisterIn) -> UserOut:
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
    return _out(user)


def authenticate(db: Session, data: LoginIn) -> UserOut:
    user = db.scalar(select(User).where(User.email == data.email.strip().lower()))
    if not verify_password(data.password, user.password_hash if user else _DUMMY_HASH) or not user:
        raise AuthError("email or password is incorrect")
    return _out(user)


def change_password(db: Session, user_id: int, data: PasswordChangeIn) -> None:
    user = db.get_one(User, user_id)
    if not verify_password(data.current_password, user.password_hash):
        raise AppError("current password is incorrect")
    user.password_hash = hash_password(data.new_password)
    db.flush()
