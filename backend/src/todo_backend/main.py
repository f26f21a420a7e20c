"""The FastAPI application: REST API, chat agent, MCP server, self-hosted /docs."""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route
from swagger_ui_bundle import swagger_ui_path

from todo_backend import __version__
from todo_backend.agent.base import Planner
from todo_backend.api import auth, chat, health, tasks
from todo_backend.api.deps import Workers
from todo_backend.core.errors import AppError, TooManyAttemptsError
from todo_backend.core.settings import Settings, get_settings
from todo_backend.db.engine import QUICK_WORKERS, SLOW_WORKERS
from todo_backend.db.migrate import upgrade_database
from todo_backend.mcp_server import McpEndpoint, build_mcp

log = logging.getLogger(__name__)


@dataclass
class SchemaState:
    """Whether this process has seen the schema migrated; /api/ready reports it."""

    ready: threading.Event = field(default_factory=threading.Event)
    attempted: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    error: str | None = None


def _migrate_until_done(settings: Settings, state: SchemaState) -> None:
    """Migrate; if the database is unreachable, keep trying (not ready meanwhile) rather
    than crash-looping, so `/api/ready` can say why."""
    delay = 1.0
    while not state.stop.is_set():
        try:
            upgrade_database(settings.database_url)
        except Exception as error:  # any failure: report it on /api/ready and retry
            state.error = f"{type(error).__name__}: {str(error).strip()[:300]}"
            log.error("migration failed, retrying in %.0fs: %s", delay, state.error)
            state.attempted.set()
            state.stop.wait(delay)
            delay = min(delay * 2, 15.0)
        else:
            state.error = None
            state.ready.set()
            state.attempted.set()
            return


def build_planner(settings: Settings) -> Planner:
    if settings.llm_enabled:
        from todo_backend.agent.llm import LLMPlanner

        return LLMPlanner(
            base_url=settings.llm_base_url or None,
            api_key=settings.llm_api_key or "not-needed",
            model=settings.llm_model,
            timeout=settings.llm_timeout_seconds,
        )
    from todo_backend.agent.offline import OfflinePlanner

    return OfflinePlanner()


def create_app(settings: Settings | None = None, planner: Planner | None = None) -> FastAPI:
    settings = settings or get_settings()
    mcp_manager = build_mcp(settings)
    schema = SchemaState()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            worker = threading.Thread(
                target=_migrate_until_done, args=(settings, schema), name="migrate", daemon=True
            )
            worker.start()
            # Serve once the first attempt is over: migrated, or failed and retrying (then
            # /api/ready answers 503 with the reason instead of the process crash-looping).
            await anyio.to_thread.run_sync(schema.attempted.wait, 60.0)
        else:
            schema.ready.set()
        quick = anyio.CapacityLimiter(QUICK_WORKERS)
        app.state.workers = Workers(
            quick=quick,
            chat=anyio.CapacityLimiter(SLOW_WORKERS) if settings.llm_enabled else quick,
        )
        async with mcp_manager.run():
            yield
        schema.stop.set()

    app = FastAPI(
        title="todo-chatbot backend",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # One bound for every route, /mcp included: 413 before a large body is read whole.
        max_body_size=settings.max_request_bytes,
    )
    app.state.settings = settings
    app.state.schema = schema
    app.state.planner = planner or build_planner(settings)

    for router in (health.router, auth.router, tasks.router, chat.router):
        app.include_router(router)
    # A class instance as endpoint makes Starlette hand it the raw ASGI call.
    app.router.routes.append(
        Route("/mcp", McpEndpoint(mcp_manager, settings), methods=["GET", "POST", "DELETE"])
    )
    _install_docs(app)
    _install_error_handlers(app)
    return app


def _docs_policy(page: str) -> str:
    """A CSP for the docs page: its own assets only, plus its one inline script by hash."""
    scripts = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", page, re.S)
    )
    return (
        f"default-src 'self'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


def _install_docs(app: FastAPI) -> None:
    """Swagger UI from the installed swagger-ui-bundle: no CDN, works offline."""
    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="swagger-assets")
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="todo-chatbot API",
        swagger_js_url="/docs/assets/swagger-ui-bundle.js",
        swagger_css_url="/docs/assets/swagger-ui.css",
        swagger_favicon_url="/docs/assets/favicon-32x32.png",
    ).body
    html = bytes(page).decode()
    headers = {
        "Content-Security-Policy": _docs_policy(html),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
    }

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html, headers=headers)


# A validation error names the field and says what is wrong, in a bounded answer: never
# the input itself (it may be megabytes, or not even encodable), never more than a few.
_MAX_ERRORS = 10


def _short(text: str, limit: int) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.encode("utf-8", "replace").decode("utf-8")


def _field_error(error: Any) -> dict[str, str]:
    if error.get("type") == "json_invalid":
        reason = str((error.get("ctx") or {}).get("error", "")).split(": line ")[0]
        return {"field": "body", "message": _short(f"not valid JSON ({reason})", 200)}
    parts = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    return {
        "field": _short(".".join(parts) or "request", 80),
        "message": _short(str(error.get("msg", "invalid")), 200),
    }


def validation_error_body(errors: Sequence[Any]) -> dict[str, Any]:
    shown = [_field_error(error) for error in errors[:_MAX_ERRORS]]
    detail = "; ".join(f"{item['field']}: {item['message']}" for item in shown)
    if len(errors) > _MAX_ERRORS:
        detail += f"; and {len(errors) - _MAX_ERRORS} more"
    return {"detail": detail, "errors": shown}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(_request: Request, error: AppError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if error.status_code == 401 else {}
        if isinstance(error, TooManyAttemptsError):
            headers["Retry-After"] = str(error.retry_after)
        return JSONResponse(
            {"detail": error.detail}, status_code=error.status_code, headers=headers
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 405:
            # Starlette names only the methods of the first route matching the path; a
            # path has one route per method here, so name them all.
            allowed = sorted(
                {
                    method
                    for route in app.router.routes
                    if isinstance(route, APIRoute)
                    and route.matches(request.scope)[0] is not Match.NONE
                    for method in route.methods or ()
                }
            )
            headers = {**(error.headers or {}), "Allow": ", ".join(allowed)}
            return JSONResponse({"detail": error.detail}, status_code=405, headers=headers)
        return await http_exception_handler(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(validation_error_body(error.errors()), status_code=422)
