"""Analyzers over snapshots shaped exactly like `kubectl get -o json` output.

One fixture directory per failure mode and per healthy-but-noisy state; each is a
snapshot directory in the format `todoctl snapshot` writes.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from todoctl.diagnose import REASONS, diagnose, report
from todoctl.snapshot import CAPTURE_FILE, Snapshot, load_snapshot, write_snapshot

SNAPSHOTS = Path(__file__).parent / "fixtures" / "snapshots"
BACKEND_POD = "todo-chatbot-backend-6d4f8b9c7d-x2k9q"  # in the hand-made fixtures
BACKEND = "todo-chatbot-backend-"  # any backend pod of a real capture
NS = "-n hackathon-dev"

# fixture -> (reason, object name or its prefix, texts the root cause must contain, texts
# the fix must contain). The first seven were captured by `todoctl snapshot` from the
# testbed (deploy/testbed) with the fault induced for real by the cluster suite; the rest
# are hand-made (see fixtures/snapshots/README.md).
FAILURES: dict[str, tuple[str, str, list[str], list[str]]] = {
    "image-tag-missing": (
        "ImagePullFailure",
        BACKEND,
        ["hackathon-todo-backend:9.9.9-missing", "chart value backend.image.tag"],
        ["todoctl up  # builds what is missing"],
    ),
    "bad-config-exits": (
        "CrashLoop",
        BACKEND,
        ["setting JWT_EXPIRE_MINUTES (Input should be greater than 0)", "todo-chatbot-backend"],
        [f"helm rollback todo-chatbot 8 {NS} --wait"],
    ),
    "liveness-wrong-port": (
        "ProbeFailure",
        BACKEND,
        ["livenessProbe targets port 9999, the container declares port(s) 7860"],
        [
            f"kubectl {NS} patch deployment/todo-chatbot-backend --type=json",
            '"/spec/template/spec/containers/0/livenessProbe/httpGet/port", "value": 7860',
        ],
    ),
    "memory-limit-too-low": (
        "OOMKilled",
        BACKEND,
        ["limit (48Mi)"],
        [
            f"helm upgrade todo-chatbot deploy/helm/todo-chatbot {NS} --reuse-values "
            "--set backend.resources.limits.memory=512Mi"
        ],
    ),
    "database-down": (
        "DatabaseUnreachable",
        BACKEND,
        ["StatefulSet todo-chatbot-postgresql is scaled to 0 replicas"],
        [f"kubectl {NS} scale statefulset/todo-chatbot-postgresql --replicas=1"],
    ),
    "service-selector-matches-nothing": (
        "NoEndpoints",
        "todo-chatbot-backend",
        ["app.kubernetes.io/component=api", "matches no pod"],
        [
            f"kubectl {NS} patch service todo-chatbot-backend --type=merge -p "
            """'{"spec": {"selector": {"app.kubernetes.io/component": "backend"}}}'"""
        ],
    ),
    "helm-upgrade-fails": (
        "HelmReleaseFailed",
        "todo-chatbot",
        ["failed"],
        [f"helm rollback todo-chatbot {NS} --wait"],
    ),
    "image-pull-backoff": (
        "ImagePullFailure",
        "todo-chatbot-frontend-58c9d7f6b4-p5w8z",
        ["hackathon-todo-frontend:9.9.9-missing", "chart value frontend.image.tag"],
        ["todoctl up"],
    ),
    "unschedulable-cpu": (
        "Unschedulable",
        "todo-chatbot-backend-6d4f8b9c7d-q4h7j",
        ["free CPU"],
        ["--cpus"],
    ),
    "pvc-unbound": ("PVCUnbound", "todo-chatbot-database", ["storage class fast"], ["storage"]),
    "missing-secret-key": ("MissingConfig", BACKEND_POD, ["no key DATABASE_URL"], [".env"]),
    "hpa-no-metrics": (
        "HPAMetricsUnavailable",
        "todo-chatbot-backend",
        ["metrics-server"],
        ["minikube addons enable metrics-server"],
    ),
    "helm-pending-upgrade": (
        "HelmReleaseFailed",
        "todo-chatbot",
        ["interrupted"],
        ["helm rollback"],
    ),
}
HEALTHY_BUT_NOISY = [
    "healthy",  # old startup-probe failures and an old HPA metrics event; HPA resting at min
    "rollout-in-progress",  # a surge pod still starting, a fresh HPA, helm mid-upgrade
    "rollout-in-progress-no-capture-time",  # same, ages from the newest timestamp
    "recovered-restart",  # crashed once on a DB blip, Ready now
]


@pytest.mark.parametrize("fixture", sorted(FAILURES))
def test_each_failure_mode_is_named_with_its_cause_and_fix(fixture: str) -> None:
    reason, name, cause_texts, fix_texts = FAILURES[fixture]
    findings = diagnose(load_snapshot(SNAPSHOTS / fixture))
    matching = [f for f in findings if f.reason == reason and f.name.startswith(name)]
    assert matching, f"{fixture}: expected {reason} on {name}, got {findings}"
    finding = matching[0]
    for text in cause_texts:
        assert text in finding.root_cause
    for text in fix_texts:
        assert text in finding.fix
    assert finding.evidence and all(isinstance(line, str) for line in finding.evidence)


@pytest.mark.parametrize("fixture", sorted(FAILURES))
def test_one_fault_is_named_once(fixture: str) -> None:
    """Symptoms (a Service without endpoints, a crash loop) stay quiet when the cause is named;
    in the real captures so do old probe failures of a recovered pod, HPAs waiting for new
    pods' metrics and the database's Services while it is scaled to 0."""
    findings = diagnose(load_snapshot(SNAPSHOTS / fixture))
    expected_reason = FAILURES[fixture][0]
    # a failed upgrade is named with what made it fail (its new pods' image)
    also = {"ImagePullFailure"} if fixture == "helm-upgrade-fails" else set()
    assert {f.reason for f in findings} == {expected_reason} | also


@pytest.mark.parametrize("fixture", HEALTHY_BUT_NOISY)
def test_healthy_but_noisy_states_raise_no_alarm(fixture: str) -> None:
    snap = load_snapshot(SNAPSHOTS / fixture)
    assert diagnose(snap) == []
    assert report([]) == {"status": "ok", "findings": []}


def test_crashloop_evidence_carries_exit_code_and_log_tail() -> None:
    [finding] = diagnose(load_snapshot(SNAPSHOTS / "bad-config-exits"))
    assert "last exit code 1 (Error)" in finding.evidence[1]
    assert any(line.startswith("log: ") for line in finding.evidence)


def test_database_finding_names_the_stopped_statefulset() -> None:
    [finding] = diagnose(load_snapshot(SNAPSHOTS / "database-down"))
    assert "StatefulSet todo-chatbot-postgresql: 0/0 ready (spec.replicas=0)" in finding.evidence


def test_reason_codes_are_the_stable_set() -> None:
    seen = {f.reason for fixture in FAILURES for f in diagnose(load_snapshot(SNAPSHOTS / fixture))}
    assert seen <= set(REASONS)
    assert set(REASONS[:11]) == {
        "ImagePullFailure", "CrashLoop", "OOMKilled", "ProbeFailure", "Unschedulable",
        "PVCUnbound", "MissingConfig", "NoEndpoints", "HPAMetricsUnavailable",
        "DatabaseUnreachable", "HelmReleaseFailed",
    }  # fmt: skip


def test_ages_use_the_capture_time_not_the_wall_clock(tmp_path: Path) -> None:
    """The same rollout read two hours later would be 'stuck'; re-capturing later is what
    changes the verdict, not reading an old snapshot later."""
    snap_dir = tmp_path / "later"
    shutil.copytree(SNAPSHOTS / "rollout-in-progress", snap_dir)
    assert diagnose(load_snapshot(snap_dir)) == []
    (snap_dir / CAPTURE_FILE).write_text("2024-05-14T12:30:00Z\n")
    reasons = {f.reason for f in diagnose(load_snapshot(snap_dir))}
    assert {"HPAMetricsUnavailable", "HelmReleaseFailed", "ProbeFailure"} <= reasons


def test_reference_time_without_capture_file_is_the_newest_timestamp() -> None:
    snap = load_snapshot(SNAPSHOTS / "rollout-in-progress-no-capture-time")
    assert snap.captured_at is None
    assert snap.reference_time() == datetime(2024, 5, 14, 10, 30, tzinfo=UTC)


def test_snapshot_round_trips_through_its_directory_format(tmp_path: Path) -> None:
    original = load_snapshot(SNAPSHOTS / "database-down")
    write_snapshot(original, tmp_path / "copy")
    copy = load_snapshot(tmp_path / "copy")
    assert copy.objects == {k: v for k, v in original.objects.items() if v}
    assert copy.helm == original.helm and copy.logs == original.logs
    assert copy.captured_at == original.captured_at
    assert diagnose(copy) == diagnose(original)


def test_loader_accepts_single_objects_and_typed_lists(tmp_path: Path) -> None:
    """Any directory of kubectl output works: one object per file, or a PodList whose
    items carry no kind (as the raw API returns them)."""
    pods = json.loads((SNAPSHOTS / "image-tag-missing" / "pods.json").read_text())["items"]
    (tmp_path / "broken-pod.json").write_text(json.dumps(pods[0]))
    for item in pods[1:]:
        item.pop("kind")
    typed = {"apiVersion": "v1", "kind": "PodList", "items": pods[1:], "metadata": {}}
    (tmp_path / "more-pods.json").write_text(json.dumps(typed))
    snap = load_snapshot(tmp_path)
    assert len(snap.of("Pod")) == len(pods)
    assert [f.reason for f in diagnose(snap)] == ["ImagePullFailure"]


def test_empty_snapshot_is_ok() -> None:
    assert diagnose(Snapshot()) == []


def test_a_registry_image_that_cannot_be_pulled_is_checked_then_set_in_the_chart() -> None:
    image = "postgres:16.99-alpine"
    pod = {
        "metadata": {"name": "todo-chatbot-postgresql-0", "namespace": "hackathon-dev"},
        "spec": {"containers": [{"name": "postgresql", "image": image}]},
        "status": {
            "containerStatuses": [
                {
                    "name": "postgresql",
                    "image": image,
                    "state": {"waiting": {"reason": "ErrImagePull", "message": "not found"}},
                }
            ]
        },
    }
    [finding] = diagnose(Snapshot(objects={"Pod": [pod]}))
    assert finding.reason == "ImagePullFailure" and image in finding.root_cause
    assert finding.fix.startswith(f"docker pull {image}") and "todoctl deploy" in finding.fix
    assert "minikube" not in finding.fix  # it holds on any cluster
