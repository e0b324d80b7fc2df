# Fabdesk: `make run` serves the demo lab; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST := $(BIN)/pytest -n auto -q -rs
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/fabdesk
export DJANGO_SETTINGS_MODULE ?= fabdesk.settings.base
# Playwright's sync API runs an event loop in the test thread; Django's async-safety check
# would refuse the ORM calls the tests make around it. The browser is Debian's chromium.
export DJANGO_ALLOW_ASYNC_UNSAFE := true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: install compilemessages run test test-postgres test-e2e lint format messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -qq -e '.[test]'
	@touch $(STAMP)

# Builds every app's .mo files. GNU gettext's msgfmt when the machine has it (its checks are
# stricter); otherwise Babel, a Fabdesk dependency, so a fresh machine needs nothing more.
compilemessages: install
	@set -- fabdesk/*/locale; if [ ! -d "$$1" ]; then \
	  true; \
	elif command -v msgfmt >/dev/null; then \
	  cd fabdesk && ../$(BIN)/fabdesk compilemessages -v 0; \
	else \
	  for dir in fabdesk/*/locale; do $(BIN)/pybabel -q compile -D django -d "$$dir" || exit 1; done; \
	fi

run: install compilemessages
	@mkdir -p var
	$(BIN)/fabdesk migrate --no-input -v 0
	$(BIN)/fabdesk demo --if-empty
	$(BIN)/fabdesk runserver 127.0.0.1:8000

# The whole suite, browser tests included (skipped, with the reason, when Chromium is absent).
test: install compilemessages
	DJANGO_SETTINGS_MODULE=fabdesk.settings.test $(PYTEST)

# The same suite on PostgreSQL, less the browser tests (they exercise pages, not the database).
test-postgres: install compilemessages
	DJANGO_SETTINGS_MODULE=fabdesk.settings.test \
	  FABDESK_DATABASE_URL=$${FABDESK_DATABASE_URL:-$(POSTGRES_URL)} $(PYTEST) -m "not e2e"

test-e2e: install compilemessages
	DJANGO_SETTINGS_MODULE=fabdesk.settings.test $(BIN)/pytest -q -rs -m e2e tests/e2e

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/fabdesk check --fail-level WARNING
	FABDESK_DATABASE_URL=sqlite://:memory: $(BIN)/fabdesk makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	@for app in fabdesk/*/; do if [ -d "$$app/locale" ]; then (cd $$app && ../../$(BIN)/fabdesk makemessages -l fr --no-obsolete -v 0); fi; done

clean:
	rm -rf $(VENV) .pytest_cache test-results  # never var/: it holds the database
