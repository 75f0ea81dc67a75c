# mlcourse: two commands on a fresh machine with Python 3 and make.
#   make lab    create .venv when missing, install the course, open JupyterLab
#   make test   create .venv when missing, run every test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Extra options for `jupyter lab`, e.g. make lab LAB_ARGS="--port=8899 --no-browser"
LAB_ARGS ?=
# jupyter refuses to run as root unless told; a student's own account does not need it.
ROOT_ARGS := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# Two notebook kernels run side by side on small machines: one BLAS thread each keeps them
# from fighting over the cores (timings with two threads swing by several times).
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test unit nbval browser execute toc slides bench clean venv

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[lab,test]'
	@touch $(STAMP)

venv: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_ARGS) --ServerApp.root_dir=$(CURDIR) $(LAB_ARGS) notebooks/00_start_here.ipynb

test: unit nbval slides browser

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser -n 2 --dist loadfile

nbval: $(STAMP)
	$(ONE_THREAD) $(BIN)/python -m pytest notebooks $(NBVAL) -n 2 --dist loadfile

browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser -rs

# Re-execute every notebook (or NB=notebooks/03_x.ipynb) so that committed outputs change only when content does.
execute: $(STAMP)
	$(ONE_THREAD) $(BIN)/python tools/nbtools.py execute $(or $(NB),notebooks/*.ipynb)

# One offline reveal.js deck per notebook and an index page in build/slides/ (npm ci on first use).
slides: $(STAMP)
	$(BIN)/python slides/build_slides.py

toc: $(STAMP)
	$(BIN)/python tools/nbtools.py toc

# Speed of the package against its references, then the targets (benchmarks/README.md);
# BENCH_ARGS=--quick skips the nbval suite. Then every widget of the course in JupyterLab and
# Chromium (WIDGET_BENCH_ARGS="--only 05,09" for some notebooks; WIDGET_BENCH_ARGS=--skip to skip).
WIDGET_BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/bench_widgets_browser.py $(WIDGET_BENCH_ARGS)

clean:
	rm -rf build .pytest_cache
