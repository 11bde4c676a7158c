# The two commands of the README: `make run` and `make test`. Everything else is what they need.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The PostgreSQL server the platform tests run against a second time (trust auth; pytest-django creates
# test_ databases). Set it empty to run the platform tests on SQLite only.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/gongkai

.PHONY: install system run serve migrate demo test test-postgres lint format bench screenshots

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[web,dev]"
	touch $@

install: $(BIN)/.installed

system:
	scripts/install-system-deps

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo

# The task worker runs beside the development server (bulk audits, reminders), and stops with it.
run: install system demo
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The production shape locally: two gunicorn app processes and the task worker on PostgreSQL and Redis.
serve: install system
	scripts/serve-local

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install system lint
	$(BIN)/pytest -n 2
	$(MAKE) test-postgres

test-postgres: install
ifneq ($(PG_TEST_URL),)
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest tests/platform
endif

bench: install
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/report_generation.py

# docs/screenshots/: the demo in a temporary SQLite database, a handful of pages per area at 1280 and 390 px
# (not part of `make test`; leaves PNGs it does not produce alone).
screenshots: install system
	$(BIN)/python scripts/screenshots.py
