"""Unit tests for todoctl.images: tags, the docker build command, errors.

Docker itself is replaced by small fake `docker` executables, so these run anywhere;
the real builds are proven by deploy/tests/test_images_docker.py.
"""

from __future__ import annotations

import itertools
import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from todoctl import images


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A one-commit git checkout with the backend's pyproject (where the version lives)."""
    for var, value in {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }.items():
        monkeypatch.setenv(var, value)
    root = tmp_path / "repo"
    (root / "backend").mkdir(parents=True)
    (root / "backend" / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "2.3.4"\n')
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "init")
    return root


def _write_fake_docker(path: Path, body: str) -> Path:
    """An executable `docker` written in Python; `body` sees `args` (argv[1:])."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"#!{sys.executable}\nimport json, os, sys\nargs = sys.argv[1:]\n" + textwrap.dedent(body)
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def recording_docker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A docker whose builds succeed; it records each call (argv and DOCKER_BUILDKIT)."""
    calls = tmp_path / "calls.jsonl"
    fake = _write_fake_docker(
        tmp_path / "bin" / "docker",
        f"""
        with open({str(calls)!r}, "a") as f:
            f.write(json.dumps({{"args": args, "buildkit": os.environ.get("DOCKER_BUILDKIT")}}))
            f.write("\\n")
        if args[:2] == ["image", "inspect"]:
            print(json.dumps([{{"Id": "sha256:1", "Size": 123456789}}]))
        elif args[0] == "build":
            print("#1 [builder 1/7] FROM base")
            print("#1 DONE 0.0s")
        """,
    )
    monkeypatch.setenv("DOCKER", str(fake))
    return calls


def _calls(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_tags_name_the_version_and_the_commit(repo: Path) -> None:
    tags = images.image_tags(repo)

    assert tags == images.ImageTags(
        version="2.3.4", unique=f"2.3.4-{_git(repo, 'rev-parse', '--short=7', 'HEAD')}"
    )
    assert len(tags.unique.split("-")[1]) == 7


@pytest.mark.parametrize("change", ["modified", "untracked"])
def test_uncommitted_changes_make_the_tag_dirty(repo: Path, change: str) -> None:
    if change == "modified":
        (repo / "backend" / "pyproject.toml").write_text(
            '[project]\nname = "x"\nversion = "2.3.4"\n# edited\n'
        )
    else:
        (repo / "backend" / "new_module.py").write_text("x = 1\n")

    sha = _git(repo, "rev-parse", "--short=7", "HEAD")
    assert images.image_tags(repo).unique == f"2.3.4-{sha}-dirty"


def test_tags_outside_a_git_checkout_say_why(tmp_path: Path) -> None:
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / "pyproject.toml").write_text('[project]\nversion = "1.0.0"\n')

    with pytest.raises(images.DockerError, match="git checkout"):
        images.image_tags(tmp_path)


def test_tags_without_a_version_say_where_it_is_read(tmp_path: Path) -> None:
    with pytest.raises(images.DockerError, match=r"backend/pyproject\.toml"):
        images.image_tags(tmp_path)


def test_build_command_tags_labels_and_context() -> None:
    tags = images.ImageTags(version="1.0.0", unique="1.0.0-abc1234-dirty")
    root = Path("/src/repo")

    command = images.build_command(
        "/usr/bin/docker",
        root,
        "frontend",
        tags,
        revision="abc1234" * 5,
        source="https://example.com/todo.git",
    )

    assert command[:2] == ["/usr/bin/docker", "build"]
    assert command[-1] == str(root)  # the whole workspace is the context
    pairs = list(itertools.pairwise(command))
    assert ("--file", "/src/repo/deploy/docker/Dockerfile.frontend") in pairs
    assert ("--tag", "hackathon-todo-frontend:1.0.0-abc1234-dirty") in pairs
    assert ("--tag", "hackathon-todo-frontend:latest") in pairs
    assert ("--build-arg", "VERSION=1.0.0") in pairs
    assert ("--build-arg", f"REVISION={'abc1234' * 5}") in pairs
    assert ("--build-arg", "SOURCE=https://example.com/todo.git") in pairs
    # Without a base image or a CA bundle, the Dockerfile defaults apply and no secret is sent.
    assert not any(arg.startswith("BASE_IMAGE=") for arg in command)
    assert "--secret" not in command


def test_build_command_passes_the_base_image_and_the_ca_as_a_secret() -> None:
    tags = images.ImageTags(version="1.0.0", unique="1.0.0-abc1234")

    command = images.build_command(
        "docker",
        Path("/r"),
        "backend",
        tags,
        base_image="todo-ci-base:bookworm-py311",
        ca_bundle=Path("/etc/ssl/certs/ca-certificates.crt"),
    )

    pairs = list(itertools.pairwise(command))
    assert ("--build-arg", "BASE_IMAGE=todo-ci-base:bookworm-py311") in pairs
    assert ("--secret", "id=cacert,src=/etc/ssl/certs/ca-certificates.crt") in pairs
    assert ("--file", "/r/deploy/docker/Dockerfile.backend") in pairs


def test_build_images_builds_each_service_with_buildkit(
    repo: Path, recording_docker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(repo / "backend" / "pyproject.toml"))  # any file
    logged: list[str] = []

    built = images.build_images(repo, base_image="base:1", log=logged.append)

    unique = images.image_tags(repo).unique
    assert [(b.service, b.repository, b.tag, b.size_bytes) for b in built] == [
        ("backend", "hackathon-todo-backend", unique, 123456789),
        ("frontend", "hackathon-todo-frontend", unique, 123456789),
    ]
    assert all(b.build_seconds >= 0 for b in built)
    assert built[0].ref == f"hackathon-todo-backend:{unique}"
    builds = [c for c in _calls(recording_docker) if c["args"][0] == "build"]  # type: ignore[index]
    assert len(builds) == 2
    assert all(c["buildkit"] == "1" for c in builds)
    first = builds[0]["args"]
    assert isinstance(first, list)
    assert f"REVISION={_git(repo, 'rev-parse', 'HEAD')}" in first
    assert f"id=cacert,src={repo / 'backend' / 'pyproject.toml'}" in first
    assert "#1 DONE 0.0s" in logged


def test_build_images_only_the_services_asked_for(repo: Path, recording_docker: Path) -> None:
    built = images.build_images(repo, services=["frontend"])

    assert [b.repository for b in built] == ["hackathon-todo-frontend"]


def test_unknown_service_is_refused_before_docker_runs(repo: Path, recording_docker: Path) -> None:
    with pytest.raises(images.ImageBuildError, match=r"unknown service web.*backend, frontend"):
        images.build_images(repo, services=["backend", "web"])

    assert not recording_docker.exists()


def test_failed_build_raises_with_the_tail_of_its_output(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _write_fake_docker(
        tmp_path / "failing" / "docker",
        """
        for n in range(1, 101):
            print(f"step output {n}", flush=True)  # docker writes as it goes, unbuffered
        print("ERROR: failed to solve: uv sync exited 2", file=sys.stderr)
        sys.exit(17)
        """,
    )
    monkeypatch.setenv("DOCKER", str(fake))

    with pytest.raises(images.ImageBuildError) as raised:
        images.build_images(repo, services=["backend"])

    message = str(raised.value)
    assert "building the backend image failed (exit 17)" in message
    assert message.rstrip().endswith("ERROR: failed to solve: uv sync exited 2")
    assert "step output 100" in message
    assert "step output 1\n" not in message  # only the tail, not the whole log


def test_missing_docker_binary_is_a_build_error(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOCKER", str(repo / "no-such-docker"))

    with pytest.raises(images.ImageBuildError, match="cannot run"):
        images.build_images(repo, services=["backend"])


def test_inspect_image_returns_the_json_or_none_when_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _write_fake_docker(
        tmp_path / "bin" / "docker",
        """
        if args[2] == "present:1":
            print(json.dumps([{"Id": "sha256:abc", "Size": 42}]))
        elif args[2] == "absent:1":
            print("Error: No such image: absent:1", file=sys.stderr)
            sys.exit(1)
        else:
            print("Cannot connect to the Docker daemon at unix:///var/run/docker.sock",
                  file=sys.stderr)
            sys.exit(1)
        """,
    )
    monkeypatch.setenv("DOCKER", str(fake))

    assert images.inspect_image("present:1") == {"Id": "sha256:abc", "Size": 42}
    assert images.inspect_image("absent:1") is None
    with pytest.raises(images.DockerError, match="Cannot connect to the Docker daemon"):
        images.inspect_image("daemon-down:1")


def test_find_docker_skips_a_client_that_cannot_use_buildkit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Like this project's CI machine: a 28.x client without buildx first on PATH, and
    # Debian's 20.10 (BuildKit built in) after it.
    _write_fake_docker(
        tmp_path / "new" / "docker",
        """
        if args[0] == "buildx":
            sys.exit(1)
        print("28.2.2")
        """,
    )
    old = _write_fake_docker(tmp_path / "old" / "docker", 'print("20.10.24+dfsg1")\nsys.exit(1)')
    monkeypatch.delenv("DOCKER", raising=False)
    monkeypatch.setenv("PATH", os.pathsep.join([str(tmp_path / "new"), str(tmp_path / "old")]))

    assert images.find_docker() == str(old)


def test_find_docker_explains_when_no_client_can_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_fake_docker(
        tmp_path / "new" / "docker",
        """
        if args[0] == "buildx":
            sys.exit(1)
        print("28.2.2")
        """,
    )
    monkeypatch.delenv("DOCKER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "new"))

    with pytest.raises(images.DockerError, match="buildx"):
        images.find_docker()


@pytest.mark.parametrize(
    ("remote", "public"),
    [
        ("https://alice:ghp_secret@github.com/org/todo.git", "https://github.com/org/todo.git"),
        (
            "https://oauth2:tok@gitlab.example.com:8443/g/r.git",
            "https://gitlab.example.com:8443/g/r.git",
        ),
        ("git@github.com:org/todo.git", "git@github.com:org/todo.git"),
        ("", ""),
    ],
)
def test_source_label_never_carries_credentials(remote: str, public: str) -> None:
    assert images.public_source_url(remote) == public
