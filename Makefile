# The real commands people and CI use. `make run` and `make test` set everything up themselves.
# The first interpreter that really runs and is 3.11 or 3.12 (a pyenv shim may exist and fail).
PYTHON ?= $(shell for p in python3.11 python3.12 python3; do \
  $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' 2>/dev/null \
  && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The versions CI passed with: `make lock` resolves pyproject.toml's ranges (every extra) with
# uv, and pip installs them (pip's cache is the one machines have warm).
LOCK := requirements-lock.txt
UV := uv==0.13.9
# The compiled NHS.UK frontend and Swagger UI (the API's /docs page), fetched from the npm
# registry once and never committed: the pages and /docs then load nothing from elsewhere.
NHSUK := 10.6.1
SWAGGER_UI := 5.35.0
NHSUK_ASSETS := src/formadvisor/web/static/nhsuk/.version-$(NHSUK)-local-fonts
SWAGGER_ASSETS := src/formadvisor/web/static/swagger-ui/.version-$(SWAGGER_UI)
# Welsh hyphenation for the PDF: pyphen (WeasyPrint's hyphenator) has no Welsh, so the TeX
# hyph-utf8 Welsh patterns (Yannis Haralambous, MIT or LPPL) are taken from the Debian package
# texlive-lang-european at build time, like the npm assets, and written as a hunspell
# dictionary that web/hyphenation.py registers with pyphen. Never committed.
TEXLIVE_EUROPEAN := 2022.20230122-1
HYPHENATION := src/formadvisor/web/dictionaries/hyph_cy.dic
ASSETS := $(NHSUK_ASSETS) $(SWAGGER_ASSETS) $(HYPHENATION)
# The interface's words: Babel extracts them from the templates and the Python (babel.cfg) into
# the catalogue; each language's .po is committed, its .mo compiled here (git-ignored; the wheel
# ships it). In Python the language comes first: gettext(lang, "…"), ngettext(lang, "…", "…", n);
# Jinja's own calls (`{% trans %}` reports gettext/ngettext) keep the message first.
LOCALE := src/formadvisor/locale
POT := $(LOCALE)/messages.pot
PO := $(wildcard $(LOCALE)/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
BABEL_KEYWORDS := -k _ -k gettext:2 -k gettext:1,1t -k ngettext:2,3 -k ngettext:1,2,3t -k pgettext:1c,2 -k npgettext:1c,2,3

.PHONY: run test test-postgres lint bench bench-memory soak assets messages system lock coverage reference clean

## system: the Debian packages the code and tests use, installed when missing (scripts/setup;
## as another user it prints the command to run as root)
system:
	@scripts/setup

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or 3.12 is needed (durable_rules does not run on 3.13)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The locked requirements, then the project itself. `system` is order-only: it runs first every
# time (gcc for durable_rules) without making the stamp out of date.
$(STAMP): pyproject.toml $(LOCK) | system $(BIN)/python
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

## lock: update requirements-lock.txt to pyproject.toml, keeping the pins that still fit;
## `make lock LOCK_FLAGS=--upgrade` moves every pin to the newest version allowed
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet $(UV)
	$(BIN)/uv pip compile --quiet --universal --all-extras --custom-compile-command 'make lock' \
	  $(LOCK_FLAGS) pyproject.toml -o $(LOCK)

$(NHSUK_ASSETS) $(SWAGGER_ASSETS): | system  # npm

$(NHSUK_ASSETS):
	@command -v npm >/dev/null || { echo "npm is needed once, to fetch nhsuk-frontend $(NHSUK)"; exit 1; }
	rm -rf src/formadvisor/web/static/nhsuk && mkdir -p src/formadvisor/web/static/nhsuk
	cd src/formadvisor/web/static && npm pack --silent nhsuk-frontend@$(NHSUK) >/dev/null \
	  && tar xzf nhsuk-frontend-$(NHSUK).tgz -C nhsuk --strip-components=3 \
	     package/dist/nhsuk/nhsuk-frontend.min.css package/dist/nhsuk/nhsuk-frontend.min.js \
	     package/dist/nhsuk/assets \
	  && rm nhsuk-frontend-$(NHSUK).tgz
	@# The CSS's @font-face rules load Frutiger (for NHS services) from assets.nhs.uk: removed,
	@# so no page asks another host for anything (CSP font-src 'self'); Arial stands in.
	sed -i -E 's/@font-face\{[^}]*\}//g' src/formadvisor/web/static/nhsuk/nhsuk-frontend.min.css
	! grep -q 'assets\.nhs\.uk' src/formadvisor/web/static/nhsuk/nhsuk-frontend.min.css
	@touch $@

$(SWAGGER_ASSETS):
	@command -v npm >/dev/null || { echo "npm is needed once, to fetch swagger-ui-dist $(SWAGGER_UI)"; exit 1; }
	rm -rf src/formadvisor/web/static/swagger-ui && mkdir -p src/formadvisor/web/static/swagger-ui
	cd src/formadvisor/web/static && npm pack --silent swagger-ui-dist@$(SWAGGER_UI) >/dev/null \
	  && tar xzf swagger-ui-dist-$(SWAGGER_UI).tgz -C swagger-ui --strip-components=1 \
	     package/swagger-ui-bundle.js package/swagger-ui.css package/favicon-32x32.png \
	     package/LICENSE package/NOTICE \
	  && rm swagger-ui-dist-$(SWAGGER_UI).tgz
	@touch $@

# hyph-cy.pat.txt holds one pattern a line; the hyphenmins are the patterns' own (hyph-cy.tex:
# left 2, right 3), which report.css repeats for WeasyPrint (`hyphenate-limit-chars`). A machine
# whose package lists are empty (a fresh container) gets one `apt-get update` first, as root.
$(HYPHENATION):
	@command -v apt-get >/dev/null || { echo "apt-get is needed once, to fetch texlive-lang-european $(TEXLIVE_EUROPEAN)"; exit 1; }
	mkdir -p $(@D)
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT \
	  && (cd "$$tmp" && { apt-get download -q texlive-lang-european=$(TEXLIVE_EUROPEAN) \
	       || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
	            && apt-get download -q texlive-lang-european=$(TEXLIVE_EUROPEAN); }; } 2>&1 \
	       | grep -v '^W: Download is performed unsandboxed' || true) \
	  && dpkg-deb --fsys-tarfile "$$tmp"/texlive-lang-european_*.deb \
	     | tar -x -O ./usr/share/texlive/texmf-dist/tex/generic/hyph-utf8/patterns/txt/hyph-cy.pat.txt \
	     > "$$tmp/hyph-cy.pat.txt" \
	  && test -s "$$tmp/hyph-cy.pat.txt" \
	  && { printf 'UTF-8\nLEFTHYPHENMIN 2\nRIGHTHYPHENMIN 3\n'; \
	       echo "% hyph-cy.pat.txt from texlive-lang-european $(TEXLIVE_EUROPEAN) (hyph-utf8, MIT or LPPL)"; \
	       cat "$$tmp/hyph-cy.pat.txt"; } > $@.part \
	  && mv $@.part $@

## assets: fetch the NHS.UK frontend's compiled CSS, JS and icons, Swagger UI for /docs, and
## the Welsh hyphenation patterns for the PDF
assets: $(ASSETS)

## messages: extract the interface's words into messages.pot and update every language's .po
## (new messages untranslated, removed ones dropped); translate the empty msgstr in the .po
messages: $(STAMP)
	$(BIN)/pybabel --quiet extract --mapping-file babel.cfg --no-default-keywords $(BABEL_KEYWORDS) \
	  --no-wrap --sort-output --add-location file --project formadvisor --output-file $(POT) src
	$(BIN)/pybabel --quiet update --input-file $(POT) --output-dir $(LOCALE) --domain messages \
	  --no-wrap --no-fuzzy-matching --ignore-obsolete
	@# No dates in the headers: a run that changes no message changes no file (fewer conflicts).
	sed -i -E '/^"(POT-Creation|PO-Revision)-Date: /d' $(POT) $(LOCALE)/*/LC_MESSAGES/messages.po

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --statistics --domain messages --input-file $< --output-file $@

## run: set up, check the rules, and serve the web form on http://127.0.0.1:8000/
run: $(STAMP) $(ASSETS) $(MO)
	$(BIN)/formadvisor rules check
	$(BIN)/formadvisor serve

## test: set up and run every test
test: $(STAMP) $(ASSETS) $(MO)
	$(BIN)/python -m pytest

## test-postgres: the saved-assessment tests on a throwaway PostgreSQL server (Debian postgresql)
test-postgres: $(STAMP)
	scripts/with-postgres.sh $(BIN)/python -m pytest tests/store/test_postgres.py -q

## lint: ruff over the code and tests, the import contracts and mypy over src (pyproject.toml)
lint: $(STAMP)
	$(BIN)/ruff check src tests bench soak scripts
	$(BIN)/ruff format --check src tests bench soak scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

## bench: durable_rules (memo cold, warm and off) beside its session floor, the plain reading
## and zen-engine (real and synthetic rules) on unseen answer sets, the same what-if on each
## (CPU times; BENCH_SCALE=0.5 halves the answer sets), compile time, RSS over 20,000 evaluations;
## the ranked what-if, compare and reach beside a recommendation with what-if (bench/explore.py);
## the answer-space search (100,000 answer sets on 2 processes); then HTTP load on a real server
## (1/10/50 clients, 1/2 workers, distinct bodies, no scenarios). Prints tables, each target MET
## or NOT MET, and writes bench/results.json.
BENCH_SCALE ?= 1
bench: $(STAMP)
	$(BIN)/python bench/engine.py --scale $(BENCH_SCALE) --memory 20000
	$(BIN)/python bench/explore.py --scale $(BENCH_SCALE)
	$(BIN)/python bench/search.py
	$(BIN)/python bench/load.py

## bench-memory: the engine's RSS growth over 100,000 evaluations (a few minutes)
bench-memory: $(STAMP)
	$(BIN)/python bench/engine.py --memory-only --memory 100000

## soak: the long checks in soak/ (isolation, API fuzzing, bad rules, …), one after another,
## loopback only and bounded in count and time; fails if any fails
soak: $(STAMP) $(ASSETS) $(MO)
	@set -e; for script in soak/*.py; do echo "== $$script"; $(BIN)/python $$script; done

## coverage: run the scenarios in features/; each rule with the scenarios that fire it
coverage: $(STAMP)
	$(BIN)/formadvisor rules coverage

## reference: regenerate docs/rules-reference.md from rules/ and features/
reference: $(STAMP)
	$(BIN)/formadvisor rules reference

clean:
	rm -f $(MO)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis src/formadvisor/web/static/nhsuk src/formadvisor/web/static/swagger-ui \
	  src/formadvisor/web/dictionaries
