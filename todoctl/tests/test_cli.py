"""The CLI through Typer's runner: --json documents, exit codes, and the adapter's double."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from xml.etree import ElementTree

import httpx
import pytest
from typer.testing import CliRunner

from todoctl import images
from todoctl.cli import State, app

from .fakes import FakeKube, Http

SNAPSHOTS = Path(__file__).parent / "fixtures" / "snapshots"
TAGS = images.ImageTags(version="1.0.0", unique="1.0.0-abc1234")
FINDING_KEYS = {"reason", "severity", "kind", "namespace", "name", "evidence", "root_cause", "fix"}


def healthy_http() -> httpx.Client:
    return httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"status": "ok"}))
    )


@pytest.fixture
def kube() -> FakeKube:
    return FakeKube()


@pytest.fixture
def state(kube: FakeKube, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> State:
    monkeypatch.setattr(images, "image_tags", lambda root: TAGS)
    monkeypatch.chdir(tmp_path)
    return State(kube=kube, repo_root=tmp_path, http=Http().client, host="linux")


def invoke(state: State, *args: str) -> Any:
    return CliRunner().invoke(app, list(args), obj=state, catch_exceptions=False)


def as_json(result: Any) -> dict[str, Any]:
    return json.loads(result.stdout)


# -- diagnose / snapshot ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("fixture", "code", "status"),
    [("healthy", 0, "ok"), ("rollout-in-progress", 0, "ok"), ("image-tag-missing", 1, "problems")],
)
def test_diagnose_snapshot_json_schema_and_exit_code(
    state: State, fixture: str, code: int, status: str
) -> None:
    result = invoke(state, "diagnose", "--snapshot", str(SNAPSHOTS / fixture), "--json")
    assert result.exit_code == code
    body = as_json(result)
    assert set(body) == {"status", "findings"} and body["status"] == status
    for finding in body["findings"]:
        assert set(finding) == FINDING_KEYS


def test_diagnose_live_reads_the_cluster_through_the_adapter(state: State, kube: FakeKube) -> None:
    kube.broken["todo-chatbot-backend"] = "crash"
    kube.reconcile()
    result = invoke(state, "diagnose", "--json")
    assert result.exit_code == 1
    assert [f["reason"] for f in as_json(result)["findings"]] == ["CrashLoop"]


def test_diagnose_without_a_cluster_is_an_environment_error(state: State, kube: FakeKube) -> None:
    kube.unreadable = True
    result = invoke(state, "diagnose", "--json")
    assert result.exit_code == 2
    assert as_json(result)["status"] == "error" and "connection refused" in as_json(result)["error"]


def test_diagnose_human_output_names_cause_and_fix(state: State) -> None:
    result = invoke(state, "diagnose", "--snapshot", str(SNAPSHOTS / "memory-limit-too-low"))
    assert result.exit_code == 1
    assert "OOMKilled" in result.stderr
    assert "--set backend.resources.limits.memory=512Mi" in result.stderr


def test_snapshot_then_diagnose_the_saved_directory(
    state: State, kube: FakeKube, tmp_path: Path
) -> None:
    kube.broken["todo-chatbot-backend"] = "image"
    kube.reconcile()
    saved = tmp_path / "snap"
    result = invoke(state, "snapshot", str(saved), "--json")
    assert result.exit_code == 0 and as_json(result)["directory"] == str(saved)
    assert (saved / "pods.json").is_file() and (saved / "captured-at.txt").is_file()
    again = invoke(state, "diagnose", "--snapshot", str(saved), "--json")
    assert [f["reason"] for f in as_json(again)["findings"]] == ["ImagePullFailure"]


class StubLLM(BaseHTTPRequestHandler):
    bodies: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        StubLLM.bodies.append(body)
        placeholder = body["messages"][1]["content"].split(" on Pod ")[1].split("\n")[0]
        reply = {
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop", "message": {
                "role": "assistant", "content": f"Load the image, then restart {placeholder}."}}],
        }  # fmt: skip
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def llm() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    StubLLM.bodies = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_explain_sends_only_masked_findings_and_unmasks_the_answer(state: State, llm: str) -> None:
    result = invoke(
        state, "diagnose", "--snapshot", str(SNAPSHOTS / "database-down"), "--json",
        "--explain", "--llm-base-url", llm, "--llm-model", "tiny",
        "--llm-api-key", "sk-test-123456789",
    )  # fmt: skip
    assert result.exit_code == 1
    sent = json.dumps(StubLLM.bodies[0])
    for secret in ("todo-chatbot-backend-9d86bb97d-z5p76", "hackathon-dev"):
        assert secret not in sent
    assert "scale statefulset/todo-chatbot-postgresql --replicas=1" in sent  # a name, kept
    assert "<pod-1>" in sent
    assert (
        as_json(result)["explanation"]
        == "Load the image, then restart todo-chatbot-backend-9d86bb97d-z5p76."
    )


def test_explain_failure_does_not_hide_the_diagnosis(state: State) -> None:
    result = invoke(
        state, "diagnose", "--snapshot", str(SNAPSHOTS / "bad-config-exits"), "--json",
        "--explain", "--llm-base-url", "http://127.0.0.1:9/v1",
    )  # fmt: skip
    body = as_json(result)
    assert result.exit_code == 1 and body["findings"][0]["reason"] == "CrashLoop"
    assert "APIConnectionError" in body["explanation_error"]


# -- doctor ----------------------------------------------------------------------------
def test_doctor_ok_with_helm3(state: State) -> None:
    result = invoke(state, "doctor", "--json")
    body = as_json(result)
    assert result.exit_code == 0 and body["status"] == "ok"
    assert body["helm_major"] == 3 and "--atomic" in body["helm_flags"]
    assert {t["tool"] for t in body["tools"]} == {
        "docker",
        "minikube",
        "helm",
        "kubectl",
        "kubectl-ai",
        "kagent",
    }


def test_doctor_adapts_to_helm4(state: State, kube: FakeKube) -> None:
    kube.tools["helm"] = "v4.3.1+gc0d08d0"
    body = as_json(invoke(state, "doctor", "--json"))
    assert body["helm_major"] == 4 and body["helm_flags"] == [
        "--wait=watcher",
        "--rollback-on-failure",
    ]


def test_doctor_gives_the_install_command_for_a_missing_or_old_tool(
    state: State, kube: FakeKube
) -> None:
    kube.tools["minikube"] = None
    kube.tools["docker"] = "19.03.15"
    result = invoke(state, "doctor", "--json")
    assert result.exit_code == 2
    tools = {t["tool"]: t for t in as_json(result)["tools"]}
    assert tools["minikube"]["ok"] is False and "minikube" in tools["minikube"]["install"]
    assert tools["docker"]["ok"] is False and tools["docker"]["found"] == "19.03.15"
    assert tools["kagent"]["ok"] is False and tools["kagent"]["required"] is False


# -- cluster ---------------------------------------------------------------------------
def test_cluster_up_is_idempotent(state: State, kube: FakeKube) -> None:
    kube.running = False
    first = as_json(invoke(state, "cluster", "up", "--json", "--cpus", "6"))
    assert (
        "minikube started" in first["actions"]
        and "addon metrics-server enabled" in first["actions"]
    )
    assert ("minikube_start", 6, "4g") in kube.calls
    second = as_json(invoke(state, "cluster", "up", "--json"))
    assert second["actions"] == ["already up"]


def test_cluster_status_and_down(state: State, kube: FakeKube) -> None:
    status = invoke(state, "cluster", "status", "--json")
    assert status.exit_code == 0 and as_json(status)["nodes"] == {"minikube": "True"}
    assert as_json(invoke(state, "cluster", "down", "--json"))["action"] == "stopped"
    assert invoke(state, "cluster", "status", "--json").exit_code == 1


# -- images ----------------------------------------------------------------------------
def test_images_build_reports_sizes(state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    built = [
        images.BuiltImage("backend", "hackathon-todo-backend", "1.0.0-abc1234", 190_000_000, 41.5)
    ]
    monkeypatch.setattr(images, "build_images", lambda root, **kw: built)
    body = as_json(invoke(state, "images", "build", "--json"))
    assert body["images"] == [
        {
            "service": "backend",
            "image": "hackathon-todo-backend:1.0.0-abc1234",
            "size_mb": 190.0,
            "build_seconds": 41.5,
        }
    ]


def test_images_build_failure_exits_1(state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(root: Path, **kw: Any) -> list[images.BuiltImage]:
        raise images.ImageBuildError("pip: network unreachable")

    monkeypatch.setattr(images, "build_images", broken)
    result = invoke(state, "images", "build", "--json")
    assert result.exit_code == 1 and "network unreachable" in as_json(result)["error"]


def test_images_load_skips_what_minikube_already_has(state: State, kube: FakeKube) -> None:
    kube.images.add("hackathon-todo-frontend:1.0.0-abc1234")
    body = as_json(invoke(state, "images", "load", "--json"))
    assert body["images"] == {
        "hackathon-todo-backend:1.0.0-abc1234": "loaded",
        "hackathon-todo-frontend:1.0.0-abc1234": "already loaded",
    }
    assert [c for c in kube.calls if c[0] == "image_load"] == [
        ("image_load", "hackathon-todo-backend:1.0.0-abc1234")
    ]


# -- deploy / url ------------------------------------------------------------------------
def test_deploy_passes_tags_and_secrets_without_printing_them(
    state: State, kube: FakeKube, tmp_path: Path
) -> None:
    secret = "postgresql://todo:hunter2@ep-x.neon.tech/todo?sslmode=require"
    (tmp_path / ".env").write_text(f"DATABASE_URL={secret}\nLLM_MODEL=gpt-4o-mini\n")
    result = invoke(
        state, "deploy", "--json", "--jwt-secret", "flag-secret-value-of-at-least-32-chars"
    )
    assert result.exit_code == 0, result.stdout
    assert (
        secret not in result.output
        and "flag-secret-value-of-at-least-32-chars" not in result.output
    )
    body = as_json(result)
    assert body["urls"] == {
        "frontend": "http://192.168.49.2:30080",
        "backend": "http://192.168.49.2:30860",
    }
    assert body["settings_from_env"] == [
        "backend.llm.model",
        "secrets.databaseUrl",
        "secrets.jwtSecret",
    ]
    _name, set_values, secret_values, _atomic = next(
        c for c in kube.calls if c[0] == "helm_upgrade_install"
    )
    assert set_values == {
        "backend.image.tag": "1.0.0-abc1234",
        "frontend.image.tag": "1.0.0-abc1234",
    }
    assert secret_values == {
        "secrets": {"databaseUrl": secret, "jwtSecret": "flag-secret-value-of-at-least-32-chars"},
        "backend": {"llm": {"model": "gpt-4o-mini"}},
    }


def test_failed_deploy_diagnoses_then_rolls_back(state: State, kube: FakeKube) -> None:
    kube.helm_fails_with = "timed out waiting for the condition"
    kube.broken["todo-chatbot-backend"] = "image"
    kube.reconcile()
    result = invoke(state, "deploy", "--json")
    body = as_json(result)
    assert result.exit_code == 1
    assert (
        "timed out waiting" in body["error"] and body["rolled_back"] == "rolled back to revision 1"
    )
    reasons = {f["reason"] for f in body["diagnosis"]["findings"]}
    assert reasons == {"ImagePullFailure", "HelmReleaseFailed"}  # the root cause, and helm's state
    assert kube.calls[-1] == ("helm_rollback", 1)


def test_failed_first_install_is_uninstalled(state: State, kube: FakeKube) -> None:
    kube.history = []
    kube.helm_fails_with = "boom"
    body = as_json(invoke(state, "deploy", "--json"))
    assert body["rolled_back"] == "first install failed: release uninstalled"


def test_url_on_linux_is_node_ip_and_node_port(state: State) -> None:
    result = invoke(state, "url", "--json")
    body = as_json(result)
    assert result.exit_code == 0 and body["checks"] == {"frontend": "ok", "backend": "ok"}
    assert body["urls"]["backend"] == "http://192.168.49.2:30860"


def test_url_elsewhere_uses_the_minikube_service_tunnel(state: State) -> None:
    state.host = "macos"
    body = as_json(invoke(state, "url", "--json"))
    assert body["urls"]["frontend"].startswith("http://127.0.0.1:")


def test_url_that_does_not_answer_exits_1(state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    state.http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(502)))
    monkeypatch.setattr("todoctl.ops.time.sleep", lambda s: None)
    result = invoke(state, "url", "--json")
    assert result.exit_code == 1 and as_json(result)["checks"]["backend"] == "HTTP 502"


# -- validate ----------------------------------------------------------------------------
def good_image(ref: str) -> dict[str, Any]:
    return {
        "Size": 150_000_000,
        "Config": {"User": "10001:10001", "Healthcheck": {"Test": ["CMD", "true"]}},
    }


def test_validate_one_gate_writes_all_three_reports(
    state: State, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(images, "inspect_image", good_image)
    result = invoke(
        state, "validate", "--gate", "1", "--json",
        "--report", "r.json", "--junit", "r.xml", "--markdown", "r.md",
    )  # fmt: skip
    assert result.exit_code == 0
    body = as_json(result)
    assert (
        body["status"] == "passed"
        and body["gates"][0]["measured"] == "backend 150 MB, frontend 150 MB"
    )
    assert json.loads((tmp_path / "r.json").read_text()) == body
    suite = ElementTree.parse(tmp_path / "r.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "1" and suite.get("failures") == "0"
    assert (
        "| 1 | Container build | PASS | backend 150 MB, frontend 150 MB |"
        in (tmp_path / "r.md").read_text()
    )


def test_validate_skips_cluster_gates_without_a_cluster(
    state: State, kube: FakeKube, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "inspect_image", good_image)
    kube.running = False
    result = invoke(
        state,
        "validate",
        "--gate",
        "1",
        "--gate",
        "3",
        "--gate",
        "10",
        "--json",
        "--junit",
        "r.xml",
    )
    assert result.exit_code == 1
    gates = {g["number"]: g for g in as_json(result)["gates"]}
    assert gates[1]["status"] == "PASS"
    assert gates[3]["status"] == "SKIPPED" and "not running" in gates[3]["details"][0]
    assert gates[10]["status"] == "SKIPPED" and "--fresh" in gates[10]["details"][0]
    assert as_json(result)["counts"] == {"PASS": 1, "FAIL": 0, "SKIPPED": 2}


def test_validate_fresh_times_the_whole_path(
    state: State, kube: FakeKube, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "inspect_image", good_image)
    kube.images |= {"hackathon-todo-backend:1.0.0-abc1234", "hackathon-todo-frontend:1.0.0-abc1234"}
    result = invoke(state, "validate", "--gate", "1", "--gate", "10", "--fresh", "--json")
    gates = {g["number"]: g for g in as_json(result)["gates"]}
    assert ("minikube_delete",) in kube.calls and ("minikube_start", 4, "4g") in kube.calls
    assert gates[10]["measured"].startswith("fresh cluster to validated deployment in ")


# -- up / down ---------------------------------------------------------------------------
def test_up_runs_the_whole_path_then_skips_it_on_a_second_run(
    state: State, kube: FakeKube, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[str] = []

    def build(root: Path, **kw: Any) -> list[images.BuiltImage]:
        built.append("both")
        return [
            images.BuiltImage(s, f"hackathon-todo-{s}", TAGS.unique, 150_000_000, 30.0)
            for s in ("backend", "frontend")
        ]

    monkeypatch.setattr(images, "build_images", build)
    monkeypatch.setattr(images, "inspect_image", lambda ref: good_image(ref) if built else None)
    kube.running = False
    first = invoke(state, "up", "--json")
    assert first.exit_code == 0, first.stdout
    body = as_json(first)
    assert body["urls"]["frontend"] == "http://192.168.49.2:30080"
    assert [g["status"] for g in body["steps"]["gates"]] == ["PASS"] * 4
    second = as_json(invoke(state, "up", "--json"))["steps"]
    assert second["cluster"] == "already up" and second["images_build"] == "already built"
    assert second["deploy"] == "already deployed"
    assert set(second["images_load"].values()) == {"already loaded"}
    assert built == ["both"]


def test_up_reports_a_failed_build_as_its_failed_step(
    state: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(root: Path, **kw: Any) -> list[images.BuiltImage]:
        raise images.ImageBuildError("pip: network unreachable")

    monkeypatch.setattr(images, "inspect_image", lambda ref: None)
    monkeypatch.setattr(images, "build_images", broken)
    result = invoke(state, "up", "--json")
    body = as_json(result)
    assert result.exit_code == 1 and body["status"] == "failed"
    assert body["failed_step"] == "images_build" and "network unreachable" in body["error"]


def test_validate_fresh_does_not_judge_a_path_that_broke(
    state: State, kube: FakeKube, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "inspect_image", lambda ref: None)
    monkeypatch.setattr(
        images,
        "build_images",
        lambda root, **kw: (_ for _ in ()).throw(images.ImageBuildError("x")),
    )
    result = invoke(state, "validate", "--gate", "1", "--gate", "10", "--fresh", "--json")
    gates = {g["number"]: g for g in as_json(result)["gates"]}
    assert result.exit_code == 1
    assert gates[1]["status"] == "SKIPPED" and "failed at images_build" in gates[1]["details"][0]
    assert gates[10]["status"] == "FAIL" and gates[10]["measured"] == "todoctl up failed"


def test_up_stops_at_doctor_with_the_install_command(state: State, kube: FakeKube) -> None:
    kube.tools["helm"] = None
    result = invoke(state, "up", "--json")
    body = as_json(result)
    assert result.exit_code == 1 and body["failed_step"] == "doctor" and "helm" in body["error"]


def test_down_uninstalls_and_optionally_deletes_the_cluster(state: State, kube: FakeKube) -> None:
    body = as_json(invoke(state, "down", "--cluster", "--json"))
    assert body == {"status": "ok", "release": "uninstalled", "cluster": "deleted"}
    assert ("helm_uninstall",) in kube.calls and ("minikube_delete",) in kube.calls


def test_doctor_tells_a_stopped_engine_from_a_missing_client(state: State, kube: FakeKube) -> None:
    def no_daemon(tool: str) -> tuple[tuple[int, ...] | None, str]:
        if tool == "docker":
            return None, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock."
        return (1, 99, 0), "v1.99.0"

    kube.tool_version = no_daemon  # type: ignore[method-assign]
    tools = {t["tool"]: t for t in as_json(invoke(state, "doctor", "--json"))["tools"]}
    assert tools["docker"]["found"].startswith("client only, engine not reachable")


def test_human_output_of_up_and_validate_is_one_screen(
    state: State, kube: FakeKube, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "inspect_image", good_image)
    kube.images |= {"hackathon-todo-backend:1.0.0-abc1234", "hackathon-todo-frontend:1.0.0-abc1234"}
    up = invoke(state, "up")
    assert up.exit_code == 0 and up.stdout == ""  # the summary goes to stderr
    assert "todo-chatbot is up" in up.stderr and "http://192.168.49.2:30080" in up.stderr
    assert len(up.stderr.splitlines()) < 40
    checked = invoke(state, "validate", "--gate", "1", "--gate", "3")
    assert checked.exit_code == 0
    assert "PASS gate 3 Pod health: 4/4 pods Running and Ready after 0 s" in checked.stderr


def test_deploy_refuses_a_short_jwt_secret_before_calling_helm(
    state: State, kube: FakeKube
) -> None:
    result = invoke(state, "deploy", "--json", "--jwt-secret", "too-short")
    assert result.exit_code == 1
    assert "at least 32" in as_json(result)["error"] and "too-short" not in result.output
    assert not [c for c in kube.calls if c[0] == "helm_upgrade_install"]
