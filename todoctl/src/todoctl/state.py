"""What every todoctl command works with: the cluster adapter, the release, the repo."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console

from todoctl import ops
from todoctl.kube import DEFAULT_RELEASE, Kube

CHART = Path("deploy/helm/todo-chatbot")


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
