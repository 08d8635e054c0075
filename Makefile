# LMO: `make run` sets up, runs the pipeline on data/ and serves the dashboard;
# `make test` sets up (Python environment and Chromium) and runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
LMO_PORT ?= 8050
export UV_LINK_MODE := copy

.PHONY: run test setup browser postgres serve dagster bench bench-dashboard clean

setup: $(VENV)/.synced

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --all-extras --python 3.11
	touch $@

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Chromium for the browser tests (Debian packages)"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# PostgreSQL for the test of the Dagster instance on PostgreSQL (tests/postgres.py starts its own
# throwaway server on 127.0.0.1; nothing is configured system-wide).
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing PostgreSQL for the Dagster-on-PostgreSQL test (Debian packages)"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

run: setup
	$(VENV)/bin/lmo run
	@echo "Dagster UI: run '$(VENV)/bin/lmo dagster' (http://127.0.0.1:3000)"
	LMO_PORT=$(LMO_PORT) $(VENV)/bin/lmo serve

test: setup browser postgres
	$(PY) -m pytest -q -n 2 --dist loadgroup

serve: setup
	$(VENV)/bin/lmo serve

# Benchmarks (not part of `make test`): bench/results/<date>.json and .md; see bench/README.md.
bench: setup browser
	$(PY) -m bench.run

bench-dashboard: setup browser
	$(PY) -m bench.run dashboard

dagster: setup
	$(VENV)/bin/lmo dagster

clean:
	rm -rf var test-artifacts
