"""The MCP server: the same five task tools, over streamable HTTP at /mcp.

Built on the official `mcp` package's low-level server so the tools are listed from
`TOOL_SPECS` and run through `TaskToolbox` — one definition for chat and MCP alike.
Callers authenticate with the same bearer token as the REST API.
"""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

import anyio
from mcp import types
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp, StreamableHTTPSessionManager
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from todo_backend import __version__
from todo_backend.agent.tools import TOOL_SPECS
from todo_backend.core.auth import user_id_from_bearer
from todo_backend.core.errors import AuthError
from todo_backend.core.settings import Settings
from todo_backend.db.engine import session_scope
from todo_backend.db.models import utcnow
from todo_backend.services.toolbox import TaskToolbox

_UTC = ZoneInfo("UTC")


def _run_tool(
    settings: Settings, authorization: str | None, name: str, arguments: dict[str, Any]
) -> dict[str, Any]:
    with session_scope(settings.database_url) as db:
        user_id = user_id_from_bearer(db, settings, authorization)
        return TaskToolbox(db, user_id, _UTC, utcnow()).execute(name, arguments)


def build_mcp(settings: Settings) -> StreamableHTTPSessionManager:
    async def list_tools(
        _ctx: Any, _params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=spec["name"],
                    description=spec["description"],
                    input_schema=spec["parameters"],
                )
                for spec in TOOL_SPECS
            ]
        )

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        headers = getattr(ctx.request, "headers", None) or {}
        result = await anyio.to_thread.run_sync(
            _run_tool,
            settings,
            headers.get("authorization"),
            params.name,
            dict(params.arguments or {}),
        )
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=json.dumps(result))],
            structured_content=result,
            is_error="error" in result,
        )

    server: Server[Any] = Server(
        "todo-chatbot",
        version=__version__,
        instructions="Manage the signed-in user's todo list: add, list, complete, delete, update.",
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        get_tool_input_schema=lambda name: next(
            (spec["parameters"] for spec in TOOL_SPECS if spec["name"] == name), None
        ),
    )
    # Stateless: any replica can answer any request, as with the REST API.
    return StreamableHTTPSessionManager(app=server, stateless=True, json_response=True)


class McpEndpoint:
    """ASGI endpoint for /mcp: rejects a missing or bad token with 401 before MCP runs."""

    def __init__(self, manager: StreamableHTTPSessionManager, settings: Settings) -> None:
        self._app = StreamableHTTPASGIApp(manager)
        self._settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        authorization = (
            dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
        )
        try:
            await anyio.to_thread.run_sync(self._check, authorization)
        except AuthError as error:
            response = JSONResponse(
                {"detail": error.detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
            await response(scope, receive, send)
            return
        await self._app(scope, receive, send)

    def _check(self, authorization: str) -> None:
        # A read: on SQLite a write session would queue every MCP call behind the write lock.
        with session_scope(self._settings.database_url, write=False) as db:
            user_id_from_bearer(db, self._settings, authorization)
