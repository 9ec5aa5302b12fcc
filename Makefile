# Woonkans — the two commands that matter: `make demo` and `make test`.
# Needs only Python 3.11+, Node.js/npm and the machine's stock tools.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test install assets messages browser lint format check-translations messages-update ci clean help

help:
	@echo "make demo   - set up and run Woonkans with demo data on http://127.0.0.1:8000"
	@echo "make test   - set up and run every test (unit, API, browser, accessibility)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed $(VENV)/.installed
	$(BIN)/python scripts/vendor_assets.py

messages: $(VENV)/.installed
	$(BIN)/python scripts/compile_messages.py

# Chromium for the browser tests, from Debian's packages (never a browser download).
browser:
	@bash scripts/ensure_chromium.sh

demo: install assets messages
	WOONKANS_DEMO=true $(BIN)/woonkans migrate --no-input
	WOONKANS_DEMO=true $(BIN)/woonkans load-demo
	WOONKANS_DEMO=true $(BIN)/woonkans run-demo

test: install assets messages browser
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-translations: install
	$(BIN)/python scripts/check_translations.py

# Extract every translatable string into the Dutch catalogue (needs GNU gettext: xgettext).
# Ignores the same directories as scripts/check_translations.py.
messages-update: install
	cd src/woonkans && WOONKANS_DEMO=true ../../$(BIN)/woonkans makemessages -l nl \
		--no-obsolete --ignore=tests --ignore=migrations

# The whole CI run: gates, then every test on SQLite and on PostgreSQL.
ci:
	bash .ci/run

clean:
	rm -rf $(VENV) node_modules var
