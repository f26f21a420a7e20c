"""The five task tools' specs, defined once for the chat agent (both planners) and the MCP
server; services/toolbox.py runs them over the service layer.

Results (what `Toolbox.execute` returns, and what the LLM sees):
  add_task / complete_task / update_task → {"task": Task}  (update_task with
                                           completed: false reopens a finished task)
  list_tasks                             → {"tasks": [Task], "count": n}
  delete_task                            → {"deleted": {"id": n, "title": str}}
  any tool, on bad input or unknown id   → {"error": "<what is wrong>"}
Task is the REST shape: {id, title, description, priority, due_at, tags, completed,
completed_at, created_at, updated_at}.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

_PRIORITY = {"type": "string", "enum": ["low", "medium", "high"]}
_DUE = {
    "type": ["string", "null"],
    "description": (
        "When it is due: ISO 8601 (an offset is optional; without one the user's time zone "
        "applies) or a phrase such as 'tomorrow at 5pm', 'next friday', 'in 3 days'. "
        "null clears it (update_task only)."
    ),
}
_TAGS = {"type": "array", "items": {"type": "string"}, "description": "Tags, without '#'."}
_TASK_ID = {"type": "integer", "description": "The task's id, as shown in lists (#12 → 12)."}

TOOL_SPECS: list[dict[str, Any]] = [
    {
        "name": "add_task",
        "description": "Create a task for the user.",
        "parameters": {
            "type": "object",
            "properties": {
                "title": {"type": "string", "description": "Short title, at most 200 characters."},
                "description": {"type": "string"},
                "priority": _PRIORITY,
                "due_at": _DUE,
                "tags": _TAGS,
            },
            "required": ["title"],
            "additionalProperties": False,
        },
    },
    {
        "name": "list_tasks",
        "description": (
            "List the user's tasks, optionally filtered (status defaults to pending). "
            "Returns at most 100."
        ),
        "parameters": {
            "type": "object",
            "properties": {
                "status": {"type": "string", "enum": ["pending", "completed", "all"]},
                "priority": _PRIORITY,
                "tag": {"type": "string"},
                "query": {"type": "string", "description": "Words to find in title/description."},
                "due": {"type": "string", "enum": ["overdue", "today", "week"]},
            },
            "additionalProperties": False,
        },
    },
    {
        "name": "complete_task",
        "description": "Mark a task as completed.",
        "parameters": {
            "type": "object",
            "properties": {"task_id": _TASK_ID},
            "required": ["task_id"],
            "additionalProperties": False,
        },
    },
    {
        "name": "delete_task",
        "description": "Delete a task for good.",
        "parameters": {
            "type": "object",
            "properties": {"task_id": _TASK_ID},
            "required": ["task_id"],
            "additionalProperties": False,
        },
    },
    {
        "name": "update_task",
        "description": (
            "Change a task's title, description, priority, due date or tags, or reopen a "
            "finished task (completed: false)."
        ),
        "parameters": {
            "type": "object",
            "properties": {
                "task_id": _TASK_ID,
                "completed": {
                    "type": "boolean",
                    "description": "false reopens a finished task; true completes it.",
                },
                "title": {"type": "string"},
                "description": {"type": "string"},
                "priority": _PRIORITY,
                "due_at": _DUE,
                "tags": _TAGS,
            },
            "required": ["task_id"],
            "additionalProperties": False,
        },
    },
]


def listed(
    tasks: list[dict[str, Any]], filters: dict[str, Any], now: datetime
) -> list[dict[str, Any]]:
    """The tasks of a snapshot that list_tasks(**filters) returns, in the same meaning as
    the service's query (status pending by default; due windows are the days of `now`'s
    zone; query is words in the title or the description). A planner looks tasks up this
    way before asking to change them, so that looking is no tool call."""
    status = filters.get("status", "pending")
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    needle = (filters.get("query") or "").strip().lower()

    def due_matches(task: dict[str, Any], window: str) -> bool:
        if not task["due_at"]:
            return False
        due = datetime.fromisoformat(task["due_at"])
        if window == "overdue":
            return due < now and not task["completed"]
        return start <= due < start + timedelta(days=1 if window == "today" else 7)

    return [
        task
        for task in tasks
        if (status == "all" or task["completed"] == (status == "completed"))
        and filters.get("priority") in (None, task["priority"])
        and (not filters.get("tag") or filters["tag"].lstrip("#").lower() in task["tags"])
        and (not needle or needle in task["title"].lower() or needle in task["description"].lower())
        and (not filters.get("due") or due_matches(task, filters["due"]))
    ]
