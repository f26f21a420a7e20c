"""The web service: pages, the browser session, the /api proxy and health endpoints."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from todo_frontend import __version__
from todo_frontend.backend import BackendError, create_client, send
from todo_frontend.session import (
    api_authorization,
    clear_session,
    csrf_required,
    csrf_token,
    csrf_valid,
    new_csrf_token,
    remember_csrf,
    session_token,
    set_session,
)
from todo_frontend.settings import Settings, get_settings

log = logging.getLogger("todo_frontend")

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")

# Every asset comes from our own origin: the app must work offline and inside a cluster.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


def _backend(request: Request) -> httpx.AsyncClient:
    client: httpx.AsyncClient = request.app.state.backend
    return client


# Backend response headers that mean something to API clients; hop-by-hop and
# server-specific headers (content-length, date, server…) are set by us.
RELAYED_HEADERS = ("x-total-count", "retry-after")


def _relay(response: httpx.Response) -> Response:
    """Pass the backend's answer on unchanged (status, JSON body, meaningful headers)."""
    return Response(
        content=response.content,
        status_code=response.status_code,
        headers={
            name: response.headers[name] for name in RELAYED_HEADERS if name in response.headers
        },
        media_type=response.headers.get("content-type"),
    )


async def _json_object(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # not JSON; nested deeper than Python's stack
        body = None
    if not isinstance(body, dict):
        raise HTTPException(400, "Send a JSON object.")
    return body


# --- pages -------------------------------------------------------------------------


def _page(request: Request, template: str) -> Response:
    token = csrf_token(request)
    response = templates.TemplateResponse(request, template, {"version": __version__})
    remember_csrf(response, request, token)
    return response


async def home(request: Request) -> Response:
    if session_token(request) is None:
        return RedirectResponse("/login", status_code=303)
    return _page(request, "app.html")


async def login_page(request: Request) -> Response:
    return _page(request, "login.html")


# --- session -----------------------------------------------------------------------


async def session_info(request: Request) -> Response:
    """Who is signed in (or null), plus the CSRF token for non-browser clients."""
    token = csrf_token(request)
    user: Any = None
    expired = False
    session = session_token(request)
    if session is not None:
        me = await send(_backend(request), "GET", "/api/auth/me", token=session)
        if me.status_code == 200:
            user = me.json()
        elif me.status_code == 401:
            expired = True
        else:
            return _relay(me)
    if expired:
        token = new_csrf_token(None)
    response = JSONResponse({"user": user, "csrf_token": token})
    remember_csrf(response, request, token)
    if expired:
        clear_session(response, request)
    return response


def _start_session(response: Response, request: Request, access_token: str, csrf: str) -> None:
    """Set the session cookie and its CSRF token (made by new_csrf_token(access_token): a
    new one at every sign-in)."""
    set_session(response, request, access_token)
    remember_csrf(response, request, csrf)


async def _sign_in(request: Request, backend_path: str) -> Response:
    body = await _json_object(request)
    answer = await send(
        _backend(request), "POST", backend_path, json=body, forwarded_for=_client_address(request)
    )
    if answer.status_code not in (200, 201):
        return _relay(answer)
    data = answer.json()
    # The token stays server-side: the page only ever sees the user (and its CSRF token).
    csrf = new_csrf_token(data["access_token"])
    response = JSONResponse(
        {"user": data["user"], "csrf_token": csrf}, status_code=answer.status_code
    )
    _start_session(response, request, data["access_token"], csrf)
    return response


def _client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


async def signup(request: Request) -> Response:
    return await _sign_in(request, "/api/auth/register")


async def login(request: Request) -> Response:
    return await _sign_in(request, "/api/auth/login")


async def logout(request: Request) -> Response:
    """End the session here and at the backend: the token stops working everywhere (a copy
    of the cookie taken earlier included)."""
    session = session_token(request)
    if session is not None:
        try:
            await send(_backend(request), "POST", "/api/auth/logout", token=session)
        except BackendError as error:  # signed out here all the same
            log.warning("sign-out: the backend could not end the token: %s", error.message)
    response = Response(status_code=204)
    clear_session(response, request)
    remember_csrf(response, request, new_csrf_token(None))
    return response


async def change_password(request: Request) -> Response:
    session = session_token(request)
    if session is None:
        raise HTTPException(401, "Please sign in first.")
    body = await _json_object(request)
    answer = await send(
        _backend(request),
        "POST",
        "/api/auth/password",
        token=session,
        json=body,
        forwarded_for=_client_address(request),
    )
    if answer.status_code != 200:
        return _relay(answer)
    # Every earlier token of the user has ended; this session goes on with the new one.
    access_token = answer.json()["access_token"]
    response = Response(status_code=204)
    _start_session(response, request, access_token, new_csrf_token(access_token))
    return response


# --- API proxy ---------------------------------------------------------------------


async def proxy(request: Request) -> Response:
    path: str = request.path_params["path"]
    # Dot segments would climb out of /api/ on the backend (to /mcp, /docs…).
    if {".", ".."} & set(path.split("/")):
        raise HTTPException(404, "Not found.")
    # An API client's own Authorization header wins and is forwarded as-is;
    # a browser is authenticated by its session cookie.
    authorization = api_authorization(request)
    session = None if authorization else session_token(request)
    answer = await send(
        _backend(request),
        request.method,
        # The path arrives decoded: encode it again, or "tasks%3Flimit=1" would reach the
        # backend as a query string.
        "/api/" + quote(path, safe="/"),
        forwarded_for=_client_address(request),
        authorization=authorization,
        token=session,
        params=request.url.query or None,
        content=await request.body() or None,
        content_type=request.headers.get("content-type"),
    )
    response = _relay(answer)
    if session is not None and answer.status_code == 401:
        clear_session(response, request)
    return response


# --- health ------------------------------------------------------------------------


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    """Ready only when the backend answers its liveness endpoint."""
    try:
        answer = await _backend(request).get("/api/health", timeout=3.0)
    except httpx.HTTPError as exc:
        reason = f"backend unreachable: {type(exc).__name__}"
    else:
        if answer.status_code == 200:
            return JSONResponse({"status": "ready"})
        reason = f"backend /api/health returned HTTP {answer.status_code}"
    return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)


# --- errors and middleware ---------------------------------------------------------


async def _backend_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BackendError)
    return JSONResponse({"detail": exc.message}, status_code=exc.status_code)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        {"detail": "Something went wrong on our side. Please try again."}, status_code=500
    )


class Guard:
    """CSRF check and security headers, as plain ASGI: Starlette's BaseHTTPMiddleware would
    wrap the body limit's 413 in an exception group, which ends as a 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        request = Request(scope)
        if csrf_required(request) and not csrf_valid(request):
            detail = "This request is missing its security token. Reload the page and retry."
            refused = JSONResponse({"detail": detail}, status_code=403)
            await refused(scope, receive, send_secured)
            return
        await self.app(scope, receive, send_secured)


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with create_client(settings.backend_url, settings.backend_timeout_seconds) as client:
            app.state.backend = client
            yield

    return Starlette(
        # Bodies are small JSON (the backend refuses more than 64 KiB anyway): 413 here
        # before reading or parsing more.
        max_body_size=settings.max_request_bytes,
        routes=[
            Route("/", home),
            Route("/login", login_page),
            Route("/session", session_info),
            Route("/session/signup", signup, methods=["POST"]),
            Route("/session/login", login, methods=["POST"]),
            Route("/session/logout", logout, methods=["POST"]),
            Route("/session/password", change_password, methods=["POST"]),
            Route(
                "/api/{path:path}",
                proxy,
                methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            ),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        middleware=[Middleware(Guard)],
        exception_handlers={
            BackendError: _backend_error,
            HTTPException: _http_error,
            Exception: _unexpected_error,
        },
        lifespan=lifespan,
    )
