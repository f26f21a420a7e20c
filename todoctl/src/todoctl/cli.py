"""todoctl: from a bare laptop to a validated deployment on Minikube (or any cluster).

Every command prints a one-screen summary (Rich, on stderr while it works) or,
with --json, one JSON document on stdout. Exit codes: 0 success, 1 a problem was
found or a step failed, 2 the environment is not usable (tool or cluster missing).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, NoReturn

import httpx
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from todoctl import doctor as doctor_mod
from todoctl import gates as gates_mod
from todoctl import ops, reports
from todoctl.diagnose import Finding, diagnose, report
from todoctl.kube import (
    DEFAULT_CONTAINERD_ADDRESS,
    DEFAULT_NAMESPACE,
    DEFAULT_PROFILE,
    DEFAULT_RELEASE,
    IMAGE_LOADERS,
    CommandError,
    Kube,
)
from todoctl.snapshot import Snapshot, load_snapshot, write_snapshot

EXIT_PROBLEM = 1
EXIT_ENVIRONMENT = 2
CHART = Path("deploy/helm/todo-chatbot")

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


@dataclass
class State:
    """What every command needs; tests pass their own (with a fake adapter) as `obj`."""

    kube: Kube
    release: str = DEFAULT_RELEASE
    repo_root: Path = field(default_factory=Path.cwd)
    values_files: list[Path] = field(default_factory=list)  # after the chart's values-dev.yaml
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=5.0))
    err: Console = field(default_factory=lambda: Console(stderr=True))
    host: str = field(default_factory=ops.host_kind)


def find_repo_root(start: Path) -> Path:
    for candidate in (start, *start.parents):
        if (candidate / CHART / "Chart.yaml").is_file():
            return candidate
    return start


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
        if image_loader not in IMAGE_LOADERS:
            raise typer.BadParameter(
                f"{image_loader!r}: choose from {', '.join(IMAGE_LOADERS)}",
                param_hint="--image-loader",
            )
        root = repo_root or find_repo_root(Path.cwd())
        kube = Kube(
            namespace,
            profile,
            context=context,
            image_loader=image_loader,
            containerd_address=containerd_address,
            node_address=node_address,
        )
        ctx.obj = State(kube=kube, release=release, repo_root=root, values_files=values or [])


def emit(as_json: bool, data: Any, render: Callable[[], None]) -> None:
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str))
    else:
        render()


def fail(state: State, as_json: bool, message: str, code: int = EXIT_ENVIRONMENT) -> NoReturn:
    if as_json:
        typer.echo(json.dumps({"status": "error", "error": message}))
    else:
        state.err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


@contextmanager
def step(state: State, as_json: bool, title: str) -> Iterator[None]:
    """A spinner for a long step (on stderr, so --json output stays clean)."""
    if as_json:
        yield
        return
    with state.err.status(title):
        yield
    state.err.print(f"[green]✓[/] {title}")


# -- doctor ----------------------------------------------------------------------------
def _cluster_line(cluster: dict[str, Any]) -> str:
    kind = "Minikube" if cluster["minikube"] else "not Minikube: used, never started or stopped"
    where = f"context {cluster['context']} ({kind}), images via {cluster['image_loader']}"
    if cluster["server_version"]:
        return f"cluster: {where}, Kubernetes {cluster['server_version']} answering"
    return f"cluster: {where}, not reachable (todoctl cluster up, or start that cluster)"


def _render_doctor(
    state: State, checks: list[doctor_mod.ToolCheck], os_name: str, helm: int
) -> None:
    table = Table(title=f"todoctl doctor ({os_name}, Helm {helm} flags)")
    for column in ("tool", "found", "minimum", "status"):
        table.add_column(column)
    for c in checks:
        mark = (
            "[green]ok[/]" if c.ok else ("[red]missing[/]" if c.required else "[yellow]optional[/]")
        )
        table.add_row(c.tool, c.found or "-", c.minimum, mark)
    state.err.print(table)
    for c in checks:
        if c.install:
            # soft_wrap: an install command must stay one copyable line
            state.err.print(f"install {c.tool}: {c.install}", soft_wrap=True, markup=False)


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

    def render() -> None:
        _render_doctor(state, checks, os_name, helm_major)
        state.err.print(_cluster_line(cluster), markup=False)

    emit(as_json, data, render)
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
def _image_refs(state: State) -> dict[str, str]:
    """service -> repository:<version>-<gitsha>[-dirty] of the current checkout."""
    from todoctl import images  # the images helper's module; imported when needed

    tags = images.image_tags(state.repo_root)
    return {
        "backend": f"{images.BACKEND_IMAGE}:{tags.unique}",
        "frontend": f"{images.FRONTEND_IMAGE}:{tags.unique}",
    }


def _build(state: State, as_json: bool, base_image: str | None) -> list[dict[str, Any]]:
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
        built = _build(state, as_json, base_image)
    except images.ImageBuildError as exc:
        fail(state, as_json, f"image build failed: {exc}", EXIT_PROBLEM)
    except images.DockerError as exc:
        fail(state, as_json, str(exc))

    def render() -> None:
        table = Table(title="images built")
        for column in ("service", "image", "size MB", "seconds"):
            table.add_column(column)
        for b in built:
            table.add_row(b["service"], b["image"], str(b["size_mb"]), str(b["build_seconds"]))
        state.err.print(table)

    emit(as_json, {"status": "ok", "images": built}, render)


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
    refs = _image_refs(state)
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
def _secrets(env_file: Path, overrides: dict[str, str | None]) -> dict[str, Any]:
    env = {**ops.read_env(env_file), **{k: v for k, v in overrides.items() if v}}
    return ops.values_from_env(env)


def _render_findings(state: State, findings: list[Finding]) -> None:
    """k8sgpt-style blocks: object, cause, evidence, then the fix on one copyable line."""
    for index, f in enumerate(findings, 1):
        colour = "red" if f.severity == "critical" else "yellow"
        where = f"{f.kind}/{f.namespace + '/' if f.namespace else ''}{f.name}"
        state.err.print(f"[bold]{index}. [{colour}]{f.severity}[/] {f.reason}[/] {where}")
        state.err.print(f"   cause: {f.root_cause}", markup=False)
        for line in f.evidence:
            state.err.print(f"   · {line}", markup=False, highlight=False)
        state.err.print(f"   fix:   {f.fix}", soft_wrap=True, markup=False)


def run_deploy(
    state: State,
    as_json: bool,
    *,
    env_file: Path,
    overrides: dict[str, str | None],
    timeout: int,
) -> dict[str, Any]:
    refs = _image_refs(state)
    image_tags = {service: ref.split(":", 1)[1] for service, ref in refs.items()}
    chart = state.repo_root / CHART
    values = [chart / "values-dev.yaml", *state.values_files]
    secrets = _secrets(env_file, overrides)

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
            secrets=secrets,
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
        "settings_from_env": sorted(_paths(secrets)),
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
    problems = ops.settings_problems(_secrets(env_file, overrides))
    if problems:
        fail(state, as_json, "; ".join(problems), EXIT_PROBLEM)
    data = run_deploy(state, as_json, env_file=env_file, overrides=overrides, timeout=timeout)
    if data["status"] == "ok":
        data["urls"] = _urls_or_reason(state)
    emit(as_json, data, lambda: _render_deploy(state, data))
    if data["status"] != "ok":
        raise typer.Exit(EXIT_PROBLEM)


def _render_deploy(state: State, data: dict[str, Any]) -> None:
    if data["status"] == "ok":
        took = f"revision {data['revision']} in {data['seconds']} s"
        state.err.print(f"[green]deployed[/] {data['release']} {took}")
        for name, url in (data.get("urls") or {}).items():
            state.err.print(f"  {name}: {url}")
        return
    state.err.print(f"[red]deploy failed[/]: {data['error']}\n{data['rolled_back']}")
    _render_findings(state, [Finding(**f) for f in data["diagnosis"]["findings"]])


# -- url -------------------------------------------------------------------------------
def _urls_or_reason(state: State) -> dict[str, str]:
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
def _live_snapshot(state: State, as_json: bool) -> Snapshot:
    try:
        with step(state, as_json, "reading the cluster"):
            return state.kube.snapshot(state.release)
    except CommandError as exc:
        fail(state, as_json, f"cannot read the cluster: {exc}")


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
    snap = load_snapshot(snapshot) if snapshot else _live_snapshot(state, as_json)
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

    def render() -> None:
        if not findings:
            state.err.print("[green]no problems found[/]")
            return
        _render_findings(state, findings)
        if "explanation" in data:
            state.err.print(data["explanation"])
        if "explanation_error" in data:
            state.err.print(f"[yellow]no explanation:[/] {data['explanation_error']}")

    emit(as_json, data, render)
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
    snap = _live_snapshot(state, as_json)
    written = write_snapshot(snap, directory)
    data = {"status": "ok", "directory": str(directory), "files": len(written)}
    emit(as_json, data, lambda: state.err.print(f"wrote {len(written)} files to {directory}"))


# -- validate --------------------------------------------------------------------------
def gate_context(state: State) -> gates_mod.GateContext:
    from todoctl import images

    refs = _image_refs(state)
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


GATE_COLOURS = {gates_mod.PASS: "green", gates_mod.FAIL: "red", gates_mod.SKIPPED: "yellow"}


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
            gate = results[-1]
            colour = GATE_COLOURS[gate.status]
            state.err.print(
                f"[{colour}]{gate.status}[/] gate {number} {gate.name}: "
                f"{escape(gate.measured)} (limit: {escape(gate.limit)})"
            )
    return results


def _render_gates(state: State, results: list[gates_mod.GateResult]) -> None:
    """One row per gate; the reasons only for gates that did not pass (the reports
    written with --report/--junit/--markdown carry every detail)."""
    table = Table(title="todoctl validate")
    for column in ("#", "gate", "status", "measured", "limit"):
        table.add_column(column, overflow="fold")
    for g in results:
        status = f"[{GATE_COLOURS[g.status]}]{g.status}[/]"
        table.add_row(str(g.number), g.name, status, escape(g.measured), escape(g.limit))
    state.err.print(table)
    for g in results:
        if g.status != gates_mod.PASS:
            for line in g.details[:3]:
                state.err.print(f"gate {g.number}: {line}", markup=False, highlight=False)


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
        start = time.monotonic()
        try:
            with step(state, as_json, "gate 10: fresh cluster"):
                state.kube.minikube_delete()
        except CommandError as exc:
            fail(state, as_json, str(exc))
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
        results = [*(g for g in earlier if g.number in numbers), tenth]
    else:
        results = run_gates(state, numbers, as_json)
    for path, render in (
        (report_path, reports.to_json),
        (junit, reports.to_junit),
        (markdown, reports.to_markdown),
    ):
        if path is not None:
            path.write_text(render(results))
    summary = reports.summary(results)
    emit(as_json, summary, lambda: _render_gates(state, results))
    if summary["status"] != "passed":
        raise typer.Exit(EXIT_PROBLEM)


# -- up / down -------------------------------------------------------------------------
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
        refs = _image_refs(state)
        if all(images.inspect_image(ref) for ref in refs.values()):
            steps["images_build"] = "already built"
        else:
            steps["images_build"] = _build(state, as_json, None)
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
    data["urls"] = _urls_or_reason(state)
    return data


def _brief(outcome: Any) -> str:
    """One line for a step's outcome in the `up` summary."""
    if isinstance(outcome, str):
        return outcome
    if isinstance(outcome, dict) and "revision" in outcome:
        return f"revision {outcome['revision']} in {outcome['seconds']} s"
    if isinstance(outcome, dict):
        return ", ".join(sorted(set(outcome.values())))
    if isinstance(outcome, list) and outcome and isinstance(outcome[0], dict):
        return ", ".join(f"{b['image']} {b['size_mb']} MB" for b in outcome)
    return "; ".join(map(str, outcome))


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

    def render() -> None:
        if data["status"] != "ok":
            state.err.print(f"[red]stopped at {data['failed_step']}[/]: {data['error']}")
            return
        steps = data["steps"]
        table = Table(title=f"todo-chatbot is up ({data['seconds']} s)", show_header=False)
        table.add_column("step")
        table.add_column("outcome", overflow="fold")
        table.add_row("doctor", steps["doctor"])
        table.add_row("cluster", _brief(steps["cluster"]))
        table.add_row("images", _brief(steps["images_build"]))
        table.add_row("load", _brief(steps["images_load"]))
        table.add_row("deploy", _brief(steps["deploy"]))
        for gate in steps["gates"]:
            table.add_row(f"gate {gate['number']}", f"{gate['status']}: {escape(gate['measured'])}")
        for name, link in data["urls"].items():
            table.add_row(f"[bold]{name}[/]", f"[bold]{escape(link)}[/]")
        state.err.print(table)

    emit(as_json, data, render)
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
