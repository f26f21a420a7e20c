"""`todoctl doctor`: which tools are present, new enough, and how to install the rest."""

from __future__ import annotations

import platform
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from todoctl.kube import Kube

# tool -> (minimum version, required). Docker 20.10 is the oldest engine the image builds
# were run on (BuildKit secret and cache mounts).
REQUIREMENTS: dict[str, tuple[tuple[int, ...], bool]] = {
    "docker": ((20, 10), True),
    "helm": ((3, 0), True),
    "kubectl": ((1, 28), True),
    "kubectl-ai": ((0, 0), False),
    "kagent": ((0, 0), False),
}
# The one tool the cluster in use needs besides those: Minikube itself, or the image
# loader of another cluster (see Kube.image_loader).
CLUSTER_TOOLS: dict[str, tuple[int, ...]] = {
    "minikube": (1, 32),
    "kind": (0, 20),
    "k3d": (5, 0),
    "ctr": (1, 6),
}
LOADER_TOOLS = {"minikube": "minikube", "kind": "kind", "k3d": "k3d", "containerd": "ctr"}

_GH = "https://raw.githubusercontent.com"
_MINIKUBE = "https://storage.googleapis.com/minikube/releases/latest"
_KUBECTL = (
    "https://dl.k8s.io/release/$(curl -Ls https://dl.k8s.io/release/stable.txt)/bin/linux/amd64"
)
_HELM = f"curl -fsSL {_GH}/helm/helm/main/scripts/get-helm-3 | bash"
_KUBECTL_AI = f"curl -sSL {_GH}/GoogleCloudPlatform/kubectl-ai/main/install.sh | bash"
_KAGENT = f"curl -sSL {_GH}/kagent-dev/kagent/refs/heads/main/scripts/get-kagent | bash"
_DOCKER_GROUP = " && sudo usermod -aG docker $USER  # log out and in again"

INSTALL: dict[str, dict[str, str]] = {
    "docker": {
        # Debian bookworm's docker.io is 20.10, below the minimum: use Docker's packages
        "debian": "curl -fsSL https://get.docker.com | sh" + _DOCKER_GROUP,
        "macos": "brew install --cask docker  # then start Docker Desktop",
        "windows": "winget install -e --id Docker.DockerDesktop  # enable the WSL 2 backend",
        "linux": "curl -fsSL https://get.docker.com | sh" + _DOCKER_GROUP,
    },
    "minikube": {
        "debian": f"curl -LO {_MINIKUBE}/minikube_latest_amd64.deb"
        " && sudo dpkg -i minikube_latest_amd64.deb",
        "macos": "brew install minikube",
        "windows": "winget install -e --id Kubernetes.minikube",
        "linux": f"curl -LO {_MINIKUBE}/minikube-linux-amd64"
        " && sudo install minikube-linux-amd64 /usr/local/bin/minikube",
    },
    "helm": {
        "debian": _HELM,
        "macos": "brew install helm",
        "windows": "winget install -e --id Helm.Helm",
        "linux": _HELM,
    },
    "kubectl": {
        "debian": f'curl -LO "{_KUBECTL}/kubectl" && sudo install kubectl /usr/local/bin/kubectl',
        "macos": "brew install kubectl",
        "windows": "winget install -e --id Kubernetes.kubectl",
        "linux": f'curl -LO "{_KUBECTL}/kubectl" && sudo install kubectl /usr/local/bin/kubectl',
    },
    "kind": {
        "debian": "go install sigs.k8s.io/kind@latest",
        "macos": "brew install kind",
        "windows": "winget install -e --id Kubernetes.kind",
        "linux": "go install sigs.k8s.io/kind@latest",
    },
    "k3d": {
        "debian": f"curl -s {_GH}/k3d-io/k3d/main/install.sh | bash",
        "macos": "brew install k3d",
        "windows": "choco install k3d",
        "linux": f"curl -s {_GH}/k3d-io/k3d/main/install.sh | bash",
    },
    "ctr": {
        "debian": "sudo apt-get install -y containerd",
        "macos": "ctr runs where containerd runs: use --image-loader for your cluster",
        "windows": "ctr runs where containerd runs: use --image-loader for your cluster",
        "linux": "install containerd from your distribution's packages",
    },
    "kubectl-ai": {
        "debian": _KUBECTL_AI,
        "macos": _KUBECTL_AI,
        "windows": "see https://github.com/GoogleCloudPlatform/kubectl-ai#installation",
        "linux": _KUBECTL_AI,
    },
    "kagent": {
        "debian": _KAGENT,
        "macos": "brew install kagent",
        "windows": "see https://kagent.dev/docs/kagent/introduction/installation",
        "linux": _KAGENT,
    },
}


@dataclass(frozen=True)
class ToolCheck:
    tool: str
    required: bool
    found: str | None  # version text, None when missing or unusable
    minimum: str
    ok: bool
    install: str | None  # exact command for this OS when not ok

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def detect_os(os_release: Path = Path("/etc/os-release")) -> str:
    """debian (Debian/Ubuntu, incl. WSL), linux (other), macos or windows."""
    system = platform.system()
    if system == "Darwin":
        return "macos"
    if system == "Windows":
        return "windows"
    try:
        text = os_release.read_text().lower()
    except OSError:
        return "linux"
    return "debian" if "debian" in text or "ubuntu" in text else "linux"


def requirements(kube: Kube) -> dict[str, tuple[tuple[int, ...], bool]]:
    """The common tools plus the one that this cluster's image loading needs."""
    needed = dict(REQUIREMENTS)
    tool = LOADER_TOOLS.get(kube.image_loader)
    if kube.is_minikube:
        tool = "minikube"
    if tool:
        needed = {"docker": needed.pop("docker"), tool: (CLUSTER_TOOLS[tool], True), **needed}
    return needed


def check_tools(kube: Kube, os_name: str) -> list[ToolCheck]:
    checks = []
    for tool, (minimum, required) in requirements(kube).items():
        version, text = kube.tool_version(tool)
        ok = version is not None and version >= minimum
        found = text if version is not None else None
        if tool == "docker" and version is None and "daemon" in text.lower():
            found = f"client only, engine not reachable: {text}"  # start Docker, not install it
        checks.append(
            ToolCheck(
                tool=tool,
                required=required,
                found=found,
                minimum=".".join(map(str, minimum)) if any(minimum) else "any",
                ok=ok,
                install=None if ok else INSTALL[tool][os_name],
            )
        )
    return checks


def ready(checks: list[ToolCheck]) -> bool:
    return all(c.ok for c in checks if c.required)
