# Rusmiddelsag — the front door. `make run` starts the app, `make test` runs the suite.
SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000
CELERY_CONCURRENCY ?= 2
PYTEST_ARGS ?=

# Debian packages WeasyPrint needs for PDFs (Pango, HarfBuzz subsetting, a font).
WEASYPRINT_PKGS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

.DEFAULT_GOAL := help
.PHONY: help venv install npm sysdeps run test test-services lint migrations-check bench bench-letters bench-load clean distclean

help:
	@echo "make run               migrate, load tariffs, seed demo data, start web (http://$(HOST):$(PORT)/) + Celery worker/beat"
	@echo "make test              the whole test suite (PYTEST_ARGS='-k foo' to narrow)"
	@echo "make test-services     the suite against local PostgreSQL + Redis, service skips become failures"
	@echo "make lint              ruff check"
	@echo "make migrations-check  fail if models have changes without migrations"
	@echo "make install           .venv + Python deps + DKFDS (npm ci); make sysdeps: WeasyPrint's system libraries"
	@echo "make bench-letters     where a letter's rendering time goes: template, layout, PDF writing (BENCH_N=15)"
	@echo "make bench-load        hot pages under load at national volume (DATABASE_URL=postgres://… after generate_load)"
	@echo "make clean / distclean caches / also .venv, node_modules, .broker"

# --- install ---------------------------------------------------------------------------------

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python >= 3.11 is required ($(PYTHON) is $$($(PYTHON) --version 2>&1)); try: make PYTHON=python3.12 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Python deps straight from pyproject.toml ([project] dependencies + the dev extra). Re-runs only
# when pyproject.toml changes. (No editable install: that would leave an egg-info in the tree.)
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	  print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > $(VENV)/requirements.txt
	$(PIP) install -q --disable-pip-version-check -r $(VENV)/requirements.txt
	@touch $@

venv: $(VENV)/.installed

# DKFDS from npm, served as static files under dkfds/. Without npm the pages still work, unstyled.
node_modules/dkfds/dist: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "NOTICE: npm not found, DKFDS not installed; pages will render unstyled (install Node.js >= 18, then make install)."; \
	fi

npm: node_modules/dkfds/dist

install: venv npm

sysdeps:
	@missing=""; \
	if command -v dpkg-query >/dev/null 2>&1; then \
	  for p in $(WEASYPRINT_PKGS); do \
	    dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	  done; \
	elif ! { ldconfig -p 2>/dev/null | grep -q 'libpango-1.0'; }; then \
	  echo "NOTICE: not a Debian system and Pango not found by ldconfig: WeasyPrint (PDFs) needs Pango >= 1.44."; \
	fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "WeasyPrint needs system packages that are missing. Run:"; \
	    echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
	    exit 1; \
	  fi; \
	fi

# --- run -------------------------------------------------------------------------------------

# Web and worker each run in their own process group (set -m). On Ctrl-C, TERM or either one
# exiting, the trap stops both: TERM to Celery's main process (it stops its pool and beat), TERM
# to runserver's whole group (its autoreloader child too); a second Ctrl-C sends KILL to both groups.
run: sysdeps install
	export DEBUG=$${DEBUG:-1}; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py load_tariffs && \
	$(PY) manage.py seed_demo
	@mkdir -p .broker
	@export DEBUG=$${DEBUG:-1}; set -m; \
	stop() { trap 'kill -KILL -- -$$web -$$worker 2>/dev/null' INT TERM; trap - EXIT; \
	  kill -TERM $$worker 2>/dev/null; kill -TERM -- -$$web 2>/dev/null; wait; }; \
	trap stop INT TERM EXIT; \
	$(VENV)/bin/celery -A config worker --beat --schedule .broker/celerybeat-schedule \
	  --concurrency $(CELERY_CONCURRENCY) --loglevel INFO </dev/null & worker=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT) </dev/null & web=$$!; \
	set +m; echo "Rusmiddelsag: http://$(HOST):$(PORT)/  (demo logins above; Ctrl-C stops web and worker)"; \
	wait -n

# --- checks ----------------------------------------------------------------------------------

test: sysdeps install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-services:
	REQUIRE_SERVICES=1 \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/rusmiddelsag \
	CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
	$(MAKE) test

lint: venv
	$(VENV)/bin/ruff check .

# With DEBUG off the settings refuse to start without a real SECRET_KEY; this check reads models only.
migrations-check: venv
	DEBUG=$${DEBUG:-1} $(PY) manage.py makemigrations --check --dry-run

# Benchmarks (measured, never asserted): letter rendering, the approver queue's query count, the access log's cost.
bench: sysdeps install
	@for f in bench/*.py; do case "$$(basename $$f)" in __init__.py|common.py|load.py|gunicorn_bench.py) continue;; esac; \
	  echo "== $$f"; $(PY) $$f || exit 1; done

# The decision letter and the plan PDF phase by phase (bench/letters.py; BENCH_N renders, default 15).
bench-letters: sysdeps install
	$(PY) bench/letters.py

# The hot pages at national volume under load (bench/load.py), on a PostgreSQL database of its own that
# `manage.py generate_load` has filled: make bench-load DATABASE_URL=postgres://…/rus_load
bench-load: venv
	@case "$${DATABASE_URL:-}" in postgres://*|postgresql://*) ;; \
	  *) echo "bench-load needs DATABASE_URL=postgres://… of a database filled by: manage.py migrate, load_tariffs,"; \
	     echo "seed_demo and generate_load --cases 1000000 (see README)"; exit 1;; esac
	$(PY) bench/load.py

clean:
	rm -rf staticfiles .pytest_cache .ruff_cache test-results
	find . -path ./$(VENV) -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) node_modules .broker
