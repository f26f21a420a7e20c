"""The operator's steps — cluster, image loading, deploy, URLs — over the adapter.

Each step is idempotent: it looks first and only acts on what is missing, which
is what makes `todoctl up` resumable.
"""

from __future__ import annotations

import contextlib
import platform
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from dotenv import dotenv_values

from todoctl.diagnose import Finding, diagnose
from todoctl.kube import CommandError, Kube

# 5 + 5 HPA-max pods and PostgreSQL at 100m/128Mi requests, plus the control plane and
# metrics-server, do not fit Minikube's default 2 CPUs.
DEFAULT_CPUS = 4
DEFAULT_MEMORY = "4g"
REQUIRED_ADDONS = ("metrics-server", "storage-provisioner", "default-storageclass")

# .env variable -> chart value path. Everything here travels in a 0600 values file.
ENV_TO_VALUES: dict[str, tuple[str, ...]] = {
    "DATABASE_URL": ("secrets", "databaseUrl"),
    "JWT_SECRET": ("secrets", "jwtSecret"),
    "LLM_API_KEY": ("secrets", "llmApiKey"),
    "LLM_BASE_URL": ("backend", "llm", "baseUrl"),
    "LLM_MODEL": ("backend", "llm", "model"),
}


# -- cluster ---------------------------------------------------------------------------
def cluster_running(status: Mapping[str, Any] | None) -> bool:
    return bool(status) and all(
        (status or {}).get(part) == "Running" for part in ("Host", "Kubelet", "APIServer")
    )


def cluster_ready(kube: Kube) -> bool:
    """Minikube by its own status; any other context by its API server's /readyz."""
    return cluster_running(kube.minikube_status()) if kube.is_minikube else kube.api_reachable()


class ClusterUnreachable(RuntimeError):
    """A cluster todoctl does not manage (not Minikube) does not answer."""


def cluster_up(
    kube: Kube,
    *,
    cpus: int = DEFAULT_CPUS,
    memory: str = DEFAULT_MEMORY,
    kubernetes_version: str | None = None,
    log: Callable[[str], None] = lambda _m: None,
) -> list[str]:
    """Start (or resume) Minikube, enable the addons, create the namespace. Returns
    what was done; an empty list means everything was already in place. Any other
    context is only checked (todoctl does not start clusters it did not create)."""
    done: list[str] = []
    if not kube.is_minikube:
        if not kube.api_reachable():
            raise ClusterUnreachable(
                f"context {kube.context} does not answer (kubectl --context {kube.context} "
                "get --raw /readyz failed); start that cluster first"
            )
        kube.ensure_namespace()
        return done
    if not cluster_running(kube.minikube_status()):
        log(f"starting Minikube ({cpus} CPUs, {memory}, docker driver)")
        kube.minikube_start(cpus, memory, kubernetes_version)
        done.append("minikube started")
    enabled = kube.enabled_addons()
    for addon in REQUIRED_ADDONS:
        if addon not in enabled:
            log(f"enabling addon {addon}")
            kube.enable_addon(addon)
            done.append(f"addon {addon} enabled")
    kube.ensure_namespace()
    return done


def cluster_status(kube: Kube) -> dict[str, Any]:
    info: dict[str, Any] = {"context": kube.context, "minikube": kube.is_minikube}
    if kube.is_minikube:
        status = kube.minikube_status()
        info |= {"profile": kube.profile, "minikube": status, "running": cluster_running(status)}
    else:
        info["running"] = kube.api_reachable()
    if info["running"]:
        nodes = kube.get_nodes()
        info["nodes"] = {
            n["metadata"]["name"]: next(
                (c["status"] for c in n["status"].get("conditions", []) if c["type"] == "Ready"),
                "Unknown",
            )
            for n in nodes
        }
        if kube.is_minikube:
            info["addons"] = sorted(kube.enabled_addons() & set(REQUIRED_ADDONS))
        info["server_version"] = kube.server_version()
        info["image_loader"] = kube.image_loader
    return info


# -- images ----------------------------------------------------------------------------
def load_images(
    kube: Kube, refs: Sequence[str], log: Callable[[str], None] = lambda _m: None
) -> dict[str, str]:
    """Load each image onto the cluster unless it is already there; verify it is listed."""
    outcome = {}
    present = kube.cluster_images()
    for ref in refs:
        if ref in present:
            outcome[ref] = "already loaded"
            continue
        log(f"loading {ref} ({kube.image_loader})")
        kube.image_load(ref)
        outcome[ref] = "loaded"
    present = kube.cluster_images()
    for ref in refs:
        if ref not in present:
            outcome[ref] = "missing after load"
    return outcome


# -- deploy ----------------------------------------------------------------------------
def read_env(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    return {k: v for k, v in dotenv_values(path).items() if v}


def values_from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """Chart values from .env. A SQLite DATABASE_URL is `make run`'s local file and means
    nothing inside a pod, so the chart's own PostgreSQL is used instead."""
    values: dict[str, Any] = {}
    for var, keys in ENV_TO_VALUES.items():
        if var == "DATABASE_URL" and env.get(var, "").startswith("sqlite"):
            continue
        if env.get(var):
            node = values
            for key in keys[:-1]:
                node = node.setdefault(key, {})
            node[keys[-1]] = env[var]
    return values


JWT_SECRET_MIN_LENGTH = 32  # the chart's values.schema.json refuses shorter secrets


def settings_problems(values: Mapping[str, Any]) -> list[str]:
    """What helm would refuse, said before anything is deployed."""
    problems = []
    secret = values.get("secrets", {}).get("jwtSecret", "")
    if secret and len(secret) < JWT_SECRET_MIN_LENGTH:
        problems.append(
            f"JWT_SECRET has {len(secret)} characters, the chart needs at least "
            f"{JWT_SECRET_MIN_LENGTH}; generate one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return problems


def pod_progress(pods: Sequence[dict[str, Any]]) -> tuple[int, int, list[str]]:
    """(ready, total, one status word per not-ready pod) for a live progress line."""
    ready, waiting = 0, []
    for pod in pods:
        statuses = pod.get("status", {}).get("containerStatuses", []) or []
        if statuses and all(s.get("ready") for s in statuses):
            ready += 1
            continue
        # an init container's reason first: while it waits, the others say PodInitializing
        inits = pod.get("status", {}).get("initContainerStatuses", []) or []
        reasons = [
            (s.get("state", {}).get("waiting") or {}).get("reason", "") for s in [*inits, *statuses]
        ]
        word = next((r for r in reasons if r), pod.get("status", {}).get("phase", "Pending"))
        waiting.append(f"{pod['metadata']['name']}: {word}")
    return ready, len(pods), waiting


@dataclass
class DeployOutcome:
    ok: bool
    revision: int | None = None
    seconds: float = 0.0
    error: str = ""
    rolled_back: str = ""
    findings: list[Finding] = field(default_factory=list)


def deploy(
    kube: Kube,
    *,
    release: str,
    chart: Path,
    values_files: Sequence[Path],
    image_tags: Mapping[str, str],
    secrets: Mapping[str, Any],
    timeout_seconds: int = 300,
    on_pods: Callable[[list[dict[str, Any]]], None] = lambda _p: None,
    poll_interval: float = 2.0,
) -> DeployOutcome:
    """helm upgrade --install and wait; while helm waits, report pods to `on_pods`.
    On failure diagnose the broken state first, then roll back (or uninstall a
    release that never had a good revision), so the cluster is left as it was."""
    previous = [
        r for r in kube.helm_history(release) if r.get("status") in {"deployed", "superseded"}
    ]
    set_values = {f"{service}.image.tag": tag for service, tag in image_tags.items()}
    result_box: dict[str, Any] = {}

    def run_helm() -> None:
        result_box["result"] = kube.helm_upgrade_install(
            release,
            chart,
            values_files=values_files,
            set_values=set_values,
            secret_values=secrets,
            timeout_seconds=timeout_seconds,
        )

    start = time.monotonic()
    worker = threading.Thread(target=run_helm, name="todoctl-helm", daemon=True)
    worker.start()
    selector = f"app.kubernetes.io/instance={release}"
    while worker.is_alive():
        worker.join(poll_interval)
        if worker.is_alive():
            # a hiccup reading pods must only skip one progress update, never the deploy
            with contextlib.suppress(CommandError, ValueError):
                on_pods(kube.get("pods", selector))
    outcome = result_box["result"]
    elapsed = time.monotonic() - start
    if outcome.ok:
        status = kube.helm_status(release) or {}
        return DeployOutcome(ok=True, revision=status.get("version"), seconds=elapsed)
    findings = diagnose(kube.snapshot(release))
    if previous:
        kube.helm_rollback(release, int(previous[-1]["revision"]), timeout_seconds)
        rolled_back = f"rolled back to revision {previous[-1]['revision']}"
    else:
        kube.helm_uninstall(release)
        rolled_back = "first install failed: release uninstalled"
    error = (outcome.stderr or outcome.stdout).strip().splitlines()[-3:]
    return DeployOutcome(False, None, elapsed, " | ".join(error), rolled_back, findings)


# -- URLs ------------------------------------------------------------------------------
def host_kind() -> str:
    """linux (node IP routable), or macos/windows/wsl (docker driver: tunnel needed)."""
    system = platform.system()
    if system == "Linux":
        try:
            if "microsoft" in Path("/proc/version").read_text().lower():
                return "wsl"
        except OSError:
            pass
        return "linux"
    return "macos" if system == "Darwin" else "windows"


HEALTH_PATHS = {"frontend": "/healthz", "backend": "/api/health"}


def service_urls(kube: Kube, release: str, host: str) -> dict[str, str]:
    urls = {}
    for component in ("frontend", "backend"):
        selector = f"app.kubernetes.io/instance={release},app.kubernetes.io/component={component}"
        services = kube.get("services", selector)
        if not services:
            raise LookupError(f"no {component} Service for release {release} (run: todoctl deploy)")
        service = services[0]
        if host == "linux" or not kube.is_minikube:
            node_port = service["spec"]["ports"][0]["nodePort"]
            urls[component] = f"http://{kube.node_address()}:{node_port}"
        else:
            urls[component] = kube.service_tunnel(service["metadata"]["name"]).rstrip("/")
    return urls


def verify_urls(
    urls: Mapping[str, str], client: httpx.Client, *, attempts: int = 15, delay: float = 2.0
) -> dict[str, str]:
    """component -> "ok" or why not; retries because a fresh tunnel needs a moment."""
    verdicts = {}
    for component, base in urls.items():
        verdict = "no answer"
        for attempt in range(attempts):
            try:
                code = client.get(base + HEALTH_PATHS[component]).status_code
                verdict = "ok" if code == 200 else f"HTTP {code}"
            except httpx.HTTPError as exc:
                verdict = type(exc).__name__
            if verdict == "ok":
                break
            if attempt + 1 < attempts:
                time.sleep(delay)
        verdicts[component] = verdict
    return verdicts
