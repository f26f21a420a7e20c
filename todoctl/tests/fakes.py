"""A test double of `todoctl.kube.Kube` at its boundary.

It starts from the `healthy` fixture snapshot (real `kubectl get -o json` shapes)
and plays the controllers' part: after `delay` ticks of the fake clock, each
Deployment's pods and status catch up with its spec, so gates see a cluster that
changes over time exactly as they would poll a real one.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from todoctl.kube import CommandError, Kube, Result
from todoctl.snapshot import Snapshot, load_snapshot, utcnow

HEALTHY = Path(__file__).parent / "fixtures" / "snapshots" / "healthy"
RESOURCES = {
    "pods": "Pod",
    "deployments": "Deployment",
    "events": "Event",
    "services": "Service",
    "horizontalpodautoscalers.autoscaling": "HorizontalPodAutoscaler",
    "poddisruptionbudgets.policy": "PodDisruptionBudget",
}


def matches(obj: dict[str, Any], selector: str | None) -> bool:
    if not selector:
        return True
    labels = obj.get("metadata", {}).get("labels", {}) or {}
    return all(labels.get(k) == v for k, v in (part.split("=", 1) for part in selector.split(",")))


@dataclass
class FakeClock:
    kube: FakeKube
    now: float = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        import time

        time.sleep(0.002)  # lets the prober thread run while fake time flies
        self.now += seconds
        self.kube.tick()


@dataclass
class FakeKube(Kube):
    delay: int = 2
    tools: dict[str, str | None] = field(
        default_factory=lambda: {
            "docker": "27.3.1",
            "minikube": "v1.34.0",
            "helm": "v3.19.0+g3d8990f",
            "kubectl": "v1.34.5",
            "kubectl-ai": None,
            "kagent": None,
        }
    )
    running: bool = True
    addons: set[str] = field(
        default_factory=lambda: {"storage-provisioner", "default-storageclass"}
    )
    images: set[str] = field(default_factory=set)
    helm_fails_with: str | None = None
    unreadable: bool = False
    # Replaced pods stay listed, with a deletionTimestamp, while they shut down (as on a
    # real cluster: preStop sleep and grace period) until the next change.
    keep_terminating: bool = False
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()
        healthy = load_snapshot(HEALTHY)
        self.objects: dict[str, list[dict[str, Any]]] = copy.deepcopy(healthy.objects)
        self.history: list[dict[str, Any]] = [
            {"revision": 1, "status": "deployed", "templates": self._templates(), "values": {}}
        ]
        self.pending = 0
        self._names = (f"n{i:04d}" for i in itertools.count())
        self.broken: dict[str, str] = {}  # deployment -> injected fault

    # -- fake controllers -------------------------------------------------------------
    def _templates(self) -> dict[str, Any]:
        return {
            d["metadata"]["name"]: copy.deepcopy(d["spec"]["template"])
            for d in self.objects["Deployment"]
        }

    def _pods_of(self, deployment: dict[str, Any]) -> list[dict[str, Any]]:
        component = deployment["metadata"]["labels"]["app.kubernetes.io/component"]
        return [
            p for p in self.objects["Pod"]
            if p["metadata"]["labels"].get("app.kubernetes.io/component") == component
        ]  # fmt: skip

    def _changed(self) -> None:
        self.pending = self.delay

    def tick(self) -> None:
        if self.pending > 0:
            self.pending -= 1
            if self.pending == 0:
                self.reconcile()

    def _new_pod(self, deployment: dict[str, Any], template_pod: dict[str, Any]) -> dict[str, Any]:
        pod = copy.deepcopy(template_pod)
        pod["metadata"]["name"] = (
            template_pod["metadata"]["name"].rsplit("-", 1)[0] + "-" + next(self._names)
        )
        pod["metadata"]["annotations"] = dict(
            deployment["spec"]["template"]["metadata"].get("annotations", {})
        )
        pod["spec"]["containers"] = copy.deepcopy(
            deployment["spec"]["template"]["spec"]["containers"]
        )
        for condition in pod["status"]["conditions"]:
            condition["status"] = "True"
        for status in pod["status"]["containerStatuses"]:
            status.update(ready=True, started=True, restartCount=0, lastState={})
            status["state"] = {"running": {"startedAt": "2024-05-14T10:29:00Z"}}
        return pod

    def _failing_pod(
        self, deployment: dict[str, Any], sample: dict[str, Any], fault: str
    ) -> dict[str, Any]:
        pod = self._new_pod(deployment, sample)
        status = pod["status"]["containerStatuses"][0]
        status["ready"] = False
        for condition in pod["status"]["conditions"]:
            if condition["type"] in {"Ready", "ContainersReady"}:
                condition["status"] = "False"
        if fault == "image":
            image = deployment["spec"]["template"]["spec"]["containers"][0]["image"]
            status["state"] = {
                "waiting": {
                    "reason": "ErrImageNeverPull",
                    "message": f'Container image "{image}" is not present with pull policy '
                    "of Never",
                }
            }
        else:
            status["restartCount"] = 3
            status["state"] = {
                "waiting": {
                    "reason": "CrashLoopBackOff",
                    "message": "back-off 40s restarting failed container",
                }
            }
            status["lastState"] = {
                "terminated": {
                    "exitCode": 3,
                    "reason": "Error",
                    "finishedAt": "2024-05-14T10:29:00Z",
                }
            }
        return pod

    def reconcile(self) -> None:
        """Make every Deployment's pods and status match its spec (the controllers' job)."""
        for deployment in self.objects["Deployment"]:
            want = deployment["spec"]["replicas"]
            pods = self._pods_of(deployment)
            sample = pods[0] if pods else None
            if sample is None:
                continue
            fault = self.broken.get(deployment["metadata"]["name"])
            healthy = [p for p in pods if p["status"]["containerStatuses"][0]["ready"]]
            others = [p for p in self.objects["Pod"] if p not in pods]
            if fault:
                fresh = [*healthy, self._failing_pod(deployment, healthy[0], fault)]
            else:
                fresh = [self._new_pod(deployment, healthy[0]) for _ in range(want)]
            if self.keep_terminating:
                for old in pods:
                    if not old["metadata"].get("deletionTimestamp"):
                        old["metadata"]["deletionTimestamp"] = "2024-05-14T10:29:30Z"
                        fresh.append(old)
            self.objects["Pod"] = others + fresh
            deployment["status"].update(
                replicas=want, readyReplicas=want, updatedReplicas=want if not fault else 1,
                availableReplicas=want, observedGeneration=deployment["metadata"]["generation"],
            )  # fmt: skip

    def deployment_named(self, name: str) -> dict[str, Any]:
        return next(d for d in self.objects["Deployment"] if d["metadata"]["name"] == name)

    # -- the adapter's surface ----------------------------------------------------------
    def tool_version(self, tool: str) -> tuple[tuple[int, ...] | None, str]:
        from todoctl.kube import parse_version

        text = self.tools.get(tool)
        return (parse_version(text), text) if text else (None, f"{tool}: command not found")

    def minikube_status(self) -> dict[str, Any] | None:
        state = "Running" if self.running else "Stopped"
        return {
            "Name": "minikube",
            "Host": state,
            "Kubelet": state,
            "APIServer": state,
            "Kubeconfig": "Configured",
        }

    def minikube_start(self, cpus: int, memory: str, kubernetes_version: str | None) -> None:
        self.calls.append(("minikube_start", cpus, memory))
        self.running = True

    def minikube_stop(self) -> None:
        self.calls.append(("minikube_stop",))
        self.running = False

    def minikube_delete(self) -> None:
        self.calls.append(("minikube_delete",))
        self.running = False

    def minikube_ip(self) -> str:
        return "192.168.49.2"

    def enabled_addons(self) -> set[str]:
        return set(self.addons)

    def enable_addon(self, name: str) -> None:
        self.calls.append(("enable_addon", name))
        self.addons.add(name)

    def image_load(self, ref: str) -> None:
        self.calls.append(("image_load", ref))
        self.images.add(ref)

    def cluster_images(self) -> set[str]:
        return set(self.images)

    def ensure_namespace(self) -> None:
        self.calls.append(("ensure_namespace",))

    def get(self, resource: str, selector: str | None = None) -> list[dict[str, Any]]:
        if self.unreadable:
            raise CommandError(["kubectl", "get", resource], Result(1, "", "connection refused"))
        return copy.deepcopy(
            [o for o in self.objects.get(RESOURCES[resource], []) if matches(o, selector)]
        )

    def get_nodes(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self.objects["Node"])

    def scale(self, deployment: str, replicas: int) -> None:
        self.calls.append(("scale", deployment, replicas))
        self.deployment_named(deployment)["spec"]["replicas"] = replicas
        self._changed()

    def patch_hpa(self, name: str, patch: Mapping[str, Any]) -> None:
        """The HPA controller raises the target's replicas to a new minimum (never lowers
        them below it: scale-down waits for its stabilisation window)."""
        self.calls.append(("patch_hpa", name, patch["spec"]["minReplicas"]))
        hpa = next(
            h for h in self.objects["HorizontalPodAutoscaler"] if h["metadata"]["name"] == name
        )
        hpa["spec"]["minReplicas"] = patch["spec"]["minReplicas"]
        target = self.deployment_named(hpa["spec"]["scaleTargetRef"]["name"])
        target["spec"]["replicas"] = max(target["spec"]["replicas"], hpa["spec"]["minReplicas"])
        self._changed()

    def delete_pod(self, name: str) -> None:
        self.calls.append(("delete_pod", name))
        self._changed()

    def set_image(self, deployment: str, container: str, image: str) -> None:
        self.calls.append(("set_image", deployment, image))
        d = self.deployment_named(deployment)
        d["spec"]["template"]["spec"]["containers"][0]["image"] = image
        self.broken[deployment] = "image"
        self._changed()

    def patch_deployment(self, deployment: str, patch: Mapping[str, Any]) -> None:
        self.calls.append(("patch_deployment", deployment, json.dumps(patch)))
        self.broken[deployment] = "crash"
        self._changed()

    def rollout_undo(self, deployment: str) -> None:
        self.calls.append(("rollout_undo", deployment))
        self.broken.pop(deployment, None)
        self._apply_templates(self.history[-1]["templates"])

    def _apply_templates(self, templates: Mapping[str, Any]) -> None:
        for d in self.objects["Deployment"]:
            d["spec"]["template"] = copy.deepcopy(templates[d["metadata"]["name"]])
            d["metadata"]["generation"] += 1
        self._changed()

    def helm_status(self, release: str) -> dict[str, Any] | None:
        if not self.history:
            return None
        last = self.history[-1]
        info = {
            "status": last["status"],
            "last_deployed": "2024-05-14T10:00:00Z",
            "description": "",
        }
        return {
            "name": release,
            "namespace": self.namespace,
            "version": last["revision"],
            "info": info,
        }

    def helm_history(self, release: str) -> list[dict[str, Any]]:
        return [{"revision": h["revision"], "status": h["status"]} for h in self.history]

    def helm_values(self, release: str) -> dict[str, Any]:
        return copy.deepcopy(self.history[-1]["values"]) if self.history else {}

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
        self.calls.append(
            ("helm_upgrade_install", dict(set_values), dict(secret_values), rollback_on_failure)
        )
        if self.helm_fails_with:
            if self.history:
                self.history.append(
                    {
                        **self.history[-1],
                        "revision": self.history[-1]["revision"] + 1,
                        "status": "failed",
                    }
                )
            return Result(1, "", f"Error: UPGRADE FAILED: {self.helm_fails_with}")
        values = {"backend": {"image": {"tag": set_values.get("backend.image.tag", "")}}}
        for key, value in set_values.items():
            component, _, rest = key.partition(".")
            if rest.startswith("podAnnotations."):
                d = next(
                    x
                    for x in self.objects["Deployment"]
                    if x["metadata"]["name"].endswith(component)
                )
                d["spec"]["template"]["metadata"].setdefault("annotations", {})[
                    rest.split(".", 1)[1]
                ] = value
                d["metadata"]["generation"] += 1
        revision = (self.history[-1]["revision"] if self.history else 0) + 1
        for h in self.history:
            h["status"] = "superseded"
        self.history.append(
            {
                "revision": revision,
                "status": "deployed",
                "templates": self._templates(),
                "values": values,
            }
        )
        self._changed()
        return Result(0, "Release has been upgraded.", "")

    def helm_rollback(
        self, release: str, revision: int | None, timeout_seconds: int = 300
    ) -> Result:
        self.calls.append(("helm_rollback", revision))
        target = next(h for h in self.history if h["revision"] == revision)
        self.broken.clear()
        self._apply_templates(target["templates"])
        for h in self.history:
            h["status"] = "superseded"
        self.history.append(
            {**target, "revision": self.history[-1]["revision"] + 1, "status": "deployed"}
        )
        return Result(0, "Rollback was a success!", "")

    def helm_uninstall(self, release: str) -> Result:
        self.calls.append(("helm_uninstall",))
        self.history = []
        return Result(0, f'release "{release}" uninstalled', "")

    def service_tunnel(self, service: str) -> str:
        return f"http://127.0.0.1:5{len(service)}000"

    def snapshot(self, release: str, *, log_tail: int = 50) -> Snapshot:
        if self.unreadable:
            raise CommandError(["kubectl", "get", "pods"], Result(1, "", "connection refused"))
        return Snapshot(
            objects=copy.deepcopy(self.objects),
            helm=[self.helm_status(release) or {}],
            captured_at=utcnow(),
        )


class Http:
    """The app's HTTP surface (health, sign-up, chat, tasks) over an httpx MockTransport;
    `fail_when` makes chosen requests fail."""

    def __init__(self) -> None:
        self.fail_when: Any = None
        self.tasks: list[dict[str, Any]] = []
        self.requests: list[httpx.Request] = []
        self.client = httpx.Client(transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.fail_when and self.fail_when(request):
            return httpx.Response(503, json={"status": "unavailable"})
        path = request.url.path
        if path == "/" and request.url.port == 30080:  # the frontend sends visitors to sign in
            return httpx.Response(303, headers={"Location": "/login"})
        if path == "/api/auth/register":
            return httpx.Response(
                201, json={"access_token": "t0k3n", "token_type": "bearer", "user": {}}
            )
        if path == "/api/chat":
            title = request.read().decode().split("add a task ")[1].split('"')[0]
            self.tasks.append({"id": 1, "title": title})
            return httpx.Response(
                200, json={"conversation_id": 1, "reply": "Added.", "tool_calls": []}
            )
        if path == "/api/tasks":
            assert request.headers["Authorization"] == "Bearer t0k3n"
            return httpx.Response(200, json=self.tasks)
        return httpx.Response(200, json={"status": "ok"})
