"""What makes `helm upgrade` and `helm rollback` safe: pods roll exactly when their
configuration changes, renders are reproducible, immutable fields never change, and
generated secrets survive an upgrade.
"""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.helm

GENERATED_KEYS = {"JWT_SECRET", "POSTGRES_PASSWORD", "DATABASE_URL"}


def objects_by_name(objects: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f"{obj['kind']}/{obj['metadata']['name']}": obj for obj in objects}


def pod_template(objects: list[dict[str, Any]], deployment: str) -> dict[str, Any]:
    template: dict[str, Any] = objects_by_name(objects)[f"Deployment/{deployment}"]["spec"][
        "template"
    ]
    return template


def split_documents(manifest: str) -> dict[str, str]:
    """Rendered text per object, keyed by kind/name."""
    documents = {}
    for text in manifest.split("\n---\n"):
        obj = yaml.safe_load(text)
        if obj:
            documents[f"{obj['kind']}/{obj['metadata']['name']}"] = text
    return documents


def test_config_change_rolls_only_the_pods_that_read_it(helm, values_args) -> None:
    before = helm.render(*values_args("default"))
    after = helm.render(*values_args("default"), "--set", "backend.config.logLevel=debug")
    old, new = (
        pod_template(before, "todo-chatbot-backend"),
        pod_template(after, "todo-chatbot-backend"),
    )
    assert (
        old["metadata"]["annotations"]["checksum/config"]
        != new["metadata"]["annotations"]["checksum/config"]
    )
    # Nothing else in the pod template changed: the checksum is what rolls the pods.
    del (
        old["metadata"]["annotations"]["checksum/config"],
        new["metadata"]["annotations"]["checksum/config"],
    )
    assert old == new
    frontend = "todo-chatbot-frontend"
    assert pod_template(before, frontend) == pod_template(after, frontend)


def test_backend_url_change_rolls_the_frontend(helm, values_args) -> None:
    before = pod_template(helm.render(*values_args("default")), "todo-chatbot-frontend")
    after = pod_template(
        helm.render(*values_args("default"), "--set", "backend.service.port=8000"),
        "todo-chatbot-frontend",
    )
    assert before["metadata"]["annotations"] != after["metadata"]["annotations"]


def test_secret_value_change_rolls_the_backend(helm, values_args) -> None:
    before = pod_template(helm.render(*values_args("default")), "todo-chatbot-backend")
    after = pod_template(
        helm.render(*values_args("default"), "--set", "secrets.llmApiKey=sk-test"),
        "todo-chatbot-backend",
    )
    annotations = before["metadata"]["annotations"], after["metadata"]["annotations"]
    assert annotations[0]["checksum/secret"] != annotations[1]["checksum/secret"]
    assert annotations[0]["checksum/config"] == annotations[1]["checksum/config"]


def test_rerender_is_byte_identical_except_the_generated_secret(helm, values_args) -> None:
    first = split_documents(helm.template(*values_args("default")))
    second = split_documents(helm.template(*values_args("default")))
    assert first.keys() == second.keys()
    differing = {name for name in first if first[name] != second[name]}
    assert differing == {"Secret/todo-chatbot"}
    old, new = (yaml.safe_load(docs["Secret/todo-chatbot"])["data"] for docs in (first, second))
    # Generated afresh on each render without a cluster: only lookup() keeps them stable.
    assert {key for key in old if old[key] != new[key]} == GENERATED_KEYS


def test_rerender_with_given_secrets_is_fully_byte_identical(helm, values_args) -> None:
    args = [*values_args("external-db"), "--set", "secrets.jwtSecret=" + "j" * 48]
    assert helm.template(*args) == helm.template(*args)


def test_selectors_and_immutable_fields_survive_an_upgrade(helm, chart_dir, tmp_path) -> None:
    """A new chart and app version with different values must not touch what an upgrade
    cannot change (Deployment/StatefulSet selectors, StatefulSet serviceName and volume
    claim templates) nor what Services and PDBs select."""
    bumped = tmp_path / "todo-chatbot"
    shutil.copytree(chart_dir, bumped)
    chart = yaml.safe_load((bumped / "Chart.yaml").read_text())
    chart.update(version="1.1.0", appVersion="1.1.0")
    (bumped / "Chart.yaml").write_text(yaml.safe_dump(chart))

    def immutable_parts(chart_path: Path, *args: str) -> dict[str, Any]:
        manifest = helm.run("template", "todo-chatbot", chart_path, "-n", "hackathon-dev", *args)
        parts = {}
        for obj in yaml.safe_load_all(manifest.stdout):
            if not obj:
                continue
            name, spec = f"{obj['kind']}/{obj['metadata']['name']}", obj.get("spec", {})
            if obj["kind"] == "StatefulSet":
                parts[name] = (spec["selector"], spec["serviceName"], spec["volumeClaimTemplates"])
            elif obj["kind"] in ("Deployment", "PodDisruptionBudget", "Service"):
                parts[name] = spec["selector"]
        return parts

    before = immutable_parts(chart_dir)
    after = immutable_parts(
        bumped,
        *("--set", "backend.image.tag=1.1.0-abc1234", "--set", "frontend.image.tag=1.1.0-abc1234"),
        *("--set", "backend.hpa.enabled=false", "--set", "backend.replicaCount=3"),
    )
    assert len(before) == 9
    assert after == before


def render_against(api, helm, chart_dir: Path, *args: str) -> dict[str, Any]:
    result = helm.run(
        *("template", "todo-chatbot", chart_dir, "-n", "hackathon-dev", *args),
        *("--dry-run=server", "--disable-openapi-validation"),
        *("--kubeconfig", api.kubeconfig(helm.home)),
    )
    return objects_by_name([obj for obj in yaml.safe_load_all(result.stdout) if obj])


def secret_data(objects: dict[str, Any]) -> dict[str, str]:
    data = objects["Secret/todo-chatbot"]["data"]
    return {key: base64.b64decode(value).decode() for key, value in data.items()}


def test_upgrade_keeps_generated_secrets(api_server, helm, chart_dir) -> None:
    api_server.store_secret(
        "hackathon-dev",
        "todo-chatbot",
        {"JWT_SECRET": "kept-jwt-secret-" + "k" * 32, "POSTGRES_PASSWORD": "keptPassword123"},
    )
    objects = render_against(api_server, helm, chart_dir)
    secret = secret_data(objects)
    assert secret["JWT_SECRET"] == "kept-jwt-secret-" + "k" * 32
    assert secret["POSTGRES_PASSWORD"] == "keptPassword123"
    assert secret["DATABASE_URL"] == (
        "postgresql://todo:keptPassword123@todo-chatbot-postgresql:5432/todo"
    )


def test_first_install_generates_strong_secrets(api_server, helm, chart_dir) -> None:
    secret = secret_data(render_against(api_server, helm, chart_dir))
    assert len(secret["JWT_SECRET"]) == 48 and secret["JWT_SECRET"].isalnum()
    assert len(secret["POSTGRES_PASSWORD"]) == 32 and secret["POSTGRES_PASSWORD"].isalnum()
    assert f":{secret['POSTGRES_PASSWORD']}@" in secret["DATABASE_URL"]


def test_explicit_jwt_secret_overrides_the_kept_one(api_server, helm, chart_dir) -> None:
    api_server.store_secret("hackathon-dev", "todo-chatbot", {"JWT_SECRET": "old" * 16})
    objects = render_against(api_server, helm, chart_dir, "--set", "secrets.jwtSecret=" + "n" * 40)
    assert secret_data(objects)["JWT_SECRET"] == "n" * 40


def test_kept_secret_does_not_roll_the_backend(api_server, helm, chart_dir, values_args) -> None:
    api_server.store_secret("hackathon-dev", "todo-chatbot", {"JWT_SECRET": "j" * 48})
    upgraded = render_against(api_server, helm, chart_dir)
    fresh = objects_by_name(helm.render(*values_args("default")))
    name = "Deployment/todo-chatbot-backend"
    assert (
        upgraded[name]["spec"]["template"]["metadata"]["annotations"]
        == fresh[name]["spec"]["template"]["metadata"]["annotations"]
    )
