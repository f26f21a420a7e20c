"""Liveness (no database) and readiness (database reachable and migrated)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from todo_backend.api.contract import StrictJsonRoute
from todo_backend.db.engine import get_engine

router = APIRouter(prefix="/api", tags=["health"], route_class=StrictJsonRoute)


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", responses={503: {"description": "database unreachable or not migrated"}})
def ready(request: Request) -> JSONResponse:
    schema = request.app.state.schema
    if not schema.ready.is_set():
        reason = f"database not migrated yet: {schema.error or 'migrating'}"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    try:
        with get_engine(request.app.state.settings.database_url).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means "not ready"; the reason says which
        reason = f"database unreachable: {type(error).__name__}: {str(error).strip()[:300]}"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return JSONResponse({"status": "ready"})
