"""The tasks REST API."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Response, status

from todo_backend.api.deps import DbDep, UserDep
from todo_backend.schemas import TagCount, TaskCreate, TaskOut, TaskQuery, TaskUpdate
from todo_backend.services import tasks

router = APIRouter(prefix="/api", tags=["tasks"])


def _json(body: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Task bodies are built once, by the service (tasks.task_json / list_tasks), and sent
    as they are; each route's response_model documents them in the OpenAPI schema."""
    content = orjson.dumps(body)
    return Response(content, status_code, headers, media_type="application/json")


@router.get("/tasks", response_model=list[TaskOut])
def list_tasks(db: DbDep, user: UserDep, query: Annotated[TaskQuery, Query()]) -> Response:
    """Tasks matching the filters; X-Total-Count says how many match before paging."""
    page, total = tasks.list_tasks(db, user.id, query)
    return _json(page, headers={"X-Total-Count": str(total)})


@router.post("/tasks", response_model=TaskOut, status_code=status.HTTP_201_CREATED)
def create_task(data: TaskCreate, db: DbDep, user: UserDep) -> Response:
    return _json(tasks.task_json(tasks.create_task(db, user.id, data)), status_code=201)


@router.get("/tasks/{task_id}", response_model=TaskOut)
def get_task(task_id: int, db: DbDep, user: UserDep) -> Response:
    return _json(tasks.task_json(tasks.get_task(db, user.id, task_id)))


@router.patch("/tasks/{task_id}", response_model=TaskOut)
def update_task(task_id: int, data: TaskUpdate, db: DbDep, user: UserDep) -> Response:
    return _json(tasks.task_json(tasks.update_task(db, user.id, task_id, data)))


@router.delete("/tasks/{task_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_task(task_id: int, db: DbDep, user: UserDep) -> None:
    tasks.delete_task(db, user.id, task_id)


@router.post("/tasks/{task_id}/complete", response_model=TaskOut)
def complete_task(task_id: int, db: DbDep, user: UserDep) -> Response:
    return _json(tasks.task_json(tasks.set_completed(db, user.id, task_id, True)))


@router.post("/tasks/{task_id}/reopen", response_model=TaskOut)
def reopen_task(task_id: int, db: DbDep, user: UserDep) -> Response:
    return _json(tasks.task_json(tasks.set_completed(db, user.id, task_id, False)))


@router.get("/tags")
def list_tags(db: DbDep, user: UserDep) -> list[TagCount]:
    return tasks.tag_counts(db, user.id)
