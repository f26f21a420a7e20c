#!/usr/bin/env python3
"""A single-node Kubernetes on this machine, built from source modules: test infrastructure.

    sudo python3 deploy/testbed/testbed.py start   # build (cached), start, print KUBECONFIG
    sudo python3 deploy/testbed/testbed.py stop    # stop everything, remove all state

etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubelet, kube-proxy and a
volume provisioner run as host processes; containerd (Debian's, with its own socket and
root, apart from Docker's) runs the pods; CoreDNS and metrics-server run as pods from images
packed here from their binaries, as are the pause image and a PostgreSQL image made from
Debian's package (no registry is reachable). The node's address is the pod bridge's
gateway, in a pod range nothing else on the machine uses, and pods cannot reach past the
pod and service ranges. Only the standard library: it runs before any virtualenv exists.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import ssl
import string
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATE = Path(os.environ.get("TESTBED_STATE", "/var/lib/todo-testbed"))
RUN = Path(os.environ.get("TESTBED_RUN", "/run/todo-testbed"))
CACHE = Path(os.environ.get("TESTBED_CACHE", "/var/cache/todo-testbed"))
KUBECONFIG = STATE / "admin.kubeconfig"
CONTEXT = "todo-testbed"
NODE = "todo-testbed"
CLUSTER_DOMAIN = "cluster.local"

# Ranges nothing else here uses; the node's address is the bridge's, inside the pod range.
POD_CIDR = "10.213.0.0/16"
NODE_SUBNET = "10.213.0.0/24"
NODE_IP = "10.213.0.1"
SERVICE_CIDR = "10.214.0.0/16"
KUBERNETES_SERVICE_IP = "10.214.0.1"
DNS_IP = "10.214.0.10"
BRIDGE = "todotb0"
ISOLATION_CHAIN = "TODO-TESTBED-ISOLATE"
ISOLATION_RULE = ["-s", POD_CIDR, "-j", ISOLATION_CHAIN]

API_PORT = 6443
ETCD_PORT = 12379
CONTAINERD_SOCKET = RUN / "containerd.sock"
CNI_BIN = Path("/usr/lib/cni")
RUNC = shutil.which("runc") or "/usr/sbin/runc"

PAUSE_IMAGE = "docker.io/todo-testbed/pause:3.10"
COREDNS_IMAGE = "docker.io/todo-testbed/coredns:1.12.4"
METRICS_SERVER_IMAGE = "docker.io/todo-testbed/metrics-server:0.8.0"
POSTGRES_REPOSITORY = "todo-testbed/postgres"  # tagged <Debian's PostgreSQL version>-bookworm
# Chart values for the local PostgreSQL image in place of the registry's (written by start):
#   todoctl -f /var/lib/todo-testbed/chart-values.yaml deploy
CHART_VALUES = STATE / "chart-values.yaml"

COMPONENTS = (
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "containerd",
    "kubelet",
    "kube-proxy",
    "hostpath-provisioner",
)


def log(message: str) -> None:
    print(f"testbed: {message}", file=sys.stderr, flush=True)


def sh(*argv: str | Path, check: bool = True, quiet: bool = False, **kw: object) -> str:
    result = subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, check=False, **kw
    )
    if check and result.returncode != 0:
        raise SystemExit(
            f"testbed: `{' '.join(map(str, argv))}` failed ({result.returncode}):\n"
            + (result.stderr or result.stdout)[-3000:]
        )
    if not quiet and result.returncode != 0:
        log(f"(ignored) {' '.join(map(str, argv[:4]))}: {result.stderr.strip()[-300:]}")
    return result.stdout


# -- binaries and images -----------------------------------------------------------------
def build_binaries() -> Path:
    started = time.monotonic()
    out = subprocess.run(
        ["bash", str(HERE / "build.sh")], stdout=subprocess.PIPE, text=True, check=True
    )
    log(f"binaries ready in {time.monotonic() - started:.0f} s")
    return Path(out.stdout.strip().splitlines()[-1])


def _tar_of(files: dict[str, tuple[bytes | Path, int]]) -> bytes:
    """An image layer holding `files` (path -> content or source file, mode)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, (content, mode) in files.items():
            data = content.read_bytes() if isinstance(content, Path) else content
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), mode, 0
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def oci_archive(name: str, layer: Path | bytes, config: dict[str, object]) -> bytes:
    """An OCI image layout tarball of one uncompressed layer, named for `ctr import`."""
    layer_bytes = layer.read_bytes() if isinstance(layer, Path) else layer
    blobs: dict[str, bytes] = {}

    def blob(data: bytes) -> dict[str, object]:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        blobs[digest] = data
        return {"digest": digest, "size": len(data)}

    layer_ref = blob(layer_bytes)
    image_config = {
        "architecture": "amd64",
        "os": "linux",
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": [layer_ref["digest"]]},
    }
    config_ref = blob(json.dumps(image_config).encode())
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config_ref},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", **layer_ref}],
    }
    manifest_ref = blob(json.dumps(manifest).encode())
    index = {
        "schemaVersion": 2,
        "manifests": [
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                **manifest_ref,
                "annotations": {
                    "io.containerd.image.name": name,
                    "org.opencontainers.image.ref.name": name.rsplit(":", 1)[1],
                },
            }
        ],
    }
    files: dict[str, tuple[bytes | Path, int]] = {
        "oci-layout": (b'{"imageLayoutVersion":"1.0.0"}', 0o644),
        "index.json": (json.dumps(index).encode(), 0o644),
    }
    for digest, data in blobs.items():
        files[f"blobs/sha256/{digest.split(':')[1]}"] = (data, 0o644)
    return _tar_of(files)


POSTGRES_ENTRYPOINT = r"""#!/bin/sh
# The official postgres image's contract, as far as the chart uses it: POSTGRES_USER,
# POSTGRES_DB, POSTGRES_PASSWORD(_FILE) and PGDATA; initdb on first start, then postgres.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}" "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password_file=${POSTGRES_PASSWORD_FILE:-}
  if [ -z "$password_file" ]; then
    password_file=$(mktemp); printf '%s' "${POSTGRES_PASSWORD:?}" > "$password_file"
  fi
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile="$password_file" \
    --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"$POSTGRES_DB\";" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
fi
exec postgres -D "$PGDATA"
"""


def postgres_rootfs() -> tuple[Path, str]:
    """Debian bookworm + postgresql-15, postgres as UID/GID 70 like the Alpine image the
    chart expects, and its PostgreSQL version; cached, as mmdebstrap takes half a minute."""
    key = hashlib.sha256(POSTGRES_ENTRYPOINT.encode()).hexdigest()[:12]
    rootfs = CACHE / "images" / f"postgres-15-{key}.tar"
    version_file = rootfs.with_suffix(".version")
    if rootfs.is_file() and version_file.is_file():
        return rootfs, version_file.read_text().strip()
    rootfs.parent.mkdir(parents=True, exist_ok=True)
    entrypoint = RUN / "docker-entrypoint.sh"
    entrypoint.write_text(POSTGRES_ENTRYPOINT)
    started = time.monotonic()
    sh(
        "mmdebstrap", "--variant=minbase", "--quiet",
        "--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr",
        "--dpkgopt=path-exclude=/usr/share/man/*",
        "--dpkgopt=path-exclude=/usr/share/doc/*",
        "--dpkgopt=path-exclude=/usr/share/locale/*",
        # before the package makes its own postgres user (passwd is not installed yet)
        """--essential-hook=echo 'postgres:x:70:' >> "$1"/etc/group""",
        """--essential-hook=echo 'postgres:x:70:70::/var/lib/postgresql:/bin/sh'"""
        ' >> "$1"/etc/passwd',
        "--include=postgresql-15",
        f"--customize-hook=upload {entrypoint} /usr/local/bin/docker-entrypoint.sh",
        '--customize-hook=chmod 0755 "$1"/usr/local/bin/docker-entrypoint.sh',
        '--customize-hook=rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*'
        ' "$1"/var/lib/postgresql/15',
        "--format=tar", "bookworm", f"{rootfs}.tmp",
        "deb http://deb.debian.org/debian bookworm main",
        "deb http://deb.debian.org/debian-security bookworm-security main",
    )  # fmt: skip
    status = sh("tar", "-xOf", f"{rootfs}.tmp", "./var/lib/dpkg/status")
    package = status[status.index("Package: postgresql-15\n") :]
    version = package[package.index("Version: ") + 9 :].split("\n", 1)[0]  # e.g. 15.14-0+deb12u1
    version_file.write_text(version.split("-", 1)[0] + "-bookworm")
    Path(f"{rootfs}.tmp").rename(rootfs)
    log(f"postgres image root built in {time.monotonic() - started:.0f} s")
    return rootfs, version_file.read_text()


def ctr(*args: str | Path, check: bool = True, **kw: object) -> str:
    return sh("ctr", "--address", CONTAINERD_SOCKET, "-n", "k8s.io", *args, check=check, **kw)


def import_images(bin_dir: Path) -> str:
    """pause, CoreDNS, metrics-server and PostgreSQL into containerd's k8s.io namespace;
    returns the PostgreSQL image's tag."""
    present = set(ctr("images", "ls", "-q").split())
    nobody = {"User": "65534:65534"}
    postgres, postgres_tag = postgres_rootfs()
    images = {
        PAUSE_IMAGE: (lambda: _tar_of({"pause": (bin_dir / "pause", 0o755)}),
                      {"Entrypoint": ["/pause"], **nobody}),
        COREDNS_IMAGE: (lambda: _tar_of({"coredns": (bin_dir / "coredns", 0o755)}),
                        {"Entrypoint": ["/coredns"], **nobody}),
        METRICS_SERVER_IMAGE: (
            lambda: _tar_of({"metrics-server": (bin_dir / "metrics-server", 0o755)}),
            {"Entrypoint": ["/metrics-server"], **nobody},
        ),
        f"docker.io/{POSTGRES_REPOSITORY}:{postgres_tag}": (
            lambda: postgres,
            {
                "Entrypoint": ["/usr/local/bin/docker-entrypoint.sh"],
                "User": "70:70",
                "Env": [
                    "PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/bin:/bin",
                    "PGDATA=/var/lib/postgresql/data",
                    "LANG=C.UTF-8",
                ],
                "StopSignal": "SIGINT",
            },
        ),
    }  # fmt: skip
    for name, (layer, config) in images.items():
        if name in present:
            continue
        archive = oci_archive(name, layer(), config)
        subprocess.run(
            ["ctr", "--address", str(CONTAINERD_SOCKET), "-n", "k8s.io", "images", "import", "-"],
            input=archive, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        log(f"imported {name} ({len(archive) / 1e6:.0f} MB)")
    return postgres_tag


# -- certificates and kubeconfigs --------------------------------------------------------
def make_pki(pki: Path) -> None:
    pki.mkdir(parents=True, exist_ok=True)

    def key(name: str) -> None:
        sh("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
           "-out", pki / f"{name}.key")  # fmt: skip

    def ca(name: str, cn: str) -> None:
        key(name)
        sh("openssl", "req", "-x509", "-new", "-key", pki / f"{name}.key", "-days", "30",
           "-subj", f"/CN={cn}", "-out", pki / f"{name}.crt")  # fmt: skip

    def cert(name: str, subject: str, usage: str, sans: str = "", issuer: str = "ca") -> None:
        key(name)
        ext = pki / f"{name}.ext"
        lines = ["basicConstraints=CA:FALSE", "keyUsage=digitalSignature,keyEncipherment"]
        lines += [f"extendedKeyUsage={usage}"] + ([f"subjectAltName={sans}"] if sans else [])
        ext.write_text("\n".join(lines) + "\n")
        csr = sh("openssl", "req", "-new", "-key", pki / f"{name}.key", "-subj", subject)
        sh("openssl", "x509", "-req", "-CA", pki / f"{issuer}.crt", "-CAkey",
           pki / f"{issuer}.key", "-CAcreateserial", "-days", "30", "-extfile", ext,
           "-out", pki / f"{name}.crt", input=csr)  # fmt: skip

    ca("ca", "todo-testbed-ca")
    ca("front-proxy-ca", "todo-testbed-front-proxy-ca")
    names = ",".join(
        f"DNS:{n}"
        for n in (
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
            f"kubernetes.default.svc.{CLUSTER_DOMAIN}",
            "localhost",
        )
    )
    ips = f"IP:127.0.0.1,IP:{NODE_IP},IP:{KUBERNETES_SERVICE_IP}"
    cert("apiserver", "/CN=kube-apiserver", "serverAuth", f"{names},{ips}")
    cert("admin", "/O=system:masters/CN=todo-testbed-admin", "clientAuth")
    cert("apiserver-kubelet-client", "/O=system:masters/CN=kube-apiserver-kubelet-client",
         "clientAuth")  # fmt: skip
    cert("kubelet", f"/O=system:nodes/CN=system:node:{NODE}", "clientAuth")
    cert("controller-manager", "/CN=system:kube-controller-manager", "clientAuth")
    cert("scheduler", "/CN=system:kube-scheduler", "clientAuth")
    cert("kube-proxy", "/CN=system:kube-proxy", "clientAuth")
    cert("front-proxy-client", "/CN=front-proxy-client", "clientAuth", issuer="front-proxy-ca")
    sh("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
       "-out", pki / "sa.key")  # fmt: skip
    sh("openssl", "pkey", "-in", pki / "sa.key", "-pubout", "-out", pki / "sa.pub")
    for path in pki.iterdir():
        path.chmod(0o600)


def kubeconfig(path: Path, pki: Path, user: str) -> None:
    server = f"https://127.0.0.1:{API_PORT}"
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": CONTEXT, "cluster": {
            "server": server, "certificate-authority": str(pki / "ca.crt")}}],
        "users": [{"name": f"{CONTEXT}-{user}", "user": {
            "client-certificate": str(pki / f"{user}.crt"),
            "client-key": str(pki / f"{user}.key")}}],
        "contexts": [{"name": CONTEXT, "context": {
            "cluster": CONTEXT, "user": f"{CONTEXT}-{user}", "namespace": "default"}}],
        "current-context": CONTEXT,
    }  # fmt: skip
    path.write_text(json.dumps(config, indent=2))
    path.chmod(0o600)


# -- configuration files -----------------------------------------------------------------
def write_configs(conf: Path, pki: Path) -> None:
    conf.mkdir(parents=True, exist_ok=True)
    (STATE / "cni").mkdir(parents=True, exist_ok=True)
    (STATE / "cni" / "10-todo-testbed.conflist").write_text(
        json.dumps(
            {
                "cniVersion": "1.0.0",
                "name": "todo-testbed",
                "plugins": [
                    {
                        "type": "bridge",
                        "bridge": BRIDGE,
                        "isGateway": True,
                        "ipMasq": False,
                        "hairpinMode": True,
                        "ipam": {
                            "type": "host-local",
                            "dataDir": str(STATE / "cni" / "ipam"),
                            "ranges": [[{"subnet": NODE_SUBNET, "gateway": NODE_IP}]],
                            "routes": [{"dst": "0.0.0.0/0"}],
                        },
                    },
                    {"type": "portmap", "capabilities": {"portMappings": True}},
                ],
            },
            indent=2,
        )
    )
    (conf / "containerd.toml").write_text(
        f"""version = 2
root = "{STATE / "containerd"}"
state = "{RUN / "containerd"}"
[grpc]
  address = "{CONTAINERD_SOCKET}"
[plugins."io.containerd.internal.v1.opt"]
  path = "{STATE / "containerd-opt"}"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "{PAUSE_IMAGE}"
  enable_selinux = false
  # This machine's root lacks CAP_SYS_RESOURCE, so no process may lower its OOM score below
  # containerd's own; without this, every pod sandbox (asked for -998) fails to start.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "{RUNC}"
        Root = "{RUN / "runc"}"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "{CNI_BIN}"
    conf_dir = "{STATE / "cni"}"
"""
    )
    # Pods get the cluster's DNS only; no search domains or resolvers of this machine's.
    (conf / "resolv.conf").write_text("")
    (conf / "kubelet.yaml").write_text(
        json.dumps(
            {
                "apiVersion": "kubelet.config.k8s.io/v1beta1",
                "kind": "KubeletConfiguration",
                "cgroupDriver": "cgroupfs",
                "failCgroupV1": False,
                "failSwapOn": False,
                "containerRuntimeEndpoint": f"unix://{CONTAINERD_SOCKET}",
                "address": NODE_IP,
                "healthzBindAddress": "127.0.0.1",
                "authentication": {
                    "anonymous": {"enabled": False},
                    "webhook": {"enabled": True},
                    "x509": {"clientCAFile": str(pki / "ca.crt")},
                },
                "authorization": {"mode": "Webhook"},
                "clusterDNS": [DNS_IP],
                "clusterDomain": CLUSTER_DOMAIN,
                "resolvConf": str(conf / "resolv.conf"),
                "staticPodPath": "",
                "imageGCHighThresholdPercent": 99,
                "imageGCLowThresholdPercent": 98,
                "evictionHard": {
                    "memory.available": "100Mi",
                    "nodefs.available": "2%",
                    "imagefs.available": "2%",
                },
                "serializeImagePulls": False,
                "maxPods": 60,
            },
            indent=2,
        )
    )
    (conf / "kube-proxy.yaml").write_text(
        json.dumps(
            {
                "apiVersion": "kubeproxy.config.k8s.io/v1alpha1",
                "kind": "KubeProxyConfiguration",
                "clientConnection": {"kubeconfig": str(conf / "kube-proxy.kubeconfig")},
                "mode": "iptables",
                "clusterCIDR": POD_CIDR,
                "hostnameOverride": NODE,
                "bindAddress": "127.0.0.1",
                "healthzBindAddress": "127.0.0.1:10256",
                "metricsBindAddress": "127.0.0.1:10249",
                # NodePorts answer on loopback (test traffic) and the node's own address.
                "nodePortAddresses": ["127.0.0.0/8", f"{NODE_IP}/32"],
                "conntrack": {"maxPerCore": 0},
                "iptables": {"localhostNodePorts": True},
            },
            indent=2,
        )
    )
    for user, name in (
        ("admin", "admin"),
        ("kubelet", "kubelet"),
        ("controller-manager", "controller-manager"),
        ("scheduler", "scheduler"),
        ("kube-proxy", "kube-proxy"),
    ):
        kubeconfig(conf / f"{name}.kubeconfig", pki, user)


def commands(bin_dir: Path, conf: Path, pki: Path) -> dict[str, list[str]]:
    kc = lambda name: str(conf / f"{name}.kubeconfig")  # noqa: E731
    p = lambda name: str(pki / name)  # noqa: E731
    return {
        "etcd": [
            f"{bin_dir}/etcd", "--name=todo-testbed", f"--data-dir={STATE / 'etcd'}",
            f"--listen-client-urls=http://127.0.0.1:{ETCD_PORT}",
            f"--advertise-client-urls=http://127.0.0.1:{ETCD_PORT}",
            f"--listen-peer-urls=http://127.0.0.1:{ETCD_PORT + 1}",
            f"--initial-advertise-peer-urls=http://127.0.0.1:{ETCD_PORT + 1}",
            f"--initial-cluster=todo-testbed=http://127.0.0.1:{ETCD_PORT + 1}",
            "--listen-metrics-urls=", "--unsafe-no-fsync", "--log-level=warn",
        ],
        "kube-apiserver": [
            f"{bin_dir}/kube-apiserver", f"--etcd-servers=http://127.0.0.1:{ETCD_PORT}",
            "--bind-address=0.0.0.0", f"--secure-port={API_PORT}",
            f"--advertise-address={NODE_IP}", f"--service-cluster-ip-range={SERVICE_CIDR}",
            f"--tls-cert-file={p('apiserver.crt')}", f"--tls-private-key-file={p('apiserver.key')}",
            f"--client-ca-file={p('ca.crt')}",
            f"--kubelet-client-certificate={p('apiserver-kubelet-client.crt')}",
            f"--kubelet-client-key={p('apiserver-kubelet-client.key')}",
            "--kubelet-preferred-address-types=InternalIP",
            f"--service-account-key-file={p('sa.pub')}",
            f"--service-account-signing-key-file={p('sa.key')}",
            f"--service-account-issuer=https://kubernetes.default.svc.{CLUSTER_DOMAIN}",
            "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction",
            "--allow-privileged=true", "--profiling=false",
            f"--requestheader-client-ca-file={p('front-proxy-ca.crt')}",
            "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-username-headers=X-Remote-User",
            "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-",
            f"--proxy-client-cert-file={p('front-proxy-client.crt')}",
            f"--proxy-client-key-file={p('front-proxy-client.key')}",
            "--enable-aggregator-routing=true",
        ],
        "kube-controller-manager": [
            f"{bin_dir}/kube-controller-manager", f"--kubeconfig={kc('controller-manager')}",
            f"--authentication-kubeconfig={kc('controller-manager')}",
            f"--authorization-kubeconfig={kc('controller-manager')}",
            "--bind-address=127.0.0.1", "--leader-elect=false",
            f"--service-account-private-key-file={p('sa.key')}", f"--root-ca-file={p('ca.crt')}",
            f"--cluster-signing-cert-file={p('ca.crt')}",
            f"--cluster-signing-key-file={p('ca.key')}",
            "--use-service-account-credentials=true", f"--service-cluster-ip-range={SERVICE_CIDR}",
            # HPAs decide every 5 s instead of 15 s, so the scaling gate needs less waiting.
            "--horizontal-pod-autoscaler-sync-period=5s",
        ],
        "kube-scheduler": [
            f"{bin_dir}/kube-scheduler", f"--kubeconfig={kc('scheduler')}",
            f"--authentication-kubeconfig={kc('scheduler')}",
            f"--authorization-kubeconfig={kc('scheduler')}",
            "--bind-address=127.0.0.1", "--leader-elect=false",
        ],
        "containerd": ["containerd", f"--config={conf / 'containerd.toml'}"],
        "kubelet": [
            f"{bin_dir}/kubelet", f"--config={conf / 'kubelet.yaml'}",
            f"--kubeconfig={kc('kubelet')}", f"--hostname-override={NODE}",
            f"--node-ip={NODE_IP}", f"--root-dir={STATE / 'kubelet'}",
            f"--cert-dir={STATE / 'kubelet-pki'}",
        ],
        "kube-proxy": [f"{bin_dir}/kube-proxy", f"--config={conf / 'kube-proxy.yaml'}"],
        "hostpath-provisioner": [
            f"{bin_dir}/hostpath-provisioner", f"--kubeconfig={kc('admin')}",
            f"--root={STATE / 'volumes'}",
        ],
    }  # fmt: skip


# -- processes ---------------------------------------------------------------------------
def spawn(name: str, argv: list[str]) -> None:
    logs = STATE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{name}.log", "ab") as out:
        proc = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    (RUN / f"{name}.pid").write_text(str(proc.pid))


def alive(name: str) -> bool:
    pid_file = RUN / f"{name}.pid"
    if not pid_file.is_file():
        return False
    try:
        os.kill(int(pid_file.read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def wait_for(what: str, check, timeout: float = 120, component: str | None = None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        if component and not alive(component):
            break
        time.sleep(0.5)
    tail = ""
    if component:
        with contextlib.suppress(OSError):
            tail = (STATE / "logs" / f"{component}.log").read_text()[-3000:]
    raise SystemExit(f"testbed: {what} not ready after {timeout:.0f} s\n{tail}")


def api_ready(pki: Path) -> bool:
    context = ssl.create_default_context(cafile=str(pki / "ca.crt"))
    context.load_cert_chain(str(pki / "admin.crt"), str(pki / "admin.key"))
    url = f"https://127.0.0.1:{API_PORT}/readyz"
    with urllib.request.urlopen(url, context=context, timeout=5) as response:
        return bool(response.status == 200)


def kubectl(*args: str, **kw: object) -> str:
    return sh("kubectl", "--kubeconfig", KUBECONFIG, "--context", CONTEXT, *args, **kw)


def kubectl_path() -> None:
    if not shutil.which("kubectl"):
        raise SystemExit("testbed: kubectl is not on PATH (the test suites fetch a pinned one)")


# -- network -----------------------------------------------------------------------------
def network_up() -> None:
    for key in ("net/ipv4/ip_forward", "net/bridge/bridge-nf-call-iptables"):
        Path("/proc/sys", key).write_text("1")
    if sh("ip", "link", "show", BRIDGE, check=False, quiet=True) == "":
        sh("ip", "link", "add", BRIDGE, "type", "bridge")
    sh("ip", "addr", "replace", f"{NODE_IP}/24", "dev", BRIDGE)
    sh("ip", "link", "set", BRIDGE, "up")
    # Pods reach each other, services and the node, nothing else: no traffic of a test
    # ever leaves this machine through a pod. (ACCEPT, not RETURN: Docker sets FORWARD's
    # policy to DROP, and bridged pod-to-pod packets pass FORWARD too.)
    sh("iptables", "-N", ISOLATION_CHAIN, check=False, quiet=True)
    sh("iptables", "-F", ISOLATION_CHAIN)
    sh("iptables", "-A", ISOLATION_CHAIN, "-d", POD_CIDR, "-j", "ACCEPT")
    sh("iptables", "-A", ISOLATION_CHAIN, "-d", SERVICE_CIDR, "-j", "ACCEPT")
    sh("iptables", "-A", ISOLATION_CHAIN, "-j", "DROP")
    if not _has_rule("FORWARD", ISOLATION_RULE):
        sh("iptables", "-I", "FORWARD", "1", *ISOLATION_RULE)


def _has_rule(chain: str, rule: list[str]) -> bool:
    return subprocess.run(["iptables", "-C", chain, *rule], capture_output=True).returncode == 0


def network_down(bin_dir: Path | None) -> None:
    if bin_dir and (bin_dir / "kube-proxy").exists():
        sh(bin_dir / "kube-proxy", "--cleanup", check=False, quiet=True)
    while _has_rule("FORWARD", ISOLATION_RULE):
        sh("iptables", "-D", "FORWARD", *ISOLATION_RULE)
    sh("iptables", "-F", ISOLATION_CHAIN, check=False, quiet=True)
    sh("iptables", "-X", ISOLATION_CHAIN, check=False, quiet=True)
    sh("ip", "link", "del", BRIDGE, check=False, quiet=True)
    for netns in Path("/run/netns").glob("cni-*") if Path("/run/netns").is_dir() else []:
        sh("ip", "netns", "del", netns.name, check=False, quiet=True)


# -- start / stop ------------------------------------------------------------------------
def start(args: argparse.Namespace) -> None:
    if os.geteuid() != 0:
        raise SystemExit("testbed: run as root (it starts a kubelet and containerd)")
    kubectl_path()
    if any(alive(name) for name in COMPONENTS):
        raise SystemExit("testbed: already running (testbed.py stop first)")
    begun = time.monotonic()
    bin_dir = build_binaries()
    stop_everything(bin_dir)  # leftovers of a run that was killed
    for directory in (STATE, RUN):
        directory.mkdir(parents=True, exist_ok=True)
    (RUN / "bin-dir").write_text(str(bin_dir))
    try:
        bring_up(bin_dir, begun)
    except BaseException:
        log(f"start failed; the logs are in {STATE / 'logs'} until the next start or stop")
        raise


def bring_up(bin_dir: Path, begun: float) -> None:
    pki, conf = STATE / "pki", STATE / "conf"
    make_pki(pki)
    write_configs(conf, pki)
    shutil.copy(conf / "admin.kubeconfig", KUBECONFIG)
    network_up()
    argv = commands(bin_dir, conf, pki)
    started = time.monotonic()

    spawn("etcd", argv["etcd"])
    wait_for("etcd", lambda: urllib.request.urlopen(
        f"http://127.0.0.1:{ETCD_PORT}/health", timeout=2).status == 200, 60, "etcd")  # fmt: skip
    spawn("kube-apiserver", argv["kube-apiserver"])
    spawn("containerd", argv["containerd"])
    wait_for("kube-apiserver", lambda: api_ready(pki), 120, "kube-apiserver")
    log(f"API server ready in {time.monotonic() - started:.1f} s")
    for name in ("kube-controller-manager", "kube-scheduler"):
        spawn(name, argv[name])
    wait_for("containerd", lambda: ctr("version", quiet=True) != "", 30, "containerd")
    postgres_tag = import_images(bin_dir)
    image = {"repository": POSTGRES_REPOSITORY, "tag": postgres_tag, "pullPolicy": "Never"}
    CHART_VALUES.write_text(json.dumps({"postgresql": {"image": image}}, indent=2) + "\n")
    spawn("kubelet", argv["kubelet"])
    spawn("kube-proxy", argv["kube-proxy"])
    spawn("hostpath-provisioner", argv["hostpath-provisioner"])
    wait_for(
        "node Ready",
        lambda: (
            "True"
            in kubectl(
                "get",
                "node",
                NODE,
                "-o",
                "jsonpath={.status.conditions[?(@.type=='Ready')].status}",
                check=False,
                quiet=True,
            )
        ),
        120,
        "kubelet",
    )
    log(f"node Ready in {time.monotonic() - started:.1f} s")
    manifest = string.Template((HERE / "addons.yaml").read_text()).substitute(
        COREDNS_IMAGE=COREDNS_IMAGE, METRICS_SERVER_IMAGE=METRICS_SERVER_IMAGE,
        DNS_IP=DNS_IP, CLUSTER_DOMAIN=CLUSTER_DOMAIN,
    )  # fmt: skip
    kubectl("apply", "-f", "-", input=manifest)
    for deployment in ("coredns", "metrics-server"):
        kubectl("-n", "kube-system", "rollout", "status", f"deployment/{deployment}",
                "--timeout=180s")  # fmt: skip
    wait_for("metrics API", lambda: kubectl("get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes",
                                            check=False, quiet=True) != "", 120)  # fmt: skip
    log(
        f"cluster up in {time.monotonic() - started:.1f} s "
        f"({time.monotonic() - begun:.1f} s with the build); "
        f"export KUBECONFIG={KUBECONFIG}  # context {CONTEXT}"
    )
    print(KUBECONFIG)


def _descendants(pids: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(pids), list(pids)
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _kill(pids: set[int], grace: float = 10) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
            time.sleep(0.2)


def stop_everything(bin_dir: Path | None) -> None:
    # Control plane and node agents first, so nothing restarts what is being removed.
    for name in reversed(COMPONENTS):
        pid_file = RUN / f"{name}.pid"
        if name != "containerd" and pid_file.is_file():
            with contextlib.suppress(ValueError):
                _kill({int(pid_file.read_text())})
    # Every pod: the shims of our containerd (they outlive it) and whatever they run.
    marker = str(CONTAINERD_SOCKET).encode()
    shims = set()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with contextlib.suppress(OSError):
            if marker in cmdline.read_bytes() and b"containerd-shim" in cmdline.read_bytes():
                shims.add(int(cmdline.parent.name))
    containerd_pid = RUN / "containerd.pid"
    if containerd_pid.is_file():
        with contextlib.suppress(ValueError):
            shims.add(int(containerd_pid.read_text()))
    _kill(_descendants(shims), grace=5)
    # Mounts under our directories (overlay roots, secrets' tmpfs, netns), deepest first.
    ours = (str(STATE), str(RUN), "/run/netns/cni-")
    mounts = []
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/mountinfo").read_text().splitlines():
            point = line.split()[4].replace("\\040", " ")
            if point.startswith(ours):
                mounts.append(point)
    for point in sorted(set(mounts), key=len, reverse=True):
        sh("umount", "-l", point, check=False, quiet=True)
    network_down(bin_dir)
    for controller in Path("/sys/fs/cgroup").glob("*/kubepods*"):
        for cgroup in sorted(controller.glob("**/"), key=lambda p: len(str(p)), reverse=True):
            with contextlib.suppress(OSError):
                cgroup.rmdir()
    for directory in (STATE, RUN):
        shutil.rmtree(directory, ignore_errors=True)


def stop(args: argparse.Namespace) -> None:
    if os.geteuid() != 0:
        raise SystemExit("testbed: run as root")
    bin_dir_file = RUN / "bin-dir"
    bin_dir = Path(bin_dir_file.read_text()) if bin_dir_file.is_file() else None
    started = time.monotonic()
    stop_everything(bin_dir)
    log(f"stopped and removed in {time.monotonic() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="build (cached), start the cluster, print its kubeconfig path")
    sub.add_parser("stop", help="stop every process and pod, remove all state")
    args = parser.parse_args()
    {"start": start, "stop": stop}[args.command](args)


if __name__ == "__main__":
    main()
