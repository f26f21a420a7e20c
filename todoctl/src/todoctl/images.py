"""Build the two service images with Docker BuildKit and tag them uniquely.

Tags are `<version>-<gitsha>[-dirty]` plus `latest`: `minikube image load` keeps an
old image when the name:tag already exists, so every commit (and every uncommitted
state) needs a tag of its own. Builds go through the docker CLI because BuildKit
features (cache and secret mounts) are not available through the Docker SDK.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import tomllib
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BACKEND_IMAGE = "hackathon-todo-backend"
FRONTEND_IMAGE = "hackathon-todo-frontend"
REPOSITORIES = {"backend": BACKEND_IMAGE, "frontend": FRONTEND_IMAGE}

# Debian/Ubuntu's bundle; behind a TLS-intercepting proxy it holds the proxy's CA, which
# builds need to reach PyPI. It is handed to BuildKit as a secret, never copied.
SYSTEM_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
ERROR_TAIL_LINES = 40


class DockerError(RuntimeError):
    """Docker is missing or unreachable, or one of its commands failed."""


class ImageBuildError(DockerError):
    """An image build failed; the message ends with the tail of the build output."""


@dataclass(frozen=True)
class ImageTags:
    version: str
    unique: str  # e.g. "1.0.0-3f2a9c1" or "1.0.0-3f2a9c1-dirty"


@dataclass(frozen=True)
class BuiltImage:
    service: str
    repository: str
    tag: str
    size_bytes: int
    build_seconds: float

    @property
    def ref(self) -> str:
        return f"{self.repository}:{self.tag}"


def image_tags(repo_root: Path) -> ImageTags:
    """Version from backend/pyproject.toml, short commit, `-dirty` if the tree has changes."""
    pyproject = repo_root / "backend" / "pyproject.toml"
    try:
        version = str(tomllib.loads(pyproject.read_text())["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError) as exc:
        raise DockerError(f"cannot read the project version from {pyproject}: {exc}") from exc
    short_sha = _git(repo_root, "rev-parse", "--short=7", "HEAD")
    dirty = bool(_git(repo_root, "status", "--porcelain"))
    return ImageTags(version=version, unique=f"{version}-{short_sha}" + ("-dirty" if dirty else ""))


def build_images(
    repo_root: Path,
    *,
    base_image: str | None = None,
    services: Sequence[str] = ("backend", "frontend"),
    log: Callable[[str], None] | None = None,
) -> list[BuiltImage]:
    """Build each service's image (tagged unique and `latest`), one after the other."""
    unknown = [s for s in services if s not in REPOSITORIES]
    if unknown:
        raise ImageBuildError(
            f"unknown service {', '.join(unknown)}: choose from {', '.join(REPOSITORIES)}"
        )
    docker = find_docker()
    tags = image_tags(repo_root)
    revision = _git(repo_root, "rev-parse", "HEAD")
    source = public_source_url(_git_optional(repo_root, "config", "--get", "remote.origin.url"))
    ca_bundle = _ca_bundle()
    env = {**os.environ, "DOCKER_BUILDKIT": "1"}
    built = []
    for service in services:
        command = build_command(
            docker,
            repo_root,
            service,
            tags,
            base_image=base_image,
            revision=revision,
            source=source,
            ca_bundle=ca_bundle,
        )
        started = time.monotonic()
        _run_streaming(command, env=env, log=log, what=f"building the {service} image")
        seconds = time.monotonic() - started
        ref = f"{REPOSITORIES[service]}:{tags.unique}"
        details = inspect_image(ref)
        if details is None:
            raise ImageBuildError(f"docker reported success but {ref} does not exist")
        built.append(
            BuiltImage(
                service=service,
                repository=REPOSITORIES[service],
                tag=tags.unique,
                size_bytes=int(details["Size"]),
                build_seconds=seconds,
            )
        )
    return built


def build_command(
    docker: str,
    repo_root: Path,
    service: str,
    tags: ImageTags,
    *,
    base_image: str | None = None,
    revision: str = "unknown",
    source: str = "",
    ca_bundle: Path | None = None,
) -> list[str]:
    """The `docker build` argv for one service; the build context is the repo root."""
    repository = REPOSITORIES[service]
    command = [
        docker,
        "build",
        "--progress=plain",
        "--file",
        str(repo_root / "deploy" / "docker" / f"Dockerfile.{service}"),
        "--tag",
        f"{repository}:{tags.unique}",
        "--tag",
        f"{repository}:latest",
        "--build-arg",
        f"VERSION={tags.version}",
        "--build-arg",
        f"REVISION={revision}",
        "--build-arg",
        f"SOURCE={source}",
    ]
    if base_image:
        command += ["--build-arg", f"BASE_IMAGE={base_image}"]
    if ca_bundle is not None:
        command += ["--secret", f"id=cacert,src={ca_bundle}"]
    return [*command, str(repo_root)]


def inspect_image(ref: str) -> dict[str, Any] | None:
    """`docker image inspect` JSON for one image, or None when there is no such image."""
    result = subprocess.run(
        [docker_client(), "image", "inspect", ref], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        if "no such image" in result.stderr.lower() or "no such object" in result.stderr.lower():
            return None
        raise DockerError(f"docker image inspect {ref} failed: {result.stderr.strip()}")
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found[0] if found else None


def docker_client() -> str:
    """Any docker client (`$DOCKER` or the first on PATH), for commands other than build."""
    client = os.environ.get("DOCKER") or shutil.which("docker")
    if not client:
        raise DockerError("docker is not installed (no `docker` on PATH)")
    return client


def find_docker() -> str:
    """A docker client that can build with BuildKit.

    `$DOCKER` wins. Otherwise the first `docker` on PATH that has the buildx plugin, or
    that is older than 23.0 (those build with BuildKit themselves); newer clients
    without buildx refuse `DOCKER_BUILDKIT=1`, and some machines have both kinds.
    """
    if override := os.environ.get("DOCKER"):
        return override
    candidates = _executables_on_path("docker")
    if not candidates:
        raise DockerError("docker is not installed (no `docker` on PATH)")
    for candidate in candidates:
        major = _client_major_version(candidate)
        if _has_buildx(candidate) or (major is not None and major < 23):
            return candidate
    raise DockerError(
        f"no docker client on PATH can build with BuildKit ({', '.join(candidates)}): "
        "install the buildx plugin (e.g. `apt-get install docker-buildx`) or set DOCKER "
        "to a client that has it"
    )


def public_source_url(remote: str) -> str:
    """The remote URL without any user name or token, fit for an image label."""
    parts = urlsplit(remote)
    if not parts.scheme or not parts.hostname:
        return remote  # scp-like `git@host:path` carries no secret, or empty
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _run_streaming(
    command: list[str], *, env: dict[str, str], log: Callable[[str], None] | None, what: str
) -> None:
    tail: deque[str] = deque(maxlen=ERROR_TAIL_LINES)
    try:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    except OSError as exc:
        raise ImageBuildError(f"{what}: cannot run {command[0]}: {exc}") from exc
    assert process.stdout is not None  # stdout=PIPE
    with process:
        for raw in process.stdout:
            line = raw.rstrip("\n")
            tail.append(line)
            if log is not None:
                log(line)
    if process.returncode != 0:
        output = "\n".join(tail)
        raise ImageBuildError(f"{what} failed (exit {process.returncode}):\n{output}")


def _ca_bundle() -> Path | None:
    for candidate in (os.environ.get("SSL_CERT_FILE"), SYSTEM_CA_BUNDLE):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _git(repo_root: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(repo_root), *args], capture_output=True, text=True, check=True
        )
    except FileNotFoundError as exc:
        raise DockerError("git is not installed; image tags are made from the commit") from exc
    except subprocess.CalledProcessError as exc:
        raise DockerError(
            f"git {' '.join(args)} failed in {repo_root} (image tags need a git checkout "
            f"with at least one commit): {exc.stderr.strip()}"
        ) from exc
    return result.stdout.strip()


def _git_optional(repo_root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-C", str(repo_root), *args], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def _executables_on_path(name: str) -> list[str]:
    found: list[str] = []
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        path = shutil.which(name, path=directory) if directory else None
        if path and os.path.realpath(path) not in {os.path.realpath(p) for p in found}:
            found.append(path)
    return found


def _has_buildx(docker: str) -> bool:
    result = subprocess.run([docker, "buildx", "version"], capture_output=True, check=False)
    return result.returncode == 0


def _client_major_version(docker: str) -> int | None:
    result = subprocess.run(
        [docker, "version", "--format", "{{.Client.Version}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    # The client prints its own version even when the daemon is down (and exits 1).
    major = result.stdout.strip().split(".", 1)[0]
    return int(major) if major.isdigit() else None
