# Two commands a user needs (README): `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The workbook to report on: yours if you have one, else the demo (made when missing).
WORKBOOK ?= $(if $(wildcard data/workbook.db),data/workbook.db,data/demo.db)

.PHONY: report test lint format bench lab clean constraints hub-proxy

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# constraints.txt pins every package to the version the tests passed with.
$(VENV)/.installed: pyproject.toml setup.py constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml setup.py constraints.txt $(VENV)/.installed
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,hub]'
	touch $@

# After a deliberate upgrade (then run `make test`): pin what is installed now.
constraints: $(VENV)/.installed-test
	{ sed -n '/^#/p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable \
	    | grep -iv '^networking-on-purpose'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

report: $(VENV)/.installed
	@test -f "$(WORKBOOK)" || $(BIN)/workbook demo "$(WORKBOOK)"
	@$(BIN)/workbook report --workbook "$(WORKBOOK)"

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
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check --fix workbook tests benchmarks docs
	$(BIN)/ruff format workbook tests benchmarks docs

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_metrics.py

# Your own copies of the notebooks (in ~/networking-workbook), never the tracked ones.
lab: $(VENV)/.installed
	$(BIN)/workbook lab $(if $(wildcard data/workbook.db),--workbook data/workbook.db)

clean:
	rm -rf reports .pytest_cache
