"""Request and response shapes of the REST API (and the tools' argument checks)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from email_validator import validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

Priority = Literal["low", "medium", "high"]
TAG_PATTERN = re.compile(r"^[\w-]{1,50}$")
MAX_ID = 2**31 - 1
"""Ids are 32-bit INTEGER columns (PostgreSQL's int4): a larger one names nothing (and one
past 64 bits would not even reach the database drivers)."""
MAX_OFFSET = 1_000_000_000
# NUL cannot be stored in PostgreSQL text, and a lone surrogate cannot be encoded as UTF-8
# (neither stored nor sent back): text holding either is refused as input.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _bare_tag(raw: str) -> str:
    """How a tag is stored and matched: "#Errands " → "errands"."""
    return raw.strip().lstrip("#").lower()


def _normalise_tag(raw: str) -> str:
    tag = _bare_tag(raw)
    if not TAG_PATTERN.match(tag):
        raise ValueError(f"invalid tag {raw!r}: use 1-50 letters, digits, '-' or '_' (no spaces)")
    return tag


def _normalise_tags(tags: list[str]) -> list[str]:
    return sorted({_normalise_tag(tag) for tag in tags})


TIME_ZONES = sorted(available_timezones())
_TIME_ZONES = frozenset(TIME_ZONES)


def _check_timezone(name: str) -> str:
    if name not in _TIME_ZONES:
        raise ValueError(f"unknown time zone {name!r}: use an IANA name such as 'Europe/Paris'")
    return name


def normalize_email(raw: str) -> str:
    """One form per address, for sign-up and sign-in alike: IDN domains in Unicode
    (xn--bcher-kva.example and bücher.example are one address), NFC, lower case.
    Raises ValueError if it is no email address."""
    checked = validate_email(raw.strip(), check_deliverability=False, test_environment=True)
    return checked.normalized.lower()


def _whole_number(value: Any) -> Any:
    """JSON integers only: not "12" nor true (1.0 is an integer to JSON Schema too)."""
    if isinstance(value, str | bool):
        raise ValueError("give a whole number")
    return value


def _no_timestamp(value: Any) -> Any:
    """A due date is ISO 8601 text (or a datetime from a tool), not a number of seconds."""
    if isinstance(value, int | float):
        raise ValueError("give an ISO 8601 date and time, e.g. 2030-01-31T17:00:00+01:00")
    return value


def _strip_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ValueError("title must not be blank")
    return title


def _utc_due(moment: datetime | None) -> datetime | None:
    """An offset-carrying due date must exist in UTC too (9999-12-31T23:00-05:00 does not)."""
    if moment is not None and moment.tzinfo is not None:
        try:
            moment.astimezone(UTC)
        except OverflowError:
            raise ValueError("date is out of range once converted to UTC") from None
    return moment


def _refuse_unstorable(value: Any) -> None:
    if isinstance(value, str):
        if _UNSTORABLE.search(value):
            raise ValueError("text must not contain NUL characters or lone surrogates")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable(key)
            _refuse_unstorable(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_unstorable(item)


# The pattern only documents "not blank" in the OpenAPI schema; _strip_title says it.
Title = Annotated[
    str,
    Field(min_length=1, max_length=200, json_schema_extra={"pattern": r"\S"}),
    AfterValidator(_strip_title),
]
Description = Annotated[str, Field(max_length=2000)]
TimeZoneName = Annotated[
    str,
    Field(max_length=64, json_schema_extra={"enum": TIME_ZONES}),
    AfterValidator(_check_timezone),
]
# The pattern documents what _normalise_tag accepts: "#Errands " is the tag "errands".
TagName = Annotated[str, Field(json_schema_extra={"pattern": r"^\s*#*[\w-]{1,50}\s*$"})]
Tags = Annotated[list[TagName], Field(max_length=20), AfterValidator(_normalise_tags)]
DueAt = Annotated[datetime | None, BeforeValidator(_no_timestamp), AfterValidator(_utc_due)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _storable_text(cls, data: Any) -> Any:
        _refuse_unstorable(data)
        return data


# --- accounts -----------------------------------------------------------------------------


Email = Annotated[
    str,
    Field(max_length=254, json_schema_extra={"format": "email"}),
    AfterValidator(normalize_email),
]


class RegisterIn(Strict):
    email: Email
    password: str = Field(min_length=8, max_length=128)
    name: str = Field(default="", max_length=100)


class LoginIn(Strict):
    email: str = Field(max_length=254)
    password: str = Field(max_length=128)


class PasswordChangeIn(Strict):
    current_password: str = Field(max_length=128)
    new_password: str = Field(min_length=8, max_length=128)


class UserOut(BaseModel):
    id: int
    email: str
    name: str


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    user: UserOut


# --- tasks --------------------------------------------------------------------------------


class TaskCreate(Strict):
    title: Title
    description: Description = ""
    priority: Priority = "medium"
    due_at: DueAt = None
    tags: Tags = []


class TaskUpdate(Strict):
    """PATCH: only the fields sent change; `due_at: null` clears the due date."""

    title: Title | None = None
    description: Description | None = None
    priority: Priority | None = None
    due_at: DueAt = None
    tags: Tags | None = None


class TaskOut(BaseModel):
    id: int
    title: str
    description: str
    priority: Priority
    due_at: datetime | None
    tags: list[str]
    completed: bool
    completed_at: datetime | None
    created_at: datetime
    updated_at: datetime


class TagCount(BaseModel):
    name: str
    count: int


class TaskQuery(Strict):
    status: Literal["pending", "completed", "all"] = "all"
    priority: Priority | None = None
    tag: Annotated[str, AfterValidator(_bare_tag)] | None = Field(default=None, max_length=51)
    q: str | None = Field(default=None, max_length=200)
    due: Literal["overdue", "today", "week"] | None = None
    sort: Literal["created", "due", "priority", "title"] = "created"
    order: Literal["asc", "desc"] = "desc"
    limit: int = Field(default=100, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    timezone: TimeZoneName = "UTC"


# --- chat ---------------------------------------------------------------------------------


class ChatIn(Strict):
    message: str = Field(min_length=1, max_length=2000)
    conversation_id: Annotated[int | None, BeforeValidator(_whole_number)] = Field(
        default=None, ge=1, le=MAX_ID
    )
    timezone: TimeZoneName = "UTC"


class ToolCallOut(BaseModel):
    name: str
    arguments: dict[str, object]
    result: dict[str, object]


class ChatOut(BaseModel):
    conversation_id: int
    reply: str
    tool_calls: list[ToolCallOut]


class ConversationOut(BaseModel):
    id: int
    title: str
    created_at: datetime
    updated_at: datetime


class MessageOut(BaseModel):
    id: int
    role: str
    content: str
    tool_calls: list[ToolCallOut]
    created_at: datetime
