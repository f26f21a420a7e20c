"""/api/chat end to end: the planner acts through the tools, turns are stored, failures
roll back. The built-in offline planner is the default here."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from todo_backend.agent.base import AgentContext, AgentReply, Planner, PlannerError

from .agent.llm_stub import StubServer, asks_for, says, tool_call
from .conftest import Register


@pytest.fixture
def planner() -> Planner | None:
    return None  # the app's own: the built-in offline planner


def _chat(client: TestClient, headers: dict[str, str], message: str, **extra: object) -> dict:  # type: ignore[type-arg]
    response = client.post("/api/chat", json={"message": message, **extra}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict = response.json()  # type: ignore[type-arg]
    return body


def test_add_by_chat_resolves_the_date_in_the_callers_zone(
    client: TestClient, register: Register
) -> None:
    headers = register()
    body = _chat(client, headers, "add buy milk tomorrow at 5pm #errands", timezone="Europe/Paris")
    [call] = body["tool_calls"]
    assert call["name"] == "add_task"
    task = call["result"]["task"]
    assert task["title"].lower() == "buy milk"
    assert task["tags"] == ["errands"]
    due = datetime.fromisoformat(task["due_at"]).astimezone(ZoneInfo("Europe/Paris"))
    tomorrow = datetime.now(ZoneInfo("Europe/Paris")).date().toordinal() + 1
    assert (due.date().toordinal(), due.hour, due.minute) == (tomorrow, 17, 0)
    assert f"#{task['id']}" in body["reply"]
    stored = client.get(f"/api/tasks/{task['id']}", headers=headers).json()
    assert stored == task


def test_conversation_is_stored_and_can_be_continued(
    client: TestClient, register: Register
) -> None:
    headers = register()
    first = _chat(client, headers, "add water the plants")
    second = _chat(client, headers, "show my tasks", conversation_id=first["conversation_id"])
    assert second["conversation_id"] == first["conversation_id"]
    assert second["tool_calls"][0]["name"] == "list_tasks"
    assert "water the plants" in second["reply"].lower()

    [conversation] = client.get("/api/conversations", headers=headers).json()
    assert conversation["id"] == first["conversation_id"]
    assert conversation["title"] == "add water the plants"
    messages = client.get(
        f"/api/conversations/{conversation['id']}/messages", headers=headers
    ).json()
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[0]["content"] == "add water the plants"
    assert messages[1]["tool_calls"][0]["name"] == "add_task"
    assert messages[3]["content"] == second["reply"]


def test_conversations_are_private(client: TestClient, register: Register) -> None:
    alice, bob = register(), register()
    conversation_id = _chat(client, alice, "add secret plan")["conversation_id"]
    assert client.get("/api/conversations", headers=bob).json() == []
    path = f"/api/conversations/{conversation_id}"
    assert client.get(f"{path}/messages", headers=bob).status_code == 404
    assert client.delete(path, headers=bob).status_code == 404
    response = client.post(
        "/api/chat", json={"message": "hi", "conversation_id": conversation_id}, headers=bob
    )
    assert response.status_code == 404
    assert client.delete(path, headers=alice).status_code == 204
    assert client.get(f"{path}/messages", headers=alice).status_code == 404


def test_complete_and_delete_by_id(client: TestClient, register: Register) -> None:
    headers = register()
    task_id = client.post("/api/tasks", json={"title": "call mum"}, headers=headers).json()["id"]
    done = _chat(client, headers, f"done with #{task_id}")
    assert done["tool_calls"][0]["name"] == "complete_task"
    assert client.get(f"/api/tasks/{task_id}", headers=headers).json()["completed"] is True
    gone = _chat(client, headers, f"delete #{task_id}")
    assert gone["tool_calls"][0]["name"] == "delete_task"
    assert client.get(f"/api/tasks/{task_id}", headers=headers).status_code == 404


def test_reopen_questions_and_several_ids_through_the_api(
    client: TestClient, register: Register
) -> None:
    headers = register()
    ids = [
        client.post("/api/tasks", json={"title": title}, headers=headers).json()["id"]
        for title in ("pay the water bill", "water the plants")
    ]
    asked = _chat(client, headers, "did I pay the water bill?")
    assert asked["tool_calls"] == [] and "still open" in asked["reply"]

    several = _chat(client, headers, f"tick off {ids[0]} and {ids[1]}")
    assert several["tool_calls"] == []
    confirmed = _chat(client, headers, "yes", conversation_id=several["conversation_id"])
    assert [call["name"] for call in confirmed["tool_calls"]] == ["complete_task"] * 2
    tasks = client.get("/api/tasks", headers=headers).json()
    assert all(task["completed"] for task in tasks)

    reopened = _chat(client, headers, "I haven't watered the plants yet")
    assert reopened["tool_calls"][0]["name"] == "update_task"
    assert reopened["tool_calls"][0]["arguments"] == {"task_id": ids[1], "completed": False}
    plants = client.get(f"/api/tasks/{ids[1]}", headers=headers).json()
    assert (plants["completed"], plants["completed_at"]) == (False, None)


def test_chat_cannot_touch_another_users_task(client: TestClient, register: Register) -> None:
    alice, bob = register(), register()
    task_id = client.post("/api/tasks", json={"title": "mine"}, headers=alice).json()["id"]
    body = _chat(client, bob, f"delete #{task_id}")
    assert all("deleted" not in call["result"] for call in body["tool_calls"])
    assert client.get(f"/api/tasks/{task_id}", headers=alice).status_code == 200


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"message": ""}, "message: String should have at least 1 character"),
        ({"message": "x" * 2001}, "message: String should have at most 2000 characters"),
        ({"message": "hi", "timezone": "Nowhere/Land"}, "timezone: Value error, unknown time zone"),
    ],
)
def test_bad_chat_input(
    client: TestClient, register: Register, payload: dict[str, object], message: str
) -> None:
    response = client.post("/api/chat", json=payload, headers=register())
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message)


class _FailsAfterActing:
    """Adds a task, then fails the way an LLM that times out mid-conversation does."""

    def respond(self, message: str, ctx: AgentContext) -> AgentReply:
        result = ctx.toolbox.execute("add_task", {"title": "half-done"})
        assert "task" in result
        raise PlannerError(
            "The assistant is unavailable right now (timed out); nothing was changed."
        )


def test_a_failing_planner_changes_nothing(settings: object, register: Register) -> None:
    from todo_backend.main import create_app

    with TestClient(create_app(settings, planner=_FailsAfterActing())) as client:  # type: ignore[arg-type]
        response = client.post(
            "/api/auth/register", json={"email": "f@example.com", "password": "long enough"}
        )
        headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
        body = _chat(client, headers, "add something")
        assert body["reply"].startswith("The assistant is unavailable right now")
        assert body["tool_calls"] == []
        assert client.get("/api/tasks", headers=headers).json() == []
        messages = client.get(
            f"/api/conversations/{body['conversation_id']}/messages", headers=headers
        ).json()
        assert [m["role"] for m in messages] == ["user", "assistant"]


def _llm_client(settings: object, stub: StubServer) -> TestClient:
    from todo_backend.main import create_app

    configured = settings.model_copy(  # type: ignore[attr-defined]
        update={"llm_base_url": stub.url, "llm_api_key": "sk-test", "llm_model": "stub-model"}
    )
    return TestClient(create_app(configured))


def test_chat_through_an_llm_acts_with_the_real_tools(settings: object, stub: StubServer) -> None:
    stub.reply(
        asks_for(tool_call("c1", "add_task", {"title": "Buy milk", "due_at": "tomorrow 5pm"}))
    )
    stub.reply(says("Added Buy milk for tomorrow at 17:00."))
    with _llm_client(settings, stub) as client:
        token = client.post(
            "/api/auth/register", json={"email": "l@example.com", "password": "long enough"}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        body = _chat(client, headers, "remember milk for tomorrow 5pm", timezone="Asia/Tokyo")
        [task] = client.get("/api/tasks", headers=headers).json()
    assert body["reply"] == "Added Buy milk for tomorrow at 17:00."
    assert body["tool_calls"][0]["result"]["task"] == task
    due = datetime.fromisoformat(task["due_at"]).astimezone(ZoneInfo("Asia/Tokyo"))
    tomorrow = datetime.now(ZoneInfo("Asia/Tokyo")).date().toordinal() + 1
    assert (due.date().toordinal(), due.hour) == (tomorrow, 17)  # words resolved by the tool
    sent = stub.requests[0]
    assert {tool["function"]["name"] for tool in sent["tools"]} >= {"add_task", "list_tasks"}
    assert sent["messages"][-1] == {"role": "user", "content": "remember milk for tomorrow 5pm"}


def test_llm_failure_mid_answer_changes_nothing(settings: object, stub: StubServer) -> None:
    stub.reply(asks_for(tool_call("c1", "add_task", {"title": "Half done"})))
    stub.reply({"error": {"message": "overloaded"}}, status=500)
    with _llm_client(settings, stub) as client:
        token = client.post(
            "/api/auth/register", json={"email": "f@example.com", "password": "long enough"}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        body = _chat(client, headers, "add half done")
        assert client.get("/api/tasks", headers=headers).json() == []
    assert body["reply"].startswith("The assistant is unavailable right now")
    assert body["tool_calls"] == []


def test_an_llm_chat_holds_no_lock_while_the_model_thinks(
    settings: object, stub: StubServer
) -> None:
    """Issue 10, item 5: on SQLite a chat held the write lock for its whole LLM call —
    three 1.5 s chats finished at 1.5, 3 and 4.5 s and a plain task create waited behind
    them. Now they overlap, and writes go through at once."""
    from concurrent.futures import ThreadPoolExecutor

    delay = 1.5
    for _ in range(3):
        stub.reply(says("Nothing to do."), delay=delay)
    with _llm_client(settings, stub) as client:
        token = client.post(
            "/api/auth/register", json={"email": "slow@example.com", "password": "long enough"}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        def chat() -> float:
            started = time.monotonic()
            assert client.post("/api/chat", json={"message": "hi"}, headers=headers).is_success
            return time.monotonic() - started

        def create() -> float:
            time.sleep(0.3)  # while the chats wait on the model
            started = time.monotonic()
            response = client.post("/api/tasks", json={"title": "plain"}, headers=headers)
            assert response.status_code == 201
            return time.monotonic() - started

        with ThreadPoolExecutor(4) as pool:
            chats = [pool.submit(chat) for _ in range(3)]
            created = pool.submit(create)
            chat_seconds = sorted(future.result() for future in chats)
            create_seconds = created.result()
    assert chat_seconds[-1] < 2 * delay, chat_seconds
    assert create_seconds < 0.5, create_seconds


def test_an_llm_deleting_then_failing_puts_the_task_back(
    settings: object, stub: StubServer
) -> None:
    with _llm_client(settings, stub) as client:
        token = client.post(
            "/api/auth/register", json={"email": "undo@example.com", "password": "long enough"}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        task = client.post(
            "/api/tasks",
            json={"title": "Keep me", "priority": "high", "tags": ["home"]},
            headers=headers,
        ).json()
        done = client.post("/api/tasks", json={"title": "Was open"}, headers=headers).json()
        stub.reply(
            asks_for(
                tool_call("c1", "delete_task", {"task_id": task["id"]}),
                tool_call("c2", "complete_task", {"task_id": f"#{done['id']}"}),
                tool_call("c3", "add_task", {"title": "Extra"}),
            )
        )
        stub.reply({"error": {"message": "overloaded"}}, status=500)
        body = _chat(client, headers, "clean up")
        after = client.get("/api/tasks", headers=headers).json()
    assert body["reply"].startswith("The assistant is unavailable right now")
    assert body["tool_calls"] == []
    assert sorted(after, key=lambda t: t["id"]) == [task, done]
