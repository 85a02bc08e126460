# The whole set-up on a fresh machine is `make run` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell md5sum requirements.txt | cut -c1-12)
PORT ?= 8501

.PHONY: install db run test lint format bench clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Creates db/lawreport.sqlite (or migrates LAWREPORT_DB_URL) and loads the report's figures; idempotent.
db: install
	$(PY) -m lawreport_data init-db

run: db
	$(PY) serve.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

lint: install
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) benchmarks/make_data.py 1000000
	$(PY) benchmarks/bench_pages.py
	$(PY) benchmarks/bench_import.py --runs 3

clean:
	rm -rf $(VENV) .pytest_cache
