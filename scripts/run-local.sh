#!/usr/bin/env bash
# Runs the app on this machine with embedded defaults: SQLite in ./.data, the built-in
# offline agent, no keys. Backend on :7860, frontend on :3000. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
todo-backend migrate
# When either server stops (or on Ctrl-C), stop the other one too.
trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT
todo-backend serve --port 7860 &
if command -v todo-frontend >/dev/null; then
  todo-frontend serve --port 3000 &
  echo "todo-chatbot: open http://localhost:3000 (API on http://localhost:7860/docs)"
else
  echo "todo-chatbot: API on http://localhost:7860/docs"
fi
wait -n
