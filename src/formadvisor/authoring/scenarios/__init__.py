"""The policy scenarios runner: pytest-bdd over `features/`, with the step library.

Running the scenarios is product code (`rules coverage`, `explain`, `reference`, `diff` and the
web rules pages all do it), so the step library ships in the package and pytest and pytest-bdd
are run-time dependencies, as openfisca-core ships its test runner. `plugin` is the pytest
plugin (the step definitions, fixtures and the records of what each scenario fired); `suite` is
the module pytest collects, binding the scenarios of the configured features. `make test` runs
the same suite through `tests/features/`.
"""
