#!/usr/bin/env bash
# Phase IV entry point, kept by name: `todoctl doctor` checks the tools (docker, minikube, helm 3/4, kubectl) and prints install commands.
# Arguments are passed through, e.g. scripts/verify-tools.sh --json
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v todoctl >/dev/null 2>&1; then
  exec todoctl doctor "$@"
fi
exec uv run --frozen todoctl doctor "$@"
