"""The adapter itself: the exact argv it hands to helm/kubectl/minikube, through a
recording runner (the one seam below the adapter)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from todoctl.kube import CommandError, Kube, Result, parse_version, run_command


class Recorder:
    def __init__(self, replies: dict[str, Result] | None = None) -> None:
        self.replies = replies or {}
        self.argvs: list[list[str]] = []
        self.secret_files: list[dict[str, object]] = []

    def __call__(self, argv: Sequence[str], timeout: float | None) -> Result:
        self.argvs.append(list(argv))
        if "-f" in argv:  # read the secrets file while it still exists
            for index, arg in enumerate(argv):
                if arg == "-f" and "todoctl-secrets-" in argv[index + 1]:
                    path = Path(argv[index + 1])
                    assert oct(path.stat().st_mode & 0o777) == "0o600"
                    self.secret_files.append(yaml.safe_load(path.read_text()))
        key = " ".join(argv[:3])
        return self.replies.get(key, Result(0, "{}", ""))


def helm_version(text: str) -> dict[str, Result]:
    return {"helm version --short": Result(0, text, "")}


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("v3.19.0+g3d8990f", ["--wait", "--atomic"]),
        ("v4.3.1+gc0d08d0", ["--wait=watcher", "--rollback-on-failure"]),
    ],
)
def test_helm_flags_follow_the_installed_major_version(version: str, expected: list[str]) -> None:
    runner = Recorder(helm_version(version))
    kube = Kube(runner=runner)
    kube.helm_upgrade_install("todo-chatbot", Path("chart"), rollback_on_failure=True)
    upgrade = runner.argvs[-1]
    assert upgrade[:5] == ["helm", "upgrade", "--install", "todo-chatbot", "chart"]
    assert all(flag in upgrade for flag in expected)
    assert ("--atomic" in upgrade) is (version.startswith("v3"))


def test_secrets_travel_in_a_private_file_never_on_argv() -> None:
    runner = Recorder(helm_version("v3.19.0"))
    kube = Kube(runner=runner)
    secret = "postgresql://todo:s3cr3t@ep-x.neon.tech/todo?sslmode=require"
    kube.helm_upgrade_install(
        "todo-chatbot",
        Path("chart"),
        set_values={"backend.image.tag": "1.0.0-abc1234"},
        secret_values={"secrets": {"databaseUrl": secret}},
    )
    upgrade = runner.argvs[-1]
    assert secret not in " ".join(upgrade)
    assert runner.secret_files == [{"secrets": {"databaseUrl": secret}}]
    assert "backend.image.tag=1.0.0-abc1234" in upgrade
    leftover = [a for a in upgrade if "todoctl-secrets-" in a]
    assert leftover and not Path(leftover[0]).exists()  # removed after helm ran


def test_kubectl_calls_are_scoped_to_the_profile_context_and_namespace() -> None:
    runner = Recorder()
    Kube(namespace="hackathon-dev", profile="demo", runner=runner).scale("todo-chatbot-backend", 3)
    assert runner.argvs[-1] == [
        "kubectl", "--context", "demo", "-n", "hackathon-dev",
        "scale", "deployment/todo-chatbot-backend", "--replicas=3",
    ]  # fmt: skip


def test_a_failing_tool_raises_with_its_stderr() -> None:
    runner = Recorder({"kubectl --context minikube": Result(1, "", "The connection was refused")})
    with pytest.raises(CommandError, match="connection was refused"):
        Kube(runner=runner).get("pods")


def test_an_unreadable_cluster_never_yields_an_empty_snapshot() -> None:
    runner = Recorder(
        {"kubectl --context minikube": Result(1, "", "Unable to connect to the server")}
    )
    with pytest.raises(CommandError):
        Kube(runner=runner).snapshot("todo-chatbot")


def test_snapshot_collects_objects_logs_and_helm_status() -> None:
    pod = {
        "metadata": {"name": "p1"},
        "status": {"containerStatuses": [{"name": "backend", "restartCount": 2}]},
    }

    def runner(argv: Sequence[str], timeout: float | None) -> Result:
        if argv[:2] == ["helm", "status"]:
            return Result(
                0,
                json.dumps(
                    {
                        "name": "todo-chatbot",
                        "info": {"status": "deployed"},
                        "config": {"secrets": {"jwtSecret": "s3cr3t-value"}},
                        "manifest": "kind: Secret\ndata:\n  JWT_SECRET: czNjcjN0\n",
                    }
                ),
                "",
            )
        if "logs" in argv:
            assert "--previous" in argv  # a restarted container's last words are in --previous
            return Result(0, "boom\n", "")
        items = [pod] if "pods" in argv else []
        return Result(0, json.dumps({"kind": "List", "items": items}), "")

    snap = Kube(runner=runner).snapshot("todo-chatbot")
    assert snap.of("Pod")[0]["kind"] == "Pod"
    assert snap.logs == {("p1", "backend"): "boom\n"}
    assert snap.helm[0]["info"]["status"] == "deployed"
    assert "s3cr3t" not in json.dumps(snap.helm) and "czNjcjN0" not in json.dumps(snap.helm)
    assert snap.captured_at is not None


def test_tool_versions_are_parsed_or_reported_missing() -> None:
    kubectl = json.dumps({"clientVersion": {"gitVersion": "v1.34.5"}})
    runner = Recorder(
        {
            "kubectl version --client": Result(0, kubectl, ""),
            "minikube version --short": Result(127, "", "minikube: command not found"),
        }
    )
    kube = Kube(runner=runner)
    assert kube.tool_version("kubectl") == ((1, 34, 5), "v1.34.5")
    assert kube.tool_version("minikube") == (None, "minikube: command not found")


def test_parse_version() -> None:
    assert parse_version("Docker version 27.3.1, build ce12230") == (27, 3, 1)
    assert parse_version("v1.32") == (1, 32, 0)
    assert parse_version("unknown") is None


def test_run_command_reports_a_missing_binary() -> None:
    result = run_command(["todoctl-no-such-binary"])
    assert result.returncode == 127 and not result.ok


def test_minikube_status_is_none_without_a_profile() -> None:
    runner = Recorder({"minikube status -p": Result(85, '🤷  Profile "minikube" not found.', "")})
    assert Kube(runner=runner).minikube_status() is None


def test_another_context_scopes_kubectl_and_helm_and_is_not_minikube() -> None:
    runner = Recorder(helm_version("v3.19.0"))
    kube = Kube(runner=runner, context="todo-testbed")
    kube.get("pods")
    kube.helm_upgrade_install("todo-chatbot", Path("chart"))
    assert runner.argvs[0][:3] == ["kubectl", "--context", "todo-testbed"]
    upgrade = runner.argvs[-1]
    assert upgrade[upgrade.index("--kube-context") + 1] == "todo-testbed"
    assert not kube.is_minikube and Kube(runner=runner).is_minikube


@pytest.mark.parametrize(
    ("context", "socket_exists", "loader", "load_argv"),
    [
        ("minikube", False, "minikube", ["minikube", "image", "load", "app:1", "-p", "minikube"]),
        ("kind-dev", False, "kind", ["kind", "load", "docker-image", "app:1", "--name", "dev"]),
        ("k3d-dev", False, "k3d", ["k3d", "image", "import", "app:1", "--cluster", "dev"]),
        ("docker-desktop", False, "none", None),
        ("todo-testbed", True, "containerd", None),
    ],
)
def test_the_image_loader_follows_the_context(
    tmp_path: Path,
    context: str,
    socket_exists: bool,
    loader: str,
    load_argv: list[str] | None,
) -> None:
    socket = tmp_path / "containerd.sock"
    if socket_exists:
        socket.touch()
    runner = Recorder()
    kube = Kube(runner=runner, context=context, containerd_address=str(socket))
    assert kube.image_loader == loader
    kube.image_load("app:1")
    if load_argv is not None:
        assert runner.argvs == [load_argv]
    elif loader == "none":
        assert runner.argvs == []  # the nodes use this host's Docker: nothing to copy


def test_containerd_loading_saves_from_docker_and_imports_into_the_k8s_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER", "/usr/bin/docker")
    runner = Recorder()
    kube = Kube(
        runner=runner, context="lab", image_loader="containerd", containerd_address="/run/c.sock"
    )
    kube.image_load("hackathon-todo-backend:1.0.0-abc1234")
    save, load = runner.argvs
    assert save[:3] == ["/usr/bin/docker", "save", "-o"] and save[-1].endswith("1.0.0-abc1234")
    assert load[:7] == ["ctr", "--address", "/run/c.sock", "-n", "k8s.io", "images", "import"]
    assert load[7] == save[3]  # the archive docker wrote


def test_cluster_images_are_listed_in_short_form_from_containerd() -> None:
    listed = "docker.io/library/hackathon-todo-backend:1.0.0-abc\nsha256:0123\n"
    runner = Recorder({"ctr --address /run/c.sock": Result(0, listed, "")})
    kube = Kube(
        runner=runner, context="lab", image_loader="containerd", containerd_address="/run/c.sock"
    )
    assert "hackathon-todo-backend:1.0.0-abc" in kube.cluster_images()


def test_node_address_is_the_override_else_the_nodes_internal_ip() -> None:
    addresses = [
        {"type": "Hostname", "address": "lab"},
        {"type": "InternalIP", "address": "10.0.0.5"},
    ]
    nodes = {"items": [{"status": {"addresses": addresses}}]}
    runner = Recorder({"kubectl --context lab": Result(0, json.dumps(nodes), "")})
    assert Kube(runner=runner, context="lab").node_address() == "10.0.0.5"
    assert (
        Kube(runner=runner, context="lab", node_address="127.0.0.1").node_address() == "127.0.0.1"
    )


def test_an_unknown_image_loader_is_refused() -> None:
    with pytest.raises(ValueError, match="choose from auto, minikube"):
        Kube(image_loader="podman")
