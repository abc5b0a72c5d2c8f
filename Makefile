# Two entry points for a newcomer: `make demo` and `make test`.
# Both create .venv on first use and (re)install when pyproject.toml changes.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DB ?= var/demo.sqlite3

.PHONY: demo test lint imports typecheck unit install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	@mkdir -p $(dir $(DEMO_DB))
	CLINIC_BOT_DB=$(DEMO_DB) $(BIN)/clinic-bot sandbox seed
	CLINIC_BOT_DB=$(DEMO_DB) $(BIN)/clinic-bot console

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

imports: install
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest

test: lint imports typecheck unit

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
