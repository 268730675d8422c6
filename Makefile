# ACCSM Records: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1
PORT ?= 8000

# Local development runs in debug mode unless the caller says otherwise;
# production sets DJANGO_DEBUG=0 with a real secret key and host names.
export DJANGO_DEBUG ?= 1

.PHONY: run serve test lint format install install-dev lock migrate fixtures superuser staff enrol backup restore clean bench eval-import

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# requirements.txt and requirements-dev.txt are locks: every package, transitive ones too, pinned.
# Each stamp below depends on its lock, so a changed lock reinstalls on the next make.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# The dev lock holds every pin of the runtime lock too, so this one install covers both.
$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

install: $(VENV)/.runtime-installed

# Everything a developer needs, axe-core included; lint, format and bench need only the Python tools.
install-dev: $(VENV)/.dev-installed $(AXE)

# `make lock` is the only way requirements.txt and requirements-dev.txt change: edit the top-level
# lists in requirements.in and requirements-dev.in, run it, and commit all four files. Existing pins
# are kept where they still fit; LOCK_ARGS=--upgrade moves the transitive ones to their newest.
# The runtime lock comes first, since requirements-dev.in is constrained by it. --strip-extras
# because pip takes no extras in a constraints file; --allow-unsafe pins pip and setuptools too;
# and the index and find-links options of this machine's pip config stay out of the locks.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --strip-extras --allow-unsafe \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

lock: $(VENV)/.dev-installed
	$(PIP_COMPILE) --output-file=requirements.txt requirements.in
	$(PIP_COMPILE) --output-file=requirements-dev.txt requirements-dev.in

# axe-core checks the pages' accessibility in the browser tests; it comes from npm.
$(AXE): | $(BIN)/python
	@if command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/axe axe-core@$(AXE_VERSION); \
	else \
		echo "npm not found: the browser tests will be skipped (install Node.js and npm to run them)"; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --no-input

fixtures: migrate
	$(BIN)/python manage.py loaddata accsm

run: fixtures
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production server: gunicorn, with whitenoise serving compressed, hashed static files.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (and DJANGO_SECURE_SSL_REDIRECT=0 without HTTPS).
serve: export DJANGO_DEBUG = 0
serve: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn accsm.wsgi --workers $(or $(WORKERS),2) --bind $(HOST):$(PORT)

# Everything a restore needs (records, history, users, groups, second factors, admin log) as JSON,
# in backups/ (or FILE=...).
backup: migrate
	$(BIN)/python manage.py backup $(FILE)

# Load a backup in one transaction: make restore FILE=backups/accsm-....json. A database that holds
# data is refused; REPLACE=1 replaces it all with the backup, or changes nothing if the load fails.
restore: migrate
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/accsm-YYYYmmdd-HHMMSS.json [REPLACE=1]"; exit 2)
	$(BIN)/python manage.py restore $(FILE)$(if $(filter 1,$(REPLACE)), --replace)

# A staff account in a role, enrolled in a second factor: make staff NAME=ana ROLE=editor|publisher,
# the password from $$STAFF_PASSWORD or asked for. NAME must be on the command line, since some
# systems set it in the environment.
staff: migrate
	@test "$(origin NAME)" = "command line" -a -n "$(ROLE)" || \
		(echo "Usage: make staff NAME=ana ROLE=editor|publisher (STAFF_PASSWORD=... or you are asked)"; exit 2)
	$(BIN)/python manage.py create_staff_user '$(NAME)' --role '$(ROLE)'

# A second factor for a staff account made another way (make superuser, the admin's user pages):
# make enrol NAME=chief; REPLACE=1 gives an enrolled account a new secret and new recovery codes.
enrol: migrate
	@test "$(origin NAME)" = "command line" || (echo "Usage: make enrol NAME=chief [REPLACE=1]"; exit 2)
	$(BIN)/python manage.py enrol_second_factor '$(NAME)' $(if $(REPLACE),--replace)

# Superusers sign in with a second factor too (README, "Staff"), so the new account needs enrolling.
superuser: migrate
	$(BIN)/python manage.py createsuperuser
	@echo "Before signing in, enrol a second factor: make enrol NAME=<the username>"

# No npm here: axe-core is for the browser tests, which `make test` installs it for.
# lint-imports checks the layers contract in pyproject.toml; its cache lives in the venv.
lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo --cache-dir $(VENV)/import-linter-cache

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Page timings and throughput at 1,000 and BENCH_MEETINGS synthetic meetings, written to
# bench/results.md and bench/timings.png. Needs a PostgreSQL database of its own (it is
# filled with synthetic records) and wrk, installed here with apt-get if missing.
BENCH_MEETINGS ?= 100000

bench: $(VENV)/.dev-installed
	@case "$$DATABASE_URL" in \
		postgres://*|postgresql://*) ;; \
		*) echo "make bench needs DATABASE_URL pointing at a PostgreSQL database of its own, e.g." \
			"DATABASE_URL=postgres://postgres@127.0.0.1:5432/accsm_bench (it is filled with synthetic records)"; \
			exit 2;; \
	esac
	command -v wrk || (apt-get update -qq && apt-get install -y -qq wrk)
	BENCH_MEETINGS=$(BENCH_MEETINGS) $(BIN)/python bench/run.py

# The article importer measured against answer keys (the seeds' is the fixture, the test articles'
# their .expected.json), written to bench/import-results.md. It makes its own throw-away SQLite
# databases, so it never touches db.sqlite3 or the DATABASE_URL database.
eval-import: $(VENV)/.dev-installed
	$(BIN)/python bench/eval_import.py

clean:
	rm -rf $(VENV) staticfiles tests/artifacts .pytest_cache .ruff_cache
