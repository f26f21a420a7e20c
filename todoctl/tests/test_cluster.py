"""End-to-end on a real Minikube: the ten gates and a clean diagnosis.

Marker `cluster`: never run in CI (no cluster can run there). Run on a laptop with
`uv run pytest -m cluster todoctl/tests/test_cluster.py` after `todoctl up`; the
tests skip when no context for the profile answers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from todoctl.cli import State, app, find_repo_root
from todoctl.kube import DEFAULT_NAMESPACE, DEFAULT_PROFILE, DEFAULT_RELEASE, Kube
from typer.testing import CliRunner

pytestmark = pytest.mark.cluster


@pytest.fixture(scope="module")
def state() -> State:
    profile = os.environ.get("TODOCTL_PROFILE", DEFAULT_PROFILE)
    kube = Kube(os.environ.get("TODOCTL_NAMESPACE", DEFAULT_NAMESPACE), profile)
    if not kube.run(["kubectl", "--context", profile, "get", "--raw", "/readyz"], 15).ok:
        pytest.skip(f"no reachable Kubernetes context {profile!r} (start it with: todoctl up)")
    release = os.environ.get("TODOCTL_RELEASE", DEFAULT_RELEASE)
    return State(kube=kube, release=release, repo_root=find_repo_root(Path(__file__).parent))


def run(state: State, *args: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(app, [*args, "--json"], obj=state, catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def test_gates_one_to_nine_pass_on_minikube(state: State, tmp_path: Path) -> None:
    code, body = run(state, "validate", "--junit", str(tmp_path / "gates.xml"))
    assert code == 0, json.dumps(body, indent=2)


def test_a_validated_deployment_diagnoses_clean(state: State) -> None:
    code, body = run(state, "diagnose")
    assert (code, body["status"]) == (0, "ok"), json.dumps(body, indent=2)


def test_urls_answer_from_this_host(state: State) -> None:
    code, body = run(state, "url")
    assert code == 0 and body["checks"] == {"frontend": "ok", "backend": "ok"}
