"""The tasks REST API."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Response, status

from todo_backend.api.deps import DbDep, UserDep
from todo_backend.schemas import TagCount, TaskCreate, TaskOut, TaskQuery, TaskUpdate
from todo_backend.services import tasks

router = APIRouter(prefix="/api", tags=["tasks"])


@router.get("/tasks")
def list_tasks(
    db: DbDep, user: UserDep, response: Response, query: Annotated[TaskQuery, Query()]
) -> list[TaskOut]:
    """Tasks matching the filters; X-Total-Count says how many match before paging."""
    page, total = tasks.list_tasks(db, user.id, query)
    response.headers["X-Total-Count"] = str(total)
    return [tasks.task_out(task) for task in page]


@router.post("/tasks", status_code=status.HTTP_201_CREATED)
def create_task(data: TaskCreate, db: DbDep, user: UserDep) -> TaskOut:
    return tasks.task_out(tasks.create_task(db, user.id, data))


@router.get("/tasks/{task_id}")
def get_task(task_id: int, db: DbDep, user: UserDep) -> TaskOut:
    return tasks.task_out(tasks.get_task(db, user.id, task_id))


@router.patch("/tasks/{task_id}")
def update_task(task_id: int, data: TaskUpdate, db: DbDep, user: UserDep) -> TaskOut:
    return tasks.task_out(tasks.update_task(db, user.id, task_id, data, ZoneInfo("UTC")))


@router.delete("/tasks/{task_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_task(task_id: int, db: DbDep, user: UserDep) -> None:
    tasks.delete_task(db, user.id, task_id)


@router.post("/tasks/{task_id}/complete")
def complete_task(task_id: int, db: DbDep, user: UserDep) -> TaskOut:
    return tasks.task_out(tasks.set_completed(db, user.id, task_id, True))


@router.post("/tasks/{task_id}/reopen")
def reopen_task(task_id: int, db: DbDep, user: UserDep) -> TaskOut:
    return tasks.task_out(tasks.set_completed(db, user.id, task_id, False))


@router.get("/tags")
def list_tags(db: DbDep, user: UserDep) -> list[TagCount]:
    return tasks.tag_counts(db, user.id)
