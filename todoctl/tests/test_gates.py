"""Gate logic: pure judges on API-shaped objects, drivers against the adapter's double."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from todoctl import gates
from todoctl.gates import FAIL, PASS, SKIPPED, GateContext
from todoctl.kube import CommandError, Result
from todoctl.snapshot import load_snapshot, parse_time

from .fakes import FakeClock, FakeKube, Http

SNAPSHOTS = Path(__file__).parent / "fixtures" / "snapshots"
REFS = {
    "backend": "hackathon-todo-backend:1.0.0-abc1234",
    "frontend": "hackathon-todo-frontend:1.0.0-abc1234",
}


def inspection(
    size_mb: int = 180, user: str = "10001:10001", healthcheck: bool = True
) -> dict[str, Any]:
    """The fields gate 1 reads from `docker image inspect` output."""
    config: dict[str, Any] = {"User": user, "ExposedPorts": {"7860/tcp": {}}}
    if healthcheck:
        config["Healthcheck"] = {"Test": ["CMD", "python", "-c", "..."], "Interval": 30000000000}
    return {
        "Id": "sha256:1c3e",
        "RepoTags": list(REFS.values()),
        "Size": size_mb * 1_000_000,
        "Config": config,
    }


@pytest.fixture
def kube() -> FakeKube:
    return FakeKube()


@pytest.fixture
def http() -> Http:
    return Http()


@pytest.fixture
def ctx(kube: FakeKube, http: Http) -> GateContext:
    clock = FakeClock(kube)
    return GateContext(
        kube=kube,
        release="todo-chatbot",
        image_refs=dict(REFS),
        inspect_image=lambda ref: inspection(),
        urls=lambda: {
            "frontend": "http://192.168.49.2:30080",
            "backend": "http://192.168.49.2:30860",
        },
        http=http.client,
        clock=clock.clock,
        sleep=clock.sleep,
        chart=Path("deploy/helm/todo-chatbot"),
    )


# -- gate 1 ---------------------------------------------------------------------------
def test_build_passes_small_healthchecked_non_root_images() -> None:
    gate = gates.judge_build({"backend": inspection(180), "frontend": inspection(150)}, REFS)
    assert gate.status == PASS
    assert gate.measured == "backend 180 MB, frontend 150 MB"


@pytest.mark.parametrize(
    ("backend", "problem"),
    [
        (None, "image not found"),
        (inspection(size_mb=612), "over the 500 MB limit"),
        (inspection(healthcheck=False), "no HEALTHCHECK"),
        (inspection(user=""), "runs as root"),
        (inspection(user="root"), "runs as root"),
    ],
)
def test_build_fails_with_the_reason(backend: dict[str, Any] | None, problem: str) -> None:
    gate = gates.judge_build({"backend": backend, "frontend": inspection()}, REFS)
    assert gate.status == FAIL
    assert any(problem in line for line in gate.details)


# -- gate 2 ---------------------------------------------------------------------------
def test_deploy_reports_resolved_rollout_noise_without_failing() -> None:
    snap = load_snapshot(SNAPSHOTS / "healthy")
    gate = gates.judge_events(
        snap.of("Event"),
        release="todo-chatbot",
        since=parse_time("2024-05-14T10:00:00Z"),
        unhealthy_objects=set(),
    )
    assert gate.status == PASS
    assert gate.measured.startswith("0 unresolved")
    assert any(line.startswith("resolved rollout noise: Pod/") for line in gate.details)


def test_deploy_fails_on_an_unresolved_warning() -> None:
    snap = load_snapshot(SNAPSHOTS / "image-tag-missing")
    pod = snap.of("Pod")[0]["metadata"]["name"]
    gate = gates.judge_events(
        snap.of("Event"),
        release="todo-chatbot",
        since=parse_time("2024-05-14T10:00:00Z"),
        unhealthy_objects={pod},
    )
    assert gate.status == FAIL
    assert "ErrImageNeverPull" in "\n".join(gate.details)


def test_deploy_ignores_events_from_before_the_last_deploy() -> None:
    snap = load_snapshot(SNAPSHOTS / "image-tag-missing")
    gate = gates.judge_events(
        snap.of("Event"),
        release="todo-chatbot",
        since=parse_time("2026-12-03T09:00:00Z"),  # after the capture
        unhealthy_objects=set(),
    )
    assert gate.status == PASS


def test_deploy_forgives_a_pdb_that_met_old_pods_once_it_counts_again() -> None:
    """After a reinstall the new PDB sees the old release's pods still shutting down."""
    event = {
        "type": "Warning",
        "reason": "CalculateExpectedPodCountFailed",
        "message": 'Failed to calculate the number of expected pods: found no controllers for "x"',
        "involvedObject": {"kind": "PodDisruptionBudget", "name": "todo-chatbot-backend"},
        "lastTimestamp": "2026-12-03T08:20:00Z",
    }
    since = parse_time("2026-12-03T08:19:00Z")
    assert since is not None
    ok = gates.judge_events([event], release="todo-chatbot", since=since, unhealthy_objects=set())
    assert ok.status == PASS
    stuck = gates.judge_events(
        [event], release="todo-chatbot", since=since, unhealthy_objects={"todo-chatbot-backend"}
    )
    assert stuck.status == FAIL


def test_deploy_forgives_a_volume_that_mounted_once_its_pod_is_ready() -> None:
    """Seen on the testbed: the PostgreSQL pod asked for its PVC a moment too early."""
    event = {
        "type": "Warning",
        "reason": "FailedMount",
        "message": "Unable to attach or mount volumes: unmounted volumes=[data]: error processing "
        "PVC hackathon-dev/data-todo-chatbot-postgresql-0: failed to fetch PVC from API server",
        "involvedObject": {"kind": "Pod", "name": "todo-chatbot-postgresql-0"},
        "lastTimestamp": "2026-12-03T14:20:00Z",
    }
    since = parse_time("2026-12-03T14:19:00Z")
    assert since is not None
    ok = gates.judge_events([event], release="todo-chatbot", since=since, unhealthy_objects=set())
    assert ok.status == PASS
    stuck = gates.judge_events(
        [event],
        release="todo-chatbot",
        since=since,
        unhealthy_objects={"todo-chatbot-postgresql-0"},
    )
    assert stuck.status == FAIL


def test_deploy_gate_is_skipped_without_a_release(ctx: GateContext, kube: FakeKube) -> None:
    kube.history = []
    gate = gates.gate_deploy(ctx)
    assert gate.status == SKIPPED and "not installed" in gate.details[0]


# -- gate 3 ---------------------------------------------------------------------------
def test_pods_pass_when_ready_in_time() -> None:
    pods = load_snapshot(SNAPSHOTS / "healthy").of("Pod")
    gate = gates.judge_pods(pods, elapsed=12)
    assert gate.status == PASS and gate.measured == "4/4 pods Running and Ready after 12 s"


def test_pods_fail_when_one_is_not_ready() -> None:
    pods = load_snapshot(SNAPSHOTS / "image-tag-missing").of("Pod")
    gate = gates.judge_pods(pods, elapsed=120)
    assert gate.status == FAIL
    assert gate.details == ["not ready: todo-chatbot-backend-74d7fbc845-qbzf7"]


def test_pod_gate_waits_then_measures(ctx: GateContext, kube: FakeKube) -> None:
    kube.objects["Pod"][0]["status"]["conditions"][2]["status"] = "False"  # Ready=False
    kube.pending = 3  # the controllers fix it three polls later
    gate = gates.gate_pods(ctx)
    assert gate.status == PASS
    assert gate.measured == "4/4 pods Running and Ready after 6 s"


def test_pod_gate_gives_up_at_the_limit(ctx: GateContext, kube: FakeKube) -> None:
    kube.objects["Pod"][0]["status"]["conditions"][2]["status"] = "False"
    gate = gates.gate_pods(ctx)
    assert gate.status == FAIL and "after 120 s" in gate.measured


# -- gate 4 ---------------------------------------------------------------------------
def test_access_checks_both_services_and_a_real_round_trip(ctx: GateContext, http: Http) -> None:
    gate = gates.gate_access(ctx)
    assert gate.status == PASS, gate.details
    paths = [r.url.path for r in http.requests]
    assert paths[:3] == ["/", "/login", "/api/health"]  # the sign-in redirect is followed
    assert {"/api/auth/register", "/api/chat", "/api/tasks"} <= set(paths)


def test_access_fails_when_the_backend_is_down(ctx: GateContext, http: Http) -> None:
    http.fail_when = lambda r: r.url.port == 30860
    gate = gates.gate_access(ctx)
    assert gate.status == FAIL and "backend HTTP 503" in gate.measured


def test_access_fails_when_the_task_cannot_be_read_back(ctx: GateContext, http: Http) -> None:
    http.fail_when = lambda r: r.url.path == "/api/tasks"
    gate = gates.gate_access(ctx)
    assert gate.status == FAIL and "read tasks: HTTP 503" in gate.details[0]


# -- gate 5 ---------------------------------------------------------------------------
def test_hpas_at_rest_with_metrics_are_fine() -> None:
    hpas = load_snapshot(SNAPSHOTS / "healthy").of("HorizontalPodAutoscaler")
    assert gates.judge_hpas(hpas, {"min": 2, "max": 5, "target": 70}) == []


def test_hpas_without_metrics_or_with_other_bounds_are_named() -> None:
    hpas = load_snapshot(SNAPSHOTS / "hpa-no-metrics").of("HorizontalPodAutoscaler")
    problems = gates.judge_hpas(hpas, {"min": 3, "max": 5, "target": 70})
    assert "todo-chatbot-backend: min is 2, expected 3" in problems
    assert "todo-chatbot-backend: no current CPU metrics (metrics-server)" in problems


def test_scaling_asks_the_hpa_for_a_third_pod_then_restores_it(
    ctx: GateContext, kube: FakeKube
) -> None:
    gate = gates.gate_scaling(ctx)
    assert gate.status == PASS, gate.details
    assert gate.measured.startswith("3rd backend pod Ready in 4 s")
    hpa_calls = [c for c in kube.calls if c[0] == "patch_hpa"]
    assert hpa_calls == [
        ("patch_hpa", "todo-chatbot-backend", 3),
        ("patch_hpa", "todo-chatbot-backend", 2),
    ]


def test_scaling_without_an_hpa_scales_the_deployment(ctx: GateContext, kube: FakeKube) -> None:
    kube.objects["HorizontalPodAutoscaler"] = []
    gate = gates.gate_scaling(ctx)
    assert gate.status == FAIL  # the HPAs are part of the gate
    assert gate.details == ["no HorizontalPodAutoscaler found for the release"]
    assert [c for c in kube.calls if c[0] == "scale"] == [
        ("scale", "todo-chatbot-backend", 3),
        ("scale", "todo-chatbot-backend", 2),
    ]


def test_scaling_fails_when_the_third_pod_never_comes(ctx: GateContext, kube: FakeKube) -> None:
    kube.delay = 10_000
    gate = gates.gate_scaling(ctx)
    assert gate.status == FAIL and "not Ready within 60 s" in gate.details[0]


# -- gate 6 ---------------------------------------------------------------------------
def test_recovery_replaces_deleted_pods_without_downtime(ctx: GateContext, kube: FakeKube) -> None:
    gate = gates.gate_recovery(ctx)
    assert gate.status == PASS, gate.details
    deleted = [c[1] for c in kube.calls if c[0] == "delete_pod"]
    assert len(deleted) == 2 and "backend" in deleted[0] and "frontend" in deleted[1]
    assert gate.measured.startswith("0 failed of ")


def test_recovery_counts_failed_requests(ctx: GateContext, http: Http) -> None:
    http.fail_when = lambda r: r.url.path == "/healthz"
    gate = gates.gate_recovery(ctx)
    assert gate.status == FAIL
    assert not gate.measured.startswith("0 failed")


# -- gates 7 and 8 ---------------------------------------------------------------------
def test_upgrade_then_rollback_restore_the_original_spec(ctx: GateContext, kube: FakeKube) -> None:
    before = copy.deepcopy(kube._templates())
    upgrade = gates.gate_upgrade(ctx)
    assert upgrade.status == PASS, upgrade.details
    helm_call = next(c for c in kube.calls if c[0] == "helm_upgrade_install")
    assert helm_call[3] is True  # rollback on failure (--atomic / --rollback-on-failure)
    assert kube._templates() != before
    rollback = gates.gate_rollback(ctx)
    assert rollback.status == PASS, rollback.details
    assert ("helm_rollback", 1) in kube.calls
    assert kube._templates() == before


def test_upgrade_ignores_old_pods_that_are_still_shutting_down(
    ctx: GateContext, kube: FakeKube
) -> None:
    kube.keep_terminating = True
    gate = gates.gate_upgrade(ctx)
    assert gate.status == PASS, gate.details
    assert any(p["metadata"].get("deletionTimestamp") for p in kube.objects["Pod"])


def test_upgrade_fails_when_a_request_fails(ctx: GateContext, http: Http) -> None:
    http.fail_when = lambda r: r.url.port == 30860
    gate = gates.gate_upgrade(ctx)
    assert gate.status == FAIL and "30860/api/health: HTTP 503" in "\n".join(gate.details)


def test_upgrade_failure_from_helm_is_reported(ctx: GateContext, kube: FakeKube) -> None:
    kube.helm_fails_with = "context deadline exceeded"
    gate = gates.gate_upgrade(ctx)
    assert gate.status == FAIL and "context deadline exceeded" in gate.details[0]


def test_rollback_is_skipped_without_an_upgrade_in_the_same_run(ctx: GateContext) -> None:
    gate = gates.gate_rollback(ctx)
    assert gate.status == SKIPPED and "needs gate 7" in gate.details[0]


def test_rollback_fails_when_the_spec_does_not_come_back(ctx: GateContext, kube: FakeKube) -> None:
    assert gates.gate_upgrade(ctx).status == PASS
    kube.history[0]["templates"]["todo-chatbot-backend"]["metadata"]["labels"]["drift"] = "yes"
    gate = gates.gate_rollback(ctx)
    assert gate.status == FAIL and "differ from the pre-upgrade revision" in gate.details[0]


# -- gate 9 ---------------------------------------------------------------------------
def test_diagnostics_names_both_injected_faults_then_restores(
    ctx: GateContext, kube: FakeKube
) -> None:
    gate = gates.gate_diagnostics(ctx)
    assert gate.status == PASS, gate.details
    assert gate.measured == "2/2 injected faults named with their fix"
    assert "fix: todoctl up" in gate.details[0]
    assert "--previous" in gate.details[1]
    assert kube.calls[-1] == ("helm_rollback", 1)
    assert not kube.broken


def test_diagnostics_fails_when_a_fault_goes_unnamed(ctx: GateContext, kube: FakeKube) -> None:
    kube.delay = 10_000  # the injected pods never appear, so nothing can be diagnosed
    gate = gates.gate_diagnostics(ctx)
    assert gate.status == FAIL
    assert gate.details[0] == "missing image tag: expected ImagePullFailure, diagnose found nothing"


# -- gate 10 and the runner ------------------------------------------------------------
def test_reproducibility_needs_time_and_every_earlier_gate() -> None:
    passed = [gates.result(n, PASS, "", "") for n in range(1, 10)]
    assert gates.judge_reproducibility(6 * 60, passed).status == PASS
    assert gates.judge_reproducibility(16 * 60, passed).status == FAIL
    mixed = [*passed[:8], gates.skipped(9, "no cluster")]
    gate = gates.judge_reproducibility(6 * 60, mixed)
    assert gate.status == FAIL and gate.details == ["gate 9 SKIPPED"]


def test_run_gate_turns_a_tool_error_into_a_failure(ctx: GateContext, kube: FakeKube) -> None:
    kube.unreadable = True
    gate = gates.run_gate(3, ctx)
    assert gate.status == FAIL and "connection refused" in gate.details[0]


def test_a_cluster_tool_error_is_not_a_pass(ctx: GateContext) -> None:
    def broken(ref: str) -> dict[str, Any] | None:
        raise CommandError(["docker", "image", "inspect", ref], Result(1, "", "Cannot connect"))

    ctx.inspect_image = broken
    assert gates.run_gate(1, ctx).status == FAIL
