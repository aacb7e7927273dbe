# GreenCluster: one way to run things. `make run` serves the demo, `make test` runs everything.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
VAR := var
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(PY) -m greencluster.web.manage
export GREENCLUSTER_VAR_DIR ?= $(CURDIR)/$(VAR)

.PHONY: help install install-dev run dev serve-prepare test lint typecheck importlint \
        test-core test-web test-web-postgres test-e2e browser bench messages clean audit

help:
	@echo "make run     - install, migrate, load the demo and serve on http://$(HOST):$(PORT)"
	@echo "make test    - lint, import rule, type check, all tests (SQLite, PostgreSQL, browser)"
	@echo "make install - create .venv and install the package"
	@echo "make bench   - run the benchmarks and write docs/benchmarks.md"
	@echo "make dev     - development server with auto-reload"
	@echo "make audit   - check the installed dependencies for known vulnerabilities"

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install python3.11 (Debian: apt-get install python3.11 python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

serve-prepare: install
	@mkdir -p $(VAR)
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) compilemessages_gc
	$(MANAGE) load_demo

run: serve-prepare
	@echo "GreenCluster is serving on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	$(BIN)/gunicorn greencluster.web.config.wsgi:application --bind $(HOST):$(PORT) \
		--workers 2 --threads 4 --access-logfile - --error-logfile -

dev: serve-prepare
	GREENCLUSTER_DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

importlint: install-dev
	$(BIN)/lint-imports --no-cache

typecheck: install-dev
	$(BIN)/mypy

browser:
	@bash scripts/ensure-browser.sh

TEST_VAR := $(CURDIR)/$(VAR)/test
PYTEST := GREENCLUSTER_VAR_DIR=$(TEST_VAR) $(BIN)/pytest -p no:cacheprovider

test-core: install-dev
	$(PYTEST) tests/core tests/cli tests/batch tests/test_layout.py -q

test-web: install-dev
	GREENCLUSTER_VAR_DIR=$(TEST_VAR) $(MANAGE) compilemessages_gc
	$(PYTEST) tests/web -q

test-web-postgres: install-dev
	GREENCLUSTER_VAR_DIR=$(TEST_VAR) PY=$(PY) bash scripts/with-postgres.sh \
		$(BIN)/pytest -p no:cacheprovider tests/web -q

test-e2e: install-dev browser
	GREENCLUSTER_VAR_DIR=$(TEST_VAR) $(MANAGE) compilemessages_gc
	$(PYTEST) tests/e2e -q -m e2e

test: lint importlint typecheck test-core test-web test-web-postgres test-e2e
	@echo "make test: all checks passed"

# Dependency audit against the PyPI/OSV vulnerability databases (needs their web services);
# accepted findings are listed with a reason in docs/security/audit-allowlist.txt.
audit: install-dev
	$(BIN)/pip-audit --strict --progress-spinner off --skip-editable \
		$$(grep -v '^#' docs/security/audit-allowlist.txt | awk 'NF {print "--ignore-vuln", $$1}')

bench: install-dev
	$(PY) -m benchmarks.run

messages: install-dev
	cd src/greencluster/web && $(CURDIR)/$(PY) -m greencluster.web.manage makemessages \
		-l fi -l sv -l nb -l et -l de --ignore '*/migrations/*' --ignore 'locale/*' --no-location
	$(PY) scripts/fill_translations.py
	$(MANAGE) compilemessages_gc

clean:
	rm -rf $(VENV) build *.egg-info
