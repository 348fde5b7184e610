# Samskab: two commands. `make run` serves the demo, `make test` runs every check.
# Both install what they need and are safe to run again.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help

HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist processes for `make test` (one file per process at a time); 1 runs serially.
TEST_WORKERS ?= 2
VENV := .venv
PY := $(VENV)/bin/python
UV := .tools/bin/uv
STAMPS := .make
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export PYTHONDONTWRITEBYTECODE := 1

# The first Python >= 3.12: $(PYTHON) if given, then PATH, then pyenv's builds.
find_python = for c in $(PYTHON) python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  p=$$(command -v "$$c" 2>/dev/null) || continue; \
	  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$p"; break; }; \
	done

.PHONY: help run serve setup test lint bench bench-data bench-pdf db messages clean

help:
	@echo "make run    install, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test   install what tests need (Chromium, qpdf) and run every check"
	@echo "make bench  build the scale dataset once (own database) and measure pages, load, scale-out"
	@echo "make bench-pdf  time the PDF pipeline (meeting packs of 20 and 100 items)"

$(STAMPS):
	@mkdir -p $(STAMPS)

# uv itself lives in its own small venv, so that `uv sync` never removes it.
$(UV): | $(STAMPS)
	@py=$$($(find_python)); \
	if [ -z "$$py" ]; then \
	  echo "Samskab needs Python 3.12 or newer (Django 6.1 requires it)." >&2; \
	  echo "Install one (e.g. 'pyenv install 3.12') or pass PYTHON=/path/to/python3.12." >&2; \
	  exit 1; \
	fi; \
	echo "Using $$py"; \
	"$$py" -m venv .tools && .tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9 2>&1 \
	  | { grep -v "is ignored" || true; } \
	  && echo "$$py" > .tools/base-python

$(STAMPS)/venv: $(UV) pyproject.toml uv.lock
	@$(UV) sync --locked --quiet --python "$$(cat .tools/base-python)"
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMPS)/gettext: | $(STAMPS)
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	@touch $@

locale/da/LC_MESSAGES/django.mo: locale/da/LC_MESSAGES/django.po $(STAMPS)/venv $(STAMPS)/gettext
	@DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=.tools --ignore=node_modules -v 0

messages: locale/da/LC_MESSAGES/django.mo

# Reach PostgreSQL; start the local cluster if it is down; create the database.
db: $(STAMPS)/venv
	@DJANGO_DEBUG=true $(PY) manage.py ensure_database 2>/dev/null || { \
	  if command -v pg_lsclusters >/dev/null; then \
	    echo "Starting the local PostgreSQL cluster..."; \
	    pg_lsclusters --no-header | while read -r ver name _rest; do \
	      pg_ctlcluster --skip-systemctl-redirect "$$ver" "$$name" start || true; done; \
	    sleep 2; \
	  fi; \
	  DJANGO_DEBUG=true $(PY) manage.py ensure_database; \
	}

setup: $(STAMPS)/venv $(STAMPS)/npm messages db

run: export DJANGO_DEBUG ?= true
run: setup
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py load_demo
	@$(MAKE) --no-print-directory $(STAMPS)/static
	@echo ""
	@echo "Samskab is running on http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	@# The task worker (document exports) runs beside the web server; when either stops, or on
	@# Ctrl-C, both stop (a document being made goes back to the queue for the next start).
	@# gunicorn's settings (workers, threads, timeouts, graceful restarts): gunicorn.conf.py.
	@$(PY) manage.py run_worker --interval 0.5 & worker=$$!; \
	$(VENV)/bin/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) & web=$$!; \
	trap 'kill -TERM $$web $$worker 2>/dev/null; wait $$web $$worker 2>/dev/null' EXIT; \
	trap 'exit 0' INT TERM; \
	wait -n $$web $$worker

# Collected (hashed, compressed) static files: only when our assets or the npm lock changed.
$(STAMPS)/static: $(shell find static -type f 2>/dev/null) package-lock.json uv.lock
	@$(PY) manage.py collectstatic --no-input --clear -v 0
	@touch $@

$(STAMPS)/chromium: | $(STAMPS)
	@command -v chromium >/dev/null || { \
	  echo "Installing Chromium from Debian's packages..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@touch $@

# The strict structural check of every PDF the tests make (`qpdf --check`, tests/pdf_checks.py).
$(STAMPS)/qpdf: | $(STAMPS)
	@command -v qpdf >/dev/null || { \
	  echo "Installing qpdf from Debian's packages..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qpdf >/dev/null; }
	@touch $@

lint: $(STAMPS)/venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

test: setup $(STAMPS)/chromium $(STAMPS)/qpdf lint
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile

# Timings (not tests): the meeting pack against a bare WeasyPrint render, 20 and 100 items.
bench-pdf: setup
	@DJANGO_DEBUG=true $(PY) manage.py migrate --no-input -v 0
	@DJANGO_DEBUG=true $(PY) manage.py bench_documents $(BENCH_ARGS)

# The scale bench (issue 12) runs on a database of its own, never the development or test one:
# 100,000 ideas, 5,000 meetings, 50,000 items, 500 projects, built once (a few minutes) and
# reused. Then pages (p50/p95, queries, EXPLAIN), requests per second under gunicorn beside a
# trivial view (wrk), 60 s of mixed load with a SIGHUP, and the scale-out run. Results in
# bench/results.md and bench/results.json. Everything runs niced.
BENCH_DB ?= samskab_bench
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
BENCH_ENV := DATABASE_URL=$(BENCH_DATABASE_URL) SAMSKAB_BENCH_DATABASE=$(BENCH_DB) \
	DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-bench-only-secret-key-not-used-anywhere-else-0123456789abcdef}
NICE := nice -n 10

$(STAMPS)/wrk: | $(STAMPS)
	@command -v wrk >/dev/null || { \
	  echo "Installing wrk from Debian's packages..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@touch $@

bench-data: setup
	@DATABASE_URL=$(BENCH_DATABASE_URL) DJANGO_DEBUG=true $(PY) manage.py ensure_database
	@$(BENCH_ENV) $(NICE) $(PY) manage.py migrate --no-input -v 0
	@$(BENCH_ENV) $(NICE) $(PY) manage.py bench_data

bench: bench-data $(STAMPS)/wrk
	@DJANGO_DEBUG=true $(MAKE) --no-print-directory $(STAMPS)/static
	@$(BENCH_ENV) $(NICE) $(PY) manage.py bench_pages $(BENCH_PAGES_ARGS)
	@$(BENCH_ENV) $(NICE) $(PY) manage.py bench_load
	@$(BENCH_ENV) $(NICE) $(PY) manage.py bench_scaleout

clean:
	rm -rf $(VENV) .tools $(STAMPS) node_modules staticfiles
