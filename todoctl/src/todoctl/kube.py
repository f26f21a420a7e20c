"""The one adapter between todoctl and the outside world's cluster tools.

Every call to kubectl, helm, minikube and the image loaders (kind, k3d, ctr) goes
through `Kube`, and every call it makes goes through one `Runner`. Gates and
analyzers only see plain dicts shaped exactly like `kubectl get -o json`, so tests
replace this class (or its runner) at the boundary and never need a cluster.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from todoctl.snapshot import SNAPSHOT_KINDS, Snapshot, utcnow

DEFAULT_NAMESPACE = "hackathon-dev"
DEFAULT_RELEASE = "todo-chatbot"
DEFAULT_PROFILE = "minikube"
DEFAULT_CONTAINERD_ADDRESS = "/run/containerd/containerd.sock"
HELM_STATUS_FIELDS = ("name", "namespace", "version", "info")
# How images built on this host reach the cluster's nodes; `auto` picks from the context.
IMAGE_LOADERS = ("auto", "minikube", "kind", "k3d", "containerd", "none")


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class CommandError(RuntimeError):
    """A cluster tool exited non-zero; carries the command and its stderr tail."""

    def __init__(self, argv: Sequence[str], result: Result) -> None:
        self.argv = list(argv)
        self.result = result
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        super().__init__(
            f"`{' '.join(argv[:4])} …` failed ({result.returncode}): " + " | ".join(tail)
        )


Runner = Callable[[Sequence[str], float | None], Result]


def run_command(argv: Sequence[str], timeout: float | None = None) -> Result:
    """Run a tool; a missing binary or a timeout becomes a failed Result, not a crash."""
    try:
        proc = subprocess.run(
            list(argv), capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        return Result(127, "", f"{argv[0]}: command not found")
    except subprocess.TimeoutExpired:
        return Result(124, "", f"{argv[0]}: timed out after {timeout}s")
    return Result(proc.returncode, proc.stdout, proc.stderr)


def parse_version(text: str) -> tuple[int, ...] | None:
    match = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", text)
    if not match:
        return None
    return tuple(int(part) for part in match.groups(default="0"))


@contextmanager
def _private_values_file(values: Mapping[str, Any]) -> Iterator[Path]:
    """Secrets reach helm through a 0600 file, never argv (argv is world-readable in ps)."""
    fd, name = tempfile.mkstemp(prefix="todoctl-secrets-", suffix=".yaml")
    path = Path(name)
    try:
        os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "w") as handle:
            yaml.safe_dump(dict(values), handle)
        yield path
    finally:
        path.unlink(missing_ok=True)


class Kube:
    """kubectl / helm / minikube / image loaders for one namespace and kubeconfig context.

    The context defaults to the Minikube profile's (Minikube names its context after the
    profile); any other context is a cluster that todoctl uses but does not start or stop.
    """

    def __init__(
        self,
        namespace: str = DEFAULT_NAMESPACE,
        profile: str = DEFAULT_PROFILE,
        runner: Runner = run_command,
        *,
        context: str | None = None,
        image_loader: str = "auto",
        containerd_address: str = DEFAULT_CONTAINERD_ADDRESS,
        node_address: str | None = None,
    ) -> None:
        if image_loader not in IMAGE_LOADERS:
            raise ValueError(
                f"unknown image loader {image_loader!r}: choose from {', '.join(IMAGE_LOADERS)}"
            )
        self.namespace = namespace
        self.profile = profile
        self.context = context or profile
        self.containerd_address = containerd_address
        self._image_loader = image_loader
        self._node_address = node_address
        self._run = runner
        self._helm_major: int | None = None

    @property
    def is_minikube(self) -> bool:
        return self.context == self.profile

    @property
    def image_loader(self) -> str:
        """The loader in use: the one asked for, or the one the context's name implies."""
        if self._image_loader != "auto":
            return self._image_loader
        if self.is_minikube:
            return "minikube"
        for prefix in ("kind", "k3d"):
            if self.context.startswith(f"{prefix}-"):
                return prefix
        # Otherwise the nodes share this host's containerd when its socket is here, or
        # this host's Docker (Docker Desktop, a single-node cluster on the same daemon).
        return "containerd" if Path(self.containerd_address).exists() else "none"

    # -- plumbing -----------------------------------------------------------------
    def run(self, argv: Sequence[str], timeout: float | None = 300) -> Result:
        return self._run(argv, timeout)

    def check(self, argv: Sequence[str], timeout: float | None = 300) -> Result:
        result = self.run(argv, timeout)
        if not result.ok:
            raise CommandError(argv, result)
        return result

    def _kubectl(self, *args: str) -> list[str]:
        return ["kubectl", "--context", self.context, "-n", self.namespace, *args]

    def _json(self, argv: Sequence[str], timeout: float | None = 60) -> Any:
        return json.loads(self.check(argv, timeout).stdout or "null")

    # -- tool versions (doctor) ---------------------------------------------------
    def tool_version(self, tool: str) -> tuple[tuple[int, ...] | None, str]:
        """(parsed version or None when absent/unusable, the raw text or error)."""
        argv = {
            "docker": ["docker", "version", "--format", "{{.Server.Version}}"],
            "minikube": ["minikube", "version", "--short"],
            "kind": ["kind", "version"],
            "k3d": ["k3d", "version"],
            "ctr": ["ctr", "--version"],
            "helm": ["helm", "version", "--short"],
            "kubectl": ["kubectl", "version", "--client", "-o", "json"],
            "kubectl-ai": ["kubectl-ai", "version"],
            "kagent": ["kagent", "version"],
        }[tool]
        result = self.run(argv, 20)
        text = result.stdout.strip()
        if tool == "kubectl" and result.ok:
            text = json.loads(text).get("clientVersion", {}).get("gitVersion", "")
        if not result.ok:
            return None, (result.stderr.strip().splitlines() or ["not found"])[-1]
        return parse_version(text), text

    def helm_major(self) -> int:
        if self._helm_major is None:
            version, _ = self.tool_version("helm")
            self._helm_major = version[0] if version else 3
        return self._helm_major

    def helm_wait_flags(self, *, rollback_on_failure: bool) -> list[str]:
        """Helm 4 renamed --atomic and made --wait a strategy; speak each one's dialect."""
        if self.helm_major() >= 4:
            flags = ["--wait=watcher"]
            if rollback_on_failure:
                flags.append("--rollback-on-failure")
        else:
            flags = ["--wait"]
            if rollback_on_failure:
                flags.append("--atomic")
        return flags

    # -- minikube -----------------------------------------------------------------
    def minikube_status(self) -> dict[str, Any] | None:
        """`minikube status -o json`; None when the profile does not exist."""
        result = self.run(["minikube", "status", "-p", self.profile, "-o", "json"], 60)
        try:
            status = json.loads(result.stdout)
        except json.JSONDecodeError:
            return None
        if isinstance(status, list):  # multi-node profiles print one object per node
            status = status[0] if status else None
        return status if isinstance(status, dict) else None

    def minikube_start(self, cpus: int, memory: str, kubernetes_version: str | None) -> None:
        argv = ["minikube", "start", "-p", self.profile, "--driver=docker"]
        argv += [f"--cpus={cpus}", f"--memory={memory}"]
        if kubernetes_version:
            argv.append(f"--kubernetes-version={kubernetes_version}")
        self.check(argv, 900)

    def minikube_stop(self) -> None:
        self.check(["minikube", "stop", "-p", self.profile], 300)

    def minikube_delete(self) -> None:
        self.check(["minikube", "delete", "-p", self.profile], 300)

    def minikube_ip(self) -> str:
        return self.check(["minikube", "ip", "-p", self.profile], 30).stdout.strip()

    def enabled_addons(self) -> set[str]:
        data = self._json(["minikube", "addons", "list", "-p", self.profile, "-o", "json"])
        return {name for name, info in (data or {}).items() if info.get("Status") == "enabled"}

    def enable_addon(self, name: str) -> None:
        self.check(["minikube", "addons", "enable", name, "-p", self.profile], 300)

    def _ctr(self, *args: str) -> list[str]:
        return ["ctr", "--address", self.containerd_address, "-n", "k8s.io", *args]

    def image_load(self, ref: str) -> None:
        """Copy one image from this host's Docker onto the cluster's node(s)."""
        loader = self.image_loader
        if loader == "minikube":
            self.check(["minikube", "image", "load", ref, "-p", self.profile], 900)
        elif loader == "kind":
            self.check(["kind", "load", "docker-image", ref, "--name", self.context[5:]], 900)
        elif loader == "k3d":
            self.check(["k3d", "image", "import", ref, "--cluster", self.context[4:]], 900)
        elif loader == "containerd":
            with tempfile.TemporaryDirectory(prefix="todoctl-image-") as tmp:
                archive = str(Path(tmp) / "image.tar")
                self.check([os.environ.get("DOCKER", "docker"), "save", "-o", archive, ref], 900)
                self.check(self._ctr("images", "import", archive), 900)

    def cluster_images(self) -> set[str]:
        """Image names the node(s) have, short forms included (no docker.io/library/)."""
        loader = self.image_loader
        if loader == "minikube":
            argv = ["minikube", "image", "ls", "--format", "short", "-p", self.profile]
            listed = self.check(argv).stdout.split()
        elif loader == "containerd":
            listed = self.check(self._ctr("images", "ls", "-q")).stdout.split()
        else:  # what each kubelet reports it holds
            listed = [
                name
                for node in self.get_nodes()
                for image in node.get("status", {}).get("images", []) or []
                for name in image.get("names", []) or []
            ]
        names: set[str] = set()
        for line in listed:
            names.add(line)
            names.add(re.sub(r"^(docker\.io/)?(library/)?", "", line))
        return names

    def node_address(self) -> str:
        """Where the nodes' NodePorts answer from this host."""
        if self._node_address:
            return self._node_address
        if self.is_minikube:
            return self.minikube_ip()
        for node in self.get_nodes():
            for address in node.get("status", {}).get("addresses", []) or []:
                if address.get("type") == "InternalIP":
                    return str(address["address"])
        raise LookupError(f"no node of context {self.context} reports an InternalIP")

    def service_tunnel(self, service: str) -> str:
        """macOS/Windows docker driver: the node IP is not routable from the host, so
        `minikube service --url` keeps a tunnel open in the background; return its URL."""
        proc = subprocess.Popen(
            ["minikube", "service", service, "-n", self.namespace, "-p", self.profile, "--url"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("http"):
                return line.strip()
        raise CommandError(["minikube", "service", service], Result(1, "", "no URL printed"))

    # -- kubectl ------------------------------------------------------------------
    def get(self, resource: str, selector: str | None = None) -> list[dict[str, Any]]:
        argv = self._kubectl("get", resource, "-o", "json")
        if selector:
            argv += ["-l", selector]
        data = self._json(argv)
        return list(data.get("items", [])) if isinstance(data, dict) else []

    def get_nodes(self) -> list[dict[str, Any]]:
        data = self._json(["kubectl", "--context", self.context, "get", "nodes", "-o", "json"])
        return list(data.get("items", []))

    def api_reachable(self) -> bool:
        return self.run(["kubectl", "--context", self.context, "get", "--raw", "/readyz"], 15).ok

    def server_version(self) -> str | None:
        result = self.run(["kubectl", "--context", self.context, "version", "-o", "json"], 15)
        if not result.ok:
            return None
        version = json.loads(result.stdout).get("serverVersion", {}).get("gitVersion")
        return str(version) if version else None

    def ensure_namespace(self) -> None:
        result = self.run(
            ["kubectl", "--context", self.context, "get", "namespace", self.namespace]
        )
        if not result.ok:
            self.check(
                ["kubectl", "--context", self.context, "create", "namespace", self.namespace]
            )

    def logs(self, pod: str, container: str, *, previous: bool = False, tail: int = 50) -> str:
        argv = self._kubectl("logs", pod, "-c", container, f"--tail={tail}")
        if previous:
            argv.append("--previous")
        result = self.run(argv, 30)
        return result.stdout if result.ok else ""

    def scale(self, deployment: str, replicas: int) -> None:
        self.check(self._kubectl("scale", f"deployment/{deployment}", f"--replicas={replicas}"))

    def delete_pod(self, name: str) -> None:
        self.check(self._kubectl("delete", "pod", name, "--wait=false"))

    def set_image(self, deployment: str, container: str, image: str) -> None:
        self.check(
            self._kubectl("set", "image", f"deployment/{deployment}", f"{container}={image}")
        )

    def patch_deployment(self, deployment: str, patch: Mapping[str, Any]) -> None:
        body = json.dumps(patch)
        self.check(
            self._kubectl("patch", f"deployment/{deployment}", "--type=strategic", "-p", body)
        )

    def patch_hpa(self, name: str, patch: Mapping[str, Any]) -> None:
        body = json.dumps(patch)
        self.check(self._kubectl("patch", f"hpa/{name}", "--type=merge", "-p", body))

    def rollout_undo(self, deployment: str) -> None:
        self.check(self._kubectl("rollout", "undo", f"deployment/{deployment}"))

    # -- helm ---------------------------------------------------------------------
    def _helm(self, *args: str) -> list[str]:
        return ["helm", *args, "-n", self.namespace, "--kube-context", self.context]

    def helm_status(self, release: str) -> dict[str, Any] | None:
        result = self.run(self._helm("status", release, "-o", "json"), 60)
        return json.loads(result.stdout) if result.ok and result.stdout.strip() else None

    def helm_history(self, release: str) -> list[dict[str, Any]]:
        result = self.run(self._helm("history", release, "-o", "json"), 60)
        return list(json.loads(result.stdout)) if result.ok and result.stdout.strip() else []

    def helm_values(self, release: str) -> dict[str, Any]:
        data = self._json(self._helm("get", "values", release, "-o", "json"))
        return dict(data or {})

    def helm_upgrade_install(
        self,
        release: str,
        chart: Path,
        *,
        values_files: Sequence[Path] = (),
        set_values: Mapping[str, str] = {},
        secret_values: Mapping[str, Any] = {},
        reuse_values: bool = False,
        rollback_on_failure: bool = False,
        timeout_seconds: int = 300,
    ) -> Result:
        argv = ["helm", "upgrade", "--install", release, str(chart), "-n", self.namespace]
        argv += [
            "--kube-context",
            self.context,
            "--create-namespace",
            f"--timeout={timeout_seconds}s",
        ]
        argv += self.helm_wait_flags(rollback_on_failure=rollback_on_failure)
        if reuse_values:
            argv.append("--reuse-values")
        for values_file in values_files:
            argv += ["-f", str(values_file)]
        for key, value in set_values.items():
            argv += ["--set-string", f"{key}={value}"]
        with _private_values_file(secret_values) as secrets_file:
            if secret_values:
                argv += ["-f", str(secrets_file)]
            return self.run(argv, timeout_seconds + 60)

    def helm_rollback(
        self, release: str, revision: int | None, timeout_seconds: int = 300
    ) -> Result:
        argv = self._helm("rollback", release)
        if revision is not None:
            argv.insert(3, str(revision))
        argv += [f"--timeout={timeout_seconds}s", *self.helm_wait_flags(rollback_on_failure=False)]
        return self.run(argv, timeout_seconds + 60)

    def helm_uninstall(self, release: str) -> Result:
        return self.run(self._helm("uninstall", release, "--wait"), 300)

    # -- snapshot -----------------------------------------------------------------
    def snapshot(self, release: str, *, log_tail: int = 50) -> Snapshot:
        """Everything diagnose needs, read-only, as one consistent capture."""
        objects: dict[str, list[dict[str, Any]]] = {}
        for kind, resource in SNAPSHOT_KINDS.items():
            if kind == "Node":
                objects[kind] = self.get_nodes()
            else:
                # check(): an unreadable cluster must fail loudly, never look healthy
                items = self._json(self._kubectl("get", resource, "-o", "json")).get("items", [])
                objects[kind] = [{"kind": kind, **item} for item in items]
        logs: dict[tuple[str, str], str] = {}
        for pod in objects.get("Pod", []):
            for status in pod.get("status", {}).get("containerStatuses", []) or []:
                restarted = status.get("restartCount", 0) > 0
                text = self.logs(
                    pod["metadata"]["name"], status["name"], previous=restarted, tail=log_tail
                )
                if text:
                    logs[(pod["metadata"]["name"], status["name"])] = text
        status = self.helm_status(release)
        # Only what diagnose reads: the release's values and rendered manifest (Secrets
        # included) never land in a snapshot that may be shared.
        helm = {k: v for k, v in (status or {}).items() if k in HELM_STATUS_FIELDS}
        return Snapshot(
            objects=objects, helm=[helm] if helm else [], logs=logs, captured_at=utcnow()
        )
