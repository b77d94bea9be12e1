# Two commands a user needs (README): `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The demo workbook `make report` shows when you have none of your own (made when missing).
DEMO := data/demo.db
# Your workbook: $WORKBOOK, else workbook.db in your data folder (docs/cli.md).
YOURS = $(shell $(BIN)/python -c 'from workbook.locations import workbook_path; print(workbook_path())')

.PHONY: report test lint format bench lab clean constraints hub-proxy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# constraints.txt pins every package to the version the tests passed with. The core
# (import, log, report, the batch) needs no JupyterLab and no web server: the extras
# app, lab and hub add them (docs/install.md); the tests need them all. -qq: errors only
# (setuptools' note that an editable install uses a meta path finder is not for a user).
$(VENV)/.installed: pyproject.toml setup.py constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -qq -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py constraints.txt $(VENV)/.installed
	$(BIN)/python -m pip install -qq -c constraints.txt -e '.[app,lab,hub,test]'
	touch $@

# After a deliberate upgrade (then run `make test`): pin what is installed now.
constraints: $(VENV)/.installed-test
	{ sed -n '/^#/p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable \
	    | grep -iv '^networking-on-purpose'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

# Your workbook's last month if you have one, else the demo's; then how to go on.
report: $(VENV)/.installed
	@if [ -f "$(YOURS)" ]; then target="$(YOURS)"; else target="$(DEMO)"; \
	    test -f "$$target" || $(BIN)/workbook demo "$$target"; fi; \
	    $(BIN)/workbook report --workbook "$$target"
	@echo "Run it yourself: $(BIN)/workbook --help (or \`source $(BIN)/activate\` first, then \`workbook --help\`)."

# The practice hub's proxy (docs/hub.md): configurable-http-proxy from npm, kept in node/.
PROXY := node/node_modules/.bin/configurable-http-proxy
$(PROXY):
	npm install --prefix node --no-save --no-audit --no-fund --silent configurable-http-proxy
hub-proxy: $(PROXY)

# axe-core (npm) for the app's accessibility check in the browser tests.
AXE := tests/.node/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --prefix tests/.node --no-save --no-audit --no-fund axe-core@4.14.1

test: $(VENV)/.installed-test $(AXE) $(PROXY)
	$(BIN)/ruff check workbook tests benchmarks docs
	$(BIN)/ruff format --check workbook tests benchmarks docs
	$(BIN)/mypy workbook
	$(BIN)/python -m pytest -n auto --dist loadfile

lint: $(VENV)/.installed-test
	$(BIN)/ruff check --fix workbook tests benchmarks docs
	$(BIN)/ruff format workbook tests benchmarks docs

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_metrics.py

# Your own copies of the notebooks (in ~/networking-workbook), never the tracked ones.
lab: $(VENV)/.installed
	$(BIN)/python -m pip install -qq -c constraints.txt -e '.[lab]'
	$(BIN)/workbook lab

clean:
	rm -rf reports .pytest_cache
