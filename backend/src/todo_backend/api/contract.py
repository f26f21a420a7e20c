"""What every API route shares: strict JSON bodies and documented error answers.

Bodies are parsed by orjson, which refuses what JSON does not allow and the standard
library lets through: NaN and Infinity, numbers that overflow a double (1e400), lone
surrogates (they cannot be encoded back as UTF-8) and nesting deeper than 1024. Each is
a 422 saying what is wrong, never a 500 from a later step that cannot cope with it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import orjson
from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel


class _StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = orjson.loads(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler


class ErrorOut(BaseModel):
    detail: str
    """What is wrong, for a person."""


class FieldError(BaseModel):
    field: str
    """Where: a field name ("title", "tags.0"), or "body" / "request" for the whole."""
    message: str


class ValidationErrorOut(BaseModel):
    detail: str
    """All problems in one line, for a person."""
    errors: list[FieldError]
    """The first few problems, one per field (never the input that was sent)."""


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


BAD_INPUT: dict[int | str, dict[str, Any]] = {
    413: _error("request body too large"),
    422: {"model": ValidationErrorOut, "description": "invalid input"},
}
SIGNED_IN: dict[int | str, dict[str, Any]] = {
    401: _error("not signed in, or the token is no longer valid"),
    **BAD_INPUT,
}
"""What any route for a signed-in user may answer besides success."""
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _error("not found (or another user's)")}
REFUSED: dict[int | str, dict[str, Any]] = {400: _error("the request cannot be carried out")}
FORBIDDEN: dict[int | str, dict[str, Any]] = {403: _error("not allowed (e.g. wrong password)")}
CONFLICT: dict[int | str, dict[str, Any]] = {409: _error("conflicts with existing data")}
TOO_MANY: dict[int | str, dict[str, Any]] = {
    429: {
        **_error("too many failed attempts; retry after the time given"),
        "headers": {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}
        },
    }
}
