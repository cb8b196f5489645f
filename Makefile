# KAM Academy — everything you need is two commands:
#   make lab    open the course in JupyterLab (installs on first use)
#   make test   run the whole test suite    (installs on first use)
# Installs go into .venv, at the exact versions of requirements/*.txt (see `make lock`),
# and are redone only when pyproject.toml or a lock file changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
# Jupyter refuses to start as root without --allow-root (containers, CI machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_OPTS ?=
PYTEST_ARGS ?=
# The edition `make lab` opens: en, or pl (`make lab-pl`: course/pl/, kamtools speaking Polish).
# Not LANG=pl: LANG is the shell's locale, and make would hand LANG=pl, not a locale, to
# JupyterLab and every kernel (a Polish LANG=pl_PL.UTF-8 would also switch plain `make lab`).
EDITION ?= en
LAB_START := $(if $(filter pl,$(EDITION)),pl/00_start_here.ipynb,00_start_here.ipynb)
LAB_ENV := $(if $(filter pl,$(EDITION)),KAMTOOLS_LANG=pl,)

.PHONY: lock apps apps-pl slides site handouts bundle need-assignment lab lab-pl test test-fast typecheck lint format benchmark datasets course glossary clean-venv help assignments grade feedback export instructor

help:
	@echo "make lab        open the course in JupyterLab on http://127.0.0.1:$(PORT)"
	@echo "make lab-pl     the same, in Polish (kurs po polsku: course/pl/00_start_here.ipynb)"
	@echo "make test       run the whole test suite"
	@echo "make test-fast  the quick tests only (no slow or browser tests), for the edit-run loop"
	@echo "make lint       ruff lint and format check"
	@echo "make typecheck  mypy on the kamtools package (make test runs it first)"
	@echo "make lock       refresh the exact versions in requirements/ from pyproject.toml"
	@echo "make datasets   regenerate the synthetic company in datasets/"
	@echo "make course     regenerate the course map, navigation, module times, glossaries and handouts"
	@echo "make glossary   regenerate both glossaries (English, Polish) from kamtools/content/terms.yml"
	@echo "make benchmark  run the speed and memory benchmarks"
	@echo "make apps       the workshop apps (Voila) on http://127.0.0.1:$(APPS_PORT)"
	@echo "make apps-pl    the same, in Polish (aplikacje po polsku: course/pl/apps)"
	@echo "make slides     projector decks in build/slides/: welcome, activities, modules (offline)"
	@echo "make site       the course as HTML pages in build/site/ (open index.html, offline)"
	@echo "make handouts   printable workshop handouts: HTML in course/handouts, PDF in build/handouts"
	@echo "make bundle     the participants' ZIP (no facilitator files): build/kam-academy-course.zip"
	@echo "instructors (exercises/README.md):"
	@echo "make assignments            student versions of every assignment"
	@echo "make grade A=pareto JOBS=2  autograde a class in parallel"
	@echo "make feedback A=pareto      feedback HTML without hidden tests"
	@echo "make export                 exercises/grades.csv, questions.csv and grades.xlsx"
	@echo "make instructor             JupyterLab on the course root (formgrader)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "KAM Academy needs Python 3.11 or newer, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs come from the lock files in requirements/ (exact versions, the same for a whole
# class); pyproject.toml keeps the ranges they were resolved from. `make lock` refreshes them.
# The stamps remember what was installed; they are older than the lock after a refresh.
$(VENV)/.installed-lab: pyproject.toml requirements/lab.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/lab.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.txt $(VENV)/.installed-lab
	$(BIN)/python -m pip install --quiet -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# Re-resolve the newest versions pyproject.toml allows, for every platform and Python >= 3.11,
# with one version of each package where possible (numpy's random streams make the synthetic
# data, so one numpy for everyone). Needs the package index; commit the two files afterwards.
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --fork-strategy fewest --python-version 3.11 --quiet
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(LOCK) --output-file requirements/lab.txt
	$(LOCK) --extra test --output-file requirements/test.txt
	@echo "requirements/lab.txt and requirements/test.txt refreshed: run make test, then commit them."

# Learners' lab: .jupyter-learner/ hides nbgrader's instructor panels (see its README.md).
# The learners' lab serves course/ only (instructor and author files hidden, see
# .jupyter-learner/README.md). The link printed first opens module 00 straight away (a fresh
# token each start unless LAB_TOKEN is set); the lab's home page is module 00 too.
lab: $(VENV)/.installed-lab
	@token="$${LAB_TOKEN:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(16))')}"; \
	printf '\n  KAM Academy is starting. Open this link in your browser:\n\n    %s\n\n  (Keep this window open while you study; press Ctrl+C twice to stop.)\n\n' \
	  "http://127.0.0.1:$(PORT)/lab/tree/$(LAB_START)?token=$$token"; \
	$(LAB_ENV) JUPYTER_CONFIG_PATH="$(CURDIR)/.jupyter-learner$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
	  --ServerApp.root_dir="$(CURDIR)/course" --IdentityProvider.token="$$token" $(LAB_OPTS) \
	  course/$(LAB_START)

# The Polish edition: the same lab, opening course/pl/00_start_here.ipynb, with the course's
# feedback in Polish (KAMTOOLS_LANG=pl).
lab-pl:
	@$(MAKE) --no-print-directory lab EDITION=pl

# Front-end files served locally (reveal.js, require.js, jQuery, the widget renderer) and
# configurable-http-proxy for the JupyterHub smoke test: npm, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

test: typecheck $(VENV)/.installed-test node_modules/.installed
	$(BIN)/python -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

# The edit-run loop: everything but the tests marked slow (notebooks, real data, grading
# classes, the hub) and the browser tests. `make test` still runs everything.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not slow and not browser" $(PYTEST_ARGS)

# The annotations are checked: mypy with pandas-stubs on kamtools, set up in pyproject.toml
# ([tool.mypy]); tests, tools and notebooks are not checked.
typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

datasets: $(VENV)/.installed-lab
	$(BIN)/python -m kamtools.data datasets/

course: $(VENV)/.installed-lab
	$(BIN)/python tools/build_course.py
	$(BIN)/python tools/build_translations.py
	$(BIN)/python tools/build_course.py
	$(BIN)/python tools/build_glossary.py
	$(BIN)/python tools/build_slides.py --write
	$(BIN)/python tools/build_handouts.py

# Both glossaries (course/glossary.ipynb, course/pl/glossary.ipynb) from kamtools/content/terms.yml.
glossary: $(VENV)/.installed-lab
	$(BIN)/python tools/build_glossary.py

APPS_PORT ?= 8866
APPS_OPTS ?=

# The widget tools as Voila apps for a workshop projector (course/apps), on
# http://127.0.0.1:$(APPS_PORT); icons come from node_modules, nothing from the internet.
apps: $(VENV)/.installed-lab node_modules/.installed
	$(BIN)/python tools/serve_apps.py --port $(APPS_PORT) --edition $(EDITION) $(APPS_OPTS)

# The Polish apps (course/pl/apps), kamtools speaking Polish.
apps-pl:
	$(MAKE) apps EDITION=pl

# Offline editions in build/ (open from disk, no server, no internet). Each notebook is
# run once into build/executed/ and reused by both.
slides: $(VENV)/.installed-lab node_modules/.installed
	$(BIN)/python tools/build_site.py slides --language $(EDITION)

site: $(VENV)/.installed-lab node_modules/.installed
	$(BIN)/python tools/build_site.py site --language $(EDITION)

benchmark: $(VENV)/.installed-test
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_course.py
	$(BIN)/python benchmarks/bench_grading.py
	$(BIN)/python benchmarks/bench_hub.py
	$(BIN)/python benchmarks/bench_big_export.py

clean-venv:
	rm -rf $(VENV)

handouts: $(VENV)/.installed-lab
	$(BIN)/python tools/build_handouts.py --pdf build/handouts

# The course for participants as one ZIP: course, data, kamtools and what `make lab` needs,
# without the facilitator's files, tests or exercises (tools/build_bundle.py). Python only.
bundle:
	$(PYTHON) tools/build_bundle.py --out build

# --- instructors: nbgrader course root in exercises/ (see exercises/README.md) ---
# EDITION=pl: the Polish assignments, a course root of their own in exercises/pl/
# (generated by tools/build_translations.py, with their own gradebook).
A ?=
JOBS ?= 2
COURSE_ROOT := exercises$(if $(filter pl,$(EDITION)),/pl,)
KAMTOOLS := $(BIN)/kamtools --course-dir $(COURSE_ROOT)
need-assignment:
	@test -n "$(A)" || { echo "usage: make $(MAKECMDGOALS) A=<assignment> (one of: $$(ls $(COURSE_ROOT)/source))"; exit 2; }

assignments: $(VENV)/.installed-lab
	$(KAMTOOLS) generate all

grade: $(VENV)/.installed-lab need-assignment
	$(KAMTOOLS) grade $(A) --jobs $(JOBS)

feedback: $(VENV)/.installed-lab need-assignment
	$(KAMTOOLS) feedback $(A)

export: $(VENV)/.installed-lab
	$(KAMTOOLS) export -o $(COURSE_ROOT)/grades.csv --questions $(COURSE_ROOT)/questions.csv --xlsx $(COURSE_ROOT)/grades.xlsx

# JupyterLab started in the course root, so that formgrader uses exercises/nbgrader_config.py.
instructor: $(VENV)/.installed-lab
	cd $(COURSE_ROOT) && PATH="$(CURDIR)/$(BIN):$$PATH" jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) $(LAB_OPTS)
