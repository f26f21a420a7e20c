from __future__ import annotations

import time

import jwt
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
    assert "already exists" in response.json()["detail"]


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
    assert wrong.status_code == 400
    ok = client.post(
        "/api/auth/password",
        json={"current_password": "first password", "new_password": "second password"},
        headers=headers,
    )
    assert ok.status_code == 204
    login = {"email": "carol@example.com"}
    assert (
        client.post("/api/auth/login", json={**login, "password": "first password"}).status_code
        == 401
    )
    assert (
        client.post("/api/auth/login", json={**login, "password": "second password"}).status_code
        == 200
    )
