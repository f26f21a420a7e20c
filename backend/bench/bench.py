"""Backend throughput and latency: `make bench`.

Starts `todo-backend serve --workers 2` on SQLite and then on a throwaway PostgreSQL, gives a
user 200 tasks, and drives each endpoint with wrk (Debian's `wrk` package) for a fixed time.
Prints requests/s and p50/p99 latency per endpoint; targets (2-core machine):
GET /api/tasks >= 1000 req/s, p99 <= 50 ms; POST /api/chat >= 300 req/s, p99 <= 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pg_server import throwaway_postgres

TARGETS = {"GET /api/tasks": (1000, 50.0), "POST /api/chat": (300, 100.0)}
WRK_SCRIPT = """
wrk.method = "{method}"
wrk.body = [[{body}]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def backend(database_url: str, workers: int) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JWT_SECRET": "bench-secret-" + "x" * 32,
        "LOG_LEVEL": "warning",
        "LLM_BASE_URL": "",
        "LLM_API_KEY": "",
    }
    command = [
        "todo-backend",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("backend did not become ready")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _seed(base: str, tasks: int) -> str:
    response = httpx.post(
        f"{base}/api/auth/register",
        json={"email": f"bench{time.time_ns()}@example.com", "password": "bench password"},
    )
    response.raise_for_status()
    token = str(response.json()["access_token"])
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=headers) as client:
        for n in range(tasks):
            client.post(
                "/api/tasks",
                json={
                    "title": f"task {n}",
                    "priority": ("low", "medium", "high")[n % 3],
                    "tags": [f"tag{n % 5}"],
                },
            ).raise_for_status()
    return token


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    url: str, method: str, body: str, token: str, seconds: int, connections: int
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT.format(method=method, body=body, token=token))
    try:
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    percentiles = re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    latency = {percentile: _ms(value, unit) for percentile, value, unit in percentiles}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)$", out, re.M)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": latency["50"],
        "p99_ms": latency["99"],
        "non_2xx": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if socket_errors else 0.0,
    }


def run(database: str, database_url: str, args: argparse.Namespace) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with backend(database_url, args.workers) as base:
        token = _seed(base, args.tasks)
        cases = [
            ("GET /api/tasks", "GET", f"/api/tasks?status=all&limit={args.tasks}", ""),
            (
                "POST /api/tasks",
                "POST",
                "/api/tasks",
                json.dumps({"title": "bench task", "priority": "high", "tags": ["bench"]}),
            ),
            (
                "POST /api/chat",
                "POST",
                "/api/chat",
                json.dumps(
                    {"message": "add buy milk tomorrow at 5pm #errands", "timezone": "Europe/Paris"}
                ),
            ),
        ]
        for name, method, path, body in cases:
            result = wrk(base + path, method, body, token, args.seconds, args.connections)
            rows.append({"database": database, "endpoint": name, **result})
            print(_line(rows[-1]), flush=True)
    return rows


def _line(row: dict[str, object]) -> str:
    target = TARGETS.get(str(row["endpoint"]))
    verdict = ""
    if target:
        ok = float(row["rps"]) >= target[0] and float(row["p99_ms"]) <= target[1]  # type: ignore[arg-type]
        verdict = (
            f"  target >= {target[0]} req/s, p99 <= {target[1]:.0f} ms: {'met' if ok else 'MISSED'}"
        )
    return (
        f"{row['database']:<10} {row['endpoint']:<16} {float(row['rps']):>8.0f} req/s"  # type: ignore[arg-type]
        f"  p50 {float(row['p50_ms']):6.1f} ms  p99 {float(row['p99_ms']):6.1f} ms"  # type: ignore[arg-type]
        f"  non-2xx {int(float(row['non_2xx']))}{verdict}"  # type: ignore[arg-type]
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10, help="duration of each run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit(
            "bench: wrk is missing — install it: sudo apt-get install wrk (or brew install wrk)"
        )

    print(
        f"{os.cpu_count()} CPUs; {args.workers} uvicorn workers; wrk -t2 -c{args.connections} "
        f"-d{args.seconds}s; user with {args.tasks} tasks"
    )
    rows: list[dict[str, object]] = []
    if args.database in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            rows += run("sqlite", f"sqlite:///{tmp}/bench.db", args)
    if args.database in ("postgres", "both"):
        with throwaway_postgres() as url:
            rows += run("postgres", url, args)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
