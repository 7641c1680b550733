"""The README's promises hold: its commands exist, its links resolve, its examples run."""

from __future__ import annotations

import re

from formadvisor.authoring.coverage import run_features
from tests.support.data import ROOT

README = (ROOT / "README.md").read_text()


def test_readme_opens_with_who_it_is_for_and_the_two_commands():
    head = README[:1500]
    assert "For groups of UK GP practices" in head
    assert "make run" in README[:2000]
    assert "make test" in README[:2000]


def test_every_make_target_in_the_readme_exists():
    makefile = (ROOT / "Makefile").read_text()
    for target in set(re.findall(r"`make (\w+)`|make (\w+)\s+#", README)):
        name = target[0] or target[1]
        assert re.search(rf"^{name}:", makefile, re.M), name


def test_every_linked_file_exists():
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (ROOT / link).exists(), link


def test_every_module_named_in_the_readme_exists():
    for module in re.findall(r"^  (\w+\.py) ", README, re.M):
        assert (ROOT / "src" / "formadvisor" / module).exists(), module


def test_the_readme_example_scenario_passes_on_the_rules(tmp_path):
    (gherkin,) = re.findall(r"```gherkin\n(.*?)```", README, re.S)
    (tmp_path / "example.feature").write_text(gherkin)
    run = run_features(ROOT / "rules", tmp_path)
    assert [r.outcome for r in run.scenarios] == ["passed"], run.output
