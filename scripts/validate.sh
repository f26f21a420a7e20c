#!/usr/bin/env bash
# Phase IV entry point, kept by name: `todoctl validate` runs the validation gates (see docs/deployment-guide.md).
# Arguments are passed through, e.g. scripts/validate.sh --json
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v todoctl >/dev/null 2>&1; then
  exec todoctl validate "$@"
fi
exec uv run --frozen todoctl validate "$@"
