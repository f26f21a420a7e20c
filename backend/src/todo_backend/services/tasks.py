"""Tasks and tags, always scoped to one user: another user's task is simply not found."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, case, func, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label
from sqlalchemy.types import NullType

from todo_backend.core.errors import AppError, NotFoundError
from todo_backend.db.models import Tag, Task, task_tags, utcnow
from todo_backend.schemas import MAX_ID, TagCount, TaskCreate, TaskQuery, TaskUpdate

TaskJson = dict[str, Any]
"""A task as the API, the tools and the LLM see it (see schemas.TaskOut)."""

_UTC = ZoneInfo("UTC")
_PRIORITY_RANK = case({"high": 3, "medium": 2}, value=Task.priority, else_=1)


# Listing a board of a few hundred tasks is the hot path. Its rows skip SQLAlchemy's
# per-value type processing (two thirds of the time for 200 tasks) and are unpacked as
# tuples (a Row's attribute access is slower than the conversion itself).
_LISTED = (
    Task.id, Task.title, Task.description, Task.priority, Task.due_at, Task.completed,
    Task.completed_at, Task.created_at, Task.updated_at,
)  # fmt: skip
_RAW_LISTED: list[Label[Any]] = [
    type_coerce(column, NullType()).label(column.key) for column in _LISTED
]


def _iso(moment: datetime | str | None) -> str | None:
    """ISO 8601 in UTC with a +00:00 offset, exactly as datetime.isoformat() writes it.

    Raw SQLite rows hold the naive UTC text SQLAlchemy stored: '2030-01-01 08:00:00.000000'.
    """
    if moment is None:
        return None
    if isinstance(moment, str):
        text = moment.replace(" ", "T", 1)
        return (text[:-7] if text.endswith(".000000") else text) + "+00:00"
    return moment.astimezone(_UTC).isoformat()


def _task_json(
    tags: list[str],
    task_id: int,
    title: str,
    description: str,
    priority: str,
    due_at: datetime | str | None,
    completed: bool | int,
    completed_at: datetime | str | None,
    created_at: datetime | str,
    updated_at: datetime | str,
) -> TaskJson:
    """The REST Task shape, from a task's tags and its columns in _LISTED order."""
    return {
        "id": task_id,
        "title": title,
        "description": description,
        "priority": priority,
        "due_at": _iso(due_at),
        "tags": tags,
        "completed": bool(completed),
        "completed_at": _iso(completed_at),
        "created_at": _iso(created_at),
        "updated_at": _iso(updated_at),
    }


def task_json(task: Task) -> TaskJson:
    values = (getattr(task, column.key) for column in _LISTED)
    return _task_json([tag.name for tag in task.tags], *values)


def _as_aware(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    """Dates without an offset are in the caller's time zone; stored in UTC, which the
    date must exist in (0001-01-01T00:00 in Pacific/Kiritimati does not)."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
    try:
        return aware.astimezone(_UTC)
    except OverflowError:
        raise AppError("due_at: date is out of range once converted to UTC") from None


def valid_id(task_id: int) -> bool:
    """Whether an id can name a row at all: anyone (a URL, a planner reading "#1e30" out
    of chat text) may hand over any integer, and the database drivers refuse those
    outside 64 bits."""
    return 0 < task_id <= MAX_ID


def _owned_task(db: Session, user_id: int, task_id: int) -> Task:
    task = None
    if valid_id(task_id):
        task = db.scalar(select(Task).where(Task.id == task_id, Task.user_id == user_id))
    if task is None:
        raise NotFoundError(f"task #{task_id} not found")
    return task


def get_task(db: Session, user_id: int, task_id: int) -> TaskJson:
    return task_json(_owned_task(db, user_id, task_id))


def tags_named(db: Session, user_id: int, names: list[str]) -> list[Tag]:
    """The user's tags with these names, creating the missing ones."""
    if not names:
        return []
    existing = {
        tag.name: tag
        for tag in db.scalars(select(Tag).where(Tag.user_id == user_id, Tag.name.in_(names)))
    }
    for name in names:
        if name in existing:
            continue
        try:
            with db.begin_nested():
                tag = Tag(user_id=user_id, name=name)
                db.add(tag)
        except IntegrityError:  # another request created it a moment ago
            tag = db.scalars(select(Tag).where(Tag.user_id == user_id, Tag.name == name)).one()
        existing[name] = tag
    return [existing[name] for name in names]


def create_task(db: Session, user_id: int, data: TaskCreate, tz: ZoneInfo = _UTC) -> TaskJson:
    task = Task(
        user_id=user_id,
        title=data.title,
        description=data.description,
        priority=data.priority,
        due_at=_as_aware(data.due_at, tz),
        tags=tags_named(db, user_id, data.tags),
    )
    db.add(task)
    db.flush()
    return task_json(task)


def update_task(
    db: Session, user_id: int, task_id: int, data: TaskUpdate, tz: ZoneInfo = _UTC
) -> TaskJson:
    task = _owned_task(db, user_id, task_id)
    changes = data.model_dump(include=data.model_fields_set)
    for field in ("title", "description", "priority"):
        if changes.get(field) is not None:
            setattr(task, field, changes[field])
    if "due_at" in changes:
        task.due_at = _as_aware(changes["due_at"], tz)
    if changes.get("tags") is not None:
        task.tags = tags_named(db, user_id, changes["tags"])
    task.updated_at = utcnow()
    db.flush()
    return task_json(task)


def set_completed(db: Session, user_id: int, task_id: int, completed: bool) -> TaskJson:
    task = _owned_task(db, user_id, task_id)
    if task.completed != completed:
        task.completed = completed
        task.completed_at = utcnow() if completed else None
        task.updated_at = utcnow()
        db.flush()
    return task_json(task)


def delete_task(db: Session, user_id: int, task_id: int) -> TaskJson:
    """Delete the task; returns it as it was."""
    task = _owned_task(db, user_id, task_id)
    deleted = task_json(task)
    db.delete(task)
    db.flush()
    return deleted


def _due_window(due: str, now: datetime, tz: ZoneInfo) -> ColumnElement[bool]:
    start_of_today = now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
    if due == "overdue":
        return (Task.due_at < now) & Task.completed.is_(False)
    days = 1 if due == "today" else 7
    # Wall-clock day boundaries in the user's zone (zoneinfo re-derives the offset, so a
    # DST change inside the window is handled); the column compares them in UTC.
    end = start_of_today + timedelta(days=days)
    return (Task.due_at >= start_of_today) & (Task.due_at < end)


def _filtered(user_id: int, query: TaskQuery, now: datetime) -> Select[Any]:
    stmt = select(*_RAW_LISTED).where(Task.user_id == user_id)
    if query.status != "all":
        stmt = stmt.where(Task.completed.is_(query.status == "completed"))
    if query.priority:
        stmt = stmt.where(Task.priority == query.priority)
    if query.tag:
        stmt = stmt.where(
            Task.id.in_(
                select(task_tags.c.task_id)
                .join(Tag, Tag.id == task_tags.c.tag_id)
                .where(Tag.user_id == user_id, Tag.name == query.tag)
            )
        )
    if query.q:
        needle = query.q.strip().lower()
        stmt = stmt.where(
            func.lower(Task.title).contains(needle, autoescape=True)
            | func.lower(Task.description).contains(needle, autoescape=True)
        )
    if query.due:
        stmt = stmt.where(_due_window(query.due, now, ZoneInfo(query.timezone)))
    return stmt


# A task's tags, joined into one string in the same query as the task (no second query,
# no per-task query): "\x1f" cannot occur in a tag name (see schemas.TAG_PATTERN).
_TAG_SEPARATOR = "\x1f"
_TAG_NAMES = (
    select(func.aggregate_strings(Tag.name, _TAG_SEPARATOR))
    .join(task_tags, task_tags.c.tag_id == Tag.id)
    .where(task_tags.c.task_id == Task.id)
    .scalar_subquery()
    .label("tag_names")
)


def list_tasks(
    db: Session, user_id: int, query: TaskQuery, now: datetime | None = None
) -> tuple[list[TaskJson], int]:
    """One page of matching tasks, and how many match in all — in one query.

    Reads raw rows, not ORM objects: building a few hundred objects costs ten times the
    query itself.
    """
    stmt = _filtered(user_id, query, now or utcnow())
    key: SQLColumnExpression[Any] = {
        "created": Task.created_at,
        "due": Task.due_at,
        "priority": _PRIORITY_RANK,
        "title": func.lower(Task.title),
    }[query.sort]
    ascending = query.order == "asc"
    order_by: list[SQLColumnExpression[Any]] = [
        key.asc() if ascending else key.desc(),
        Task.id.asc() if ascending else Task.id.desc(),  # a stable order for paging
    ]
    if query.sort == "due":  # tasks without a due date come last either way
        order_by.insert(0, Task.due_at.is_(None).asc())
    page = (
        stmt.add_columns(_TAG_NAMES, func.count().over().label("total"))
        .order_by(*order_by)
        .limit(query.limit)
        .offset(query.offset)
    )
    rows = db.connection().execute(page).all()  # Core rows: the ORM's execute costs more
    if rows:
        total = int(rows[0][-1])
    elif query.offset:  # past the last page: the window count came back with no row
        total = db.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    else:
        total = 0
    return [
        _task_json(sorted(tag_names.split(_TAG_SEPARATOR)) if tag_names else [], *columns)
        for *columns, tag_names, _ in rows
    ], total


def tag_counts(db: Session, user_id: int) -> list[TagCount]:
    rows = db.execute(
        select(Tag.name, func.count(task_tags.c.task_id))
        .join(task_tags, task_tags.c.tag_id == Tag.id)
        .where(Tag.user_id == user_id)
        .group_by(Tag.name)
        .order_by(func.count(task_tags.c.task_id).desc(), Tag.name)
    ).all()
    return [TagCount(name=name, count=count) for name, count in rows]
