# mlcourse: two commands on a fresh machine with Python 3 and make.
#   make lab    create .venv when missing, install the course (what a student needs), open JupyterLab
#               (MLCOURSE_LANG=ko make lab: the Korean edition, notebooks/ko/)
#   make test   also install the test tools, run every test suite
#   make hub    also install JupyterHub, serve the course to a class from this machine (as root)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# One stamp per layer: the course with JupyterLab, then the test tools, then the hub.
STAMP      := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.test-stamp
HUB_STAMP  := $(VENV)/.hub-stamp
# JupyterLab settings shipped with the course (no news pop-up), for every server of this environment.
OVERRIDES  := $(VENV)/share/jupyter/lab/settings/overrides.json
# configurable-http-proxy for the hub, pinned in classroom/package-lock.json.
CHP        := classroom/node_modules/.bin/configurable-http-proxy
# Extra options for `jupyter lab`, e.g. make lab LAB_ARGS="--port=8899 --no-browser"
LAB_ARGS ?=
# jupyter refuses to run as root unless told; a student's own account does not need it.
ROOT_ARGS := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# Two notebook kernels run side by side on small machines: one BLAS thread each keeps them
# from fighting over the cores (timings with two threads swing by several times).
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test unit nbval browser execute translations toc slides bench bench-hub hub clean venv

$(STAMP): pyproject.toml classroom/jupyterlab-overrides.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	@mkdir -p $(dir $(OVERRIDES)) && cp classroom/jupyterlab-overrides.json $(OVERRIDES)
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lab,test,hub]'
	@touch $(TEST_STAMP)

$(HUB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lab,hub]'
	@touch $(HUB_STAMP)

$(CHP): classroom/package-lock.json
	cd classroom && npm ci --prefer-offline --no-audit --no-fund --loglevel=error
	@touch $(CHP)

# The student install: the course and JupyterLab, no test tools.
venv: $(STAMP)

# MLCOURSE_LANG=ko make lab opens the Korean edition, and every kernel starts in Korean.
START := notebooks/$(if $(filter ko,$(MLCOURSE_LANG)),ko/)00_start_here.ipynb
lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_ARGS) --ServerApp.root_dir=$(CURDIR) $(LAB_ARGS) $(START)

test: unit nbval slides browser

unit: $(TEST_STAMP) $(CHP)
	$(BIN)/python -m pytest tests --ignore=tests/browser -n 2 --dist loadfile

# Both editions: notebooks/ and notebooks/ko/.
nbval: $(TEST_STAMP)
	$(ONE_THREAD) $(BIN)/python -m pytest notebooks $(NBVAL) -n 2 --dist loadfile

browser: $(TEST_STAMP)
	$(BIN)/python -m pytest tests/browser -rs

# Re-execute every notebook, English and Korean (or NB=notebooks/03_x.ipynb), so that committed
# outputs change only when content does.
execute: $(TEST_STAMP)
	$(ONE_THREAD) $(BIN)/python tools/nbtools.py execute $(or $(NB),notebooks/*.ipynb notebooks/ko/*.ipynb)

# One offline reveal.js deck per notebook and an index page in build/slides/ (npm ci on first use).
slides: $(TEST_STAMP)
	$(BIN)/python slides/build_slides.py

# The Korean edition: catalogs in translations/ko/ follow the English notebooks (new cells to
# translate, changed ones marked fuzzy), then notebooks/ko/ is written from both. Execute what it lists.
translations: $(TEST_STAMP)
	$(BIN)/python tools/translate.py update
	$(BIN)/python tools/translate.py build

toc: $(TEST_STAMP)
	$(BIN)/python tools/nbtools.py toc

# Speed of the package against its references, then the targets (benchmarks/README.md);
# BENCH_ARGS=--quick skips the nbval suite. Then every widget of the course in JupyterLab and
# Chromium (WIDGET_BENCH_ARGS="--only 05,09" for some notebooks; WIDGET_BENCH_ARGS=--skip to skip).
WIDGET_BENCH_ARGS ?=
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_widgets_browser.py $(WIDGET_BENCH_ARGS)

# A class on this server: N simulated students log in, run a widget notebook and move a slider
# (benchmarks/bench_hub.py; as root). HUB_BENCH_ARGS="--students 1,5,10 --write-docs"
bench-hub: $(TEST_STAMP) $(CHP)
	$(BIN)/python benchmarks/bench_hub.py $(HUB_BENCH_ARGS)

# JupyterHub for a class on this machine (docs/instructors.md; run as root), on port HUB_PORT.
HUB_PORT ?= 8000
hub: $(HUB_STAMP) $(CHP)
	$(BIN)/python classroom/hub.py --port $(HUB_PORT)

clean:
	rm -rf build .pytest_cache
