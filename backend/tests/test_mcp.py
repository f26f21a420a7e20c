"""The MCP server through the official `mcp` client, over streamable HTTP."""

from __future__ import annotations

import json

import anyio
import httpx
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

EXPECTED_TOOLS = {"add_task", "list_tasks", "complete_task", "delete_task", "update_task"}


def _token(base: str, email: str) -> str:
    response = httpx.post(
        f"{base}/api/auth/register", json={"email": email, "password": "long enough"}
    )
    assert response.status_code == 201
    return str(response.json()["access_token"])


async def _session_calls(base: str, token: str) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(headers=headers, timeout=30) as http,
        streamable_http_client(f"{base}/mcp", http_client=http) as (read, write, *_),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tools = await session.list_tools()
        added = await session.call_tool(
            "add_task", {"title": "from mcp", "priority": "high", "tags": ["mcp"]}
        )
        listed = await session.call_tool("list_tasks", {"tag": "mcp"})
        bad = await session.call_tool("complete_task", {"task_id": 999999})
        task_id = json.loads(added.content[0].text)["task"]["id"]  # type: ignore[union-attr]
        await session.call_tool("complete_task", {"task_id": task_id})
        reopened = await session.call_tool("update_task", {"task_id": task_id, "completed": False})
        not_bool = await session.call_tool("update_task", {"task_id": task_id, "completed": "no"})
        return {
            "tools": tools,
            "added": added,
            "listed": listed,
            "bad": bad,
            "reopened": reopened,
            "not_bool": not_bool,
        }


def test_tools_work_through_the_official_client(live_server: str) -> None:
    token = _token(live_server, "mcp@example.com")
    out = anyio.run(_session_calls, live_server, token)

    assert {tool.name for tool in out["tools"].tools} == EXPECTED_TOOLS  # type: ignore[attr-defined]
    added = out["added"]
    assert added.is_error is False  # type: ignore[attr-defined]
    task = json.loads(added.content[0].text)["task"]  # type: ignore[attr-defined]
    assert (task["title"], task["priority"], task["tags"]) == ("from mcp", "high", ["mcp"])
    assert out["listed"].structured_content["count"] == 1  # type: ignore[attr-defined]
    assert out["bad"].is_error is True  # type: ignore[attr-defined]
    assert "not found" in out["bad"].content[0].text  # type: ignore[attr-defined]

    # Reopening goes through the same update_task tool the chat planners use.
    update = next(t for t in out["tools"].tools if t.name == "update_task")  # type: ignore[attr-defined]
    assert update.input_schema["properties"]["completed"]["type"] == "boolean"
    reopened = out["reopened"].structured_content["task"]  # type: ignore[attr-defined]
    assert (reopened["completed"], reopened["completed_at"]) == (False, None)
    assert out["not_bool"].is_error is True  # type: ignore[attr-defined]

    rest = httpx.get(
        f"{live_server}/api/tasks", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert [(t["title"], t["completed"]) for t in rest] == [("from mcp", False)]


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token"])
def test_mcp_needs_a_valid_token(live_server: str, authorization: str | None) -> None:
    headers = {"Accept": "application/json, text/event-stream"}
    if authorization:
        headers["Authorization"] = authorization
    response = httpx.post(
        f"{live_server}/mcp",
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers=headers,
    )
    assert response.status_code == 401
    assert "sign in first" in response.json()["detail"]


def test_the_auth_check_does_not_wait_for_the_write_lock(
    live_server: str, settings: object
) -> None:
    """Issue 10, item 7: checking the token is a read. On SQLite it used to take the write
    lock, so every MCP request queued behind any write in progress."""
    import threading
    import time

    from todo_backend.core.settings import Settings
    from todo_backend.db.engine import sqlite_write_lock

    assert isinstance(settings, Settings)
    token = _token(live_server, "mcp-lock@example.com")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with sqlite_write_lock(settings.database_url):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(5)
        started = time.monotonic()
        answers = [
            httpx.post(
                f"{live_server}/mcp",
                json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                headers={
                    "Authorization": authorization,
                    "Accept": "application/json, text/event-stream",
                },
                timeout=10,
            ).status_code
            for authorization in (f"Bearer {token}", "Bearer forged")
        ]
        elapsed = time.monotonic() - started
    finally:
        release.set()
        holder.join()
    assert answers[1] == 401
    assert answers[0] != 401
    assert elapsed < 2.0, f"the auth check waited {elapsed:.1f}s for the write lock"
