"""What makes `helm upgrade` and `helm rollback` safe: pods roll exactly when their
configuration changes, renders are reproducible, immutable fields never change, and
generated secrets survive an upgrade.
"""

from __future__ import annotations

import base64
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

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


class FakeApiServer:
    """Just enough of a Kubernetes API for `helm template --dry-run=server`: discovery, and
    GET of the Secrets it holds (everything else is 404, i.e. "not installed yet")."""

    RESOURCES: ClassVar[dict[str, list[tuple[str, str, bool]]]] = {
        "v1": [
            ("secrets", "Secret", True),
            ("configmaps", "ConfigMap", True),
            ("services", "Service", True),
            ("serviceaccounts", "ServiceAccount", True),
            ("pods", "Pod", True),
            ("namespaces", "Namespace", False),
        ],
        "apps/v1": [("deployments", "Deployment", True), ("statefulsets", "StatefulSet", True)],
        "autoscaling/v2": [("horizontalpodautoscalers", "HorizontalPodAutoscaler", True)],
        "policy/v1": [("poddisruptionbudgets", "PodDisruptionBudget", True)],
        "networking.k8s.io/v1": [("networkpolicies", "NetworkPolicy", True)],
    }

    def __init__(self) -> None:
        self.secrets: dict[str, dict[str, Any]] = {}
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = api.answer(self.path.split("?")[0])
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def resource_list(self, group_version: str) -> dict[str, Any]:
        return {
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": group_version,
            "resources": [
                {"name": name, "singularName": kind.lower(), "namespaced": namespaced}
                | {"kind": kind, "verbs": ["get", "list", "create", "update", "patch", "delete"]}
                for name, kind, namespaced in self.RESOURCES[group_version]
            ],
        }

    def answer(self, path: str) -> tuple[int, dict[str, Any]]:
        groups = [gv.split("/") for gv in self.RESOURCES if "/" in gv]
        if path == "/version":
            return 200, {"major": "1", "minor": "34", "gitVersion": "v1.34.0"}
        if path == "/api":
            return 200, {"kind": "APIVersions", "versions": ["v1"]}
        if path == "/apis":
            return 200, {
                "kind": "APIGroupList",
                "apiVersion": "v1",
                "groups": [
                    {"name": group, "versions": [gv], "preferredVersion": gv}
                    for group, version in groups
                    for gv in [{"groupVersion": f"{group}/{version}", "version": version}]
                ],
            }
        if path == "/api/v1":
            return 200, self.resource_list("v1")
        if path.removeprefix("/apis/") in self.RESOURCES:
            return 200, self.resource_list(path.removeprefix("/apis/"))
        if path in self.secrets:
            return 200, self.secrets[path]
        return 404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404}

    def store_secret(self, namespace: str, name: str, data: dict[str, str]) -> None:
        self.secrets[f"/api/v1/namespaces/{namespace}/secrets/{name}"] = {
            "apiVersion": "v1",
            "kind": "Secret",
            # Ownership metadata as a previous revision (or a kept Secret) carries it.
            "metadata": {
                "name": name,
                "namespace": namespace,
                "labels": {"app.kubernetes.io/managed-by": "Helm"},
                "annotations": {
                    "meta.helm.sh/release-name": "todo-chatbot",
                    "meta.helm.sh/release-namespace": namespace,
                },
            },
            "type": "Opaque",
            "data": {key: base64.b64encode(value.encode()).decode() for key, value in data.items()},
        }

    def kubeconfig(self, directory: Path) -> Path:
        path = directory / "kubeconfig"
        config = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "fake", "cluster": {"server": self.url}}],
            "users": [{"name": "fake", "user": {"token": "fake"}}],
            "contexts": [{"name": "fake", "context": {"cluster": "fake", "user": "fake"}}],
            "current-context": "fake",
        }
        path.write_text(yaml.safe_dump(config))
        return path


@pytest.fixture
def api_server() -> Iterator[FakeApiServer]:
    api = FakeApiServer()
    thread = threading.Thread(target=api.server.serve_forever, daemon=True)
    thread.start()
    yield api
    api.server.shutdown()
    api.server.server_close()


def render_against(api: FakeApiServer, helm, chart_dir: Path, *args: str) -> dict[str, Any]:
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
