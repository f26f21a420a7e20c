"""The tasks REST API."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Query, Response, status

from todo_backend.api.contract import NOT_FOUND, REFUSED, SIGNED_IN, StrictJsonRoute
from todo_backend.api.deps import CallerDep
from todo_backend.schemas import TagCount, TaskCreate, TaskOut, TaskQuery, TaskUpdate
from todo_backend.services import tasks

router = APIRouter(prefix="/api", tags=["tasks"], route_class=StrictJsonRoute, responses=SIGNED_IN)


def _json(body: Any, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Task bodies are built once, by the service (tasks.task_json / list_tasks), and sent
    as they are; each route's response_model documents them in the OpenAPI schema."""
    content = orjson.dumps(body)
    return Response(content, status_code, headers, media_type="application/json")


@router.get("/tasks", response_model=list[TaskOut])
async def list_tasks(caller: CallerDep, query: Annotated[TaskQuery, Query()]) -> Response:
    """Tasks matching the filters; X-Total-Count says how many match before paging."""
    page, total = await caller.run(tasks.list_tasks, query)
    return _json(page, headers={"X-Total-Count": str(total)})


@router.post(
    "/tasks", response_model=TaskOut, status_code=status.HTTP_201_CREATED, responses=REFUSED
)
async def create_task(data: TaskCreate, caller: CallerDep) -> Response:
    return _json(await caller.run(tasks.create_task, data), status.HTTP_201_CREATED)


@router.get("/tasks/{task_id}", response_model=TaskOut, responses=NOT_FOUND)
async def get_task(task_id: int, caller: CallerDep) -> Response:
    return _json(await caller.run(tasks.get_task, task_id))


@router.patch("/tasks/{task_id}", response_model=TaskOut, responses=NOT_FOUND | REFUSED)
async def update_task(task_id: int, data: TaskUpdate, caller: CallerDep) -> Response:
    return _json(await caller.run(tasks.update_task, task_id, data))


@router.delete("/tasks/{task_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def delete_task(task_id: int, caller: CallerDep) -> None:
    await caller.run(tasks.delete_task, task_id)


@router.post("/tasks/{task_id}/complete", response_model=TaskOut, responses=NOT_FOUND)
async def complete_task(task_id: int, caller: CallerDep) -> Response:
    return _json(await caller.run(tasks.set_completed, task_id, True))


@router.post("/tasks/{task_id}/reopen", response_model=TaskOut, responses=NOT_FOUND)
async def reopen_task(task_id: int, caller: CallerDep) -> Response:
    return _json(await caller.run(tasks.set_completed, task_id, False))


@router.get("/tags")
async def list_tags(caller: CallerDep) -> list[TagCount]:
    return await caller.run(tasks.tag_counts)
