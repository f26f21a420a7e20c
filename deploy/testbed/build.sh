#!/usr/bin/env bash
# Build the testbed's binaries from the Go modules pinned here: the five Kubernetes
# components, etcd, pause and the volume provisioner (go.mod), CoreDNS and
# metrics-server (addons/go.mod). They are cached on the machine under
# $TESTBED_CACHE/<kubernetes version>-<hash of this folder's Go sources>, so a warm
# machine skips this step. Prints the binaries' directory as its last line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=$(awk '$1 == "k8s.io/kubernetes" {print $2}' "$here/go.mod")
key=$(cd "$here" && cat build.sh go.mod go.sum addons/go.mod addons/go.sum \
  cmd/*/*.go addons/cmd/*/*.go | sha256sum | cut -c1-12)
cache=${TESTBED_CACHE:-/var/cache/todo-testbed}
bin="$cache/$version-$key/bin"

if [ -f "$bin/.complete" ]; then
  echo "testbed binaries: cached in $bin" >&2
  echo "$bin"
  exit 0
fi

# Without these, /version says v0.0.0 and Helm refuses charts with a kubeVersion.
minor=${version#v1.}; minor=${minor%%.*}
vars=(gitVersion="$version" gitMajor=1 gitMinor="$minor" gitTreeState=clean
      buildDate="$(date -u +%Y-%m-%dT%H:%M:%SZ)")
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  for var in "${vars[@]}"; do ldflags+=" -X $pkg.$var"; done
done
export CGO_ENABLED=0 GOFLAGS=-mod=mod

started=$SECONDS
rm -rf "$bin.tmp" && mkdir -p "$bin.tmp"
(cd "$here" && go build -trimpath -tags selinux,notest -ldflags "$ldflags" -o "$bin.tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet \
  k8s.io/kubernetes/cmd/kube-proxy ./cmd/etcd ./cmd/pause ./cmd/hostpath-provisioner)
echo "testbed binaries: kubernetes $version built in $((SECONDS - started)) s" >&2
(cd "$here/addons" && go build -trimpath -ldflags "-s -w" -o "$bin.tmp/" \
  ./cmd/coredns sigs.k8s.io/metrics-server/cmd/metrics-server)
rm -rf "$bin" && mv "$bin.tmp" "$bin" && touch "$bin/.complete"
echo "testbed binaries: all built in $((SECONDS - started)) s into $bin" >&2
echo "$bin"
