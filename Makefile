# Laurel's everyday commands. `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in pages and emails, and the ids of issued badges, name this address: unless
# LAUREL_BASE_URL is set, it is where `make demo` / `make serve` listen.
LAUREL_BASE_URL ?= http://$(HOST):$(PORT)
SERVE_ENV := LAUREL_BASE_URL=$(LAUREL_BASE_URL)
# `make test` runs the suite in this many processes (pytest-xdist); TEST_WORKERS=0 runs it in
# one. PYTEST_ARGS adds pytest options or paths. xdist's default distribution hands each
# process tests in collection order, so pytest-django's order holds in each: tests that
# empty the database (transactional, live server) come after those that read what the
# migrations made.
TEST_WORKERS ?= 2


.PHONY: messages validator badgr-clients openbadgeslib crosscheck-tools oidc-op wallet-client demo test install install-dev migrate serve worker beat lint format check services-up services-down clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --no-input

## demo: install, migrate, load demo content and serve http://127.0.0.1:8000 on the embedded defaults
demo: migrate
	$(SERVE_ENV) $(MANAGE) demo_setup
	$(SERVE_ENV) $(MANAGE) runserver $(HOST):$(PORT)

## serve: run the development server without touching demo content
serve: migrate
	$(SERVE_ENV) $(MANAGE) runserver $(HOST):$(PORT)

## test: install the dev requirements, the OB 2.0 validator, the Badgr clients, openbadgeslib and the cross-check libraries, then run the whole suite
test: install-dev validator badgr-clients openbadgeslib crosscheck-tools oidc-op wallet-client
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## validator: the 1EdTech Open Badges 2.0 validator in var/validator-venv (test tooling)
validator:
	scripts/install-validator >/dev/null

## badgr-clients: the Badgr client libraries from PyPI in var/badgr-clients-venv (test tooling)
badgr-clients:
	scripts/install-badgr-clients >/dev/null

## openbadgeslib: openbadgeslib 4.6.3 from PyPI, an Open Badges 3.0 verifier, in var/openbadgeslib-venv (test tooling)
openbadgeslib:
	scripts/install-openbadgeslib >/dev/null

# npm ci of a tools/ folder ($(1)); it runs again only when package-lock.json changed since it
# last ran (its hash is kept). Without npm the tests that need the tool skip.
define npm-ci
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "$@: npm is not installed, so the tests that need $(1) skip (apt-get install nodejs npm)"; \
	else \
		lock=$$(sha256sum $(1)/package-lock.json | cut -d' ' -f1); \
		if [ "$$(cat $(1)/node_modules/.laurel-lock 2>/dev/null)" != "$$lock" ]; then \
			npm ci --prefix $(1) --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null \
			&& echo "$$lock" > $(1)/node_modules/.laurel-lock; \
		fi; \
	fi
endef

## crosscheck-tools: the Node libraries tools/crosscheck/verify.mjs checks OB 3.0 credentials with (test tooling)
crosscheck-tools:
	$(call npm-ci,tools/crosscheck)

## oidc-op: panva's oidc-provider in tools/oidc-op, the OpenID Provider the sign-in tests use (test tooling)
oidc-op:
	$(call npm-ci,tools/oidc-op)

## wallet-client: the wallet in tools/wallet (Digital Bazaar's VC libraries, Animo's OID4VCI client) the wallet tests collect awards with (test tooling)
wallet-client:
	$(call npm-ci,tools/wallet)

## worker / beat: Celery processes (need REDIS_URL; without it tasks run in-process)
worker: install
	$(BIN)/celery -A portal worker --loglevel=INFO

beat: install
	$(BIN)/celery -A portal beat --loglevel=INFO

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-dev
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Translations (README, "Languages"): extract every marked string into the .po files of each
# language, then compile the .mo files, which are committed. Needs GNU gettext.
MESSAGES_IGNORE = -i locale -i 'var/*' -i 'node_modules/*' -i 'docs/*' -i 'static/vendor/*' -i 'staticfiles/*'
messages: install-dev
	$(MANAGE) makemessages -l fr -l de -l es -l nl --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(MANAGE) makemessages -d djangojs -l fr -l de -l es -l nl --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(MANAGE) compilemessages --ignore '.venv' --ignore 'var'

services-up:
	scripts/services up

services-down:
	scripts/services down

clean:
	rm -rf $(VENV) var/screenshots .pytest_cache .ruff_cache
