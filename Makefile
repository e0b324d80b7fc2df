# Fabdesk: `make run` serves the demo lab; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= fabdesk.settings.base

.PHONY: install run test test-fast test-postgres test-e2e lint format messages check clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

compilemessages: install
	@cd fabdesk && ../$(BIN)/fabdesk compilemessages --ignore='.venv' -v 0

run: install compilemessages
	@mkdir -p var
	$(BIN)/fabdesk migrate --no-input -v 0
	$(BIN)/fabdesk demo --if-empty
	$(BIN)/fabdesk runserver 127.0.0.1:8000

test: install compilemessages
	DJANGO_SETTINGS_MODULE=fabdesk.settings.test $(BIN)/pytest -n auto -m "not e2e" -q

test-postgres: install compilemessages
	DJANGO_SETTINGS_MODULE=fabdesk.settings.test FABDESK_DATABASE_URL=$${FABDESK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/fabdesk} $(BIN)/pytest -n auto -m "not e2e" -q

test-e2e: install compilemessages
	DJANGO_SETTINGS_MODULE=fabdesk.settings.test DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m e2e -q tests/e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/fabdesk check
	$(BIN)/fabdesk makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	@for app in fabdesk/*/; do if [ -d "$$app/locale" ]; then (cd $$app && ../../$(BIN)/fabdesk makemessages -l fr -l en --no-obsolete -v 0); fi; done

clean:
	rm -rf $(VENV) var .pytest_cache
