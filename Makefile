# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

export UV_PYTHON_DOWNLOADS ?= never
# Debian/Ubuntu keep the system CA bundle here; uv and pip behind a TLS proxy need it.
ifneq ($(wildcard /etc/ssl/certs/ca-certificates.crt),)
export SSL_CERT_FILE ?= /etc/ssl/certs/ca-certificates.crt
endif

# uv, bootstrapped with pip into .cache/ when it is not installed; .cache/bin holds only
# uv itself, and is on PATH because the test suites call `uv` for their pinned tools.
BOOTSTRAP := .cache/uv-bootstrap
export PATH := $(CURDIR)/.cache/bin:$(PATH)
UV := $(shell command -v uv 2>/dev/null || echo .cache/bin/uv)
PYTEST_ARGS ?=

.PHONY: help run test lint bench sync clean

help:
	@echo "make run    - run the app locally (SQLite, built-in agent, no keys): http://localhost:3000"
	@echo "make test   - lint, type-check and run the whole test suite"
	@echo "make bench  - backend throughput/latency benchmark (SQLite and PostgreSQL)"

.cache/bin/uv:
	python3 -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet uv
	mkdir -p .cache/bin && ln -sf ../uv-bootstrap/bin/uv .cache/bin/uv

sync: $(if $(findstring .cache/bin,$(UV)),.cache/bin/uv)
	$(UV) sync --all-packages --locked

run: sync
	$(UV) run --no-sync scripts/run-local.sh

lint: sync
	$(UV) run --no-sync ruff check .
	$(UV) run --no-sync ruff format --check .
	$(UV) run --no-sync mypy backend/src frontend/src todoctl/src

test: lint
	$(UV) run --no-sync pytest $(PYTEST_ARGS)

bench: sync
	$(UV) run --no-sync python backend/bench/bench.py

clean:
	rm -rf .venv .cache .pytest_cache .mypy_cache .ruff_cache
