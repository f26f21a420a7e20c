"""The browser session: the backend token lives only in an HttpOnly cookie, and every
state-changing request that the cookie would authenticate must prove it comes from our
page (double-submit CSRF token: a readable cookie echoed in the X-CSRF-Token header).

The CSRF token is bound to the session it was issued with: "<nonce>.<HMAC(session, nonce)>".
A token planted from elsewhere (a sibling subdomain can set cookies for ours) is worthless
without the HttpOnly session it must be computed from, and every sign-in, password change
and sign-out issues a new one.
"""

from __future__ import annotations

import hashlib
import hmac
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


def api_authorization(request: Request) -> str | None:
    """An API client's own Authorization header; an empty or blank one is no header."""
    value = request.headers.get("authorization", "").strip()
    return value or None


def _secure(request: Request) -> bool:
    # Behind plain-HTTP NodePorts a Secure cookie would never come back; behind TLS
    # (scheme taken from X-Forwarded-Proto, from FORWARDED_ALLOW_IPS only) it must be Secure.
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


def _seal(nonce: str, session: str | None) -> str:
    mac = hmac.new((session or "").encode(), nonce.encode(), hashlib.sha256).hexdigest()
    return f"{nonce}.{mac}"


def new_csrf_token(session: str | None) -> str:
    return _seal(secrets.token_urlsafe(24), session)


def _bound(token: str, session: str | None) -> bool:
    nonce, _, _mac = token.partition(".")
    return bool(nonce) and secrets.compare_digest(token.encode(), _seal(nonce, session).encode())


def csrf_token(request: Request) -> str:
    """The caller's CSRF token if it belongs to their session, else a fresh one that
    `remember_csrf` will store."""
    token = request.cookies.get(CSRF_COOKIE, "")
    session = session_token(request)
    return token if _bound(token, session) else new_csrf_token(session)


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
    clients sending their own (non-empty) Authorization header carry no ambient credential.
    """
    if request.method in SAFE_METHODS:
        return False
    if request.url.path.startswith("/session"):
        return True
    return api_authorization(request) is None and session_token(request) is not None


def csrf_valid(request: Request) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    return (
        bool(cookie)
        and secrets.compare_digest(cookie.encode(), header.encode())
        and _bound(cookie, session_token(request))
    )
