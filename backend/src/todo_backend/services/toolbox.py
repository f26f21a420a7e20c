"""The five task tools (agent/tools.py's TOOL_SPECS) run over the service layer, for one
user: what the chat service hands its planner and what the MCP server calls.

Results are those agent/tools.py lists: {"task": Task}, {"tasks": [Task], "count": n},
{"deleted": {"id", "title"}}, or {"error": "<what is wrong>"}.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.orm import Session

from todo_backend.agent.dates import resolve_due
from todo_backend.core.errors import AppError
from todo_backend.schemas import TaskCreate, TaskQuery, TaskUpdate
from todo_backend.services import tasks as tasks_service


def _validation_message(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in item['loc']) or 'arguments'}: {item['msg']}"
        for item in error.errors()
    )


class TaskToolbox:
    """The five tools for one user over the database, in one request's time zone.

    Every call runs in a savepoint, so a call that fails leaves nothing behind, and is
    recorded as {"name", "arguments", "result"} for the reply and the conversation.
    """

    def __init__(self, db: Session, user_id: int, tz: ZoneInfo, now: datetime) -> None:
        self._db = db
        self._user_id = user_id
        self._tz = tz
        self._now = now
        self.calls: list[dict[str, Any]] = []

    def execute(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        tool = self._tools().get(name)
        try:
            if tool is None:
                raise AppError(f"unknown tool {name!r}; the tools are {', '.join(self._tools())}")
            with self._db.begin_nested():
                result = tool(dict(arguments))
        except ValidationError as error:
            result = {"error": _validation_message(error)}
        except AppError as error:
            result = {"error": error.detail}
        self.calls.append({"name": name, "arguments": arguments, "result": result})
        return result

    def snapshot(self) -> list[dict[str, Any]]:
        query = TaskQuery(status="all", limit=500)
        return tasks_service.list_tasks(self._db, self._user_id, query, self._now)[0]

    def _tools(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "add_task": self._add,
            "list_tasks": self._list,
            "complete_task": self._complete,
            "delete_task": self._delete,
            "update_task": self._update,
        }

    def _due(self, arguments: dict[str, Any]) -> None:
        """Let callers (LLMs above all) give due dates in words: resolve them here."""
        due = arguments.get("due_at")
        if isinstance(due, str) and due.strip():
            try:
                arguments["due_at"] = resolve_due(due, self._now.astimezone(self._tz))
            except ValueError as error:
                raise AppError(f"due_at: {error}") from None

    def _task_id(self, arguments: dict[str, Any]) -> int:
        task_id = arguments.pop("task_id", None)
        if isinstance(task_id, str) and task_id.lstrip("#").isdigit():
            task_id = int(task_id.lstrip("#"))
        if not isinstance(task_id, int) or isinstance(task_id, bool):
            raise AppError("task_id: give the task's number, e.g. 12 for #12")
        return task_id

    def _add(self, arguments: dict[str, Any]) -> dict[str, Any]:
        self._due(arguments)
        data = TaskCreate.model_validate(arguments)
        return {"task": tasks_service.create_task(self._db, self._user_id, data, self._tz)}

    def _list(self, arguments: dict[str, Any]) -> dict[str, Any]:
        allowed = {"status", "priority", "tag", "query", "due"}
        if unknown := set(arguments) - allowed:
            raise AppError(f"list_tasks: unknown arguments {sorted(unknown)}")
        arguments.setdefault("status", "pending")
        if "query" in arguments:
            arguments["q"] = arguments.pop("query")
        query = TaskQuery.model_validate({**arguments, "timezone": self._tz.key})
        tasks, total = tasks_service.list_tasks(self._db, self._user_id, query, self._now)
        return {"tasks": tasks, "count": total}

    def _complete(self, arguments: dict[str, Any]) -> dict[str, Any]:
        task_id = self._task_id(arguments)
        return {"task": tasks_service.set_completed(self._db, self._user_id, task_id, True)}

    def _delete(self, arguments: dict[str, Any]) -> dict[str, Any]:
        task = tasks_service.delete_task(self._db, self._user_id, self._task_id(arguments))
        return {"deleted": {"id": task["id"], "title": task["title"]}}

    def _update(self, arguments: dict[str, Any]) -> dict[str, Any]:
        task_id = self._task_id(arguments)
        completed = arguments.pop("completed", None)
        if completed is not None and not isinstance(completed, bool):
            raise AppError("completed: must be true or false")
        self._due(arguments)
        data = TaskUpdate.model_validate(arguments)
        if not data.model_fields_set and completed is None:
            raise AppError(
                "update_task: say what to change (title, description, priority, due_at, tags "
                "or completed)"
            )
        task = None
        if data.model_fields_set:
            task = tasks_service.update_task(self._db, self._user_id, task_id, data, self._tz)
        if completed is not None:
            task = tasks_service.set_completed(self._db, self._user_id, task_id, completed)
        return {"task": task}
