#!/usr/bin/env bash
# Phase IV entry point, kept by name: `todoctl images build` builds hackathon-todo-backend and -frontend with <version>-<gitsha> and latest tags.
# Arguments are passed through, e.g. scripts/build-images.sh --json
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v todoctl >/dev/null 2>&1; then
  exec todoctl images build "$@"
fi
exec uv run --frozen todoctl images build "$@"
