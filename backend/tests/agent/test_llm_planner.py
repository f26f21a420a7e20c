"""The LLM planner against a local stub that speaks the chat-completions wire format:
tool_calls with JSON-string arguments, the tool results round trip, a final message;
and every way the server can fail ending in PlannerError."""

from __future__ import annotations

import json
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from todo_backend.agent.base import AgentContext, PlannerError, Turn
from todo_backend.agent.llm import LLMPlanner

from .llm_stub import StubServer, asks_for, completion, says, tool_call
from .memory_toolbox import MemoryToolbox

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def planner(stub: StubServer, timeout: float = 5.0, **kwargs: Any) -> LLMPlanner:
    return LLMPlanner(
        base_url=stub.url, api_key="sk-test", model="stub-model", timeout=timeout, **kwargs
    )


def context(toolbox: MemoryToolbox, history: list[Turn] | None = None) -> AgentContext:
    return AgentContext(toolbox=toolbox, now=NOW, history=history or [])


def test_tool_call_round_trip(stub: StubServer) -> None:
    stub.reply(
        asks_for(
            tool_call("call_1", "add_task", {"title": "Buy milk", "due_at": "tomorrow at 5pm"})
        )
    )
    stub.reply(says("Added #1 Buy milk, due tomorrow at 17:00."))
    toolbox = MemoryToolbox(NOW)

    reply = planner(stub).respond("add buy milk tomorrow at 5pm", context(toolbox))

    assert reply.text == "Added #1 Buy milk, due tomorrow at 17:00."
    assert reply.pending is None
    assert [c["name"] for c in toolbox.calls] == ["add_task"]
    assert toolbox.tasks[1]["due_at"] == "2026-03-05T17:00:00+01:00"

    first, second = stub.requests
    assert first["model"] == "stub-model"
    assert stub.headers[0]["authorization"] == "Bearer sk-test"
    assert {t["function"]["name"] for t in first["tools"]} == {
        "add_task",
        "list_tasks",
        "complete_task",
        "delete_task",
        "update_task",
    }
    assert all(t["type"] == "function" and "parameters" in t["function"] for t in first["tools"])
    system, user = first["messages"]
    assert system["role"] == "system"
    assert "2026-03-04T10:00+01:00" in system["content"] and "Europe/Berlin" in system["content"]
    assert user == {"role": "user", "content": "add buy milk tomorrow at 5pm"}

    # The second request replays the model's tool call and carries the tool's result.
    assistant, tool = second["messages"][2:]
    assert assistant["role"] == "assistant"
    assert assistant["tool_calls"][0]["id"] == "call_1"
    assert json.loads(assistant["tool_calls"][0]["function"]["arguments"])["title"] == "Buy milk"
    assert tool["role"] == "tool" and tool["tool_call_id"] == "call_1"
    assert json.loads(tool["content"])["task"]["title"] == "Buy milk"


def test_several_calls_and_rounds_with_errors_fed_back(stub: StubServer) -> None:
    toolbox = MemoryToolbox(NOW, [{"id": 3, "title": "Call mom"}, {"id": 4, "title": "Call bank"}])
    stub.reply(asks_for(tool_call("a", "list_tasks", {"query": "call"})))
    stub.reply(
        asks_for(
            tool_call("b", "complete_task", {"task_id": 3}),
            tool_call("c", "delete_task", {"task_id": 99}),
        )
    )
    stub.reply(says("Completed #3 Call mom; #99 does not exist."))

    reply = planner(stub).respond("finish call mom and delete 99", context(toolbox))

    assert reply.text == "Completed #3 Call mom; #99 does not exist."
    assert [(c["name"], c["arguments"]) for c in toolbox.calls] == [
        ("list_tasks", {"query": "call"}),
        ("complete_task", {"task_id": 3}),
        ("delete_task", {"task_id": 99}),
    ]
    assert toolbox.tasks[3]["completed"] is True
    last = stub.requests[2]["messages"]
    tool_messages = [m for m in last if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in tool_messages] == ["a", "b", "c"]
    assert json.loads(tool_messages[2]["content"]) == {"error": "task 99 not found"}


def test_recent_history_is_sent_in_order(stub: StubServer) -> None:
    stub.reply(says("It is #1."))
    history = [
        Turn(role="user", content="add buy milk"),
        Turn(role="assistant", content="Added #1 Buy milk"),
    ]
    planner(stub, history_turns=2).respond(
        "which number was that?", context(MemoryToolbox(NOW), history)
    )

    roles = [(m["role"], m["content"]) for m in stub.requests[0]["messages"][1:]]
    assert roles == [
        ("user", "add buy milk"),
        ("assistant", "Added #1 Buy milk"),
        ("user", "which number was that?"),
    ]


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (500, {"error": {"message": "boom"}}, "HTTP 500"),
        (429, {"error": {"message": "slow down"}}, "HTTP 429"),
        (200, b"this is not json", "unexpected answer"),
        (200, {"id": "x", "object": "chat.completion", "choices": []}, "without a message"),
        (200, completion({"role": "assistant", "content": ""}), "empty reply"),
        (200, asks_for(tool_call("x", "add_task", "{not json")), "not JSON"),
    ],
)
def test_server_failures_raise_planner_error(
    stub: StubServer, status: int, body: Any, reason: str
) -> None:
    stub.reply(body, status=status)
    toolbox = MemoryToolbox(NOW)
    with pytest.raises(PlannerError, match="nothing was changed") as raised:
        planner(stub).respond("add buy milk", context(toolbox))
    assert reason in str(raised.value)
    assert toolbox.calls == []
    assert len(stub.requests) == 1  # no retries


def test_failure_after_a_tool_ran_still_raises(stub: StubServer) -> None:
    """The chat service rolls back on PlannerError, so a half-done answer changes nothing."""
    stub.reply(asks_for(tool_call("a", "add_task", {"title": "Buy milk"})))
    stub.reply({"error": {"message": "crashed"}}, status=500)
    toolbox = MemoryToolbox(NOW)
    with pytest.raises(PlannerError, match="HTTP 500"):
        planner(stub).respond("add buy milk", context(toolbox))
    assert [c["name"] for c in toolbox.calls] == ["add_task"]


def test_timeout_raises_planner_error_promptly(stub: StubServer) -> None:
    stub.reply(says("too late"), delay=3.0)
    started = time.monotonic()
    with pytest.raises(PlannerError, match=r"no answer within 0.5s"):
        planner(stub, timeout=0.5).respond("hello", context(MemoryToolbox(NOW)))
    assert time.monotonic() - started < 2.5


def test_endless_tool_calls_are_cut_off(stub: StubServer) -> None:
    for index in range(3):
        stub.reply(asks_for(tool_call(f"c{index}", "list_tasks", {})))
    with pytest.raises(PlannerError, match="3 tool rounds"):
        planner(stub, max_rounds=3).respond("list", context(MemoryToolbox(NOW)))
    assert len(stub.requests) == 3


def test_unreachable_server_raises_planner_error() -> None:
    unused = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = unused.server_port
    unused.server_close()
    dead = LLMPlanner(base_url=f"http://127.0.0.1:{port}/v1", api_key="k", model="m", timeout=2.0)
    with pytest.raises(PlannerError, match="could not reach"):
        dead.respond("hello", context(MemoryToolbox(NOW)))
