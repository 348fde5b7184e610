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

.PHONY: help run serve setup test lint bench db messages clean

help:
	@echo "make run    install, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make test   install what tests need (Chromium, qpdf) and run every check"
	@echo "make bench  time the PDF pipeline (meeting packs of 20 and 100 items)"

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
bench: setup
	@DJANGO_DEBUG=true $(PY) manage.py migrate --no-input -v 0
	@DJANGO_DEBUG=true $(PY) manage.py bench_documents $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .tools $(STAMPS) node_modules staticfiles
