# Diaspora Toolkits: a thin layer over `python -m build_tools`.
# Filters: TOOLKIT=networking  BOOK_LANG=fr  (comma-separated; empty = all)
# `make help` lists every target.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Values reach Python through the environment only, never pasted into a recipe:
# a value with quotes, `;`, backticks or $(...) cannot run anything.  Python
# checks each one (build_tools/arguments.py) before doing anything.
export TOOLKIT BOOK_LANG PAGE_SIZE FILE CHAPTER BASE DATE FORCE STRICT NO_WAIT DEBUG PORT SHARD

.DEFAULT_GOAL := all
.PHONY: all html epub pdf print booklet worksheets preflight clean help test test-fast lint format bench bench-tests lighthouse site-shots gettext update-po add-language stats check-po termbase check-glossary check-facts check linkcheck check-po-change readability import-docx docx serve new-edition release

$(STAMP): pyproject.toml
	@# System tools from Debian: Java (EPUBCheck, Nu HTML Checker), poppler (pdftotext for right-to-left
	@# PDF text), gettext (msgfmt --check), Ghostscript's CMYK profile (print-shop PDF),
	@# Chromium (the browser tests and DAISY Ace drive it; Playwright never downloads one).
	@missing=""; command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	  command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	  test -f /usr/share/color/icc/ghostscript/default_cmyk.icc || missing="$$missing libgs-common"; \
	  if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	    (apt-get update -qq && apt-get install -y -qq $$missing) >/dev/null 2>&1 || \
	    echo "warning: could not install$$missing (needs root and apt); some tests will fail"; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test,dev]"
	@# From npm, into .venv/node: the Nu HTML Checker and DAISY Ace (EPUB accessibility).
	@# --ignore-scripts: their install scripts would download Java and Electron builds.
	@command -v npm >/dev/null && npm install -s --ignore-scripts --no-audit --no-fund --prefix $(VENV)/node \
	  vnu-jar@26.9.27 @daisy/ace@1.4.6 || echo "warning: npm missing; browser and Ace tests will fail"
	@touch $@

all: $(STAMP) ## Build the site, every EPUB and every PDF (build/)
	$(PY) -m build_tools build

html: $(STAMP) ## Build the HTML site only (build/site/<lang>/)
	$(PY) -m build_tools build --formats html

epub: $(STAMP) ## Build the EPUBs only (build/site/downloads/*.epub)
	$(PY) -m build_tools build --formats epub

pdf: $(STAMP) ## Build the PDFs only (build/site/downloads/*.pdf); PAGE_SIZE=A5 to change the page
	$(PY) -m build_tools build --formats pdf

print: $(STAMP) ## Print-shop PDFs: PDF/X-4, 3 mm bleed, marks, CMYK intent (build/print/); PAGE_SIZE=A5 for A5
	$(PY) -m build_tools build --formats print

booklet: $(STAMP) ## Office booklets: A5 two-up on A4 for duplex printing and folding
	$(PY) -m build_tools build --formats booklet

worksheets: $(STAMP) ## Fillable worksheet packs, one PDF per toolkit and language
	$(PY) -m build_tools build --formats worksheets

preflight: $(STAMP) ## Preflight report of every built PDF (file, page, fix)
	$(PY) -m build_tools preflight

test: lint ## Lint, then the test suite (strict build of the real toolkits, EPUBCheck, PDF and HTML checks)
	$(PY) -m pytest -q -n auto --durations=15

test-fast: lint ## Lint, then the tests without the real build (fixture project only): for authors of checks and build code
	$(PY) -m pytest -q -n auto -m "not e2e"

lint: $(STAMP) ## Check the Python code with ruff: rules, 100 columns and format (pyproject.toml)
	@$(PY) -m ruff check build_tools tests bench || { echo "fix: make format, then wrap by hand what is still over 100 columns"; exit 1; }
	@$(PY) -m ruff format --check build_tools tests bench || { echo "fix: make format"; exit 1; }

format: $(STAMP) ## Format the Python code with ruff and apply ruff's safe fixes
	$(PY) -m ruff format build_tools tests bench
	$(PY) -m ruff check --fix build_tools tests bench

bench: $(STAMP) ## Benchmark cold, no-op and one-paragraph rebuilds against a naive baseline
	$(PY) bench/build_bench.py

bench-tests: $(STAMP) ## What the tests cost, part by part (wall and CPU), against 5 min x cores; after make
	$(PY) bench/test_bench.py

$(VENV)/node/node_modules/lighthouse/cli/index.js: $(STAMP)
	@# On demand only (large): Lighthouse 12 runs on Node 20; --ignore-scripts as for vnu and Ace.
	npm install -s --ignore-scripts --no-audit --no-fund --prefix $(VENV)/node lighthouse@12.2.3

lighthouse: $(VENV)/node/node_modules/lighthouse/cli/index.js ## Lighthouse (mobile) on the built site: landing + chapter, en and ar, as a table
	$(PY) bench/lighthouse_bench.py

site-shots: $(STAMP) ## Screenshots of the built site (phone/desktop, en/ar, light/dark) into build/visual/
	$(PY) bench/site_shots.py

gettext: $(STAMP) ## Extract message templates (.pot) into build/.work/gettext
	$(PY) -m build_tools gettext

update-po: $(STAMP) ## Refresh catalogues of BOOK_LANG (default all) from the sources, then normalise them
	$(PY) -m build_tools update-po

add-language: $(STAMP) ## Start a language: make add-language BOOK_LANG=so
	$(PY) -m build_tools add-language

stats: $(STAMP) ## Translation status per toolkit and language
	$(PY) -m build_tools stats

check-po: $(STAMP) ## Check translations: syntax, roles, numbers, links, unsafe markup
	$(PY) -m build_tools check-po

check-po-change: $(STAMP) ## Refuse a change that both refreshes catalogues and translates (BASE=main)
	$(PY) -m build_tools check-po-change

termbase: $(STAMP) ## Write the termbase (CSV and TBX) per language into build/termbase/
	$(PY) -m build_tools termbase

check-glossary: $(STAMP) ## Check glossary definitions, references, first uses and translated terms
	$(PY) -m build_tools check-glossary

check-facts: $(STAMP) ## List dated facts and their age, flag old/unknown/unused sources, write build/facts/facts-register.csv
	$(PY) -m build_tools check-facts

readability: $(STAMP) ## Words, Flesch reading ease and long sentences per chapter, against the targets
	$(PY) -m build_tools readability

check: $(STAMP) ## Report differences between formats and languages of the built edition
	$(PY) -m build_tools check

linkcheck: $(STAMP) ## Check external links of the built site (needs a network)
	$(PY) -m build_tools linkcheck

import-docx: $(STAMP) ## Word manuscript to MyST: make import-docx FILE=ch.docx TOOLKIT=networking [CHAPTER=5] [FORCE=1]
	$(PY) -m build_tools import-docx

docx: pdf ## Word review copies per toolkit and language (build/review/)
	$(PY) -m build_tools docx

serve: $(STAMP) ## Live preview of the site of BOOK_LANG (default en), rebuilt on every save
	$(PY) -m build_tools serve

new-edition: $(STAMP) ## Bump TOOLKIT's edition and open a "What's new" entry (DATE=YYYY-MM-DD)
	$(PY) -m build_tools new-edition

release: $(STAMP) ## Strict build, then dist/<edition>/ with SHA256SUMS and one zip per language
	$(PY) -m build_tools release

clean: ## Remove build/ (the previous edition included)
	rm -rf build

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-14s %s\n", $$1, $$2}'
