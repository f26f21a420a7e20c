#!/usr/bin/env bash
# Phase IV entry point, kept by name: `todoctl deploy` helm upgrade --install with values-dev.yaml; rolls back and diagnoses on failure.
# Arguments are passed through, e.g. scripts/deploy.sh --json
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v todoctl >/dev/null 2>&1; then
  exec todoctl deploy "$@"
fi
exec uv run --frozen todoctl deploy "$@"
