# The two commands of the README: `make run` and `make test`. Everything else is what they need.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install system run test test-core lint format bench

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[web,dev]"
	touch $@

install: $(BIN)/.installed

system:
	scripts/install-system-deps

run: install system
	$(BIN)/gongkai audit ../shared/seeds

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install system lint
	$(BIN)/pytest -n 2

bench: install
	$(BIN)/python -m bench
