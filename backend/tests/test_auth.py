from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from .conftest import Register


def test_register_returns_token_and_user(client: TestClient) -> None:
    response = client.post(
        "/api/auth/register",
        json={"email": "Ada@Example.com", "password": "correct horse", "name": "Ada"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["user"] == {"id": body["user"]["id"], "email": "ada@example.com", "name": "Ada"}
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json() == body["user"]


def test_register_twice_is_a_conflict(client: TestClient, register: Register) -> None:
    register("dup@example.com")
    response = client.post(
        "/api/auth/register", json={"email": "DUP@example.com", "password": "another pass"}
    )
    assert response.status_code == 409
    # The answer names no address (issue 10: account enumeration).
    assert response.json() == {
        "detail": "cannot sign up with this email; if you already have an account, sign in"
    }


def test_register_rejects_bad_input_with_a_message(client: TestClient) -> None:
    bad_email = client.post("/api/auth/register", json={"email": "nope", "password": "long enough"})
    assert bad_email.status_code == 422
    assert bad_email.json()["detail"].startswith("email:")
    short = client.post("/api/auth/register", json={"email": "a@example.com", "password": "short"})
    assert short.status_code == 422
    assert "password" in short.json()["detail"]


def test_login(client: TestClient, register: Register) -> None:
    register("bob@example.com", password="bob's password")
    ok = client.post(
        "/api/auth/login", json={"email": "BOB@example.com", "password": "bob's password"}
    )
    assert ok.status_code == 200
    assert ok.json()["user"]["email"] == "bob@example.com"
    wrong = client.post("/api/auth/login", json={"email": "bob@example.com", "password": "nope"})
    unknown = client.post("/api/auth/login", json={"email": "who@example.com", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "email or password is incorrect"}


def test_protected_routes_need_a_valid_token(client: TestClient) -> None:
    assert client.get("/api/auth/me").status_code == 401
    assert client.get("/api/tasks", headers={"Authorization": "Bearer forged"}).status_code == 401
    expired = jwt.encode(
        {"sub": "1", "exp": int(time.time()) - 10}, "test-secret-0123456789-abcdefghijklmnop"
    )
    response = client.get("/api/auth/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_change_password(client: TestClient, register: Register) -> None:
    headers = register("carol@example.com", password="first password")
    wrong = client.post(
        "/api/auth/password",
        json={"current_password": "not it", "new_password": "second password"},
        headers=headers,
    )
    assert wrong.status_code == 403
    ok = client.post(
        "/api/auth/password",
        json={"current_password": "first password", "new_password": "second password"},
        headers=headers,
    )
    assert ok.status_code == 200
    assert ok.json()["user"]["email"] == "carol@example.com"
    login = {"email": "carol@example.com"}
    assert (
        client.post("/api/auth/login", json={**login, "password": "first password"}).status_code
        == 401
    )
    assert (
        client.post("/api/auth/login", json={**login, "password": "second password"}).status_code
        == 200
    )


# --- issue 10, item 4: tokens can be revoked -----------------------------------------------


def test_a_password_change_ends_earlier_tokens(client: TestClient, register: Register) -> None:
    old = register("dave@example.com", password="first password")
    other_device = {
        "Authorization": "Bearer "
        + client.post(
            "/api/auth/login", json={"email": "dave@example.com", "password": "first password"}
        ).json()["access_token"]
    }
    changed = client.post(
        "/api/auth/password",
        json={"current_password": "first password", "new_password": "second password"},
        headers=old,
    )
    assert changed.status_code == 200
    new = {"Authorization": f"Bearer {changed.json()['access_token']}"}
    assert client.get("/api/tasks", headers=old).status_code == 401
    assert client.get("/api/tasks", headers=other_device).status_code == 401
    assert client.get("/api/tasks", headers=new).status_code == 200


def test_sign_out_ends_every_earlier_token(client: TestClient, register: Register) -> None:
    headers = register("erin@example.com", password="erin's password")
    assert client.post("/api/auth/logout", headers=headers).status_code == 204
    assert client.get("/api/auth/me", headers=headers).status_code == 401
    assert client.post("/api/tasks", json={"title": "x"}, headers=headers).status_code == 401
    again = client.post(
        "/api/auth/login", json={"email": "erin@example.com", "password": "erin's password"}
    )
    fresh = {"Authorization": f"Bearer {again.json()['access_token']}"}
    assert client.get("/api/auth/me", headers=fresh).status_code == 200


def test_a_missing_token_is_a_401_even_with_a_bad_body(client: TestClient) -> None:
    response = client.post("/api/tasks", json={"title": ""})
    assert response.status_code == 401


# --- issue 10, item 2: failed sign-ins are limited, in the database -----------------------


def test_wrong_passwords_for_one_account_get_a_429_with_retry_after(
    client: TestClient, register: Register
) -> None:
    register("frank@example.com", password="frank's password")
    wrong = {"email": "frank@example.com", "password": "guess"}
    answers = [client.post("/api/auth/login", json=wrong).status_code for _ in range(12)]
    assert answers == [401] * 10 + [429] * 2
    blocked = client.post(
        "/api/auth/login", json={"email": "FRANK@example.com", "password": "frank's password"}
    )
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 900
    assert "try again in" in blocked.json()["detail"]


def test_one_client_guessing_many_accounts_gets_a_429(settings: object) -> None:
    from todo_backend.core.settings import Settings
    from todo_backend.main import create_app

    assert isinstance(settings, Settings)
    tight = settings.model_copy(update={"login_max_failures_per_client": 5})
    with TestClient(create_app(tight)) as client:
        answers = [
            client.post(
                "/api/auth/login", json={"email": f"u{n}@example.com", "password": "x"}
            ).status_code
            for n in range(7)
        ]
    assert answers == [401] * 5 + [429] * 2


def test_the_limits_hold_across_replicas(settings: object, register: Register) -> None:
    """Two app instances on one database (as two pods would be) share the count."""
    from todo_backend.core.settings import Settings
    from todo_backend.main import create_app

    assert isinstance(settings, Settings)
    register("gina@example.com", password="gina's password")
    wrong = {"email": "gina@example.com", "password": "guess"}
    with TestClient(create_app(settings)) as one, TestClient(create_app(settings)) as two:
        answers = [
            (one if n % 2 else two).post("/api/auth/login", json=wrong).status_code
            for n in range(11)
        ]
    assert answers == [401] * 10 + [429]


def test_a_successful_sign_in_starts_the_account_count_over(
    client: TestClient, register: Register
) -> None:
    register("hal@example.com", password="hal's password")
    wrong = {"email": "hal@example.com", "password": "guess"}
    right = {"email": "hal@example.com", "password": "hal's password"}
    for _ in range(9):
        assert client.post("/api/auth/login", json=wrong).status_code == 401
    assert client.post("/api/auth/login", json=right).status_code == 200
    for _ in range(9):
        assert client.post("/api/auth/login", json=wrong).status_code == 401


def test_probing_emails_by_sign_up_is_limited(client: TestClient, register: Register) -> None:
    register("ivy@example.com")
    answers = [
        client.post(
            "/api/auth/register", json={"email": "ivy@example.com", "password": "x" * 10}
        ).status_code
        for _ in range(11)
    ]
    assert answers == [409] * 10 + [429]


# --- issue 10, item 7: one form of an email address --------------------------------------


def test_an_idn_email_signs_in_in_either_form(client: TestClient) -> None:
    created = client.post(
        "/api/auth/register",
        json={"email": "Jo@XN--BCHER-KVA.example", "password": "jo's password"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["user"]["email"] == "jo@bücher.example"
    for form in ("jo@xn--bcher-kva.example", "JO@Bücher.example", "jo@bu\u0308cher.example"):
        login = client.post("/api/auth/login", json={"email": form, "password": "jo's password"})
        assert login.status_code == 200, (form, login.text)
    again = client.post(
        "/api/auth/register", json={"email": "jo@bücher.example", "password": "another one"}
    )
    assert again.status_code == 409


def test_a_slow_password_check_holds_up_no_one(
    client: TestClient, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10, item 2: argon2 ran in the process's one database thread, inside SQLite's
    write lock, so every sign-in stalled everyone's requests for its duration."""
    from concurrent.futures import ThreadPoolExecutor

    from todo_backend.core import security

    headers = register("kim@example.com")
    real_verify = security._hasher.verify

    def slow_verify(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.0)  # a very slow argon2
        return real_verify(*args, **kwargs)

    monkeypatch.setattr(security._hasher, "verify", slow_verify)
    wrong = {"email": "kim@example.com", "password": "guess"}
    with ThreadPoolExecutor(1) as pool:
        login = pool.submit(client.post, "/api/auth/login", json=wrong)
        time.sleep(0.3)  # the login is verifying now
        started = time.monotonic()
        created = client.post("/api/tasks", json={"title": "x"}, headers=headers)
        took = time.monotonic() - started
        assert login.result().status_code == 401
    assert created.status_code == 201
    assert took < 0.4, f"a task create waited {took:.2f}s for a sign-in"
