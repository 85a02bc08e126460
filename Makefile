# The whole set-up on a fresh machine is `make run` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | md5sum | cut -c1-12)
PORT ?= 8501
PIP := $(PY) -m pip --disable-pip-version-check

.PHONY: install db run serve-cluster test test-fast lint format lock bench clean

# The lock (requirements.txt, setuptools included), then the package itself, editable and without
# its dependencies, built by the venv's setuptools (offline): that puts `lawreport` in .venv/bin.
# One install at a time (two `make test` started together share the venv); the second finds it done.
$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	flock $(VENV)/.install-lock sh -c 'test -e $(STAMP) || { \
	  $(PIP) install --quiet -r requirements.txt && \
	  $(PIP) install --quiet --no-deps --no-build-isolation --editable . && \
	  rm -f $(VENV)/.installed-* && touch $(STAMP); }'

# The package's bytecode, as an installed package has it (pip compiles what it installs): Python
# does not write it itself where PYTHONDONTWRITEBYTECODE is set, and every command would compile
# the package again at start-up (~0.1 s; benchmarks/README.md). Only changed files are compiled.
install: $(STAMP)
	$(PY) -m compileall -q lawreport_data ui.py multipage.py serve.py

# Creates db/lawreport.sqlite (or migrates LAWREPORT_DB_URL) and loads the report's figures; idempotent.
db: install
	$(PY) -m lawreport_data init-db

run: db
	$(PY) serve.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# N dashboard servers behind nginx (Debian's nginx package) on this machine, sharing LAWREPORT_DB_URL:
# deploy/cluster.py; nginx listens on CLUSTER_PORT (default 8500), the servers on the next N ports.
N ?= 3
CLUSTER_PORT ?= 8500
serve-cluster: db
	$(PY) deploy/cluster.py $(N) --port $(CLUSTER_PORT)

lint: install
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# The unit tier only: pure tests and doctests, no database, AppTest or browser (about 30 s here).
test-fast: install
	$(PY) -m pytest -m unit -q $(PYTEST_ARGS)

# Regenerates the lock from pyproject.toml's ranges (newest versions within them) in a throw-away
# venv; the project's .venv is not touched. Review the diff, then `make test`.
LOCK_FILE ?= requirements.txt
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip --disable-pip-version-check install --quiet --upgrade setuptools
	.lock-venv/bin/python -m pip --disable-pip-version-check install --quiet --no-build-isolation --editable '.[dev]'
	.lock-venv/bin/python -m pip --disable-pip-version-check freeze --all --exclude-editable --exclude pip > $(LOCK_FILE).new
	mv $(LOCK_FILE).new $(LOCK_FILE) && rm -rf .lock-venv

bench: install
	$(PY) benchmarks/make_data.py 1000000
	$(PY) benchmarks/bench_pages.py
	$(PY) benchmarks/bench_import.py --runs 3
	$(PY) benchmarks/bench_load.py --sessions 4 --seconds 30

clean:
	rm -rf $(VENV) .pytest_cache .lock-venv *.egg-info
