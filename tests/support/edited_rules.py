"""A copy of the repository's rules with one rule added, for tests of re-running old results."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.data import RULES

EXTRA_RULE = "test.rule_out_the_winner"
EXTRA_CONSIDERATION = "A consideration only the edited rules make."


def edited_rules(target: Path, exclude: list[str], source: str) -> Path:
    """`rules/` copied to `target`, plus a rule that, for every group, excludes `exclude`
    and adds a consideration (citing `source`, which must exist)."""
    shutil.copytree(RULES, target)
    (target / "policy" / "zz_edited.yaml").write_text(
        f"""topic: governance
rules:
  - id: {EXTRA_RULE}
    when:
      member_practices: {{">=": 1}}
    then:
      - exclude: [{", ".join(exclude)}]
      - consider:
          text: {EXTRA_CONSIDERATION}
    because: The edited rules rule out the old winner.
    sources: [{source}]
"""
    )
    return target
