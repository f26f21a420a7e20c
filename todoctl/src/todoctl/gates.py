"""The ten validation gates.

Each gate is a `judge_*` function (pure: Kubernetes objects and measurements in,
a GateResult out) plus a thin `gate_*` driver that gathers those inputs through
the cluster adapter. A gate that cannot run is SKIPPED with its reason, never PASS.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from todoctl.diagnose import Finding, diagnose, event_time
from todoctl.kube import CommandError, Kube
from todoctl.prober import Prober
from todoctl.snapshot import parse_time

PASS, FAIL, SKIPPED = "PASS", "FAIL", "SKIPPED"
MB = 1_000_000
IMAGE_LIMIT_BYTES = 500 * MB
POD_READY_LIMIT = 120.0
SCALE_LIMIT = 60.0
RECOVERY_LIMIT = 90.0
ROLLBACK_LIMIT = 60.0
REPRODUCE_LIMIT = 15 * 60.0
FAULT_LIMIT = 150.0
GATE_NAMES = {
    1: "Container build",
    2: "Kubernetes deploy",
    3: "Pod health",
    4: "Service access",
    5: "Replica scaling",
    6: "Failure recovery",
    7: "Helm upgrade",
    8: "Helm rollback",
    9: "Diagnostics",
    10: "Reproducibility",
}
# Warnings Kubernetes resolves by itself during a rollout: reported, not failed, once
# the object they are about is healthy again.
# (CalculateExpectedPodCountFailed: a PDB meeting pods of a replaced or uninstalled
# ReplicaSet that are still shutting down. FailedMount: a StatefulSet's pod scheduled a
# moment before the API server serves its new PVC, "failed to fetch PVC from API server";
# a pod whose volume never mounts is never Ready, so its warning still fails the gate.)
ROLLOUT_NOISE = {
    "FailedMount",
    "Unhealthy",
    "BackOff",
    "FailedGetResourceMetric",
    "FailedComputeMetricsReplicas",
    "CalculateExpectedPodCountFailed",
}


@dataclass
class GateResult:
    number: int
    name: str
    status: str
    measured: str
    limit: str
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def result(
    number: int, status: str, measured: str, limit: str, details: Sequence[str] = ()
) -> GateResult:
    return GateResult(number, GATE_NAMES[number], status, measured, limit, list(details))


# What each gate promises, shown beside "not measured" when it is skipped.
LIMITS = {
    1: "< 500 MB each, HEALTHCHECK, non-root",
    2: "0 unresolved Warning events",
    3: f"all Ready within {POD_READY_LIMIT:.0f} s",
    4: "HTTP 200 from both + sign-up/chat/read round trip",
    5: f"HPAs min 2/max 5/70% CPU with metrics; 3rd backend pod Ready ≤ {SCALE_LIMIT:.0f} s",
    6: f"0 failed requests, within {RECOVERY_LIMIT:.0f} s",
    7: "0 failed requests",
    8: f"0 failed requests, within {ROLLBACK_LIMIT:.0f} s",
    9: "every fault named",
    10: "< 15 min with gates 1-9 passing",
}


def skipped(number: int, reason: str) -> GateResult:
    return result(number, SKIPPED, "not measured", LIMITS[number], [reason])


# -- pure judges ----------------------------------------------------------------------
def _is_root(user: str) -> bool:
    name = user.split(":")[0].strip()
    return name in {"", "0", "root"}


def judge_build(
    inspections: Mapping[str, dict[str, Any] | None], refs: Mapping[str, str]
) -> GateResult:
    limit = LIMITS[1]
    problems, figures = [], []
    for service, ref in refs.items():
        info = inspections.get(service)
        if info is None:
            problems.append(f"{ref}: image not found (run: todoctl images build)")
            continue
        size = int(info.get("Size", 0))
        config = info.get("Config") or {}
        figures.append(f"{service} {size / MB:.0f} MB")
        if size >= IMAGE_LIMIT_BYTES:
            problems.append(f"{ref}: {size / MB:.0f} MB is over the 500 MB limit")
        if not (config.get("Healthcheck") or {}).get("Test"):
            problems.append(f"{ref}: no HEALTHCHECK")
        if _is_root(str(config.get("User", ""))):
            problems.append(f"{ref}: runs as root (Config.User={config.get('User', '')!r})")
    measured = ", ".join(figures) or "no images"
    return result(1, FAIL if problems else PASS, measured, limit, problems)


def _release_pod_ready(pod: dict[str, Any]) -> bool:
    conditions = pod.get("status", {}).get("conditions", []) or []
    ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)
    return pod.get("status", {}).get("phase") == "Running" and ready


def judge_events(
    events: Sequence[dict[str, Any]],
    *,
    release: str,
    since: datetime,
    unhealthy_objects: set[str],
) -> GateResult:
    """Warning events about the release's objects since the last deploy. Rollout noise
    about an object that is healthy (or gone, replaced) now is listed but does not fail."""
    unresolved, resolved = [], []
    for event in events:
        obj = event.get("involvedObject", {})
        when = event_time(event)
        if event.get("type") == "Normal" or not str(obj.get("name", "")).startswith(release):
            continue
        if when is not None and when < since:
            continue
        line = (
            f"{obj.get('kind')}/{obj.get('name')}: {event.get('reason')} "
            f"x{event.get('count', 1)}: {event.get('message', '')}"
        )
        if event.get("reason") in ROLLOUT_NOISE and obj.get("name") not in unhealthy_objects:
            resolved.append(f"resolved rollout noise: {line}")
        else:
            unresolved.append(line)
    measured = (
        f"{len(unresolved)} unresolved warning events ({len(resolved)} resolved rollout warnings)"
    )
    return result(
        2,
        FAIL if unresolved else PASS,
        measured,
        LIMITS[2],
        unresolved + resolved,
    )


def judge_pods(
    pods: Sequence[dict[str, Any]], elapsed: float, limit: float = POD_READY_LIMIT
) -> GateResult:
    not_ready = [p["metadata"]["name"] for p in pods if not _release_pod_ready(p)]
    measured = (
        f"{len(pods) - len(not_ready)}/{len(pods)} pods Running and Ready after {elapsed:.0f} s"
    )
    ok = pods and not not_ready and elapsed <= limit
    details = [f"not ready: {name}" for name in not_ready] or (
        [] if pods else ["no pods found for the release"]
    )
    return result(3, PASS if ok else FAIL, measured, f"all Ready within {limit:.0f} s", details)


def judge_hpas(hpas: Sequence[dict[str, Any]], expected: Mapping[str, int]) -> list[str]:
    """Problems with the HPAs: missing metrics or min/max/target not as configured."""
    problems = []
    if not hpas:
        return ["no HorizontalPodAutoscaler found for the release"]
    for hpa in hpas:
        name = hpa["metadata"]["name"]
        spec = hpa.get("spec", {})
        targets = [
            m["resource"]["target"].get("averageUtilization")
            for m in spec.get("metrics", []) or []
            if m.get("type") == "Resource" and m["resource"].get("name") == "cpu"
        ]
        configured = {
            "min": spec.get("minReplicas"),
            "max": spec.get("maxReplicas"),
            "target": targets[0] if targets else None,
        }
        for key, want in expected.items():
            if configured[key] != want:
                problems.append(f"{name}: {key} is {configured[key]}, expected {want}")
        if not hpa.get("status", {}).get("currentMetrics"):
            problems.append(f"{name}: no current CPU metrics (metrics-server)")
    return problems


def template_fingerprint(deployments: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What 'the same spec' means for upgrade/rollback: each Deployment's pod template."""
    return {d["metadata"]["name"]: d.get("spec", {}).get("template") for d in deployments}


def judge_zero_downtime(
    number: int,
    probe_failed: int,
    probe_sent: int,
    elapsed: float,
    limit: float | None,
    problems: Sequence[str],
) -> GateResult:
    measured = f"{probe_failed} failed of {probe_sent} requests, done in {elapsed:.0f} s"
    limit_text = "0 failed requests" + (f", within {limit:.0f} s" if limit else "")
    ok = (
        probe_sent > 0
        and probe_failed == 0
        and not problems
        and (limit is None or elapsed <= limit)
    )
    details = list(problems) + ([] if probe_sent else ["the prober sent no request"])
    return result(number, PASS if ok else FAIL, measured, limit_text, details)


def judge_diagnosis(
    expected: Mapping[str, str], found: Mapping[str, list[Finding]], seconds: Mapping[str, float]
) -> GateResult:
    named, details = 0, []
    for fault, reason in expected.items():
        hits = [f for f in found.get(fault, []) if f.reason == reason]
        if hits:
            named += 1
            details.append(
                f"{fault}: {reason} named in {seconds.get(fault, 0):.0f} s; fix: {hits[0].fix}"
            )
        else:
            got = ", ".join(sorted({f.reason for f in found.get(fault, [])})) or "nothing"
            details.append(f"{fault}: expected {reason}, diagnose found {got}")
    status = PASS if named == len(expected) else FAIL
    return result(
        9,
        status,
        f"{named}/{len(expected)} injected faults named with their fix",
        LIMITS[9],
        details,
    )


# -- drivers --------------------------------------------------------------------------
@dataclass
class GateContext:
    kube: Kube
    release: str
    image_refs: dict[str, str]
    inspect_image: Callable[[str], dict[str, Any] | None]
    urls: Callable[[], dict[str, str]]
    http: httpx.Client
    hpa_expected: dict[str, int] = field(default_factory=lambda: {"min": 2, "max": 5, "target": 70})
    poll_interval: float = 2.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    log: Callable[[str], None] = lambda _msg: None
    chart: Path | None = None
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def selector(self) -> str:
        return f"app.kubernetes.io/instance={self.release}"

    def component(self, name: str) -> str:
        return f"{self.selector},app.kubernetes.io/component={name}"

    def wait_for(self, condition: Callable[[], bool], limit: float) -> tuple[bool, float]:
        """Poll `condition` until true or `limit` seconds passed; (met, seconds taken)."""
        start = self.clock()
        while True:
            if condition():
                return True, self.clock() - start
            if self.clock() - start >= limit:
                return False, self.clock() - start
            self.sleep(self.poll_interval)

    def deployment(self, component: str) -> dict[str, Any]:
        found = self.kube.get("deployments", self.component(component))
        if not found:
            raise LookupError(f"no {component} Deployment for release {self.release}")
        return found[0]

    def rollout_done(self, components: Sequence[str] = ("backend", "frontend")) -> bool:
        for component in components:
            d = self.deployment(component)
            want = d.get("spec", {}).get("replicas", 0)
            status = d.get("status", {})
            if status.get("observedGeneration", 0) < d["metadata"].get("generation", 0):
                return False
            if status.get("updatedReplicas", 0) != want or status.get("readyReplicas", 0) != want:
                return False
            if status.get("replicas", 0) != want:  # old pods still terminating
                return False
        return True

    def probe_urls(self) -> list[str]:
        urls = self.urls()
        return [urls["frontend"] + "/healthz", urls["backend"] + "/api/health"]


def gate_build(ctx: GateContext) -> GateResult:
    inspections = {service: ctx.inspect_image(ref) for service, ref in ctx.image_refs.items()}
    return judge_build(inspections, ctx.image_refs)


def gate_deploy(ctx: GateContext) -> GateResult:
    status = ctx.kube.helm_status(ctx.release)
    if not status:
        return skipped(2, f"release {ctx.release} is not installed (run: todoctl deploy)")
    since = parse_time(status.get("info", {}).get("last_deployed"))
    if since is None:
        return skipped(2, "helm status has no last_deployed time")
    pods = ctx.kube.get("pods", ctx.selector)
    hpas = ctx.kube.get("horizontalpodautoscalers.autoscaling", ctx.selector)
    unhealthy = {p["metadata"]["name"] for p in pods if not _release_pod_ready(p)}
    unhealthy |= {
        h["metadata"]["name"] for h in hpas if not h.get("status", {}).get("currentMetrics")
    }
    unhealthy |= {  # a PDB that still cannot count its pods
        b["metadata"]["name"]
        for b in ctx.kube.get("poddisruptionbudgets.policy", ctx.selector)
        if any(
            c.get("reason") == "SyncFailed" for c in b.get("status", {}).get("conditions", []) or []
        )
    }
    return judge_events(
        ctx.kube.get("events"), release=ctx.release, since=since, unhealthy_objects=unhealthy
    )


def gate_pods(ctx: GateContext) -> GateResult:
    pods: list[dict[str, Any]] = []

    def all_ready() -> bool:
        nonlocal pods
        pods = [
            p
            for p in ctx.kube.get("pods", ctx.selector)
            if p.get("status", {}).get("phase") != "Succeeded"
        ]
        return bool(pods) and all(_release_pod_ready(p) for p in pods)

    _met, elapsed = ctx.wait_for(all_ready, POD_READY_LIMIT)
    return judge_pods(pods, elapsed)


def _round_trip(ctx: GateContext, frontend: str) -> str | None:
    """Sign up, add a task through the chat, read it back. None on success, else why not."""
    # letters only: digits in a title could read as a time or a date to the chat planner
    stamp = "".join(chr(ord("a") + int(c, 16)) for c in uuid.uuid4().hex[:10])
    auth = ctx.http.post(
        f"{frontend}/api/auth/register",
        json={
            "email": f"todoctl-{stamp}@example.com",
            "password": f"Validate-{stamp}-pw",
            "name": "todoctl",
        },
    )
    if auth.status_code != 201:
        return f"register: HTTP {auth.status_code}"
    headers = {"Authorization": f"Bearer {auth.json()['access_token']}"}
    title = f"validate {stamp}"
    chat = ctx.http.post(
        f"{frontend}/api/chat", json={"message": f"add a task {title}"}, headers=headers
    )
    if chat.status_code != 200:
        return f"chat: HTTP {chat.status_code}"
    tasks = ctx.http.get(f"{frontend}/api/tasks", params={"q": stamp}, headers=headers)
    if tasks.status_code != 200:
        return f"read tasks: HTTP {tasks.status_code}"
    body = tasks.json()
    items = body.get("items", []) if isinstance(body, dict) else body
    if not any(stamp in str(task.get("title", "")) for task in items):
        return (
            f"the task added by chat was not listed (chat reply: {chat.json().get('reply', '')!r})"
        )
    return None


def gate_access(ctx: GateContext) -> GateResult:
    urls = ctx.urls()
    checks = {"frontend": urls["frontend"] + "/", "backend": urls["backend"] + "/api/health"}
    codes, problems = {}, []
    for name, url in checks.items():
        try:
            # the frontend's / sends a signed-out visitor on to /login (303)
            codes[name] = ctx.http.get(url, follow_redirects=True).status_code
        except httpx.HTTPError as exc:
            codes[name] = 0
            problems.append(f"{url}: {type(exc).__name__}: {exc}")
        if codes[name] != 200:
            problems.append(f"{url}: HTTP {codes[name]}")
    if not problems:
        failure = _round_trip(ctx, urls["frontend"])
        if failure:
            problems.append(f"round trip: {failure}")
    measured = ", ".join(f"{n} HTTP {c}" for n, c in codes.items())
    measured += ", round trip " + ("ok" if not problems else "not ok")
    return result(
        4,
        FAIL if problems else PASS,
        measured,
        LIMITS[4],
        problems,
    )


def gate_scaling(ctx: GateContext) -> GateResult:
    hpas = ctx.kube.get("horizontalpodautoscalers.autoscaling", ctx.selector)
    problems = judge_hpas(hpas, ctx.hpa_expected)
    hpa_summary = "HPAs as configured" if not problems else f"{len(problems)} HPA problem(s)"
    backend = ctx.deployment("backend")
    name = backend["metadata"]["name"]
    hpa = next((h for h in hpas if h["spec"]["scaleTargetRef"]["name"] == name), None)
    # With an HPA in charge a manual `kubectl scale` is undone at its next sync, so the
    # third pod is asked of the HPA (minReplicas 3), as an operator would.
    if hpa is not None:
        hpa_name, hpa_min = hpa["metadata"]["name"], hpa["spec"]["minReplicas"]
        ctx.kube.patch_hpa(hpa_name, {"spec": {"minReplicas": 3}})

        def restore() -> None:
            ctx.kube.patch_hpa(hpa_name, {"spec": {"minReplicas": hpa_min}})
    else:
        replicas = backend.get("spec", {}).get("replicas", 2)
        ctx.kube.scale(name, 3)

        def restore() -> None:
            ctx.kube.scale(name, replicas)

    try:
        met, elapsed = ctx.wait_for(
            lambda: ctx.deployment("backend").get("status", {}).get("readyReplicas", 0) >= 3,
            SCALE_LIMIT,
        )
    finally:
        restore()
    if not met:
        problems.append(f"third backend pod not Ready within {SCALE_LIMIT:.0f} s")
    measured = f"3rd backend pod Ready in {elapsed:.0f} s; {hpa_summary}"
    return result(5, FAIL if problems else PASS, measured, LIMITS[5], problems)


def gate_recovery(ctx: GateContext) -> GateResult:
    victims = []
    for component in ("backend", "frontend"):
        pods = ctx.kube.get("pods", ctx.component(component))
        if not pods:
            return result(
                6,
                FAIL,
                "no pod to delete",
                f"replacement Ready ≤ {RECOVERY_LIMIT:.0f} s",
                [f"no {component} pod"],
            )
        victims.append(pods[0]["metadata"]["name"])
    start = ctx.clock()
    with Prober(ctx.probe_urls(), ctx.http, max_seconds=RECOVERY_LIMIT + 30) as prober:
        for victim in victims:
            ctx.kube.delete_pod(victim)

        def replaced() -> bool:
            names = {p["metadata"]["name"] for p in ctx.kube.get("pods", ctx.selector)}
            return not (names & set(victims)) and ctx.rollout_done()

        met, _ = ctx.wait_for(replaced, RECOVERY_LIMIT)
    elapsed = ctx.clock() - start
    problems = [] if met else [f"replacements not Ready within {RECOVERY_LIMIT:.0f} s"]
    problems += prober.stats.errors
    gate = judge_zero_downtime(
        6, prober.stats.failed, prober.stats.sent, elapsed, RECOVERY_LIMIT, problems
    )
    gate.details.insert(0, f"deleted {', '.join(victims)}")
    return gate


def gate_upgrade(ctx: GateContext) -> GateResult:
    if ctx.chart is None:
        return skipped(7, "no chart path given")
    history = ctx.kube.helm_history(ctx.release)
    if not history:
        return skipped(7, f"release {ctx.release} is not installed (run: todoctl deploy)")
    ctx.state["pre_upgrade_revision"] = history[-1]["revision"]
    ctx.state["pre_upgrade_templates"] = template_fingerprint(
        ctx.kube.get("deployments", ctx.selector)
    )
    stamp = uuid.uuid4().hex[:12]
    changed = {f"{c}.podAnnotations.todoctl-validate": stamp for c in ("backend", "frontend")}
    start = ctx.clock()
    with Prober(ctx.probe_urls(), ctx.http) as prober:
        outcome = ctx.kube.helm_upgrade_install(
            ctx.release, ctx.chart, set_values=changed, reuse_values=True, rollback_on_failure=True
        )
        done, _ = ctx.wait_for(ctx.rollout_done, ROLLBACK_LIMIT) if outcome.ok else (False, 0.0)
    elapsed = ctx.clock() - start
    problems = [] if outcome.ok else [f"helm upgrade failed: {outcome.stderr.strip()[-300:]}"]
    if outcome.ok:
        pods = [
            p
            for p in ctx.kube.get("pods", ctx.selector)
            if p["metadata"]["labels"].get("app.kubernetes.io/component") in {"backend", "frontend"}
            and not p["metadata"].get("deletionTimestamp")  # old pods still shutting down
        ]
        stale = [
            p["metadata"]["name"]
            for p in pods
            if p["metadata"].get("annotations", {}).get("todoctl-validate") != stamp
        ]
        if stale or not done:
            stale_text = ", ".join(stale) or "rollout incomplete"
            problems.append(f"new configuration not on every pod (stale: {stale_text})")
    problems += prober.stats.errors
    return judge_zero_downtime(7, prober.stats.failed, prober.stats.sent, elapsed, None, problems)


def gate_rollback(ctx: GateContext) -> GateResult:
    revision = ctx.state.get("pre_upgrade_revision")
    if revision is None:
        return skipped(8, "needs gate 7 (upgrade) in the same run to know the previous revision")
    start = ctx.clock()
    with Prober(ctx.probe_urls(), ctx.http) as prober:
        outcome = ctx.kube.helm_rollback(ctx.release, revision)
        done, _ = ctx.wait_for(ctx.rollout_done, ROLLBACK_LIMIT) if outcome.ok else (False, 0.0)
    elapsed = ctx.clock() - start
    problems = [] if outcome.ok else [f"helm rollback failed: {outcome.stderr.strip()[-300:]}"]
    if outcome.ok and not done:
        problems.append(f"rollout not complete within {ROLLBACK_LIMIT:.0f} s")
    if (
        template_fingerprint(ctx.kube.get("deployments", ctx.selector))
        != ctx.state["pre_upgrade_templates"]
    ):
        problems.append("pod templates differ from the pre-upgrade revision")
    problems += prober.stats.errors
    return judge_zero_downtime(
        8, prober.stats.failed, prober.stats.sent, elapsed, ROLLBACK_LIMIT, problems
    )


def crash_patch(container: str) -> dict[str, Any]:
    """A strategic-merge patch that makes the container exit 3 right after start."""
    command = ["/bin/sh", "-c", "echo injected fault by todoctl validate >&2; exit 3"]
    return {
        "spec": {"template": {"spec": {"containers": [{"name": container, "command": command}]}}}
    }


def gate_diagnostics(ctx: GateContext) -> GateResult:
    history = ctx.kube.helm_history(ctx.release)
    if not history:
        return skipped(9, f"release {ctx.release} is not installed (run: todoctl deploy)")
    good_revision = history[-1]["revision"]
    backend = ctx.deployment("backend")
    name = backend["metadata"]["name"]
    container = backend["spec"]["template"]["spec"]["containers"][0]
    repository = container["image"].rsplit(":", 1)[0]
    faults: dict[str, tuple[str, Callable[[], None]]] = {
        "missing image tag": (
            "ImagePullFailure",
            lambda: ctx.kube.set_image(name, container["name"], f"{repository}:todoctl-missing"),
        ),
        "crashing backend": (
            "CrashLoop",
            lambda: ctx.kube.patch_deployment(name, crash_patch(container["name"])),
        ),
    }
    found: dict[str, list[Finding]] = {}
    seconds: dict[str, float] = {}
    try:
        for fault, (reason, inject) in faults.items():
            ctx.log(f"injecting fault: {fault}")
            inject()
            findings: list[Finding] = []

            def named(reason: str = reason) -> bool:
                nonlocal findings
                findings = diagnose(ctx.kube.snapshot(ctx.release))
                return any(f.reason == reason for f in findings)

            _met, seconds[fault] = ctx.wait_for(named, FAULT_LIMIT)
            found[fault] = findings
            ctx.kube.rollout_undo(name)
            ctx.wait_for(ctx.rollout_done, RECOVERY_LIMIT)
    finally:
        # helm rollback re-applies the good revision whatever kubectl changed meanwhile
        ctx.kube.helm_rollback(ctx.release, good_revision)
    return judge_diagnosis({f: r for f, (r, _i) in faults.items()}, found, seconds)


GATES: dict[int, Callable[[GateContext], GateResult]] = {
    1: gate_build,
    2: gate_deploy,
    3: gate_pods,
    4: gate_access,
    5: gate_scaling,
    6: gate_recovery,
    7: gate_upgrade,
    8: gate_rollback,
    9: gate_diagnostics,
}


def run_gate(number: int, ctx: GateContext) -> GateResult:
    start = ctx.clock()
    try:
        gate = GATES[number](ctx)
    except (CommandError, LookupError, httpx.HTTPError) as exc:
        gate = result(number, FAIL, "error", "", [str(exc)])
    gate.seconds = round(ctx.clock() - start, 1)
    return gate


def judge_reproducibility(total_seconds: float, earlier: Sequence[GateResult]) -> GateResult:
    failed = [f"gate {g.number} {g.status}" for g in earlier if g.status != PASS]
    ok = not failed and total_seconds <= REPRODUCE_LIMIT
    measured = f"fresh cluster to validated deployment in {total_seconds / 60:.1f} min"
    return result(10, PASS if ok else FAIL, measured, LIMITS[10], failed)
