"""Read-only diagnosis: one small analyzer per concern over a Snapshot.

Each analyzer returns Findings naming the object, the evidence, the root cause
and the exact command that fixes it. Healthy-but-noisy states (a rollout in
progress, an HPA resting at minReplicas, old probe failures on a pod that is
Ready now) produce nothing: an analyzer only speaks once a condition has lasted
longer than Kubernetes itself would need to resolve it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from todoctl.snapshot import Snapshot, parse_time

# Pods get this long to start before "not ready" counts as a problem (the spec's
# own limit for pod health), and HPAs this long to receive their first metrics.
STARTUP_GRACE = timedelta(seconds=120)
HPA_METRICS_GRACE = timedelta(seconds=120)
PVC_BIND_GRACE = timedelta(seconds=60)
HELM_PENDING_GRACE = timedelta(minutes=10)

REASONS = (
    "ImagePullFailure",
    "CrashLoop",
    "OOMKilled",
    "ProbeFailure",
    "Unschedulable",
    "PVCUnbound",
    "MissingConfig",
    "NoEndpoints",
    "HPAMetricsUnavailable",
    "DatabaseUnreachable",
    "HelmReleaseFailed",
    "NodeNotReady",
    "RolloutStuck",
)

PULL_REASONS = {"ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName"}
DB_ERROR = re.compile(
    r"could not connect to server|connection to server at .* failed|OperationalError"
    r"|could not translate host name|Name or service not known|password authentication failed"
    r"|database .* does not exist|SSL connection has been closed|timeout expired"
    r"|Connection refused.*5432|5432.*Connection refused|\"reason\":\s*\"database",
    re.IGNORECASE,
)


@dataclass(frozen=True, kw_only=True)
class Finding:
    reason: str
    severity: str  # "critical" (the app is down or cannot start) | "warning"
    kind: str
    namespace: str
    name: str
    evidence: list[str]
    root_cause: str
    fix: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def report(findings: list[Finding]) -> dict[str, Any]:
    return {"status": "problems" if findings else "ok", "findings": [f.as_dict() for f in findings]}


# -- helpers ----------------------------------------------------------------------
def _meta(obj: dict[str, Any]) -> tuple[str, str]:
    meta = obj.get("metadata", {})
    return meta.get("namespace", ""), meta.get("name", "")


def _age(obj: dict[str, Any], now: datetime) -> timedelta:
    created = parse_time(obj.get("metadata", {}).get("creationTimestamp"))
    return now - created if created else timedelta(0)


def _containers(pod: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(spec, status) pairs for init and app containers."""
    spec = pod.get("spec", {})
    status = pod.get("status", {})
    for spec_key, status_key in (
        ("initContainers", "initContainerStatuses"),
        ("containers", "containerStatuses"),
    ):
        specs = {c["name"]: c for c in spec.get(spec_key, []) or []}
        for cstatus in status.get(status_key, []) or []:
            yield specs.get(cstatus["name"], {"name": cstatus["name"]}), cstatus


def owner_workload(pod: dict[str, Any]) -> str:
    """The Deployment behind a pod: its ReplicaSet name minus the pod-template-hash."""
    meta = pod.get("metadata", {})
    template_hash = meta.get("labels", {}).get("pod-template-hash")
    for ref in meta.get("ownerReferences", []) or []:
        if ref.get("kind") == "ReplicaSet" and template_hash:
            return str(ref["name"]).removesuffix(f"-{template_hash}")
    return str(meta.get("name", ""))


def _pod_events(snap: Snapshot, pod_name: str, reason: str | None = None) -> list[dict[str, Any]]:
    return [
        e
        for e in snap.of("Event")
        if e.get("involvedObject", {}).get("kind") == "Pod"
        and e.get("involvedObject", {}).get("name") == pod_name
        and (reason is None or e.get("reason") == reason)
    ]


def event_time(event: dict[str, Any]) -> datetime | None:
    return (
        parse_time(event.get("lastTimestamp"))
        or parse_time(event.get("eventTime"))
        or parse_time(event.get("metadata", {}).get("creationTimestamp"))
    )


def _log_tail(snap: Snapshot, pod: str, container: str, lines: int = 5) -> list[str]:
    text = snap.log(pod, container).strip()
    return [f"log: {line}" for line in text.splitlines()[-lines:]] if text else []


def _ns_flag(namespace: str) -> str:
    return f"-n {namespace} " if namespace else ""


CHART = "deploy/helm/todo-chatbot"


def _component(obj: dict[str, Any]) -> str:
    """backend, frontend or database: the chart's component label (its values' top key)."""
    return str(obj.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/component", ""))


def _release(snap: Snapshot, obj: dict[str, Any]) -> tuple[str, int | None]:
    """The Helm release an object belongs to and that release's current revision."""
    name = str(obj.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/instance", ""))
    for release in snap.helm:
        if release.get("name") == name:
            return name, release.get("version")
    return name, None


def _helm_set(snap: Snapshot, obj: dict[str, Any], value: str) -> str:
    """`helm upgrade` of the object's release with one chart value changed."""
    ns, _name = _meta(obj)
    release, _revision = _release(snap, obj)
    return f"helm upgrade {release} {CHART} {_ns_flag(ns)}--reuse-values --set {value}"


def _helm_reapply(snap: Snapshot, obj: dict[str, Any]) -> str:
    """Re-apply the release's current revision: undoes what was changed beside Helm."""
    ns, _name = _meta(obj)
    release, revision = _release(snap, obj)
    return f"helm rollback {release} {revision or ''} {_ns_flag(ns)}--wait".replace("  ", " ")


def _memory_bytes(quantity: str) -> int | None:
    match = re.fullmatch(r"(\d+)(Ki|Mi|Gi|K|M|G)?", quantity.strip())
    if not match:
        return None
    factor = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "K": 10**3, "M": 10**6, "G": 10**9}
    return int(match.group(1)) * factor.get(match.group(2) or "", 1)


# pydantic-settings' refusal, as the backend prints it when a setting is invalid
SETTINGS_ERROR = re.compile(
    r"validation errors? for Settings\s+(?P<field>[a-z_]+)\s+(?P<message>[^\[\n]+?)\s*\["
)


def _env_source(pod: dict[str, Any], container: str, variable: str) -> str:
    """Where a container's environment variable comes from: a ConfigMap, a Secret, or
    the Deployment's own env."""
    for spec in pod.get("spec", {}).get("containers", []) or []:
        if spec.get("name") != container:
            continue
        for env in spec.get("env", []) or []:
            if env.get("name") == variable:
                ref = env.get("valueFrom", {})
                for kind, key in (("ConfigMap", "configMapKeyRef"), ("Secret", "secretKeyRef")):
                    if key in ref:
                        return f"{kind} {ref[key].get('name')}"
                return f"the env of Deployment {owner_workload(pod)}"
        for source in spec.get("envFrom", []) or []:
            for kind, key in (("ConfigMap", "configMapRef"), ("Secret", "secretRef")):
                if key in source:
                    return f"{kind} {source[key].get('name')} (or another envFrom source)"
    return f"the environment of container {container}"


# -- analyzers --------------------------------------------------------------------
def image_pull(snap: Snapshot) -> list[Finding]:
    findings = []
    for pod in snap.of("Pod"):
        ns, name = _meta(pod)
        for spec, status in _containers(pod):
            waiting = status.get("state", {}).get("waiting") or {}
            if waiting.get("reason") not in PULL_REASONS:
                continue
            image = spec.get("image") or status.get("image", "")
            policy = spec.get("imagePullPolicy", "")
            evidence = [
                f"container {status['name']}: {waiting['reason']}: {waiting.get('message', '')}",
                f"image {image}, imagePullPolicy {policy or 'default'}",
            ]
            if waiting["reason"] == "ErrImageNeverPull" or "hackathon-todo-" in image:
                component = _component(pod)
                value = f" (chart value {component}.image.tag)" if component else ""
                cause = (
                    f"Deployment {owner_workload(pod)} asks for image {image}{value}, which is "
                    "not on the node and cannot be pulled (local images only)"
                )
                fix = (
                    "todoctl up  # builds what is missing, loads it and deploys the current "
                    "checkout's tag"
                )
            elif waiting["reason"] == "InvalidImageName":
                cause = f"image reference {image!r} is not a valid name"
                fix = (
                    f"kubectl {_ns_flag(ns)}set image deployment/{owner_workload(pod)} "
                    f"{status['name']}=<valid image>"
                )
            else:
                cause = (
                    f"the registry refused or could not find {image} (wrong tag, private registry "
                    "or no network)"
                )
                fix = (
                    f"docker pull {image}  # does the tag exist? If not, set one that does in "
                    "the chart values, then: todoctl deploy"
                )
            findings.append(
                Finding(
                    reason="ImagePullFailure",
                    severity="critical",
                    kind="Pod",
                    namespace=ns,
                    name=name,
                    evidence=evidence,
                    root_cause=cause,
                    fix=fix,
                )
            )
    return findings


def crash_loop(snap: Snapshot) -> list[Finding]:
    findings = []
    for pod in snap.of("Pod"):
        ns, name = _meta(pod)
        for _spec, status in _containers(pod):
            waiting = status.get("state", {}).get("waiting") or {}
            last = status.get("lastState", {}).get("terminated") or {}
            if waiting.get("reason") != "CrashLoopBackOff" or last.get("reason") == "OOMKilled":
                continue
            code = last.get("exitCode", "?")
            evidence = [
                f"container {status['name']}: CrashLoopBackOff, "
                f"{status.get('restartCount', 0)} restarts",
                f"last exit code {code} ({last.get('reason', 'unknown')}) at "
                f"{last.get('finishedAt', '?')}",
                *_log_tail(snap, name, status["name"]),
            ]
            cause = f"container {status['name']} exits with code {code} shortly after starting"
            refused = SETTINGS_ERROR.search(snap.log(name, status["name"]))
            logs = _log_tail(snap, name, status["name"], 1)
            if refused:
                variable = refused["field"].upper()
                cause = (
                    f"the backend refuses its setting {variable} ({refused['message'].strip()}); "
                    f"it comes from {_env_source(pod, status['name'], variable)}"
                )
                fix = (
                    f"{_helm_reapply(snap, pod)}  # restores the settings the chart rendered; "
                    f"to change {variable} set it in the chart values, then: todoctl deploy"
                )
            else:
                if logs:
                    cause += f"; its last log line: {logs[0].removeprefix('log: ')}"
                fix = (
                    f"kubectl {_ns_flag(ns)}logs {name} -c {status['name']} --previous  # then "
                    "fix the cause and redeploy"
                )
            findings.append(
                Finding(
                    reason="CrashLoop",
                    severity="critical",
                    kind="Pod",
                    namespace=ns,
                    name=name,
                    evidence=evidence,
                    root_cause=cause,
                    fix=fix,
                )
            )
    return findings


def oom_killed(snap: Snapshot) -> list[Finding]:
    findings = []
    for pod in snap.of("Pod"):
        ns, name = _meta(pod)
        for spec, status in _containers(pod):
            states = (
                status.get("state", {}).get("terminated"),
                status.get("lastState", {}).get("terminated"),
            )
            if not any((s or {}).get("reason") == "OOMKilled" for s in states):
                continue
            limit = spec.get("resources", {}).get("limits", {}).get("memory", "none")
            evidence = [
                f"container {status['name']}: terminated OOMKilled (exit 137), "
                f"{status.get('restartCount', 0)} restarts",
                f"memory limit {limit}",
            ]
            cause = (
                f"container {status['name']} used more memory than its limit ({limit}) and the "
                "kernel killed it"
            )
            current = _memory_bytes(str(limit)) or 0
            raised = max(2 * current, 512 * 2**20) // 2**20
            component = _component(pod)
            if component:
                fix = _helm_set(snap, pod, f"{component}.resources.limits.memory={raised}Mi")
            else:
                fix = (
                    f"kubectl {_ns_flag(ns)}set resources deployment/{owner_workload(pod)} -c "
                    f"{status['name']} --limits=memory={raised}Mi"
                )
            findings.append(
                Finding(
                    reason="OOMKilled",
                    severity="critical",
                    kind="Pod",
                    namespace=ns,
                    name=name,
                    evidence=evidence,
                    root_cause=cause,
                    fix=fix,
                )
            )
    return findings


@dataclass(frozen=True)
class PortMismatch:
    probe: str  # startupProbe, readinessProbe or livenessProbe
    action: str  # httpGet or tcpSocket
    port: int | str
    declared: list[int]

    def __str__(self) -> str:
        listening = ", ".join(map(str, self.declared))
        return f"{self.probe} targets port {self.port}, the container declares port(s) {listening}"


def _probe_port_mismatch(spec: dict[str, Any]) -> PortMismatch | None:
    ports = spec.get("ports", []) or []
    numbers = {p.get("containerPort") for p in ports}
    names = {p.get("name") for p in ports if p.get("name")}
    for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
        probe = spec.get(kind) or {}
        action = "httpGet" if "httpGet" in probe else "tcpSocket"
        port = (probe.get(action) or {}).get("port")
        if port is None or not ports:
            continue
        if (isinstance(port, int) and port not in numbers) or (
            isinstance(port, str) and port not in names
        ):
            declared = [int(p["containerPort"]) for p in ports if "containerPort" in p]
            return PortMismatch(kind, action, port, declared)
    return None


def _probe_patch(pod: dict[str, Any], container: str, mismatch: PortMismatch) -> str:
    """The kubectl command that points the probe back at the container's port."""
    ns, _name = _meta(pod)
    names = [c.get("name") for c in pod.get("spec", {}).get("containers", []) or []]
    index = names.index(container) if container in names else 0
    path = f"/spec/template/spec/containers/{index}/{mismatch.probe}/{mismatch.action}/port"
    body = json.dumps([{"op": "replace", "path": path, "value": mismatch.declared[0]}])
    return f"kubectl {_ns_flag(ns)}patch deployment/{owner_workload(pod)} --type=json -p '{body}'"


def probe_failure(snap: Snapshot) -> list[Finding]:
    now = snap.reference_time()
    findings = []
    for pod in snap.of("Pod"):
        ns, name = _meta(pod)
        started = parse_time(pod.get("status", {}).get("startTime"))
        unhealthy = _pod_events(snap, name, "Unhealthy")
        for spec, status in _containers(pod):
            # failures of earlier runs of the container are history once it has restarted
            running_since = parse_time(
                (status.get("state", {}).get("running") or {}).get("startedAt")
            )
            every = [
                e
                for e in unhealthy
                if status["name"] in e.get("involvedObject", {}).get("fieldPath", status["name"])
            ]
            mine = [
                e for e in every if not (running_since and (event_time(e) or now) < running_since)
            ]
            # A liveness probe that got the container restarted is a fault at once (it
            # keeps failing the new run too); a container that is merely not Ready gets
            # the startup grace (a startup probe failing while it boots is normal).
            liveness = [
                e for e in every if e.get("message", "").startswith("Liveness probe failed")
            ]
            killed = status.get("restartCount", 0) > 0 and bool(liveness)
            mine = mine or (liveness if killed else [])
            not_ready = not status.get("ready") and status.get("state", {}).get("running")
            if not mine or not (killed or not_ready):
                continue
            if not killed and (not started or now - started < STARTUP_GRACE):
                continue  # still starting up: not-ready is expected for now
            message = mine[-1].get("message", "")
            evidence = [
                f"container {status['name']}: "
                + (f"restarted {status['restartCount']} times" if killed else "running, not Ready"),
                f"event Unhealthy: {message}",
            ]
            mismatch = _probe_port_mismatch(spec)
            if mismatch:
                cause = f"Deployment {owner_workload(pod)}: {mismatch}"
                fix = (
                    f"{_probe_patch(pod, status['name'], mismatch)}  # or re-apply the chart: "
                    f"{_helm_reapply(snap, pod)}"
                )
            elif "statuscode: 404" in message:
                cause = "the probe path does not exist on the server (HTTP 404)"
                fix = (
                    "set the probe path to /api/health (backend) or /healthz (frontend), then: "
                    "todoctl deploy"
                )
            elif "connection refused" in message:
                cause = "nothing listens on the probed port inside the container"
                fix = (
                    f"kubectl {_ns_flag(ns)}logs {name} -c {status['name']}  # check PORT and the "
                    "bind address"
                )
            else:
                cause = "the probe endpoint answers with an error or too slowly"
                fix = f"kubectl {_ns_flag(ns)}logs {name} -c {status['name']}"
            findings.append(
                Finding(
                    reason="ProbeFailure",
                    severity="critical",
                    kind="Pod",
                    namespace=ns,
                    name=name,
                    evidence=evidence,
                    root_cause=cause,
                    fix=fix,
                )
            )
    return findings


def _condition(obj: dict[str, Any], ctype: str) -> dict[str, Any]:
    for cond in obj.get("status", {}).get("conditions", []) or []:
        if cond.get("type") == ctype:
            return dict(cond)
    return {}


def unschedulable(snap: Snapshot) -> list[Finding]:
    now = snap.reference_time()
    findings = []
    for pod in snap.of("Pod"):
        ns, name = _meta(pod)
        cond = _condition(pod, "PodScheduled")
        message = cond.get("message", "")
        if cond.get("reason") != "Unschedulable" or "PersistentVolumeClaim" in message:
            continue
        since = parse_time(cond.get("lastTransitionTime")) or now
        if now - since < timedelta(seconds=30):
            continue  # the scheduler retries; a freed node often takes the pod within seconds
        cause = "no node has enough free resources for the pod's requests"
        fix = (
            "minikube delete && todoctl cluster up --cpus 4 --memory 6g  # or lower "
            "resources.requests"
        )
        if "Insufficient cpu" in message and "Insufficient memory" not in message:
            cause = "no node has enough free CPU for the pod's CPU request"
        elif "Insufficient memory" in message and "Insufficient cpu" not in message:
            cause = "no node has enough free memory for the pod's memory request"
        elif "taint" in message or "affinity" in message or "selector" in message:
            cause = "the pod's node selector, affinity or tolerations match no node"
            fix = (
                f"kubectl {_ns_flag(ns)}get pod {name} -o jsonpath='{{.spec.nodeSelector}}'  # "
                "align with node labels"
            )
        findings.append(
            Finding(
                reason="Unschedulable",
                severity="critical",
                kind="Pod",
                namespace=ns,
                name=name,
                evidence=[f"PodScheduled=False: {message}"],
                root_cause=cause,
                fix=fix,
            )
        )
    return findings


def pvc_unbound(snap: Snapshot) -> list[Finding]:
    now = snap.reference_time()
    findings = []
    for pvc in snap.of("PersistentVolumeClaim"):
        ns, name = _meta(pvc)
        if pvc.get("status", {}).get("phase") != "Pending" or _age(pvc, now) < PVC_BIND_GRACE:
            continue
        storage_class = pvc.get("spec", {}).get("storageClassName") or "(cluster default)"
        events = [
            e.get("message", "")
            for e in snap.of("Event")
            if e.get("involvedObject", {}).get("kind") == "PersistentVolumeClaim"
            and e.get("involvedObject", {}).get("name") == name
        ]
        evidence = [
            f"phase Pending for {int(_age(pvc, now).total_seconds())}s, storageClass "
            f"{storage_class}",
            *events[-2:],
        ]
        cause = f"no volume can be provisioned for storage class {storage_class}"
        fix = (
            "minikube addons enable storage-provisioner && minikube addons enable "
            "default-storageclass"
        )
        findings.append(
            Finding(
                reason="PVCUnbound",
                severity="critical",
                kind="PersistentVolumeClaim",
                namespace=ns,
                name=name,
                evidence=evidence,
                root_cause=cause,
                fix=fix,
            )
        )
    return findings


MISSING_KEY = re.compile(r"couldn't find key (\S+) in (Secret|ConfigMap) (\S+)")
MISSING_OBJ = re.compile(r"(secret|configmap) \"([^\"]+)\" not found", re.IGNORECASE)


def missing_config(snap: Snapshot) -> list[Finding]:
    findings = []
    for pod in snap.of("Pod"):
        ns, name = _meta(pod)
        messages = [
            (status.get("state", {}).get("waiting") or {}).get("message", "")
            for _spec, status in _containers(pod)
            if (status.get("state", {}).get("waiting") or {}).get("reason")
            == "CreateContainerConfigError"
        ]
        messages += [e.get("message", "") for e in _pod_events(snap, name, "FailedMount")]
        for message in dict.fromkeys(messages):
            key = MISSING_KEY.search(message)
            obj = MISSING_OBJ.search(message)
            if key:
                cause = f"{key.group(2)} {key.group(3)} has no key {key.group(1)}"
                fix = f"set {key.group(1)} in .env (see .env.example), then: todoctl deploy"
            elif obj:
                cause = (
                    f"{obj.group(1).capitalize()} {obj.group(2)} does not exist in namespace {ns}"
                )
                fix = (
                    f"todoctl deploy  # recreates it; or: kubectl {_ns_flag(ns)}get "
                    f"{obj.group(1).lower()}s"
                )
            else:
                continue
            findings.append(
                Finding(
                    reason="MissingConfig",
                    severity="critical",
                    kind="Pod",
                    namespace=ns,
                    name=name,
                    evidence=[message],
                    root_cause=cause,
                    fix=fix,
                )
            )
    return findings


def _ready_addresses(snap: Snapshot, ns: str, service: str) -> int | None:
    """Ready endpoint count from Endpoints, else EndpointSlices; None if neither was captured."""
    for ep in snap.of("Endpoints"):
        if _meta(ep) == (ns, service):
            return sum(len(s.get("addresses", []) or []) for s in ep.get("subsets", []) or [])
    slices = [
        s
        for s in snap.of("EndpointSlice")
        if s.get("metadata", {}).get("labels", {}).get("kubernetes.io/service-name") == service
        and s.get("metadata", {}).get("namespace", ns) == ns
    ]
    if not slices:
        return None
    return sum(
        1
        for s in slices
        for e in s.get("endpoints", []) or []
        if (e.get("conditions", {}) or {}).get("ready", True)
    )


def _selector_fix(snap: Snapshot, svc: dict[str, Any], selector: dict[str, str]) -> str | None:
    """A patch for the one selector label that keeps the Service from its pods: pods match
    every other label, and carry this one with the value the Service's own label has (or
    all agree on one value)."""
    ns, name = _meta(svc)
    pods = [p for p in snap.of("Pod") if _meta(p)[0] == ns]
    own = svc.get("metadata", {}).get("labels") or {}
    for key in selector:
        others = {k: v for k, v in selector.items() if k != key}
        values = {
            (p.get("metadata", {}).get("labels") or {}).get(key)
            for p in pods
            if others.items() <= (p.get("metadata", {}).get("labels") or {}).items()
        } - {None}
        value = own.get(key) if own.get(key) in values else None
        if value is None and len(values) == 1:
            value = next(iter(values))
        if others and value is not None:
            body = json.dumps({"spec": {"selector": {key: value}}})
            return f"kubectl {_ns_flag(ns)}patch service {name} --type=merge -p '{body}'"
    return None


def _scaled_to_zero(snap: Snapshot, ns: str, selector: dict[str, str]) -> str | None:
    """The workload behind a selector when it was scaled to 0 replicas on purpose."""
    for kind in ("StatefulSet", "Deployment"):
        for workload in snap.of(kind):
            labels = (
                workload.get("spec", {}).get("template", {}).get("metadata", {}).get("labels")
            ) or {}
            idle = workload.get("spec", {}).get("replicas", 1) == 0
            if idle and _meta(workload)[0] == ns and selector.items() <= labels.items():
                return f"{kind} {_meta(workload)[1]}"
    return None


def no_endpoints(snap: Snapshot, explained_pods: set[str], named_causes: str = "") -> list[Finding]:
    """A Service with no ready endpoints, unless a pod finding already names why (or a
    finding names the workload that was scaled to 0 behind it)."""
    now = snap.reference_time()
    findings = []
    for svc in snap.of("Service"):
        ns, name = _meta(svc)
        selector = svc.get("spec", {}).get("selector") or {}
        if not selector or svc.get("spec", {}).get("type") == "ExternalName":
            continue
        ready = _ready_addresses(snap, ns, name)
        if ready is None or ready > 0:
            continue
        matching = [
            p
            for p in snap.of("Pod")
            if _meta(p)[0] == ns
            and selector.items() <= (p.get("metadata", {}).get("labels") or {}).items()
        ]
        wanted = ",".join(f"{k}={v}" for k, v in selector.items())
        idle = _scaled_to_zero(snap, ns, selector)
        if not matching and idle and idle.split(" ", 1)[1] in named_causes:
            continue
        if not matching:
            cause = (
                f"the selector {wanted} of Service {name} matches no pod (label mismatch between "
                "Service and Deployment)"
            )
            fix = _selector_fix(snap, svc, selector) or (
                f"kubectl {_ns_flag(ns)}get pods --show-labels  # align the Service selector with "
                "the pod labels"
            )
            evidence = [f"selector {wanted}", "0 pods match, 0 ready endpoints"]
        else:
            if {_meta(p)[1] for p in matching} & explained_pods:
                continue
            if (
                any(_age(p, now) < STARTUP_GRACE for p in matching)
                or _age(svc, now) < STARTUP_GRACE
            ):
                continue  # rollout in progress: endpoints appear when the pods turn Ready
            cause = f"{len(matching)} pod(s) match the selector but none is Ready"
            fix = f"kubectl {_ns_flag(ns)}describe pods -l {wanted}"
            evidence = [f"selector {wanted}", f"{len(matching)} matching pod(s), 0 ready endpoints"]
        findings.append(
            Finding(
                reason="NoEndpoints",
                severity="critical",
                kind="Service",
                namespace=ns,
                name=name,
                evidence=evidence,
                root_cause=cause,
                fix=fix,
            )
        )
    return findings


def hpa_metrics(snap: Snapshot) -> list[Finding]:
    now = snap.reference_time()
    findings = []
    for hpa in snap.of("HorizontalPodAutoscaler"):
        ns, name = _meta(hpa)
        cond = _condition(hpa, "ScalingActive")
        if cond.get("status") != "False" or not cond.get("reason", "").startswith("FailedGet"):
            continue
        since = parse_time(cond.get("lastTransitionTime"))
        if _age(hpa, now) < HPA_METRICS_GRACE or (since and now - since < HPA_METRICS_GRACE):
            continue  # metrics-server needs a scrape or two after the HPA or new pods appear
        message = cond.get("message", "")
        if "missing request" in message:
            cause = "the target's containers have no CPU request, so utilisation cannot be computed"
            fix = (
                "set resources.requests.cpu on every container in the chart values, then: todoctl "
                "deploy"
            )
        else:
            cause = (
                "the resource metrics API (metrics-server) returns no metrics for the target's pods"
            )
            fix = "minikube addons enable metrics-server  # then wait ~1 min: kubectl top pods"
        evidence = [f"ScalingActive=False {cond.get('reason')}: {message}"]
        findings.append(
            Finding(
                reason="HPAMetricsUnavailable",
                severity="warning",
                kind="HorizontalPodAutoscaler",
                namespace=ns,
                name=name,
                evidence=evidence,
                root_cause=cause,
                fix=fix,
            )
        )
    return findings


def _database_down(snap: Snapshot, namespace: str) -> tuple[str, str, str] | None:
    """(evidence, cause, fix) when the chart's own database StatefulSet is not serving."""
    for sts in snap.of("StatefulSet"):
        ns, name = _meta(sts)
        if ns != namespace or _component(sts) != "database":
            continue
        wanted = sts.get("spec", {}).get("replicas", 1)
        ready = sts.get("status", {}).get("readyReplicas", 0) or 0
        if wanted and ready >= wanted:
            return None
        evidence = f"StatefulSet {name}: {ready}/{wanted} ready (spec.replicas={wanted})"
        if not wanted:
            cause = f"the in-cluster database is down: StatefulSet {name} is scaled to 0 replicas"
            fix = f"kubectl {_ns_flag(ns)}scale statefulset/{name} --replicas=1"
        else:
            cause = f"the in-cluster database is not Ready: StatefulSet {name} has 0 ready pods"
            fix = f"kubectl {_ns_flag(ns)}describe pod {name}-0  # then: todoctl diagnose"
        return evidence, cause, fix
    return None


def database_unreachable(snap: Snapshot) -> list[Finding]:
    now = snap.reference_time()
    findings = []
    for pod in snap.of("Pod"):
        ns, name = _meta(pod)
        if (
            pod.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/component")
            != "backend"
        ):
            continue
        started = parse_time(pod.get("status", {}).get("startTime"))
        for _spec, status in _containers(pod):
            if status.get("ready"):
                continue  # a recovered pod's old connection errors are history, not a fault
            if not status.get("restartCount") and started and now - started < STARTUP_GRACE:
                continue
            lines = [
                ln for ln in snap.log(name, status["name"]).splitlines() if DB_ERROR.search(ln)
            ]
            down = _database_down(snap, ns)
            if not lines and not down:
                continue
            evidence = [
                f"container {status['name']} not Ready / restarting",
                *([down[0]] if down else []),
                *(f"log: {ln}" for ln in lines[-3:]),
            ]
            if down:
                cause, fix = down[1], down[2]
            else:
                cause = (
                    "the backend cannot reach its database (DATABASE_URL host, credentials, TLS "
                    "or network)"
                )
                fix = (
                    "check DATABASE_URL in .env (Neon needs ?sslmode=require; in-cluster: the "
                    "database pod must be Ready), "
                    "then: todoctl deploy"
                )
            findings.append(
                Finding(
                    reason="DatabaseUnreachable",
                    severity="critical",
                    kind="Pod",
                    namespace=ns,
                    name=name,
                    evidence=evidence,
                    root_cause=cause,
                    fix=fix,
                )
            )
            break
    return findings


def helm_release(snap: Snapshot) -> list[Finding]:
    now = snap.reference_time()
    findings = []
    for release in snap.helm:
        info = release.get("info", {})
        status = info.get("status", "")
        name, ns = release.get("name", ""), release.get("namespace", "")
        if status not in {"failed", "pending-install", "pending-upgrade", "pending-rollback"}:
            continue
        deployed = parse_time(info.get("last_deployed"))
        if status.startswith("pending") and deployed and now - deployed < HELM_PENDING_GRACE:
            continue  # an operation is still running
        evidence = [
            f"release {name} revision {release.get('version')} is {status}: "
            f"{info.get('description', '')}"
        ]
        if status == "pending-install" or (status == "failed" and release.get("version") == 1):
            cause = "the first install did not finish, so there is no good revision to return to"
            fix = f"helm uninstall {name} {_ns_flag(ns)}&& todoctl deploy"
        else:
            cause = (
                "the last Helm operation "
                f"{'was interrupted' if status.startswith('pending') else 'failed'}; later "
                "upgrades are blocked"
            )
            fix = (
                f"helm rollback {name} {_ns_flag(ns)}--wait  # returns to the last deployed "
                "revision, then: todoctl deploy"
            )
        findings.append(
            Finding(
                reason="HelmReleaseFailed",
                severity="critical",
                kind="HelmRelease",
                namespace=ns,
                name=name,
                evidence=evidence,
                root_cause=cause,
                fix=fix,
            )
        )
    return findings


def node_health(snap: Snapshot) -> list[Finding]:
    findings = []
    for node in snap.of("Node"):
        _ns, name = _meta(node)
        bad = []
        for cond in node.get("status", {}).get("conditions", []) or []:
            healthy = "True" if cond.get("type") == "Ready" else "False"
            if cond.get("status") != healthy:
                bad.append(f"{cond.get('type')}={cond.get('status')}: {cond.get('message', '')}")
        if bad:
            cause = "the Minikube node is not healthy (stopped, or short of memory, disk or PIDs)"
            fix = (
                "minikube status && minikube start  # if short of resources: docker system prune, "
                "or more memory"
            )
            findings.append(
                Finding(
                    reason="NodeNotReady",
                    severity="critical",
                    kind="Node",
                    namespace="",
                    name=name,
                    evidence=bad,
                    root_cause=cause,
                    fix=fix,
                )
            )
    return findings


def rollout_stuck(snap: Snapshot, explained_pods: set[str]) -> list[Finding]:
    """A Deployment past its progress deadline, unless a pod finding already names why."""
    explained = {owner_workload(p) for p in snap.of("Pod") if _meta(p)[1] in explained_pods}
    findings = []
    for deploy in snap.of("Deployment"):
        ns, name = _meta(deploy)
        cond = _condition(deploy, "Progressing")
        if cond.get("reason") != "ProgressDeadlineExceeded" or name in explained:
            continue
        evidence = [f"Progressing=False ProgressDeadlineExceeded: {cond.get('message', '')}"]
        cause = "the new ReplicaSet's pods did not become available within progressDeadlineSeconds"
        fix = (
            f"kubectl {_ns_flag(ns)}rollout undo deployment/{name}  # then: kubectl "
            f"{_ns_flag(ns)}describe pods"
        )
        findings.append(
            Finding(
                reason="RolloutStuck",
                severity="critical",
                kind="Deployment",
                namespace=ns,
                name=name,
                evidence=evidence,
                root_cause=cause,
                fix=fix,
            )
        )
    return findings


# Analyzers that look at objects directly; the symptom analyzers (endpoints,
# rollouts) run after them and stay quiet where these already named the cause.
ANALYZERS: tuple[Callable[[Snapshot], list[Finding]], ...] = (
    helm_release,
    node_health,
    image_pull,
    missing_config,
    database_unreachable,
    oom_killed,
    crash_loop,
    probe_failure,
    unschedulable,
    pvc_unbound,
    hpa_metrics,
)
# A pod's crash loop or failing probe is the symptom when its cause is known.
SYMPTOMS_OF = {"DatabaseUnreachable": {"CrashLoop", "ProbeFailure"}}


def diagnose(snap: Snapshot) -> list[Finding]:
    # Pods already on their way out (deleted, shutting down) are history, not faults.
    snap = replace(
        snap,
        objects={
            kind: [o for o in items if not o.get("metadata", {}).get("deletionTimestamp")]
            for kind, items in snap.objects.items()
        },
    )
    findings = [finding for analyzer in ANALYZERS for finding in analyzer(snap)]
    causes = {(f.name, s) for f in findings for s in SYMPTOMS_OF.get(f.reason, ())}
    findings = [f for f in findings if (f.name, f.reason) not in causes]
    explained = {f.name for f in findings if f.kind == "Pod"}
    named = " ".join(f.root_cause for f in findings)
    return findings + no_endpoints(snap, explained, named) + rollout_stuck(snap, explained)
