# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app matchmaker
PYTEST_ARGS ?=

.PHONY: run test test-sqlite test-postgres setup voikko translations extract-messages lint benchmarks clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed translations

# The benchmarks' own dependencies (the `bench` extra), on top of the test environment.
$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

# Voikko (Finnish base forms and compounds) where it can be had: installed with apt when we
# are root and it is missing; otherwise Finnish words fall back to Snowball stems.
HAS_VOIKKO := $(PY) -c "import libvoikko; libvoikko.Voikko('fi')" >/dev/null 2>&1
APT_VOIKKO := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libvoikko1 voikko-fi >/dev/null 2>&1
voikko: $(VENV)/.installed
	@if $(HAS_VOIKKO); then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Voikko (libvoikko1 voikko-fi)"; \
	  $(APT_VOIKKO) || { apt-get update -qq >/dev/null 2>&1 && $(APT_VOIKKO); } \
	  || echo "Voikko could not be installed: Finnish words use Snowball stems"; \
	else echo "Voikko is not installed (apt-get install libvoikko1 voikko-fi): Finnish words use Snowball stems"; fi

# Compiled catalogues (.mo) are build output, made from the committed .po files.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d matchmaker/translations -f

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o matchmaker/translations/messages.pot --no-location --sort-output matchmaker
	$(VENV)/bin/pybabel update -i matchmaker/translations/messages.pot -d matchmaker/translations --no-fuzzy-matching --ignore-obsolete --width 100
	$(PY) scripts/fill_en_catalogue.py matchmaker/translations/en/LC_MESSAGES/messages.po

# Command 1: create the environment, create and seed the SQLite database when empty, serve.
# The development server speaks plain HTTP, so it turns the Secure cookie flag off here only.
# The matching index is built before the server starts; the job worker (on SQLite a loop that
# delivers mail, rebuilds the index once per burst of edits, applies large imports and sends
# digests and reminders) runs beside it and is stopped (SIGTERM) when the server stops.
run: setup voikko
	$(FLASK) seed-demo --if-empty
	$(FLASK) build-index
	@BASE_URL=http://127.0.0.1:5000 $(FLASK) worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	SESSION_COOKIE_SECURE=0 REMEMBER_COOKIE_SECURE=0 $(FLASK) run --host 127.0.0.1 --port 5000

# Command 2: create the environment, lint, and run the whole suite on SQLite, then on PostgreSQL.
test: setup voikko lint
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)
	$(PY) -m pytest -n 2 --postgres $(PYTEST_ARGS)

test-sqlite: setup
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

test-postgres: setup
	$(PY) -m pytest -n 2 --postgres $(PYTEST_ARGS)

LINT_PATHS := matchmaker tests benchmarks

lint: setup
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)

benchmarks: setup $(VENV)/.bench-installed
	$(PY) benchmarks/matching_quality.py
	$(PY) benchmarks/matching_speed.py --sizes 1000,10000

clean:
	rm -rf $(VENV) *.egg-info
