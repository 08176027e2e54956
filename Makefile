# sitrep: `make report` builds the situation report, `make test` runs every test. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Keep Jupyter's and IPython's files inside the project's venv, never in the user's home.
export JUPYTER_CONFIG_DIR := $(CURDIR)/$(VENV)/etc/jupyter
export JUPYTER_DATA_DIR := $(CURDIR)/$(VENV)/share/jupyter
export JUPYTER_RUNTIME_DIR ?= $(CURDIR)/$(VENV)/var/run/jupyter
export IPYTHONDIR := $(CURDIR)/$(VENV)/etc/ipython
export JUPYTER_PLATFORM_DIRS := 1
export PIP_NO_CACHE_DIR := 1

.PHONY: help report test lab clean bench lock
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# The environment's own Jupyter settings (etc/jupyter/README.md says what each does).
JUPYTER_SETTINGS := $(VENV)/etc/jupyter/jupyter_nbconvert_config.json
# JupyterLab refuses to start as root (as in most containers) unless told that this is meant.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
# The folder JupyterLab serves: the project, opened on its notebooks/.
LAB_ROOT ?= $(CURDIR)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("sitrep needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# The project's own modules compiled once, as pip compiles an installed package's (an editable install is not):
# where Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE), every build, worker, kernel and test
# process would otherwise compile them again, up to half a second each. A module changed since is compiled anew.
COMPILED := $(VENV)/.compiled
$(COMPILED): $(STAMP) $(shell find lib -name '*.py')
	$(BIN)/python -m compileall -q lib
	touch $@

$(JUPYTER_SETTINGS): etc/jupyter/jupyter_nbconvert_config.json $(STAMP)
	mkdir -p $(@D)
	cp $< $@

report: $(STAMP) $(COMPILED) $(JUPYTER_SETTINGS) ## set up (first time) and build the report from data/raw: outputs/ (shqip) and outputs-en/ (English)
	$(BIN)/sitrep build --translation outputs-en
	$(BIN)/sitrep build --lang en --out outputs-en --translation outputs

# Test workers (pytest-xdist): each takes an even share of the tests in their order, and a worker that runs out takes
# half of what another has left (--dist worksteal), so that both end within a test of each other. The built editions
# are shared by all workers (tests/sitebuild.py). TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
TEST_ARGS := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist worksteal) --durations=10

# The last run's output, with its wall time and the machine's load, for `python -m sitrep.bench tests`.
TEST_LOG := .make-test.log

test: SHELL := /bin/bash
test: $(STAMP) $(COMPILED) $(JUPYTER_SETTINGS) ## lint, then run the whole test suite (unit, data, end-to-end, browser); prints the ten slowest
	$(BIN)/ruff check lib tests
	@set -o pipefail; SECONDS=0; echo "make test ARGS=$(ARGS)" > $(TEST_LOG); \
	$(BIN)/python -m pytest $(TEST_ARGS) $(ARGS) 2>&1 | tee -a $(TEST_LOG); status=$$?; \
	echo "make test: wall $$SECONDS s, exit $$status, load average at the end" \
	  "$$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a $(TEST_LOG); exit $$status

lab: $(STAMP) $(COMPILED) $(JUPYTER_SETTINGS) ## open JupyterLab on the notebooks, in the project's environment; options: ARGS="--port 8899"
	$(BIN)/jupyter lab --ServerApp.root_dir=$(LAB_ROOT) --LabApp.default_url=/lab/tree/notebooks $(AS_ROOT) $(ARGS)

bench: $(STAMP) $(COMPILED) $(JUPYTER_SETTINGS) ## measure cleaning and building speed and page sizes (prints, asserts nothing)
	$(BIN)/python -m sitrep.bench all

clean: ## remove build products (site, clean tables, caches)
	rm -rf outputs outputs-failed outputs-en outputs-en-failed data/clean/*.csv data/clean/*.json data/clean/*.geojson .sitrep-cache .pytest_cache $(TEST_LOG) $(COMPILED)
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +

lock: ## re-pin every dependency into requirements.lock (needs network)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 --no-header --annotation-style line -o requirements.lock
