# One command builds the site, one runs the tests; both start from a clean clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The browser tests drive Debian's Chromium (a test tool's own browser download cannot
# work offline); `make test` installs it when it is missing.
export CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve test lint validate schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## site: validate the catalog and build the site into site/ (replaced only on success)
site: $(VENV)/.installed
	$(BIN)/campaign validate --missing-translation warning
	$(BIN)/campaign build --strict

## serve: preview with live reload on http://127.0.0.1:8000/
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve

## validate: check the catalog and news front matter
validate: $(VENV)/.installed
	$(BIN)/campaign validate --missing-translation warning

## schema: regenerate the JSON Schemas in schemas/ from the models
schema: $(VENV)/.installed
	$(BIN)/campaign schema --out schemas

## lint: ruff and mypy
lint: $(VENV)/.test-installed
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy generator

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

## test: install the test dependencies (Python packages, Chromium), lint, run the suite
test: lint | $(CHROMIUM)
	$(BIN)/python -m pytest

## bench: the build benchmarks at small sizes (full sizes: benchmarks/run; see BENCHMARKS.md)
bench: $(VENV)/.installed
	benchmarks/run --quick

clean:
	rm -rf site .site-* $(VENV) .pytest_cache .mypy_cache .ruff_cache
