"""Masking, the prober, reports and the small operations helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from todoctl import ops, reports
from todoctl.diagnose import diagnose
from todoctl.explain import mask_findings, render_for_llm
from todoctl.gates import FAIL, PASS, result, skipped
from todoctl.prober import Prober
from todoctl.snapshot import load_snapshot

SNAPSHOTS = Path(__file__).parent / "fixtures" / "snapshots"


def test_masking_hides_names_hosts_images_and_credentials() -> None:
    findings = diagnose(load_snapshot(SNAPSHOTS / "database-down"))
    findings += diagnose(load_snapshot(SNAPSHOTS / "image-tag-missing"))
    masked, masker = mask_findings(findings)
    text = render_for_llm(masked)
    for leak in (
        "todo-chatbot-backend-9d86bb97d-z5p76",
        "todo-chatbot-backend-74d7fbc845-qbzf7",
        "hackathon-dev",
        "hackathon-todo-backend:9.9.9-missing",
    ):
        assert leak not in text
    assert "<pod-1>" in text and "<image-1>" in text
    assert masker.unmask("restart <pod-1>") == "restart todo-chatbot-backend-9d86bb97d-z5p76"


def test_masking_strips_inline_secrets() -> None:
    _masked, masker = mask_findings([])
    text = masker.mask(
        "DATABASE_URL=postgresql://todo:hunter2@db.internal:5432/todo password=hunter2 10.244.0.7"
    )
    assert "hunter2" not in text and "10.244.0.7" not in text
    assert "<url-with-credentials>" in text and "password=<secret>" in text


def test_prober_counts_failures_within_its_bound() -> None:
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return httpx.Response(503 if calls["n"] % 2 else 200)

    client = httpx.Client(transport=httpx.MockTransport(flaky))
    with Prober(["http://x/healthz"], client, interval=0.001, max_seconds=0.05) as prober:
        prober._thread.join()  # the bound stops it by itself
    assert prober.stats.sent == calls["n"] > 1
    assert prober.stats.failed == (calls["n"] + 1) // 2
    assert prober.stats.errors[0] == "http://x/healthz: HTTP 503"


def test_reports_count_and_never_call_a_skip_a_pass() -> None:
    gates = [
        result(1, PASS, "150 MB", "< 500 MB"),
        skipped(2, "no cluster"),
        result(3, FAIL, "1/4", "4/4"),
    ]
    summary = reports.summary(gates)
    assert summary["status"] == "failed" and summary["counts"] == {
        "PASS": 1,
        "FAIL": 1,
        "SKIPPED": 1,
    }
    assert reports.summary(gates[:1])["status"] == "passed"
    assert reports.summary([skipped(2, "no cluster")])["status"] == "failed"
    junit = reports.to_junit(gates)
    assert (
        'failures="1"' in junit
        and 'skipped="1"' in junit
        and '<skipped message="no cluster"' in junit
    )


def test_values_from_env_nest_chart_keys() -> None:
    env = {
        "DATABASE_URL": "postgresql://x",
        "LLM_BASE_URL": "http://llm:11434/v1",
        "UNRELATED": "1",
    }
    assert ops.values_from_env(env) == {
        "secrets": {"databaseUrl": "postgresql://x"},
        "backend": {"llm": {"baseUrl": "http://llm:11434/v1"}},
    }


def test_a_local_sqlite_url_is_not_sent_to_the_cluster() -> None:
    assert ops.values_from_env({"DATABASE_URL": "sqlite:///.data/todo.db"}) == {}


def test_read_env_ignores_comments_and_empty_values(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text('# comment\nJWT_SECRET="abc def"\nDATABASE_URL=\n')
    assert ops.read_env(env) == {"JWT_SECRET": "abc def"}
    assert ops.read_env(tmp_path / "missing") == {}


def test_pod_progress_names_what_each_pod_waits_for() -> None:
    pods = load_snapshot(SNAPSHOTS / "image-tag-missing").of("Pod")
    ready, total, waiting = ops.pod_progress(pods)
    assert (ready, total) == (len(pods) - 1, len(pods))
    assert waiting == ["todo-chatbot-backend-74d7fbc845-qbzf7: ErrImageNeverPull"]


def test_deploy_reports_pods_while_helm_waits() -> None:
    import time

    from .fakes import FakeKube

    class SlowHelm(FakeKube):
        def helm_upgrade_install(self, *args: Any, **kwargs: Any) -> Any:
            time.sleep(0.1)  # helm --wait blocks until the rollout is done
            return super().helm_upgrade_install(*args, **kwargs)

    seen: list[int] = []
    outcome = ops.deploy(
        SlowHelm(),
        release="todo-chatbot",
        chart=Path("chart"),
        values_files=[],
        image_tags={"backend": "1.0.0-abc1234"},
        secrets={},
        on_pods=lambda pods: seen.append(len(pods)),
        poll_interval=0.01,
    )
    assert outcome.ok and outcome.revision == 2
    assert seen and set(seen) == {4}
