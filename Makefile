# LMO: `make run` sets up, runs the pipeline on data/ and serves the dashboard;
# `make test` sets up (Python environment and Chromium) and runs every test.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
LMO_PORT ?= 8050
export UV_LINK_MODE := copy

.PHONY: run test test-thorough test-scale setup bytecode pdf browser postgres redis duckdb-http serve dagster bench bench-dashboard bench-writers clean

setup: $(VENV)/.synced pdf bytecode

# Installed with their bytecode: where Python may not write it ($PYTHONDONTWRITEBYTECODE, as on these machines)
# every process would compile pandas, Dagster and Dash again, seconds at each start of `lmo` or of a test's server.
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	@echo "setting up .venv from uv.lock (the first time takes a few minutes)"
	@$(UV) sync --quiet --frozen --all-extras --python 3.11 --compile-bytecode
	@touch $@

# LMO's own modules compiled likewise (a module changed since is compiled again, in memory, as usual).
SOURCES := bench dashboard indicators kernel lmo pipelines publish tests tools
bytecode: $(VENV)/.synced
	@$(PY) -m compileall -q -j 0 $(SOURCES) >/dev/null

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

# axe-core (npm) for the accessibility checks of the browser tests, in .tools/axe
AXE := .tools/axe/node_modules/axe-core/axe.min.js

browser: $(AXE)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Chromium for the browser tests (Debian packages)"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Pango (WeasyPrint's layout engine), the Arabic font Amiri and pdftoppm/pdffonts for the PDF bulletin.
pdf:
	@{ ldconfig -p | grep -q libpangoft2 && fc-list | grep -qi amiri && command -v pdftoppm >/dev/null; } || { \
	  echo "installing Pango, fonts and poppler for the PDF bulletin (Debian packages)"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-hosny-amiri poppler-utils >/dev/null; }

# PostgreSQL for the test of the Dagster instance on PostgreSQL (tests/postgres.py starts its own
# throwaway server on 127.0.0.1; nothing is configured system-wide).
postgres:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "installing PostgreSQL for the Dagster-on-PostgreSQL test (Debian packages)"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

# Redis, the broker of the dagster-celery test (tests/test_celery.py starts its own redis-server on 127.0.0.1;
# the Debian service itself is not used).
redis:
	@command -v redis-server >/dev/null 2>&1 || { \
	  echo "installing Redis for the dagster-celery test (Debian packages)"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

# DuckDB 1.5.5 with its httpfs extension from PyPI (no such wheels exist for DuckDB 2.0, and INSTALL needs the
# internet) in a side environment: the test that queries a release over HTTP as a user's DuckDB would.
DUCKDB_HTTP := .tools/duckdb-http
duckdb-http: $(DUCKDB_HTTP)/.made

$(DUCKDB_HTTP)/.made: | $(UV)
	@echo "setting up DuckDB 1.5.5 with httpfs in $(DUCKDB_HTTP) for the release-over-HTTP test"
	@$(UV) venv --quiet --python 3.11 $(DUCKDB_HTTP)
	@$(UV) pip install --quiet --compile-bytecode --python $(DUCKDB_HTTP)/bin/python duckdb==1.5.5 \
	  duckdb-extension-httpfs==1.5.5
	@touch $@

$(AXE):
	@command -v npm >/dev/null 2>&1 || { $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && \
	  $(if $(filter 0,$(shell id -u)),,sudo) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	@mkdir -p .tools/axe && cd .tools/axe && npm install --no-save --silent --no-audit --no-fund axe-core@4.14.1

# The SYNTHETIC demo registers `lmo run` loads once this folder is made (kernel.settings.demo_register_dir):
# Switzerland's generated as large as the real register (its stocks SECO's; seed 2029, not committed), the others
# copied from the small ones shipped in data/. Tests load the shipped ones (tests/conftest.py).
DEMO := var/demo-register
$(DEMO)/.made: data/register/synth.yaml $(VENV)/.synced
	@echo "generating the SYNTHETIC demo register of Switzerland at real size (about 1.1 M spells, seed 2029)"
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@for d in data/register/synthetic/*/; do [ "$$(basename $$d)" = ch ] || cp -r $$d $(DEMO)/; done
	@$(VENV)/bin/lmo synth --country CH --seed 2029 --size real --format parquet --out $(DEMO)/ch >/dev/null
	@touch $@

run: setup $(DEMO)/.made
	@echo "running the pipeline on the data shipped in data/ and the demo registers in $(DEMO) (a few minutes)"
	@$(VENV)/bin/lmo run
	@echo "(warnings known for the shipped data: gaps in the synthetic register's months, revisions"
	@echo " between SECO and Basel-Stadt vintages, outliers flagged in published series; see the Data quality page)"
	@echo "Dagster UI: run '$(VENV)/bin/lmo dagster' (http://127.0.0.1:3000)"
	@LMO_PORT=$(LMO_PORT) $(VENV)/bin/lmo serve

# `make test`: every test but the scale and thorough ones; `make test-thorough`: the exhaustive variants of checks
# `make test` runs on a covering sample (every page in every language at both widths, every hostile file through the
# whole CLI); `make test-scale`: 26 writer processes at once, celery workers on Redis and PostgreSQL with S3, kills
# at every stage, files of hundreds of MB. .ci/run runs all three.
PYTEST := $(PY) -m pytest -q -n 2 --dist loadgroup --no-loadscope-reorder --durations=10
# The tests' temporary folders in memory where /dev/shm has 4 GB free: their warehouses and Dagster's SQLite run
# storage wait for the disk at every commit (a third of a refused file's ingest here). Removed after a passing run.
SHM_FREE := $(shell df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 {print $$4}')
TEST_TMP := $(if $(shell [ "$(SHM_FREE)" -gt 4000000 ] 2>/dev/null && echo yes),/dev/shm/lmo-test-$(shell id -u)-$(notdir $(CURDIR)))

test: setup browser postgres redis duckdb-http
	$(VENV)/bin/ruff check .
	$(PYTEST) $(if $(TEST_TMP),--basetemp=$(TEST_TMP)) -m "not scale and not thorough"
	@$(if $(TEST_TMP),rm -rf $(TEST_TMP))

test-thorough: setup browser postgres redis duckdb-http
	$(PYTEST) $(if $(TEST_TMP),--basetemp=$(TEST_TMP)) -m "thorough and not scale"
	@$(if $(TEST_TMP),rm -rf $(TEST_TMP))

test-scale: setup postgres redis
	$(PYTEST) -m scale

serve: setup
	$(VENV)/bin/lmo serve

# Benchmarks (not part of `make test`): bench/results/<date>.json and .md; see bench/README.md.
bench: setup browser
	$(PY) -m bench.run

bench-dashboard: setup browser
	$(PY) -m bench.run dashboard

bench-writers: setup
	$(PY) -m bench.writers

dagster: setup
	$(VENV)/bin/lmo dagster

clean:
	rm -rf var test-artifacts
