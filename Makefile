# Two commands matter: `make run` and `make test`. Both build .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run sandbox test test-postgres lint bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

# The bot in a browser, without Telegram (`make run` does this too when no token is set).
sandbox: $(STAMP)
	$(BIN)/python -m bot sandbox

# The whole suite on SQLite, then the storage and end-to-end set (`-m postgres`, chosen in
# tests/conftest.py) on the PostgreSQL server TANDEM_TEST_POSTGRES names. CI must give one.
test: $(STAMP)
	@if [ -z "$$TANDEM_TEST_POSTGRES" ] && [ -n "$$CI" ]; then \
	  echo "make test: CI is set but TANDEM_TEST_POSTGRES is not: the PostgreSQL pass cannot run (.ci/run starts a server)" >&2; \
	  exit 1; fi
	$(BIN)/ruff check .
	env -u TANDEM_TEST_POSTGRES $(BIN)/python -m pytest
	@if [ -n "$$TANDEM_TEST_POSTGRES" ]; then \
	  echo "make test: the PostgreSQL pass"; $(BIN)/python -m pytest -m postgres; \
	else echo "make test: PostgreSQL pass not run: scripts/test-postgres runs it on a throwaway server (make test-postgres)"; fi

# The PostgreSQL pass alone, on a throwaway server started and stopped around it.
test-postgres: $(STAMP)
	scripts/test-postgres $(BIN)/python -m pytest -m postgres

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot conversations storage

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/schedules.py
	$(BIN)/python benchmarks/broadcast.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
