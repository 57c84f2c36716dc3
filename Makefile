# The README's two commands: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: demo test lint messages install clean bench search-quality

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

## Build and serve the demo site on 127.0.0.1:$(PORT) (make demo PORT=8010), with a
## task worker beside the server (stopped with it); links in emails point at PORT.
demo: export SITE_URL ?= http://127.0.0.1:$(PORT)
demo: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on $(SITE_URL)/  (Wagtail admin: /cms/); tasks and emails: the worker's output"
	@$(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

## Run the whole test suite (browser tests skip without Chromium, unless CI=true), one
## process per core (TEST_PROCESSES=1 for one). Tests are handed out one by one in
## pytest-django's order, so each process runs the tests that empty its database
## (transaction=True) after the others, as a single process would.
TEST_PROCESSES ?= auto
test: $(VENV)/.installed
	$(PY) -m pytest -n $(TEST_PROCESSES) --dist load

## Lint gates run by CI.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	DJANGO_SETTINGS_MODULE=yokoten.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(PY) .ci/check_translations.py

## Refresh the Japanese catalogue after changing UI strings (needs GNU gettext).
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l ja --no-location --ignore=.venv --ignore=var --ignore=tests
	$(PY) manage.py compilemessages -l ja --ignore=.venv

clean:
	rm -rf var

## Benchmark on PostgreSQL (SCALE=1 by default; reuses the seeded database).
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) .ci/bench.py --scale $(or $(SCALE),1)

## Search quality: the judged queries over the demo content, in a scratch database
## (SQLite; DATABASE_URL=postgresql://… for PostgreSQL); writes docs/benchmarks/search-quality*.
search-quality: $(VENV)/.installed
	$(PY) .ci/search_quality.py
