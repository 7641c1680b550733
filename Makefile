# The real commands people and CI use. `make run` and `make test` set everything up themselves.
# The first interpreter that really runs and is 3.11 or 3.12 (a pyenv shim may exist and fail).
PYTHON ?= $(shell for p in python3.11 python3.12 python3; do \
  $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' 2>/dev/null \
  && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench check examples clean coverage reference

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or 3.12 is needed (durable_rules does not run on 3.13)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

## run: set up, check the rules, and run every example (the web form arrives with issue 4)
run: $(STAMP)
	$(BIN)/formadvisor rules check
	@for f in examples/*.yaml; do echo "\n=== $$f"; $(BIN)/formadvisor recommend $$f || exit 1; done

## test: set up and run every test
test: $(STAMP)
	$(BIN)/python -m pytest

## lint: ruff over the code and tests
lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

## bench: engine benchmark (evaluations per second, durable vs the plain reading)
bench: $(STAMP)
	$(BIN)/python bench/engine.py

## coverage: run the scenarios in features/; each rule with the scenarios that fire it
coverage: $(STAMP)
	$(BIN)/formadvisor rules coverage

## reference: regenerate docs/rules-reference.md from rules/ and features/
reference: $(STAMP)
	$(BIN)/formadvisor rules reference

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
