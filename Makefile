# motcua — the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The printed forms (WeasyPrint) need pango, HarfBuzz's subsetter (fast font embedding) and
# fonts with every Vietnamese letter (fonts-liberation lacks most of them; these do not).
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core
TEST_DEBS := chromium $(RUN_DEBS)
PG_URL ?= postgres://postgres@127.0.0.1:5432/motcua
# Tests: their own data folder, tasks run at once, demo mode on for the demo tests.
TEST_ENV := DATA_DIR=$(CURDIR)/.test-data TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
PYTEST_ARGS ?=

.PHONY: run run-debs test test-debs test-postgres test-fast lint format bench demo clean help

help:
	@echo "make run            serve the app with the Hanoi demo at http://127.0.0.1:$(PORT)"
	@echo "make test           the whole suite on SQLite (installs Chromium and fonts if missing)"
	@echo "make test-postgres  the same suite on PostgreSQL ($(PG_URL))"
	@echo "make lint           ruff, migrations check, OpenAPI drift check"
	@echo "make bench          the benchmarks of bench/"

# --- environment ----------------------------------------------------------------------------
$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "Installing python3-venv (Debian/Ubuntu)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run-debs:
	@missing=""; for p in $(RUN_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

test-debs:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

# --- the two commands -----------------------------------------------------------------------
run: $(VENV)/.installed-run run-debs
	MOTCUA_DEMO_MODE=$${MOTCUA_DEMO_MODE:-1} $(BIN)/motcua migrate --noinput -v0
	MOTCUA_DEMO_MODE=$${MOTCUA_DEMO_MODE:-1} $(BIN)/motcua demo --if-empty
	MOTCUA_DEMO_MODE=$${MOTCUA_DEMO_MODE:-1} exec $(BIN)/motcua serve --port $(PORT)

test: $(VENV)/.installed-test test-debs
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test test-debs
	$(TEST_ENV) DATABASE_URL=$(PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	DATA_DIR=$(CURDIR)/.test-data $(BIN)/motcua makemigrations --check --dry-run
	DATA_DIR=$(CURDIR)/.test-data $(BIN)/motcua spectacular --validate --fail-on-warn --file .test-data/openapi.yaml
	diff -u docs/openapi.yaml .test-data/openapi.yaml || { echo "docs/openapi.yaml is stale: run make openapi"; exit 1; }

openapi: $(VENV)/.installed-test
	DATA_DIR=$(CURDIR)/.test-data $(BIN)/motcua spectacular --validate --fail-on-warn --file docs/openapi.yaml

format: $(VENV)/.installed-test
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: $(VENV)/.installed-test run-debs
	$(BIN)/python bench/bench_worktime.py
	$(BIN)/python bench/bench_audit.py
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_reception.py
	$(BIN)/python bench/bench_queue.py
	$(BIN)/python bench/bench_lookup.py
	$(BIN)/python bench/bench_forms.py

clean:
	rm -rf $(VENV) .test-data
