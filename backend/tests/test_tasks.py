from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from .conftest import Register, table_count


def _create(client: TestClient, headers: dict[str, str], **fields: object) -> dict[str, object]:
    response = client.post("/api/tasks", json={"title": "a task", **fields}, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def _titles(client: TestClient, headers: dict[str, str], **params: str | int) -> list[str]:
    response = client.get("/api/tasks", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [task["title"] for task in response.json()]


def test_create_returns_the_full_task(client: TestClient, register: Register) -> None:
    headers = register()
    task = _create(
        client,
        headers,
        title="  Buy milk ",
        description="2 litres",
        priority="high",
        due_at="2030-05-01T17:00:00+02:00",
        tags=["#Errands", "home", "errands"],
    )
    assert task["title"] == "Buy milk"
    assert task["description"] == "2 litres"
    assert task["priority"] == "high"
    assert task["due_at"] == "2030-05-01T15:00:00+00:00"
    assert task["tags"] == ["errands", "home"]
    assert task["completed"] is False and task["completed_at"] is None
    assert client.get(f"/api/tasks/{task['id']}", headers=headers).json() == task


def test_defaults(client: TestClient, register: Register) -> None:
    task = _create(client, register(), title="plain")
    assert (task["priority"], task["due_at"], task["tags"], task["description"]) == (
        "medium",
        None,
        [],
        "",
    )


def test_patch_changes_only_what_is_sent_and_null_clears_due(
    client: TestClient, register: Register
) -> None:
    headers = register()
    task = _create(client, headers, title="report", due_at="2030-01-01T09:00:00Z", tags=["work"])
    patched = client.patch(f"/api/tasks/{task['id']}", json={"priority": "low"}, headers=headers)
    assert patched.status_code == 200
    assert patched.json()["priority"] == "low"
    assert patched.json()["due_at"] == "2030-01-01T09:00:00+00:00"
    assert patched.json()["tags"] == ["work"]
    cleared = client.patch(
        f"/api/tasks/{task['id']}", json={"due_at": None, "tags": []}, headers=headers
    ).json()
    assert cleared["due_at"] is None and cleared["tags"] == []
    assert cleared["title"] == "report"


def test_complete_reopen_delete(client: TestClient, register: Register) -> None:
    headers = register()
    task_id = _create(client, headers)["id"]
    done = client.post(f"/api/tasks/{task_id}/complete", headers=headers).json()
    assert done["completed"] is True and done["completed_at"] is not None
    reopened = client.post(f"/api/tasks/{task_id}/reopen", headers=headers).json()
    assert reopened["completed"] is False and reopened["completed_at"] is None
    assert client.delete(f"/api/tasks/{task_id}", headers=headers).status_code == 204
    missing = client.get(f"/api/tasks/{task_id}", headers=headers)
    assert missing.status_code == 404
    assert missing.json() == {"detail": f"task #{task_id} not found"}


def test_another_users_tasks_are_not_found(client: TestClient, register: Register) -> None:
    alice, bob = register(), register()
    task_id = _create(client, alice, title="alice's secret", tags=["private"])["id"]
    for method, path in [
        ("GET", f"/api/tasks/{task_id}"),
        ("PATCH", f"/api/tasks/{task_id}"),
        ("DELETE", f"/api/tasks/{task_id}"),
        ("POST", f"/api/tasks/{task_id}/complete"),
        ("POST", f"/api/tasks/{task_id}/reopen"),
    ]:
        json = {"title": "pwned"} if method == "PATCH" else None
        assert client.request(method, path, json=json, headers=bob).status_code == 404
    assert client.get("/api/tasks", headers=bob).json() == []
    assert client.get("/api/tags", headers=bob).json() == []
    assert client.get(f"/api/tasks/{task_id}", headers=alice).json()["title"] == "alice's secret"


def test_filters(client: TestClient, register: Register) -> None:
    headers = register()
    now = datetime.now(UTC)
    _create(client, headers, title="Buy milk", tags=["errands"], priority="high")
    _create(client, headers, title="Pay rent", description="transfer MILKmoney", priority="low")
    _create(client, headers, title="late", due_at=(now - timedelta(days=2)).isoformat())
    _create(client, headers, title="soon", due_at=(now + timedelta(days=3)).isoformat())
    _create(client, headers, title="far", due_at=(now + timedelta(days=30)).isoformat())
    done = _create(client, headers, title="done one", tags=["errands"])
    client.post(f"/api/tasks/{done['id']}/complete", headers=headers)

    assert set(_titles(client, headers, status="completed")) == {"done one"}
    assert "done one" not in _titles(client, headers, status="pending")
    assert len(_titles(client, headers, status="all")) == 6
    assert _titles(client, headers, priority="high") == ["Buy milk"]
    assert set(_titles(client, headers, tag="errands")) == {"Buy milk", "done one"}
    assert set(_titles(client, headers, tag="#ERRANDS")) == {"Buy milk", "done one"}
    assert set(_titles(client, headers, q="milk")) == {"Buy milk", "Pay rent"}
    assert _titles(client, headers, q="100%") == []
    assert _titles(client, headers, due="overdue") == ["late"]
    assert _titles(client, headers, due="week") == ["soon"]
    assert set(_titles(client, headers, status="pending", tag="errands")) == {"Buy milk"}


def test_due_today_follows_the_callers_time_zone(client: TestClient, register: Register) -> None:
    headers = register()
    # 23:30 UTC today is already tomorrow in Tokyo and still today in Los Angeles... or
    # not, depending on the hour; derive the expectation from the zones themselves.
    from zoneinfo import ZoneInfo

    due = datetime.now(UTC).replace(hour=23, minute=30, second=0, microsecond=0)
    _create(client, headers, title="late night", due_at=due.isoformat())
    for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
        tz = ZoneInfo(zone)
        expected = due.astimezone(tz).date() == datetime.now(tz).date()
        found = _titles(client, headers, due="today", timezone=zone) == ["late night"]
        assert found == expected, zone


def test_sorting_and_paging(client: TestClient, register: Register) -> None:
    headers = register()
    _create(client, headers, title="b", priority="low", due_at="2030-01-02T00:00:00Z")
    _create(client, headers, title="C", priority="high")
    _create(client, headers, title="a", priority="medium", due_at="2030-01-01T00:00:00Z")
    assert _titles(client, headers) == ["a", "C", "b"]  # newest first by default
    assert _titles(client, headers, sort="created", order="asc") == ["b", "C", "a"]
    assert _titles(client, headers, sort="title", order="asc") == ["a", "b", "C"]
    assert _titles(client, headers, sort="priority", order="desc") == ["C", "a", "b"]
    assert _titles(client, headers, sort="due", order="asc") == ["a", "b", "C"]
    assert _titles(client, headers, sort="due", order="desc") == ["b", "a", "C"]
    page = client.get(
        "/api/tasks",
        params={"sort": "title", "order": "asc", "limit": 2, "offset": 1},
        headers=headers,
    )
    assert [t["title"] for t in page.json()] == ["b", "C"]
    assert page.headers["X-Total-Count"] == "3"


def test_tag_counts(client: TestClient, register: Register) -> None:
    headers = register()
    _create(client, headers, tags=["work", "urgent"])
    _create(client, headers, tags=["work"])
    assert client.get("/api/tags", headers=headers).json() == [
        {"name": "work", "count": 2},
        {"name": "urgent", "count": 1},
    ]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"title": "x" * 201}, "title: String should have at most 200 characters"),
        ({"title": "   "}, "title: Value error, title must not be blank"),
        ({"title": "t", "description": "d" * 2001}, "description: String should have at most 2000"),
        (
            {"title": "t", "priority": "urgent"},
            "priority: Input should be 'low', 'medium' or 'high'",
        ),
        ({"title": "t", "due_at": "next tuesday-ish"}, "due_at: Input should be a valid datetime"),
        ({"title": "t", "tags": ["two words"]}, "tags: Value error, invalid tag 'two words'"),
        ({"title": "t", "colour": "red"}, "colour: Extra inputs are not permitted"),
        ({}, "title: Field required"),
    ],
)
def test_bad_input_is_a_clear_422_and_nothing_is_written(
    client: TestClient,
    register: Register,
    settings: object,
    payload: dict[str, object],
    message: str,
) -> None:
    headers = register()
    response = client.post("/api/tasks", json=payload, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message), response.json()["detail"]
    assert client.get("/api/tasks", headers=headers).json() == []
    assert table_count(settings.database_url, "tags") == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "done"}, "status: Input should be 'pending', 'completed' or 'all'"),
        ({"sort": "colour"}, "sort: Input should be"),
        ({"due": "someday"}, "due: Input should be 'overdue', 'today' or 'week'"),
        ({"limit": 0}, "limit: Input should be greater than or equal to 1"),
        ({"timezone": "Mars/Olympus"}, "timezone: Value error, unknown time zone 'Mars/Olympus'"),
    ],
)
def test_bad_query_parameters(
    client: TestClient, register: Register, params: dict[str, object], message: str
) -> None:
    response = client.get("/api/tasks", params=params, headers=register())
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message), response.json()["detail"]


def test_bad_patch_changes_nothing(client: TestClient, register: Register) -> None:
    headers = register()
    task = _create(client, headers, title="keep me", priority="high")
    response = client.patch(
        f"/api/tasks/{task['id']}", json={"title": "new", "priority": "bogus"}, headers=headers
    )
    assert response.status_code == 422
    assert client.get(f"/api/tasks/{task['id']}", headers=headers).json() == task
