"""The configuration the chart hands each container is accepted by that app's own settings
(the same pydantic-settings classes the services start with), with the meaning intended."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from todo_backend.core.settings import Settings as BackendSettings
from todo_frontend.settings import Settings as FrontendSettings

pytestmark = pytest.mark.helm


def container_env(objects: list[dict[str, Any]], deployment: str) -> dict[str, str]:
    """The environment a Deployment's container gets: its ConfigMap plus its Secret refs."""
    by_name = {(o["kind"], o["metadata"]["name"]): o for o in objects}
    spec = by_name[("Deployment", deployment)]["spec"]["template"]["spec"]
    (container,) = spec["containers"]
    env: dict[str, str] = {}
    for source in container["envFrom"]:
        env |= by_name[("ConfigMap", source["configMapRef"]["name"])]["data"]
    for variable in container.get("env", []):
        ref = variable["valueFrom"]["secretKeyRef"]
        data = by_name[("Secret", ref["name"])]["data"]
        if ref["key"] in data:
            env[variable["name"]] = base64.b64decode(data[ref["key"]]).decode()
        else:
            assert ref.get("optional"), f"{variable['name']}: {ref} is missing"
    return env


def settings_from(env: dict[str, str], settings_class, monkeypatch, tmp_path) -> Any:
    monkeypatch.chdir(tmp_path)  # no developer .env file
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return settings_class()


def test_backend_accepts_its_configuration(helm, values_args, monkeypatch, tmp_path) -> None:
    objects = helm.render(
        *values_args("default"), "--set", "backend.llm.baseUrl=http://llm:8000/v1"
    )
    env = container_env(objects, "todo-chatbot-backend")
    settings = settings_from(env, BackendSettings, monkeypatch, tmp_path)
    assert settings.app_env == "production"
    assert (settings.host, settings.port, settings.workers) == ("0.0.0.0", 7860, 1)
    assert settings.migrate_on_start is True
    assert settings.database_url.startswith("postgresql+psycopg://todo:")
    assert settings.database_url.endswith("@todo-chatbot-postgresql:5432/todo")
    assert settings.jwt_secret == env["JWT_SECRET"] and len(settings.jwt_secret) == 48
    assert settings.llm_base_url == "http://llm:8000/v1"
    assert settings.llm_timeout_seconds == 30


def test_backend_keeps_the_offline_planner_without_llm(
    helm, values_args, monkeypatch, tmp_path
) -> None:
    env = container_env(helm.render(*values_args("default")), "todo-chatbot-backend")
    for name in ("LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    assert settings_from(env, BackendSettings, monkeypatch, tmp_path).llm_enabled is False


def test_frontend_reaches_the_backend_service(helm, values_args, monkeypatch, tmp_path) -> None:
    env = container_env(helm.render(*values_args("default")), "todo-chatbot-frontend")
    settings = settings_from(env, FrontendSettings, monkeypatch, tmp_path)
    assert (settings.host, settings.port) == ("0.0.0.0", 3000)
    assert settings.backend_url == "http://todo-chatbot-backend:7860"
