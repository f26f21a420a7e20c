"""A cluster snapshot: `kubectl get -o json` objects, Helm status and container logs.

On disk a snapshot is a directory of `*.json` files, each one object or a `List`
exactly as `kubectl get … -o json` prints it (or `helm status -o json` output),
plus `logs/<pod>/<container>.log` and `captured-at.txt`. Any such directory can
be read back, whoever wrote it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# kind -> the kubectl resource name used to fetch it (and the file it is saved to).
SNAPSHOT_KINDS: dict[str, str] = {
    "Pod": "pods",
    "Event": "events",
    "Deployment": "deployments",
    "StatefulSet": "statefulsets",
    "ReplicaSet": "replicasets",
    "Service": "services",
    "Endpoints": "endpoints",
    "EndpointSlice": "endpointslices.discovery.k8s.io",
    "HorizontalPodAutoscaler": "horizontalpodautoscalers.autoscaling",
    "PersistentVolumeClaim": "persistentvolumeclaims",
    "Node": "nodes",
}
CAPTURE_FILE = "captured-at.txt"


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass
class Snapshot:
    objects: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    helm: list[dict[str, Any]] = field(default_factory=list)
    logs: dict[tuple[str, str], str] = field(default_factory=dict)
    captured_at: datetime | None = None

    def of(self, kind: str) -> list[dict[str, Any]]:
        return self.objects.get(kind, [])

    def log(self, pod: str, container: str) -> str:
        return self.logs.get((pod, container), "")

    def reference_time(self) -> datetime:
        """Ages are measured against the capture time, else the newest timestamp in
        the snapshot — never the wall clock, so an old saved snapshot reads the same."""
        if self.captured_at:
            return self.captured_at
        newest = max(_timestamps(self.objects), default=None)
        return newest or utcnow()


def _timestamps(value: Any) -> list[datetime]:
    found: list[datetime] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (
                key.endswith("Timestamp") or key.endswith("Time") or key.endswith("At")
            ):
                parsed = parse_time(item)
                if parsed:
                    found.append(parsed)
            else:
                found.extend(_timestamps(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_timestamps(item))
    return found


def _kind_of(item: dict[str, Any], list_kind: str | None) -> str | None:
    if item.get("kind"):
        return str(item["kind"])
    if list_kind and list_kind.endswith("List") and list_kind != "List":
        return list_kind.removesuffix("List")
    return None


def load_snapshot(directory: Path) -> Snapshot:
    snap = Snapshot()
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text())
        if isinstance(data, dict) and "info" in data and "name" in data and "kind" not in data:
            snap.helm.append(data)
            continue
        if not isinstance(data, dict):
            continue
        list_kind = data.get("kind")
        items = data.get("items") if "items" in data else [data]
        for item in items or []:
            kind = _kind_of(item, list_kind)
            if kind:
                snap.objects.setdefault(kind, []).append(item)
    logs_dir = directory / "logs"
    if logs_dir.is_dir():
        for log_file in sorted(logs_dir.glob("*/*.log")):
            snap.logs[(log_file.parent.name, log_file.stem)] = log_file.read_text(errors="replace")
    capture = directory / CAPTURE_FILE
    if capture.is_file():
        snap.captured_at = parse_time(capture.read_text().strip())
    return snap


def write_snapshot(snap: Snapshot, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for kind, resource in SNAPSHOT_KINDS.items():
        path = directory / f"{resource.split('.')[0]}.json"
        body = {
            "apiVersion": "v1",
            "kind": "List",
            "items": snap.of(kind),
            "metadata": {"resourceVersion": ""},
        }
        path.write_text(json.dumps(body, indent=2))
        written.append(path)
    for index, release in enumerate(snap.helm):
        path = directory / f"helm-status-{index}.json" if index else directory / "helm-status.json"
        path.write_text(json.dumps(release, indent=2))
        written.append(path)
    for (pod, container), text in snap.logs.items():
        path = directory / "logs" / pod / f"{container}.log"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        written.append(path)
    captured = snap.captured_at or snap.reference_time()
    (directory / CAPTURE_FILE).write_text(captured.isoformat().replace("+00:00", "Z") + "\n")
    written.append(directory / CAPTURE_FILE)
    return written
