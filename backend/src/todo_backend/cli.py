"""`todo-backend serve | migrate` — the entry points used by `make run`, the image and the chart."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from todo_backend.core.settings import get_settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="todo-backend", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve", help="run the API server (it migrates, under a lock, retrying until it can)"
    )
    serve.add_argument("--host", help="bind address (default: HOST or 0.0.0.0)")
    serve.add_argument("--port", type=int, help="port (default: PORT or 7860)")
    serve.add_argument("--workers", type=int, help="worker processes (default: WORKERS or 1)")
    commands.add_parser("migrate", help="bring the database schema up to date and exit")
    args = parser.parse_args(argv)

    settings = get_settings()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # start-up noise
    if args.command == "migrate":
        from todo_backend.db.migrate import upgrade_database

        upgrade_database(settings.database_url)
        return
    # One start-up path: the app migrates in its lifespan (MIGRATE_ON_START), and keeps
    # retrying while the database is unreachable, serving /api/ready as 503 with the reason
    # meanwhile, rather than exiting here and crash-looping before anyone can see why.
    uvicorn.run(
        "todo_backend.main:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers or settings.workers,
        log_level=settings.log_level,
        # X-Forwarded-For/-Proto only from the configured peers (none by default): the
        # failed sign-in limits count by client address, which must not be made up.
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or None,
        timeout_graceful_shutdown=20,
    )
