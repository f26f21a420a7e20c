"""The frontend service over HTTP, in front of the real backend (SQLite)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
import pytest

if TYPE_CHECKING:
    from conftest import Server

PASSWORD = "correct horse battery"


@contextmanager
def browser_client(server: Server) -> Iterator[httpx.Client]:
    """A client that behaves like our page: cookies kept, the CSRF cookie echoed in the
    header (read again after every answer: sign-in and sign-out renew it)."""

    def follow_csrf(response: httpx.Response) -> None:
        if token := response.cookies.get("todo_csrf"):
            client.headers["x-csrf-token"] = token

    with httpx.Client(
        base_url=server.url, timeout=30, event_hooks={"response": [follow_csrf]}
    ) as client:
        client.headers["x-csrf-token"] = client.get("/session").json()["csrf_token"]
        yield client


def sign_up(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return client.post("/session/signup", json={"email": email, "password": password})


@pytest.fixture
def signed_in(frontend: Server, unique_email: Callable[[str], str]) -> Iterator[httpx.Client]:
    with browser_client(frontend) as client:
        assert sign_up(client, unique_email("ann")).status_code == 201
        yield client


def titles(client: httpx.Client, **params: Any) -> list[str]:
    response = client.get("/api/tasks", params={"status": "all", **params})
    assert response.status_code == 200, response.text
    return [task["title"] for task in response.json()]


# --- health ----------------------------------------------------------------------------


def test_healthz_and_readyz_with_backend_up(frontend: Server) -> None:
    assert httpx.get(frontend.url + "/healthz").json() == {"status": "ok"}
    ready = httpx.get(frontend.url + "/readyz")
    assert (ready.status_code, ready.json()) == (200, {"status": "ready"})


def test_serve_reads_host_and_port_from_the_environment(
    launch_frontend: Callable[..., Server], backend: Server
) -> None:
    server = launch_frontend(backend.url, port_from_env=True)
    assert httpx.get(server.url + "/readyz").json() == {"status": "ready"}


def test_healthz_ignores_backend_but_readyz_reports_it(frontend_without_backend: Server) -> None:
    assert httpx.get(frontend_without_backend.url + "/healthz").status_code == 200
    ready = httpx.get(frontend_without_backend.url + "/readyz")
    assert ready.status_code == 503
    assert ready.json()["status"] == "unavailable"
    assert "unreachable" in ready.json()["reason"]


# --- session ---------------------------------------------------------------------------


def test_signup_keeps_the_token_in_an_httponly_cookie(
    frontend: Server, unique_email: Callable[[str], str]
) -> None:
    email = unique_email("cookie")
    with browser_client(frontend) as client:
        response = sign_up(client, email)
        assert response.status_code == 201, response.text
        user = response.json()["user"]
        # A new CSRF token, bound to the new session (issue 10, item 7).
        csrf = client.cookies["todo_csrf"]
        assert response.json() == {"user": user, "csrf_token": csrf} and user["email"] == email
        assert "access_token" not in response.text
        cookie = response.headers["set-cookie"].lower()
        assert cookie.startswith("todo_session=")
        assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
        assert "secure" not in cookie  # plain HTTP: a Secure cookie would never come back
        assert client.get("/session").json()["user"]["email"] == email


def test_cookie_is_secure_behind_tls(frontend: Server, unique_email: Callable[[str], str]) -> None:
    with browser_client(frontend) as client:
        response = client.post(
            "/session/signup",
            json={"email": unique_email("tls"), "password": PASSWORD},
            headers={"x-forwarded-proto": "https"},
        )
        assert response.status_code == 201
        assert "secure" in response.headers["set-cookie"].lower()


def test_login_logout_and_change_password(
    frontend: Server, unique_email: Callable[[str], str]
) -> None:
    email = unique_email("pw")
    new_password = "a much better passphrase"
    with browser_client(frontend) as client:
        assert sign_up(client, email).status_code == 201
        wrong = client.post(
            "/session/password",
            json={"current_password": "not my password", "new_password": new_password},
        )
        assert 400 <= wrong.status_code < 500 and wrong.json()["detail"]
        changed = client.post(
            "/session/password", json={"current_password": PASSWORD, "new_password": new_password}
        )
        assert changed.status_code == 204, changed.text
        assert client.post("/session/logout").status_code == 204
        assert client.get("/session").json()["user"] is None
        assert client.get("/api/tasks").status_code == 401

        old = client.post("/session/login", json={"email": email, "password": PASSWORD})
        assert old.status_code == 401 and old.json()["detail"]
        new = client.post("/session/login", json={"email": email, "password": new_password})
        assert new.status_code == 200, new.text
        assert new.json()["user"]["email"] == email
        assert client.get("/api/tasks").status_code == 200


def test_change_password_needs_a_session(frontend: Server) -> None:
    with browser_client(frontend) as client:
        response = client.post(
            "/session/password", json={"current_password": PASSWORD, "new_password": PASSWORD}
        )
        assert response.status_code == 401


def test_backend_validation_errors_are_relayed(frontend: Server) -> None:
    with browser_client(frontend) as client:
        response = client.post("/session/signup", json={"email": "not-an-email", "password": "x"})
        assert response.status_code == 422
        assert response.json()["detail"]


def test_an_expired_session_is_cleared(frontend: Server) -> None:
    with browser_client(frontend) as client:
        client.cookies.set("todo_session", "not-a-valid-token")
        response = client.get("/api/tasks")
        assert response.status_code == 401
        assert re.search(r'todo_session=""?;', response.headers["set-cookie"])
        assert client.get("/session").json()["user"] is None


# --- CSRF ------------------------------------------------------------------------------


def test_session_endpoints_require_the_csrf_header(
    frontend: Server, unique_email: Callable[[str], str]
) -> None:
    with browser_client(frontend) as client:
        del client.headers["x-csrf-token"]
        body = {"email": unique_email("csrf"), "password": PASSWORD}
        assert client.post("/session/signup", json=body).status_code == 403
        forged = client.post("/session/signup", json=body, headers={"x-csrf-token": "forged"})
        assert forged.status_code == 403
        assert "todo_session" not in client.cookies


def test_cookie_authenticated_writes_require_the_csrf_header(signed_in: httpx.Client) -> None:
    token = signed_in.headers.pop("x-csrf-token")
    refused = signed_in.post("/api/tasks", json={"title": "Forged"})
    assert refused.status_code == 403
    assert "security token" in refused.json()["detail"]
    signed_in.headers["x-csrf-token"] = token
    assert titles(signed_in) == []
    created = signed_in.post("/api/tasks", json={"title": "Real"})
    assert created.status_code == 201, created.text
    assert titles(signed_in) == ["Real"]


def test_bearer_clients_are_forwarded_without_csrf(
    frontend: Server, backend: Server, unique_email: Callable[[str], str]
) -> None:
    registered = httpx.post(
        frontend.url + "/api/auth/register",
        json={"email": unique_email("bot"), "password": PASSWORD},
    )
    assert registered.status_code == 201, registered.text
    auth = {"authorization": f"Bearer {registered.json()['access_token']}"}
    created = httpx.post(frontend.url + "/api/tasks", json={"title": "Via proxy"}, headers=auth)
    assert created.status_code == 201, created.text
    # The backend itself sees the same task for the same token.
    direct = httpx.get(backend.url + "/api/tasks", headers=auth)
    assert [task["title"] for task in direct.json()] == ["Via proxy"]


# --- the proxy -------------------------------------------------------------------------


def test_proxy_round_trip_of_the_task_api(signed_in: httpx.Client) -> None:
    created = signed_in.post(
        "/api/tasks",
        json={
            "title": "Pay rent",
            "priority": "high",
            "tags": ["home"],
            "due_at": "2030-01-31T09:00:00+01:00",
        },
    )
    assert created.status_code == 201, created.text
    task = created.json()
    assert task["priority"] == "high" and task["tags"] == ["home"]
    signed_in.post("/api/tasks", json={"title": "Buy stamps", "tags": ["errands"]})

    listing = signed_in.get("/api/tasks", params={"status": "all", "limit": 1})
    assert len(listing.json()) == 1 and listing.headers["x-total-count"] == "2"
    assert titles(signed_in, q="rent") == ["Pay rent"]
    assert titles(signed_in, tag="errands") == ["Buy stamps"]
    assert titles(signed_in, sort="title", order="asc") == ["Buy stamps", "Pay rent"]

    patched = signed_in.patch(f"/api/tasks/{task['id']}", json={"title": "Pay the rent"})
    assert patched.status_code == 200 and patched.json()["title"] == "Pay the rent"
    done = signed_in.post(f"/api/tasks/{task['id']}/complete")
    assert done.status_code == 200 and done.json()["completed"] is True
    assert titles(signed_in, status="completed") == ["Pay the rent"]
    assert signed_in.post(f"/api/tasks/{task['id']}/reopen").json()["completed"] is False
    assert signed_in.delete(f"/api/tasks/{task['id']}").status_code == 204
    assert signed_in.get(f"/api/tasks/{task['id']}").status_code == 404
    assert {tag["name"] for tag in signed_in.get("/api/tags").json()} == {"errands"}


def test_the_proxy_does_not_leave_api(signed_in: httpx.Client) -> None:
    for path in ("/api/../mcp", "/api/..%2Fdocs", "/api/tasks/%2e%2e/%2e%2e/mcp"):
        response = signed_in.send(signed_in.build_request("GET", signed_in.base_url.join(path)))
        assert response.status_code == 404, path


def test_users_see_only_their_own_tasks(
    frontend: Server, unique_email: Callable[[str], str]
) -> None:
    with browser_client(frontend) as ann, browser_client(frontend) as bob:
        sign_up(ann, unique_email("ann"))
        sign_up(bob, unique_email("bob"))
        task = ann.post("/api/tasks", json={"title": "Ann's secret"}).json()
        assert titles(bob) == []
        assert bob.get(f"/api/tasks/{task['id']}").status_code == 404
        assert titles(ann) == ["Ann's secret"]


def test_chat_through_the_proxy_adds_a_task(signed_in: httpx.Client) -> None:
    response = signed_in.post(
        "/api/chat",
        json={"message": "add buy milk tomorrow at 5pm #errands", "timezone": "Europe/Paris"},
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert [call["name"] for call in answer["tool_calls"]] == ["add_task"]
    task = answer["tool_calls"][0]["result"]["task"]
    assert "milk" in task["title"].lower() and task["tags"] == ["errands"]
    paris = ZoneInfo("Europe/Paris")
    due = datetime.fromisoformat(task["due_at"]).astimezone(paris)
    tomorrow = (datetime.now(paris) + timedelta(days=1)).date()
    assert (due.date(), due.hour, due.minute) == (tomorrow, 17, 0)
    conversations = signed_in.get("/api/conversations").json()
    assert [c["id"] for c in conversations] == [answer["conversation_id"]]


# --- failures become messages ----------------------------------------------------------


def test_backend_down_is_a_clear_json_message(frontend_without_backend: Server) -> None:
    with browser_client(frontend_without_backend) as client:
        login = client.post("/session/login", json={"email": "a@example.com", "password": "x"})
        assert login.status_code == 502
        assert login.json() == {
            "detail": "The task service is unreachable right now. Please try again in a moment."
        }
        listing = client.get("/api/tasks", headers={"authorization": "Bearer whatever"})
        assert listing.status_code == 502 and "unreachable" in listing.json()["detail"]


def test_backend_timeout_is_a_clear_json_message(frontend_with_stuck_backend: Server) -> None:
    response = httpx.get(
        frontend_with_stuck_backend.url + "/api/tasks",
        headers={"authorization": "Bearer whatever"},
        timeout=10,
    )
    assert response.status_code == 504
    assert "taking too long" in response.json()["detail"]


# --- pages and assets ------------------------------------------------------------------


def test_home_redirects_to_sign_in_without_a_session(frontend: Server) -> None:
    response = httpx.get(frontend.url + "/")
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_pages_and_assets_are_all_served_by_us(signed_in: httpx.Client, frontend: Server) -> None:
    pages = {"/login": httpx.get(frontend.url + "/login"), "/": signed_in.get("/")}
    assets: set[str] = set()
    for path, page in pages.items():
        assert page.status_code == 200, path
        assert page.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assets |= set(re.findall(r'(?:src|href)="(/static/[^"?]+)', page.text))
    assert {"/static/app.css", "/static/app.js", "/static/login.js"} <= assets
    assets |= {"/static/common.js"}
    for asset in sorted(assets):
        response = httpx.get(frontend.url + asset)
        assert response.status_code == 200, asset
        # Nothing may come from another origin: the app must work offline.
        # (An SVG's xmlns is a name, not a download.)
        text = response.text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), asset
    assert 'for="chat-input"' in pages["/"].text


# --- issue 10: hardening -----------------------------------------------------------------


def test_an_empty_authorization_header_does_not_skip_csrf(signed_in: httpx.Client) -> None:
    token = signed_in.headers.pop("x-csrf-token")
    empty = signed_in.post("/api/tasks", json={"title": "Forged"}, headers={"authorization": ""})
    assert empty.status_code == 403, empty.text
    # A header that is there but names no token is the client's own: the cookie is not used.
    bare = signed_in.post(
        "/api/tasks", json={"title": "Forged"}, headers={"authorization": "Bearer"}
    )
    assert bare.status_code == 401, bare.text
    signed_in.headers["x-csrf-token"] = token
    assert titles(signed_in) == []


def test_the_csrf_token_is_renewed_at_sign_in_and_bound_to_the_session(
    frontend: Server, unique_email: Callable[[str], str]
) -> None:
    with browser_client(frontend) as client:
        before = client.headers["x-csrf-token"]
        assert sign_up(client, unique_email("bound")).status_code == 201
        after = client.cookies["todo_csrf"]
        assert after != before
        # The token from before sign-in (e.g. planted by another site) no longer works,
        # even sent as both the cookie and the header.
        client.cookies.set("todo_csrf", before)
        planted = client.post("/api/tasks", json={"title": "x"}, headers={"x-csrf-token": before})
        assert planted.status_code == 403
        client.cookies.set("todo_csrf", after)
        ok = client.post("/api/tasks", json={"title": "x"}, headers={"x-csrf-token": after})
        assert ok.status_code == 201, ok.text


def test_sign_out_ends_the_session_token_everywhere(
    frontend: Server, unique_email: Callable[[str], str]
) -> None:
    with browser_client(frontend) as client:
        assert sign_up(client, unique_email("out")).status_code == 201
        stolen = client.cookies["todo_session"]
        assert client.post("/session/logout").status_code == 204
    with httpx.Client(base_url=frontend.url) as thief:
        thief.cookies.set("todo_session", stolen)
        assert thief.get("/api/tasks").status_code == 401


def test_a_password_change_ends_other_sessions_but_keeps_this_one(
    frontend: Server, unique_email: Callable[[str], str]
) -> None:
    email = unique_email("pw2")
    with browser_client(frontend) as client, browser_client(frontend) as other:
        assert sign_up(client, email).status_code == 201
        assert other.post("/session/login", json={"email": email, "password": PASSWORD}).is_success
        changed = client.post(
            "/session/password",
            json={"current_password": PASSWORD, "new_password": "a new passphrase"},
        )
        assert changed.status_code == 204, changed.text
        assert client.get("/api/tasks").status_code == 200
        assert other.get("/api/tasks").status_code == 401


def test_an_encoded_question_mark_stays_in_the_path(signed_in: httpx.Client) -> None:
    assert signed_in.post("/api/tasks", json={"title": "one"}).status_code == 201
    assert signed_in.post("/api/tasks", json={"title": "two"}).status_code == 201
    response = signed_in.get("/api/tasks%3Flimit=1")
    assert response.status_code == 404  # no such backend path; not GET /api/tasks?limit=1


def test_forwarded_headers_are_ignored_unless_configured(frontend_without_backend: Server) -> None:
    response = httpx.get(
        frontend_without_backend.url + "/session", headers={"x-forwarded-proto": "https"}
    )
    assert "todo_csrf=" in response.headers["set-cookie"]
    assert "secure" not in response.headers["set-cookie"].lower()


def test_deeply_nested_json_to_sign_in_is_a_400(frontend: Server) -> None:
    with browser_client(frontend) as client:
        response = client.post(
            "/session/login",
            content=b"[" * 30_000 + b"]" * 30_000,  # 60 KB: under the size limit
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 400, response.text
    assert response.json() == {"detail": "Send a JSON object."}


def test_a_large_body_is_refused_by_the_proxy(signed_in: httpx.Client) -> None:
    response = signed_in.post(
        "/api/tasks", content=b"{" + b" " * 200_000 + b"}", headers={"content-type": "x"}
    )
    assert response.status_code == 413


def test_sign_out_works_while_the_backend_is_down(frontend_without_backend: Server) -> None:
    from todo_frontend.session import new_csrf_token

    csrf = new_csrf_token("some-token")
    with httpx.Client(base_url=frontend_without_backend.url) as client:
        client.cookies.set("todo_session", "some-token")
        client.cookies.set("todo_csrf", csrf)
        response = client.post("/session/logout", headers={"x-csrf-token": csrf})
    assert response.status_code == 204
    assert re.search(r'todo_session=""?;', response.headers["set-cookie"])
