"""The browser session: the backend token lives only in an HttpOnly cookie, and every
state-changing request that the cookie would authenticate must prove it comes from our
page (double-submit CSRF token: a readable cookie echoed in the X-CSRF-Token header)."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import Response

SESSION_COOKIE = "todo_session"
CSRF_COOKIE = "todo_csrf"
CSRF_HEADER = "x-csrf-token"
# Matches the backend's default JWT lifetime; an earlier expiry shows up as a 401,
# which clears the cookie and sends the page back to sign-in.
SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def _secure(request: Request) -> bool:
    # Behind plain-HTTP NodePorts a Secure cookie would never come back; behind TLS
    # (scheme taken from X-Forwarded-Proto by uvicorn's proxy headers) it must be Secure.
    return request.url.scheme == "https"


def set_session(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_MAX_AGE_SECONDS,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )


def clear_session(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request)
    )


def csrf_token(request: Request) -> str:
    """The caller's CSRF token, or a fresh one that `remember_csrf` will store."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def remember_csrf(response: Response, request: Request, token: str) -> None:
    if request.cookies.get(CSRF_COOKIE) == token:
        return
    response.set_cookie(
        CSRF_COOKIE,
        token,
        path="/",
        httponly=False,  # the page's script reads it to echo it in the header
        samesite="strict",
        secure=_secure(request),
    )


def csrf_required(request: Request) -> bool:
    """Does this request need the CSRF header?

    Only requests a browser could be tricked into sending with ambient credentials:
    state-changing requests to our session endpoints (login CSRF included) and
    state-changing /api requests that the session cookie would authenticate. API
    clients sending their own Authorization header carry no ambient credential.
    """
    if request.method in SAFE_METHODS:
        return False
    if request.url.path.startswith("/session"):
        return True
    return "authorization" not in request.headers and session_token(request) is not None


def csrf_valid(request: Request) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    return bool(cookie) and secrets.compare_digest(cookie.encode(), header.encode())
