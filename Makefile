# OpenCall: `make run` to try it, `make test` to check it. Nothing else to install.
VENV ?= .venv
PY := $(VENV)/bin/python
TEST_ENV := DJANGO_SETTINGS_MODULE=opencall.settings.test
# The suite runs on every core (pytest-xdist). Plain load distribution keeps
# pytest-django's order on each worker: transactional tests (the browser ones),
# whose flush removes the rows Wagtail's migrations made, run after the rest.
# `make test PYTEST_ARGS=` runs serially.
PYTEST_ARGS ?= -n auto

.PHONY: run test lint check pytest migrate seed bench bench-public clean

$(PY):
	./scripts/make-venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

## run: set up, migrate, seed the demo, serve on http://127.0.0.1:8000 with a worker
run: $(VENV)/.installed migrate seed
	@./scripts/serve

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

seed: $(VENV)/.installed
	$(PY) manage.py seed_demo

## test: lint, format check, layer contracts, system checks, migrations check, the suite
test: lint check pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

check: $(VENV)/.installed-dev
	$(TEST_ENV) $(PY) manage.py check --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

pytest: $(VENV)/.installed-dev
	$(PY) -m pytest $(PYTEST_ARGS)

## bench: run the benchmarks in bench/ and print their results
bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

## bench-public: gunicorn on PostgreSQL and Redis under wrk (Debian's wrk package)
bench-public: $(VENV)/.installed-dev
	$(PY) bench/public.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
