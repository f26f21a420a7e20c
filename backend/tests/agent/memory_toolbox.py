"""An in-memory Toolbox that keeps the contract of agent/tools.py: same result shapes,
the same filters (status defaults to pending; due windows in the user's zone), and
{"error": …} for bad input or an unknown task, every call recorded."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

from todo_backend.agent.dates import resolve_due
from todo_backend.agent.tools import listed

PRIORITIES = ("low", "medium", "high")


class MemoryToolbox:
    def __init__(self, now: datetime, tasks: list[dict[str, Any]] | None = None) -> None:
        self.now = now
        self.tasks: dict[int, dict[str, Any]] = {}
        self.calls: list[dict[str, Any]] = []
        self.snapshots = 0
        for seed in tasks or []:
            task = self._blank(int(seed["id"]))
            task.update(seed)
            self.tasks[task["id"]] = task

    def execute(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        tool = {
            "add_task": self._add,
            "list_tasks": self._list,
            "complete_task": self._complete,
            "delete_task": self._delete,
            "update_task": self._update,
        }.get(name)
        try:
            if tool is None:
                raise ValueError(f"unknown tool {name!r}")
            result = tool(dict(arguments))
        except (ValueError, KeyError, TypeError) as error:
            result = {"error": str(error).strip("'\"")}
        self.calls.append(
            {"name": name, "arguments": copy.deepcopy(arguments), "result": copy.deepcopy(result)}
        )
        return result

    def snapshot(self) -> list[dict[str, Any]]:
        self.snapshots += 1
        return [copy.deepcopy(task) for task in sorted(self.tasks.values(), key=_in_order)]

    # --- tools ------------------------------------------------------------------------

    def _add(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, {"title", "description", "priority", "due_at", "tags"})
        task = self._blank(max(self.tasks, default=0) + 1)
        self._apply(task, args, creating=True)
        self.tasks[task["id"]] = task
        return {"task": copy.deepcopy(task)}

    def _list(self, args: dict[str, Any]) -> dict[str, Any]:
        _only(args, {"status", "priority", "tag", "query", "due"})
        status = args.get("status", "pending")
        if status not in ("pending", "completed", "all"):
            raise ValueError(f"status: must be pending, completed or all, not {status!r}")
        if args.get("priority") not in (None, *PRIORITIES):
            raise ValueError("priority: must be low, medium or high")
        if args.get("due") not in (None, "overdue", "today", "week"):
            raise ValueError("due: must be overdue, today or week")
        found = listed(sorted(self.tasks.values(), key=_in_order), args, self.now)
        return {"tasks": copy.deepcopy(found[:100]), "count": len(found)}

    def _complete(self, args: dict[str, Any]) -> dict[str, Any]:
        task = self._get(args)
        _only(args, {"task_id"})
        if not task["completed"]:
            task.update(completed=True, completed_at=self.now.isoformat())
        return {"task": copy.deepcopy(task)}

    def _delete(self, args: dict[str, Any]) -> dict[str, Any]:
        task = self._get(args)
        _only(args, {"task_id"})
        del self.tasks[task["id"]]
        return {"deleted": {"id": task["id"], "title": task["title"]}}

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        task = self._get(args)
        changes = {k: v for k, v in args.items() if k != "task_id"}
        _only(changes, {"title", "description", "priority", "due_at", "tags", "completed"})
        if not changes:
            raise ValueError("update_task: say what to change")
        completed = changes.pop("completed", None)
        if completed is not None and not isinstance(completed, bool):
            raise ValueError("completed: must be true or false")
        if changes:
            self._apply(task, changes, creating=False)
        if completed is not None and completed != task["completed"]:
            task.update(
                completed=completed,
                completed_at=self.now.isoformat() if completed else None,
                updated_at=self.now.isoformat(),
            )
        return {"task": copy.deepcopy(task)}

    # --- helpers ----------------------------------------------------------------------

    def _blank(self, task_id: int) -> dict[str, Any]:
        stamp = self.now.isoformat()
        return {
            "id": task_id,
            "title": "",
            "description": "",
            "priority": "medium",
            "due_at": None,
            "tags": [],
            "completed": False,
            "completed_at": None,
            "created_at": stamp,
            "updated_at": stamp,
        }

    def _get(self, args: dict[str, Any]) -> dict[str, Any]:
        task_id = args.get("task_id")
        if not isinstance(task_id, int) or isinstance(task_id, bool):
            raise ValueError("task_id: give the task's number, e.g. 12 for #12")
        if task_id not in self.tasks:
            raise ValueError(f"task {task_id} not found")
        return self.tasks[task_id]

    def _apply(self, task: dict[str, Any], args: dict[str, Any], *, creating: bool) -> None:
        if "title" in args or creating:
            title = str(args.get("title", "")).strip()
            if not title or len(title) > 200:
                raise ValueError("title: must be 1 to 200 characters")
            task["title"] = title
        if "description" in args:
            task["description"] = str(args["description"])[:2000]
        if "priority" in args:
            if args["priority"] not in PRIORITIES:
                raise ValueError("priority: must be low, medium or high")
            task["priority"] = args["priority"]
        if "due_at" in args:
            due = args["due_at"]
            task["due_at"] = resolve_due(due, self.now).isoformat() if due else None
        if "tags" in args:
            task["tags"] = list(dict.fromkeys(t.strip().lstrip("#").lower() for t in args["tags"]))
        task["updated_at"] = self.now.isoformat()


def _only(args: dict[str, Any], allowed: set[str]) -> None:
    if unknown := set(args) - allowed:
        raise ValueError(f"unknown arguments {sorted(unknown)}")


def _in_order(task: dict[str, Any]) -> tuple[str, int]:
    return (task["created_at"], task["id"])
