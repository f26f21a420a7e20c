"""The one pooled HTTP client to the backend, and the translation of its failures into
messages a person can act on (the page shows them in a banner, never a stack trace)."""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger("todo_frontend")


class BackendError(Exception):
    """The backend could not give an answer; `message` is safe to show to the user."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def create_client(base_url: str, timeout_seconds: float) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout_seconds, connect=min(5.0, timeout_seconds)),
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
        # The backend is reached directly (in-cluster or localhost), never via a proxy.
        trust_env=False,
    )


async def send(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    *,
    token: str | None = None,
    authorization: str | None = None,
    params: str | None = None,
    content: bytes | None = None,
    json: Any = None,
    content_type: str | None = None,
    forwarded_for: str | None = None,
) -> httpx.Response:
    """Send one request to the backend; raise BackendError when it is down, slow or broken."""
    headers = {"accept": "application/json"}
    if authorization:
        headers["authorization"] = authorization
    elif token:
        headers["authorization"] = f"Bearer {token}"
    if content_type:
        headers["content-type"] = content_type
    if forwarded_for:
        # The browser's address, for the backend's failed sign-in limits (it believes this
        # header only from addresses in its FORWARDED_ALLOW_IPS).
        headers["x-forwarded-for"] = forwarded_for
    url = f"{path}?{params}" if params else path
    try:
        response = await client.request(method, url, headers=headers, content=content, json=json)
    except httpx.TimeoutException as exc:
        log.warning("backend timed out: %s %s (%s)", method, path, type(exc).__name__)
        raise BackendError(
            504, "The task service is taking too long to answer. Please try again in a moment."
        ) from exc
    except httpx.HTTPError as exc:
        log.warning("backend unreachable: %s %s (%s)", method, path, exc)
        raise BackendError(
            502, "The task service is unreachable right now. Please try again in a moment."
        ) from exc
    if response.status_code >= 500 and not _has_detail(response):
        log.warning("backend failed: %s %s -> HTTP %s", method, path, response.status_code)
        raise BackendError(
            502,
            f"The task service had a problem (HTTP {response.status_code}). Please try again.",
        )
    return response


def _has_detail(response: httpx.Response) -> bool:
    """True when the backend answered with its own JSON message, which we pass on as-is."""
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and isinstance(body.get("detail") or body.get("reason"), str)
