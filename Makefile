# Two commands for a fresh machine (see README):
#   make serve   build the site from catalog/ and serve it on http://127.0.0.1:8000/
#   make test    run the whole test suite
# Both create .venv/ from requirements.txt (all versions pinned) on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONPATH := $(CURDIR)/scripts
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test golden bench bench-search

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

serve: $(VENV)/.installed
	$(BIN)/python -m gongkai serve

build: $(VENV)/.installed
	$(BIN)/python -m gongkai build

check: $(VENV)/.installed
	$(BIN)/python -m gongkai check

test: $(VENV)/.installed
	bash scripts/install_browser.sh
	$(BIN)/python -m pytest

# Rewrite tests/golden/ after an intended change to rendered pages; review the diff.
golden: $(VENV)/.installed
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

bench: $(VENV)/.installed
	$(BIN)/python scripts/benchmark_build.py

bench-search: $(VENV)/.installed
	bash scripts/install_browser.sh
	$(BIN)/python scripts/benchmark_search.py
