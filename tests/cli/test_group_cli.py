"""`formadvisor group FILE`: the group's view from one file, splits that matter first; a bad
file exits 2 naming where (`--json` is the API's GET body: tests/web/test_api_groups.py)."""

from __future__ import annotations

import yaml
from typer.testing import CliRunner

from formadvisor.cli.main import app
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import GROUP_EXAMPLE, NURSE_TEAM_GROUP, nurse_team_answers

runner = CliRunner()
AS_OF = "2026-12-06"


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_the_group_view_shows_the_splits_that_matter_first():
    result = run("group", GROUP_EXAMPLE, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert text.startswith("South Powys cluster 3 of 3 practices have answered.")
    matter = text.index("Splits that change the recommendation")
    other = text.index("Splits that do not change the recommendation")
    assert text.index("The recommendation for the group") < matter < other
    assert "Surplus" in text[matter:other]
    assert "Members' financial risk" in text[other:]
    assert "If the group answered “It may be paid out to the members” (Talgarth Surgery)" in text
    assert "Not committed to joining: Talgarth Surgery." in text
    assert "How the answers are combined" in text
    services = text[text.index("Which services would run") :]
    assert (
        "Cluster wellbeing clinics runs: 2 of 3 practices would join it."
        " This split does not change the recommendation."
        " If Cluster wellbeing clinics did not run (Talgarth Surgery would not join it):"
        " The recommendation would stay the same."
    ) in services
    assert (
        "If Welfare advice for shielding patients ran (Brecon Medical Group would join it),"
        " under Grant agreement: The recommendation would stay the same."
    ) in services
    assert "Joining" not in text[matter:other]  # no split on joining changes it here


def test_a_split_on_joining_that_matters_is_among_the_splits_that_matter(tmp_path):
    names = ["Elm", "Fir", "Gorse"]
    file = tmp_path / "nurses.yaml"
    practices = [
        {"name": n, "answers": a} for n, a in zip(names, nurse_team_answers(1), strict=True)
    ]
    file.write_text(yaml.safe_dump({"shared": NURSE_TEAM_GROUP, "practices": practices}))
    result = run("group", file, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    matter = text[
        text.index("Splits that change the recommendation") : text.index("Where the practices")
    ]
    assert matter.startswith(
        "Splits that change the recommendation Joining Shared nurse team"
        " Shared nurse team does not run: only 1 of 3 practices would join it."
        " This split changes the recommendation."
        " If Shared nurse team ran (Elm would join it), under "
    )
    assert "The form would be" in matter


def test_a_bad_group_file_exits_2_naming_where(tmp_path):
    example = read_yaml(GROUP_EXAMPLE).data
    example["shared"]["profit_intent"] = "reinvest"
    example["practices"][1]["answers"]["nation"] = "england"
    example["practices"][2]["answers"]["services_joined"] = ["Nope"]
    bad = tmp_path / "group.yaml"
    bad.write_text(yaml.safe_dump(example))
    result = run("group", bad)
    assert result.exit_code == 2
    assert "shared.profit_intent: a question of opinion" in result.output
    example["shared"].pop("profit_intent")
    bad.write_text(yaml.safe_dump(example))
    result = run("group", bad)
    assert result.exit_code == 2
    assert "practices[1].answers.nation: not a question for a practice" in result.output
    assert "practices[2].answers.services_joined[0]: no service is called 'Nope'" in result.output
    assert "Traceback" not in result.output
    assert run("group", tmp_path / "missing.yaml").exit_code == 2
