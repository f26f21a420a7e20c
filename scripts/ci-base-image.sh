#!/usr/bin/env bash
# Builds the stand-in Python base image for machines that cannot reach a container
# registry (CI here): Debian bookworm + Debian's python3 (3.11), made with mmdebstrap
# from the Debian mirrors and imported into the local Docker engine. The image
# is reused between runs: when it already exists this does nothing.
#
# Usage: scripts/ci-base-image.sh [image-name]   (default: $TODO_BASE_IMAGE or
# todo-ci-base:bookworm-py311). Prints the image name on stdout as its last line.
# Needs: root, mmdebstrap, a running Docker engine.
set -euo pipefail

image="${1:-${TODO_BASE_IMAGE:-todo-ci-base:bookworm-py311}}"
docker_bin="${DOCKER:-docker}"

if "$docker_bin" image inspect "$image" >/dev/null 2>&1; then
  echo "ci-base-image: $image already present, reusing it" >&2
  echo "$image"
  exit 0
fi

command -v mmdebstrap >/dev/null || {
  echo "ci-base-image: mmdebstrap is missing (apt-get install -y mmdebstrap)" >&2
  exit 1
}

started=$SECONDS
# The merged-usr hook keeps /bin -> /usr/bin as a symlink like the official images
# (and saves ~50 MB of duplicated files); the path excludes drop man pages, docs and
# translations the way Debian's slim images do, so sizes measured on this base stay
# comparable with the official python:*-slim.
mmdebstrap --variant=minbase --quiet \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --include=python3,python3-venv,ca-certificates \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
  bookworm - \
  "deb http://deb.debian.org/debian bookworm main" \
  "deb http://deb.debian.org/debian bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main" |
  "$docker_bin" import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["python3"]' \
    - "$image" >/dev/null

echo "ci-base-image: built $image in $((SECONDS - started)) s" >&2
echo "$image"
