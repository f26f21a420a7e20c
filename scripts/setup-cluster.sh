#!/usr/bin/env bash
# Phase IV entry point, kept by name: `todoctl cluster up` starts Minikube (docker driver), enables metrics-server, creates hackathon-dev.
# Arguments are passed through, e.g. scripts/setup-cluster.sh --json
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v todoctl >/dev/null 2>&1; then
  exec todoctl cluster up "$@"
fi
exec uv run --frozen todoctl cluster up "$@"
