"""The policy scenarios in `make test`: the step library's plugin, loaded for this folder.

The plugin ships in the package (`formadvisor.authoring.scenarios.plugin`), where `rules
coverage` and the web rules pages load it into a child pytest; here the same hooks, fixtures
and step definitions serve `tests/features/test_features.py`.
"""

from formadvisor.authoring.scenarios.plugin import *  # noqa: F403  (hooks, fixtures and steps)
