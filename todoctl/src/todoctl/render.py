"""How todoctl shows things: Rich on stderr while it works, or one JSON document on stdout.

Only printing here: what to print is decided by the commands (cli.py) and the workflows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from todoctl import doctor as doctor_mod
from todoctl import gates as gates_mod
from todoctl.diagnose import Finding
from todoctl.state import State

GATE_COLOURS = {gates_mod.PASS: "green", gates_mod.FAIL: "red", gates_mod.SKIPPED: "yellow"}


def emit(as_json: bool, data: Any, render: Callable[[], None]) -> None:
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str))
    else:
        render()


def error(state: State, as_json: bool, message: str) -> None:
    if as_json:
        typer.echo(json.dumps({"status": "error", "error": message}))
    else:
        state.err.print(f"[bold red]error:[/] {message}")


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
def cluster_line(cluster: dict[str, Any]) -> str:
    kind = "Minikube" if cluster["minikube"] else "not Minikube: used, never started or stopped"
    where = f"context {cluster['context']} ({kind}), images via {cluster['image_loader']}"
    if cluster["server_version"]:
        return f"cluster: {where}, Kubernetes {cluster['server_version']} answering"
    return f"cluster: {where}, not reachable (todoctl cluster up, or start that cluster)"


def doctor(state: State, checks: list[doctor_mod.ToolCheck], os_name: str, helm: int) -> None:
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


# -- images ----------------------------------------------------------------------------
def images_built(state: State, built: list[dict[str, Any]]) -> None:
    table = Table(title="images built")
    for column in ("service", "image", "size MB", "seconds"):
        table.add_column(column)
    for b in built:
        table.add_row(b["service"], b["image"], str(b["size_mb"]), str(b["build_seconds"]))
    state.err.print(table)


# -- deploy / diagnose -----------------------------------------------------------------
def findings(state: State, found: list[Finding]) -> None:
    """k8sgpt-style blocks: object, cause, evidence, then the fix on one copyable line."""
    for index, f in enumerate(found, 1):
        colour = "red" if f.severity == "critical" else "yellow"
        where = f"{f.kind}/{f.namespace + '/' if f.namespace else ''}{f.name}"
        state.err.print(f"[bold]{index}. [{colour}]{f.severity}[/] {f.reason}[/] {where}")
        state.err.print(f"   cause: {f.root_cause}", markup=False)
        for line in f.evidence:
            state.err.print(f"   · {line}", markup=False, highlight=False)
        state.err.print(f"   fix:   {f.fix}", soft_wrap=True, markup=False)


def deployed(state: State, data: dict[str, Any]) -> None:
    if data["status"] == "ok":
        took = f"revision {data['revision']} in {data['seconds']} s"
        state.err.print(f"[green]deployed[/] {data['release']} {took}")
        for name, url in (data.get("urls") or {}).items():
            state.err.print(f"  {name}: {url}")
        return
    state.err.print(f"[red]deploy failed[/]: {data['error']}\n{data['rolled_back']}")
    findings(state, [Finding(**f) for f in data["diagnosis"]["findings"]])


def diagnosis(state: State, found: list[Finding], data: dict[str, Any]) -> None:
    if not found:
        state.err.print("[green]no problems found[/]")
        return
    findings(state, found)
    if "explanation" in data:
        state.err.print(data["explanation"])
    if "explanation_error" in data:
        state.err.print(f"[yellow]no explanation:[/] {data['explanation_error']}")


# -- validate --------------------------------------------------------------------------
def gate_line(state: State, gate: gates_mod.GateResult) -> None:
    """A gate's verdict as soon as it is known."""
    colour = GATE_COLOURS[gate.status]
    state.err.print(
        f"[{colour}]{gate.status}[/] gate {gate.number} {gate.name}: "
        f"{escape(gate.measured)} (limit: {escape(gate.limit)})"
    )


def gates(state: State, results: list[gates_mod.GateResult]) -> None:
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


# -- up --------------------------------------------------------------------------------
def brief(outcome: Any) -> str:
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


def up(state: State, data: dict[str, Any]) -> None:
    if data["status"] != "ok":
        state.err.print(f"[red]stopped at {data['failed_step']}[/]: {data['error']}")
        return
    steps = data["steps"]
    table = Table(title=f"todo-chatbot is up ({data['seconds']} s)", show_header=False)
    table.add_column("step")
    table.add_column("outcome", overflow="fold")
    table.add_row("doctor", steps["doctor"])
    table.add_row("cluster", brief(steps["cluster"]))
    table.add_row("images", brief(steps["images_build"]))
    table.add_row("load", brief(steps["images_load"]))
    table.add_row("deploy", brief(steps["deploy"]))
    for gate in steps["gates"]:
        table.add_row(f"gate {gate['number']}", f"{gate['status']}: {escape(gate['measured'])}")
    for name, link in data["urls"].items():
        table.add_row(f"[bold]{name}[/]", f"[bold]{escape(link)}[/]")
    state.err.print(table)
