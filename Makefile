# Two commands for a fresh machine (see README):
#   make serve   build the site from catalog/ and serve it on http://127.0.0.1:8000/
#   make test    lint, type-check and run the whole test suite
# Both create .venv/ from requirements.txt (the lock: this project, editable,
# with its test and lint tools, every version pinned) on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The deploy jobs' environment: the runtime dependencies only, at the lock's versions.
RUNTIME_VENV := .venv-runtime
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check lint test golden bench bench-search runtime deploy-build

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# pip takes no editable line as a constraint: the lock less its `-e .` line.
$(RUNTIME_VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(RUNTIME_VENV)
	grep -v '^-e ' requirements.txt > $(RUNTIME_VENV)/constraints.txt
	$(RUNTIME_VENV)/bin/pip install --quiet --disable-pip-version-check -c $(RUNTIME_VENV)/constraints.txt .
	touch $@

serve: $(VENV)/.installed
	$(BIN)/gongkai serve

build: $(VENV)/.installed
	$(BIN)/gongkai build

check: $(VENV)/.installed
	$(BIN)/gongkai check

lint: $(VENV)/.installed
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy

test: lint
	bash scripts/install_browser.sh
	$(BIN)/python -m pytest

runtime: $(RUNTIME_VENV)/.installed

# What the deploy jobs run: the strict build without any test or lint tool installed.
deploy-build: $(RUNTIME_VENV)/.installed
	$(RUNTIME_VENV)/bin/gongkai build

# Rewrite tests/golden/ after an intended change to rendered pages; review the diff.
golden: $(VENV)/.installed
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

bench: $(VENV)/.installed
	$(BIN)/python scripts/benchmark_build.py
	$(BIN)/python scripts/benchmark_preview.py

bench-search: $(VENV)/.installed
	bash scripts/install_browser.sh
	$(BIN)/python scripts/benchmark_search.py
