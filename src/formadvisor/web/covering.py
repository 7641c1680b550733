"""Which scenarios in features/ fire each rule, worked out in the background per ruleset.

Running the scenarios is a child pytest (`coverage.run_features`, tens of seconds), so it never
runs in a request: the server asks for it after it starts and after each reload, and the rules
pages show what is ready (or say it is being worked out). Results are kept by content hash.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from formadvisor.authoring.coverage import Coverage, coverage_of, default_features, run_features
from formadvisor.rules.checks import load_policy
from formadvisor.rules.layout import ignore_droppings
from formadvisor.rules.loading import RulesInvalid
from formadvisor.rules.policy import Policy

log = logging.getLogger("formadvisor.scenarios")
KEEP = 4  # rulesets whose coverage is kept (the served one and a few before it)

State = Literal["ready", "working", "failed", "off"]


@dataclass(frozen=True)
class Covered:
    state: State
    coverage: Coverage | None = None
    message: str | None = None  # why it failed


def _scenarios(folder: Path, features: Path, version: str) -> Coverage | None:
    """Run the scenarios against a private copy of `folder`, if it still holds `version`."""
    with tempfile.TemporaryDirectory(prefix="formadvisor-scenarios-") as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(folder, copy, ignore=ignore_droppings)
        try:
            policy = load_policy(copy)
        except RulesInvalid:
            return None
        if policy.version != version:  # edited again since: the next reload asks again
            return None
        run = run_features(copy, features)
        return coverage_of(policy, run.scenarios)


class CoveringScenarios:
    """Coverage per ruleset version; `request` starts a background run when none is known."""

    def __init__(
        self,
        folder: Path,
        enabled: bool = True,
        features: Path | None = None,
        runner: Callable[[Path, Path, str], Coverage | None] = _scenarios,
    ):
        self.folder, self.enabled, self._runner = folder, enabled, runner
        self.features = features or default_features()
        self._lock = threading.Lock()
        self._known: dict[str, Covered] = {}

    def of(self, version: str) -> Covered:
        if not self.enabled and version not in self._known:
            return Covered("off")
        with self._lock:
            return self._known.get(version, Covered("working"))

    def put(self, version: str, coverage: Coverage) -> None:
        """Record a coverage (the background run does; tests inject one)."""
        with self._lock:
            self._known[version] = Covered("ready", coverage)
            while len(self._known) > KEEP:
                self._known.pop(next(iter(self._known)))

    def request(self, policy: Policy) -> threading.Thread | None:
        """Start working out `policy`'s coverage in a thread, unless known, running or off."""
        if not self.enabled:
            return None
        with self._lock:
            if policy.version in self._known:
                return None
            self._known[policy.version] = Covered("working")
        thread = threading.Thread(
            target=self._run, args=(policy.version,), name="formadvisor-scenarios", daemon=True
        )
        thread.start()
        return thread

    def _run(self, version: str) -> None:
        try:
            coverage = self._runner(self.folder, self.features, version)
        except Exception as e:  # the pages say so; the server goes on
            log.warning("could not work out the scenarios for the rules %s: %s", version, e)
            with self._lock:
                self._known[version] = Covered("failed", message=str(e)[-500:])
            return
        if coverage is None:
            with self._lock:
                self._known.pop(version, None)
            return
        log.info("worked out which scenarios fire each rule of %s", version)
        self.put(version, coverage)
