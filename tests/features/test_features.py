"""Every scenario under `features/` (or `$FORMADVISOR_FEATURES`), then the coverage check.

The packaged suite binds the scenarios; importing its tests here lets `make test` (and
`pytest tests/features -k ...`) run them, each failure reported as the scenario, the step and
what differed.
"""

from formadvisor.authoring.scenarios.suite import *  # noqa: F403  (the scenarios' tests)
