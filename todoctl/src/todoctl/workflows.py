"""What todoctl's commands do, step by step: build, deploy, run the gates, bring it all up.

Helpers raise (CommandError, DockerError, ...) or report a failed step in the data they
return; only the commands in cli.py exit. Progress is shown through render.py.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from todoctl import doctor as doctor_mod
from todoctl import gates as gates_mod
from todoctl import ops, render
from todoctl.diagnose import report
from todoctl.kube import CommandError
from todoctl.render import step
from todoctl.snapshot import Snapshot
from todoctl.state import CHART, State


# -- images ----------------------------------------------------------------------------
def image_refs(state: State) -> dict[str, str]:
    """service -> repository:<version>-<gitsha>[-dirty] of the current checkout."""
    from todoctl import images  # the images helper's module; imported when needed

    tags = images.image_tags(state.repo_root)
    return {
        "backend": f"{images.BACKEND_IMAGE}:{tags.unique}",
        "frontend": f"{images.FRONTEND_IMAGE}:{tags.unique}",
    }


def build(state: State, as_json: bool, base_image: str | None) -> list[dict[str, Any]]:
    """Build both images; raises DockerError (a helper: only commands exit)."""
    from todoctl import images

    log = (lambda _line: None) if as_json else (lambda line: state.err.log(line, markup=False))
    with step(state, as_json, "building images"):
        built = images.build_images(state.repo_root, base_image=base_image, log=log)
    return [
        {
            "service": b.service,
            "image": f"{b.repository}:{b.tag}",
            "size_mb": round(b.size_bytes / 1e6, 1),
            "build_seconds": round(b.build_seconds, 1),
        }
        for b in built
    ]


# -- deploy ----------------------------------------------------------------------------
def secrets(env_file: Path, overrides: dict[str, str | None]) -> dict[str, Any]:
    env = {**ops.read_env(env_file), **{k: v for k, v in overrides.items() if v}}
    return ops.values_from_env(env)


def run_deploy(
    state: State,
    as_json: bool,
    *,
    env_file: Path,
    overrides: dict[str, str | None],
    timeout: int,
) -> dict[str, Any]:
    refs = image_refs(state)
    image_tags = {service: ref.split(":", 1)[1] for service, ref in refs.items()}
    chart = state.repo_root / CHART
    values = [chart / "values-dev.yaml", *state.values_files]
    chart_secrets = secrets(env_file, overrides)

    last_line = [""]

    def show(pods: list[dict[str, Any]]) -> None:
        """Live pod progress; a line only when something changed, to stay one screen."""
        ready, total, waiting = ops.pod_progress(pods)
        line = f"pods ready {ready}/{total}" + (f" — {'; '.join(waiting)}" if waiting else "")
        if not as_json and line != last_line[0]:
            state.err.log(line, markup=False, highlight=False)
            last_line[0] = line

    with step(state, as_json, f"helm upgrade --install {state.release}"):
        outcome = ops.deploy(
            state.kube,
            release=state.release,
            chart=chart,
            values_files=values,
            image_tags=image_tags,
            secrets=chart_secrets,
            timeout_seconds=timeout,
            on_pods=show,
        )
    data: dict[str, Any] = {
        "status": "ok" if outcome.ok else "failed",
        "release": state.release,
        "namespace": state.kube.namespace,
        "revision": outcome.revision,
        "images": refs,
        "seconds": round(outcome.seconds, 1),
        "settings_from_env": sorted(_paths(chart_secrets)),
    }
    if not outcome.ok:
        data |= {"error": outcome.error, "rolled_back": outcome.rolled_back}
        data["diagnosis"] = report(outcome.findings)
    return data


def _paths(values: dict[str, Any], prefix: str = "") -> list[str]:
    """Which chart values were set (dotted paths), never their contents."""
    paths = []
    for key, value in values.items():
        path = f"{prefix}{key}"
        paths += _paths(value, path + ".") if isinstance(value, dict) else [path]
    return paths


# -- url -------------------------------------------------------------------------------
def urls_or_reason(state: State) -> dict[str, str]:
    """Verified URLs for the summary; a lookup problem is reported, not raised, because
    the deploy itself already succeeded."""
    try:
        urls = ops.service_urls(state.kube, state.release, state.host)
    except (LookupError, CommandError) as exc:
        return {"error": f"no URL: {exc} (try: todoctl url)"}
    verdicts = ops.verify_urls(urls, state.http)
    return {
        c: u if verdicts[c] == "ok" else f"{u} (not answering: {verdicts[c]})"
        for c, u in urls.items()
    }


# -- diagnose / snapshot ---------------------------------------------------------------
def live_snapshot(state: State, as_json: bool) -> Snapshot:
    """The cluster as it is now; raises CommandError when it cannot be read."""
    with step(state, as_json, "reading the cluster"):
        return state.kube.snapshot(state.release)


# -- validate --------------------------------------------------------------------------
def gate_context(state: State) -> gates_mod.GateContext:
    from todoctl import images

    refs = image_refs(state)
    cache: dict[str, dict[str, str]] = {}

    def urls() -> dict[str, str]:
        if "urls" not in cache:
            cache["urls"] = ops.service_urls(state.kube, state.release, state.host)
        return cache["urls"]

    return gates_mod.GateContext(
        kube=state.kube,
        release=state.release,
        image_refs=refs,
        inspect_image=images.inspect_image,
        urls=urls,
        http=state.http,
        chart=state.repo_root / CHART,
        log=lambda message: state.err.log(message),
    )


def run_gates(state: State, numbers: list[int], as_json: bool) -> list[gates_mod.GateResult]:
    ctx = gate_context(state)
    running = ops.cluster_ready(state.kube)
    results = []
    for number in numbers:
        if number == 10:
            why = (
                "measures a fresh cluster: run `todoctl validate --fresh`"
                if state.kube.is_minikube
                else f"only Minikube is made afresh by todoctl; context {state.kube.context} is "
                "started and stopped outside it"
            )
            results.append(gates_mod.skipped(10, why))
        elif number > 1 and not running:
            results.append(
                gates_mod.skipped(
                    number, f"cluster {state.kube.context} is not running (todoctl cluster up)"
                )
            )
        elif as_json:
            results.append(gates_mod.run_gate(number, ctx))
        else:
            with state.err.status(f"gate {number}: {gates_mod.GATE_NAMES[number]}"):
                results.append(gates_mod.run_gate(number, ctx))
            render.gate_line(state, results[-1])
    return results


def fresh_cluster(state: State, as_json: bool) -> float:
    """Gate 10's start: delete the Minikube profile; returns when the clock started.
    Raises CommandError when the profile cannot be deleted."""
    start = time.monotonic()
    with step(state, as_json, "gate 10: fresh cluster"):
        state.kube.minikube_delete()
    return start


def validate_fresh(
    state: State, as_json: bool, numbers: list[int], *, start: float
) -> list[gates_mod.GateResult]:
    """Gate 10 after `fresh_cluster`: `up` from nothing, then the gates asked for (1-9 if
    none), judged by the time since `start`."""
    up_data = run_up(
        state, as_json, cpus=ops.DEFAULT_CPUS, memory=ops.DEFAULT_MEMORY, env_file=Path(".env")
    )
    wanted = [n for n in numbers if n != 10] or list(range(1, 10))
    if up_data["status"] != "ok":
        # nothing to judge on a path that broke: gates 1-9 are not measured, 10 fails
        why = f"todoctl up failed at {up_data.get('failed_step')}: {up_data.get('error', '')}"
        earlier = [gates_mod.skipped(n, why) for n in wanted]
        tenth = gates_mod.result(
            10, gates_mod.FAIL, "todoctl up failed", gates_mod.LIMITS[10], [why]
        )
    else:
        earlier = run_gates(state, wanted, as_json)
        tenth = gates_mod.judge_reproducibility(time.monotonic() - start, earlier)
    return [*(g for g in earlier if g.number in numbers), tenth]


# -- up --------------------------------------------------------------------------------
def run_up(
    state: State, as_json: bool, *, cpus: int, memory: str, env_file: Path
) -> dict[str, Any]:
    """doctor → cluster → images → deploy → gates 1-4 → URLs; each step skips what is done."""
    from todoctl import images

    steps: dict[str, Any] = {}
    data: dict[str, Any] = {"status": "ok", "steps": steps}

    def stop(name: str, why: str) -> dict[str, Any]:
        return data | {"status": "failed", "failed_step": name, "error": why}

    checks = doctor_mod.check_tools(state.kube, doctor_mod.detect_os())
    steps["doctor"] = "ok" if doctor_mod.ready(checks) else "missing tools"
    if not doctor_mod.ready(checks):
        missing = [f"{c.tool}: {c.install}" for c in checks if c.required and not c.ok]
        return stop("doctor", "; ".join(missing))
    try:
        with step(state, as_json, "cluster up"):
            steps["cluster"] = ops.cluster_up(state.kube, cpus=cpus, memory=memory) or "already up"
        refs = image_refs(state)
        if all(images.inspect_image(ref) for ref in refs.values()):
            steps["images_build"] = "already built"
        else:
            steps["images_build"] = build(state, as_json, None)
        with step(state, as_json, f"loading images ({state.kube.image_loader})"):
            steps["images_load"] = ops.load_images(state.kube, list(refs.values()))
    except (CommandError, ops.ClusterUnreachable, images.DockerError) as exc:
        return stop(
            next(k for k in ("cluster", "images_build", "images_load") if k not in steps), str(exc)
        )
    current = state.kube.helm_values(state.release) if state.kube.helm_status(state.release) else {}
    deployed_tag = (current.get("backend") or {}).get("image", {}).get("tag")
    status = (state.kube.helm_status(state.release) or {}).get("info", {}).get("status")
    if status == "deployed" and deployed_tag == refs["backend"].split(":", 1)[1]:
        steps["deploy"] = "already deployed"
    else:
        deployed = run_deploy(state, as_json, env_file=env_file, overrides={}, timeout=300)
        steps["deploy"] = deployed
        if deployed["status"] != "ok":
            return stop("deploy", deployed.get("error", ""))
    results = run_gates(state, [1, 2, 3, 4], as_json)
    steps["gates"] = [g.as_dict() for g in results]
    if any(g.status != gates_mod.PASS for g in results):
        return stop(
            "gates",
            ", ".join(f"gate {g.number} {g.status}" for g in results if g.status != gates_mod.PASS),
        )
    data["urls"] = urls_or_reason(state)
    return data
