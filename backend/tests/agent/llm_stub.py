"""A local server that speaks the chat-completions wire format, answering from a script
(for the LLM planner's tests and the API's chat tests with an LLM configured)."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StubServer:
    """Answers POST /v1/chat/completions from a script; keeps each request it got."""

    def __init__(self) -> None:
        self.script: list[tuple[int, Any, float]] = []  # (status, body, delay seconds)
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                stub.requests.append(json.loads(self.rfile.read(length)))
                stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                status, body, delay = stub.script.pop(0) if stub.script else (500, {}, 0.0)
                time.sleep(delay)
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting, as the timeout test intends

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"

    def reply(self, body: Any, status: int = 200, delay: float = 0.0) -> None:
        self.script.append((status, body, delay))


def completion(message: dict[str, Any], finish: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1772614800,
        "model": "stub-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def tool_call(call_id: str, name: str, arguments: dict[str, Any] | str) -> dict[str, Any]:
    raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": raw}}


def asks_for(*calls: dict[str, Any]) -> dict[str, Any]:
    return completion(
        {"role": "assistant", "content": None, "tool_calls": list(calls)}, "tool_calls"
    )


def says(text: str) -> dict[str, Any]:
    return completion({"role": "assistant", "content": text})
