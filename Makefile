# One command builds the site, one runs the tests; both start from a clean clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The browser tests drive Debian's Chromium (a test tool's own browser download cannot
# work offline) with a CJK font (without one, Chinese renders as boxes at wrong widths);
# the visitor tests also need Java for the Nu HTML Checker and npm for axe-core and
# vnu-jar (package.json). `make test` installs whichever of them is missing.
export CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve test test-tools screenshots golden lint validate schema bench clean

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
	$(BIN)/ruff check generator tests benchmarks .ci
	$(BIN)/ruff format --check generator tests benchmarks .ci
	$(BIN)/mypy generator

## test-tools: the Debian packages the browser tests need, only those missing
test-tools:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="$$missing chromium"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' \
		|| missing="$$missing fonts-noto-cjk"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# axe-core and vnu-jar at the versions of package-lock.json; no install scripts (vnu-jar's
# would download a Java runtime: the jar itself is in the package)
node_modules/.installed: package.json package-lock.json | test-tools
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## test: install the test dependencies (Python and npm packages, Debian's Chromium, a CJK
## font, Java), lint, run the suite
test: lint | test-tools node_modules/.installed
	$(BIN)/python -m pytest -n auto --dist loadfile

## screenshots: a PNG of each page kind, both languages, phone and desk width, in screenshots/
screenshots: $(VENV)/.test-installed | test-tools
	$(BIN)/python tests/screenshots.py screenshots

## golden: rebuild the site and rewrite the golden pages in tests/golden/ (then review
## `git diff tests/golden`; tests/test_golden.py compares every build with them)
golden: $(VENV)/.test-installed
	$(BIN)/python tests/golden.py

## bench: the build benchmarks at small sizes (full sizes: benchmarks/run; see BENCHMARKS.md)
bench: $(VENV)/.installed
	benchmarks/run --quick

clean:
	rm -rf site .site-* $(VENV) node_modules screenshots .pytest_cache .mypy_cache .ruff_cache
