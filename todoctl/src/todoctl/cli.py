"""todoctl: from a bare laptop to a validated deployment on Minikube (or any cluster).

Every command prints a one-screen summary (Rich, on stderr while it works) or,
with --json, one JSON document on stdout. Exit codes: 0 success, 1 a problem was
found or a step failed, 2 the environment is not usable (tool or cluster missing).

The commands only: what they do step by step is in workflows.py, how it looks in
render.py. Helpers raise; only the commands here exit.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from todoctl import doctor as doctor_mod
from todoctl import ops, render, reports, workflows
from todoctl.diagnose import diagnose, report
from todoctl.kube import (
    DEFAULT_CONTAINERD_ADDRESS,
    DEFAULT_NAMESPACE,
    DEFAULT_PROFILE,
    DEFAULT_RELEASE,
    IMAGE_LOADERS,
    CommandError,
    Kube,
)
from todoctl.render import emit, step
from todoctl.snapshot import load_snapshot, write_snapshot

# Re-exported: tests and scripts reach these through the command module.
from todoctl.state import CHART as CHART
from todoctl.state import State as State
from todoctl.state import find_repo_root as find_repo_root
from todoctl.workflows import gate_context as gate_context
from todoctl.workflows import run_deploy as run_deploy
from todoctl.workflows import run_gates as run_gates
from todoctl.workflows import run_up as run_up

EXIT_PROBLEM = 1
EXIT_ENVIRONMENT = 2

app = typer.Typer(
    help="Operate todo-chatbot on Minikube or any kubeconfig context: doctor, cluster, images, "
    "deploy, validate, diagnose.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
cluster_app = typer.Typer(help="Minikube cluster: up, status, down.", no_args_is_help=True)
images_app = typer.Typer(help="Container images: build, load.", no_args_is_help=True)
app.add_typer(cluster_app, name="cluster")
app.add_typer(images_app, name="images")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


@app.callback()
def main(
    ctx: typer.Context,
    namespace: Annotated[str, typer.Option(envvar="TODOCTL_NAMESPACE")] = DEFAULT_NAMESPACE,
    release: Annotated[str, typer.Option(envvar="TODOCTL_RELEASE")] = DEFAULT_RELEASE,
    profile: Annotated[
        str, typer.Option(envvar="TODOCTL_PROFILE", help="Minikube profile = kubectl context.")
    ] = DEFAULT_PROFILE,
    context: Annotated[
        str | None,
        typer.Option(
            envvar="TODOCTL_CONTEXT",
            help="kubeconfig context of another cluster (default: the Minikube profile's). "
            "todoctl uses it but never starts, stops or deletes it.",
        ),
    ] = None,
    image_loader: Annotated[
        str,
        typer.Option(
            envvar="TODOCTL_IMAGE_LOADER",
            help=f"How images reach the nodes: {', '.join(IMAGE_LOADERS)} (auto: minikube for "
            "Minikube, kind/k3d by context name, else containerd if its socket is here, "
            "else none: the nodes share this host's Docker).",
        ),
    ] = "auto",
    containerd_address: Annotated[
        str, typer.Option(envvar="TODOCTL_CONTAINERD_ADDRESS", help="containerd socket (ctr).")
    ] = DEFAULT_CONTAINERD_ADDRESS,
    node_address: Annotated[
        str | None,
        typer.Option(
            envvar="TODOCTL_NODE_ADDRESS",
            help="Where NodePorts answer from this host (default: Minikube's IP or the "
            "node's InternalIP).",
        ),
    ] = None,
    values: Annotated[
        list[Path] | None,
        typer.Option(
            "--values",
            "-f",
            envvar="TODOCTL_VALUES",
            help="Extra chart values file for deploy and up, after values-dev.yaml; repeatable.",
        ),
    ] = None,
    repo_root: Annotated[
        Path | None, typer.Option(help="Repository root (default: found from the CWD).")
    ] = None,
) -> None:
    if not isinstance(ctx.obj, State):
        root = repo_root or find_repo_root(Path.cwd())
        try:  # the adapter owns the list of loaders and refuses any other
            kube = Kube(
                namespace,
                profile,
                context=context,
                image_loader=image_loader,
                containerd_address=containerd_address,
                node_address=node_address,
            )
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--image-loader") from exc
        ctx.obj = State(kube=kube, release=release, repo_root=root, values_files=values or [])


def fail(state: State, as_json: bool, message: str, code: int = EXIT_ENVIRONMENT) -> NoReturn:
    render.error(state, as_json, message)
    raise typer.Exit(code)


# -- doctor ----------------------------------------------------------------------------
@app.command()
def doctor(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Check docker, helm, kubectl, the cluster's own tool (minikube, kind, k3d or ctr) and
    the optional kubectl-ai, kagent; say which cluster the context reaches."""
    state: State = ctx.obj
    os_name = doctor_mod.detect_os()
    checks = doctor_mod.check_tools(state.kube, os_name)
    ok = doctor_mod.ready(checks)
    helm_major = state.kube.helm_major()
    cluster = {
        "context": state.kube.context,
        "minikube": state.kube.is_minikube,
        "image_loader": state.kube.image_loader,
        "server_version": state.kube.server_version(),
    }
    data = {
        "status": "ok" if ok else "missing",
        "os": os_name,
        "helm_major": helm_major,
        "helm_flags": state.kube.helm_wait_flags(rollback_on_failure=True),
        "cluster": cluster,
        "tools": [c.as_dict() for c in checks],
    }

    def show() -> None:
        render.doctor(state, checks, os_name, helm_major)
        state.err.print(render.cluster_line(cluster), markup=False)

    emit(as_json, data, show)
    if not ok:
        raise typer.Exit(EXIT_ENVIRONMENT)


# -- cluster ---------------------------------------------------------------------------
CpusOpt = Annotated[int, typer.Option(help="CPUs for the Minikube node.")]
MemoryOpt = Annotated[str, typer.Option(help="Memory for the Minikube node, e.g. 4g.")]


@cluster_app.command("up")
def cluster_up_cmd(
    ctx: typer.Context,
    cpus: CpusOpt = ops.DEFAULT_CPUS,
    memory: MemoryOpt = ops.DEFAULT_MEMORY,
    kubernetes_version: Annotated[str | None, typer.Option()] = None,
    as_json: JsonOpt = False,
) -> None:
    """Start Minikube (docker driver), enable metrics-server, create the namespace. With
    another --context: check that it answers and create the namespace."""
    state: State = ctx.obj
    try:
        with step(state, as_json, "cluster up"):
            done = ops.cluster_up(
                state.kube, cpus=cpus, memory=memory, kubernetes_version=kubernetes_version
            )
    except ops.ClusterUnreachable as exc:
        fail(state, as_json, str(exc))
    except CommandError as exc:
        fail(state, as_json, str(exc), EXIT_PROBLEM)
    data = {"status": "ok", "actions": done or ["already up"], "namespace": state.kube.namespace}
    emit(as_json, data, lambda: state.err.print("; ".join(data["actions"])))


@cluster_app.command("status")
def cluster_status_cmd(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Is the cluster running, are its nodes Ready, which Minikube addons are on."""
    state: State = ctx.obj
    info = ops.cluster_status(state.kube)
    emit(as_json, info, lambda: state.err.print_json(data=info))
    if not info["running"]:
        raise typer.Exit(EXIT_PROBLEM)


@cluster_app.command("down")
def cluster_down_cmd(
    ctx: typer.Context,
    delete: Annotated[
        bool, typer.Option(help="Delete the profile instead of stopping it.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Stop Minikube (the deployment comes back on `cluster up`), or --delete it."""
    state: State = ctx.obj
    if not state.kube.is_minikube:
        fail(
            state,
            as_json,
            f"context {state.kube.context} is not Minikube: todoctl does not stop it",
        )
    try:
        with step(state, as_json, "deleting Minikube" if delete else "stopping Minikube"):
            state.kube.minikube_delete() if delete else state.kube.minikube_stop()
    except CommandError as exc:
        fail(state, as_json, str(exc), EXIT_PROBLEM)
    data = {"status": "ok", "action": "deleted" if delete else "stopped"}
    emit(as_json, data, lambda: state.err.print(f"Minikube {data['action']}"))


# -- images ----------------------------------------------------------------------------
@images_app.command("build")
def images_build(
    ctx: typer.Context,
    base_image: Annotated[str | None, typer.Option(help="Override the pinned Python base.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Build both images, tagged <version>-<gitsha>[-dirty] and latest."""
    from todoctl import images

    state: State = ctx.obj
    try:
        built = workflows.build(state, as_json, base_image)
    except images.ImageBuildError as exc:
        fail(state, as_json, f"image build failed: {exc}", EXIT_PROBLEM)
    except images.DockerError as exc:
        fail(state, as_json, str(exc))
    emit(as_json, {"status": "ok", "images": built}, lambda: render.images_built(state, built))


@images_app.command("tag")
def images_tag(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Print the tag `images build` gives this checkout (<version>-<gitsha>[-dirty]), for
    raw helm commands: TAG=$(todoctl images tag)."""
    from todoctl import images

    state: State = ctx.obj
    try:
        tag = images.image_tags(state.repo_root).unique
    except images.DockerError as exc:
        fail(state, as_json, str(exc))
    emit(as_json, {"status": "ok", "tag": tag}, lambda: typer.echo(tag))


@images_app.command("load")
def images_load(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Load the current images onto the cluster's node(s) and verify they are there."""
    state: State = ctx.obj
    refs = workflows.image_refs(state)
    try:
        with step(state, as_json, f"loading images ({state.kube.image_loader})"):
            outcome = ops.load_images(state.kube, list(refs.values()))
    except CommandError as exc:
        fail(state, as_json, str(exc), EXIT_PROBLEM)
    ok = all(v != "missing after load" for v in outcome.values())
    data = {"status": "ok" if ok else "failed", "images": outcome}
    lines = "\n".join(f"{ref}: {verdict}" for ref, verdict in outcome.items())
    emit(as_json, data, lambda: state.err.print(lines))
    if not ok:
        raise typer.Exit(EXIT_PROBLEM)


# -- deploy ----------------------------------------------------------------------------
EnvFileOpt = Annotated[Path, typer.Option(help="Secrets and LLM settings (see .env.example).")]
TimeoutOpt = Annotated[int, typer.Option(help="Seconds helm waits for readiness.")]


@app.command()
def deploy(
    ctx: typer.Context,
    env_file: EnvFileOpt = Path(".env"),
    database_url: Annotated[
        str | None, typer.Option(envvar="DATABASE_URL", show_default=False)
    ] = None,
    jwt_secret: Annotated[str | None, typer.Option(envvar="JWT_SECRET", show_default=False)] = None,
    llm_api_key: Annotated[
        str | None, typer.Option(envvar="LLM_API_KEY", show_default=False)
    ] = None,
    llm_base_url: Annotated[str | None, typer.Option(envvar="LLM_BASE_URL")] = None,
    llm_model: Annotated[str | None, typer.Option(envvar="LLM_MODEL")] = None,
    timeout: TimeoutOpt = 300,
    as_json: JsonOpt = False,
) -> None:
    """helm upgrade --install with values-dev.yaml and the current image tags; on failure
    diagnose, roll back, and exit 1. Secret values are never printed."""
    state: State = ctx.obj
    overrides = {
        "DATABASE_URL": database_url,
        "JWT_SECRET": jwt_secret,
        "LLM_API_KEY": llm_api_key,
        "LLM_BASE_URL": llm_base_url,
        "LLM_MODEL": llm_model,
    }
    problems = ops.settings_problems(workflows.secrets(env_file, overrides))
    if problems:
        fail(state, as_json, "; ".join(problems), EXIT_PROBLEM)
    data = run_deploy(state, as_json, env_file=env_file, overrides=overrides, timeout=timeout)
    if data["status"] == "ok":
        data["urls"] = workflows.urls_or_reason(state)
    emit(as_json, data, lambda: render.deployed(state, data))
    if data["status"] != "ok":
        raise typer.Exit(EXIT_PROBLEM)


# -- url -------------------------------------------------------------------------------
@app.command()
def url(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """URLs for the frontend and backend that answer from this host."""
    state: State = ctx.obj
    try:
        urls = ops.service_urls(state.kube, state.release, state.host)
    except (LookupError, CommandError) as exc:
        fail(state, as_json, str(exc))
    verdicts = ops.verify_urls(urls, state.http)
    ok = all(v == "ok" for v in verdicts.values())
    data = {
        "status": "ok" if ok else "unreachable",
        "host": state.host,
        "urls": urls,
        "checks": verdicts,
    }
    emit(
        as_json,
        data,
        lambda: state.err.print("\n".join(f"{c}: {u}  ({verdicts[c]})" for c, u in urls.items())),
    )
    if not ok:
        raise typer.Exit(EXIT_PROBLEM)


# -- diagnose / snapshot ---------------------------------------------------------------
@app.command("diagnose")
def diagnose_cmd(
    ctx: typer.Context,
    snapshot: Annotated[
        Path | None, typer.Option(help="Read a saved snapshot directory instead of the cluster.")
    ] = None,
    explain: Annotated[
        bool, typer.Option(help="Explain via an OpenAI-compatible LLM (masked input).")
    ] = False,
    llm_base_url: Annotated[str | None, typer.Option(envvar="LLM_BASE_URL")] = None,
    llm_api_key: Annotated[
        str | None, typer.Option(envvar="LLM_API_KEY", show_default=False)
    ] = None,
    llm_model: Annotated[str, typer.Option(envvar="LLM_MODEL")] = "gpt-4o-mini",
    as_json: JsonOpt = False,
) -> None:
    """Read-only: name each problem's root cause and the command that fixes it."""
    state: State = ctx.obj
    if snapshot is not None and not snapshot.is_dir():
        fail(state, as_json, f"{snapshot} is not a directory")
    try:
        snap = load_snapshot(snapshot) if snapshot else workflows.live_snapshot(state, as_json)
    except CommandError as exc:
        fail(state, as_json, f"cannot read the cluster: {exc}")
    findings = diagnose(snap)
    data = report(findings)
    if explain and findings:
        from todoctl.explain import explain as llm_explain

        try:
            data["explanation"] = llm_explain(
                findings, base_url=llm_base_url, api_key=llm_api_key, model=llm_model, timeout=60
            )
        except Exception as exc:  # the openai client raises many types; explaining is optional
            data["explanation_error"] = f"{type(exc).__name__}: {exc}"
    emit(as_json, data, lambda: render.diagnosis(state, findings, data))
    if findings:
        raise typer.Exit(EXIT_PROBLEM)


@app.command("snapshot")
def snapshot_cmd(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Where to write the snapshot.")],
    as_json: JsonOpt = False,
) -> None:
    """Save the cluster state for `diagnose --snapshot` (kubectl -o json files + logs)."""
    state: State = ctx.obj
    try:
        snap = workflows.live_snapshot(state, as_json)
    except CommandError as exc:
        fail(state, as_json, f"cannot read the cluster: {exc}")
    written = write_snapshot(snap, directory)
    data = {"status": "ok", "directory": str(directory), "files": len(written)}
    emit(as_json, data, lambda: state.err.print(f"wrote {len(written)} files to {directory}"))


# -- validate --------------------------------------------------------------------------
@app.command()
def validate(
    ctx: typer.Context,
    gate: Annotated[
        list[int] | None, typer.Option("--gate", min=1, max=10, help="Gate number; repeatable.")
    ] = None,
    fresh: Annotated[
        bool, typer.Option(help="Gate 10: delete the Minikube profile and time `up` + gates 1-9.")
    ] = False,
    report_path: Annotated[
        Path | None, typer.Option("--report", help="Write a JSON report.")
    ] = None,
    junit: Annotated[Path | None, typer.Option(help="Write a JUnit XML report.")] = None,
    markdown: Annotated[Path | None, typer.Option(help="Write a Markdown report.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the ten validation gates; each prints its measured figure beside its limit."""
    state: State = ctx.obj
    numbers = sorted(set(gate or [n for n in range(1, 10)] + ([10] if fresh else [])))
    if fresh and 10 in numbers and state.kube.is_minikube:
        try:
            start = workflows.fresh_cluster(state, as_json)
        except CommandError as exc:
            fail(state, as_json, str(exc))
        results = workflows.validate_fresh(state, as_json, numbers, start=start)
    else:
        results = run_gates(state, numbers, as_json)
    for path, write in (
        (report_path, reports.to_json),
        (junit, reports.to_junit),
        (markdown, reports.to_markdown),
    ):
        if path is not None:
            path.write_text(write(results))
    summary = reports.summary(results)
    emit(as_json, summary, lambda: render.gates(state, results))
    if summary["status"] != "passed":
        raise typer.Exit(EXIT_PROBLEM)


# -- up / down -------------------------------------------------------------------------
@app.command()
def up(
    ctx: typer.Context,
    cpus: CpusOpt = ops.DEFAULT_CPUS,
    memory: MemoryOpt = ops.DEFAULT_MEMORY,
    env_file: EnvFileOpt = Path(".env"),
    as_json: JsonOpt = False,
) -> None:
    """The whole path: doctor, cluster, images, deploy, gates 1-4, URLs. Resumable."""
    state: State = ctx.obj
    start = time.monotonic()
    data = run_up(state, as_json, cpus=cpus, memory=memory, env_file=env_file)
    data["seconds"] = round(time.monotonic() - start, 1)
    emit(as_json, data, lambda: render.up(state, data))
    if data["status"] != "ok":
        raise typer.Exit(EXIT_PROBLEM)


@app.command()
def down(
    ctx: typer.Context,
    cluster: Annotated[
        bool, typer.Option("--cluster", help="Also delete the Minikube profile.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Uninstall the release (and with --cluster delete the Minikube profile)."""
    state: State = ctx.obj
    with step(state, as_json, f"helm uninstall {state.release}"):
        outcome = state.kube.helm_uninstall(state.release)
    removed = outcome.ok or "not found" in outcome.stderr
    data: dict[str, Any] = {
        "status": "ok" if removed else "failed",
        "release": "uninstalled" if removed else outcome.stderr.strip(),
    }
    if cluster:
        try:
            with step(state, as_json, "deleting Minikube"):
                state.kube.minikube_delete()
            data["cluster"] = "deleted"
        except CommandError as exc:
            data |= {"status": "failed", "cluster": str(exc)}
    summary = "; ".join(f"{key}: {value}" for key, value in data.items() if key != "status")
    emit(as_json, data, lambda: state.err.print(summary, markup=False))
    if data["status"] != "ok":
        raise typer.Exit(EXIT_PROBLEM)
