"""No group is shown another nation's source, and no source is the domain brief.

Every scenario checks its own recommendations (`ScenarioState.recommend`); here the examples,
each also moved to every other nation, and the check itself on a result that breaks it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from formadvisor.authoring.citations import citation_problems
from formadvisor.rules.yamlfile import read_yaml
from tests.support.data import EXAMPLES

DAY = dt.date(2026, 11, 23)
NATIONS = ("england", "wales", "scotland", "northern_ireland")


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_an_example_shows_only_its_own_nations_public_sources(advisor, example, nation):
    answers = read_yaml(EXAMPLES / example).data
    answers["nation"] = nation
    if nation != "england":
        answers.pop("pcn_staff_for_practices", None)  # asked only in England
    result = advisor.recommend(answers, as_of=DAY)
    cited = [s for r in result.fired_rules for s in r.sources]
    assert cited, "the example cites nothing, so the check would prove nothing"
    assert citation_problems(advisor.policy, nation, result) == []


def test_no_source_title_mentions_the_domain_brief(policy):
    assert [s.id for s in policy.sources.sources if "domain brief" in s.title.lower()] == []


def test_legislation_is_linked_on_legislation_gov_uk_itself(policy):
    laws = [
        s.url for s in policy.sources.sources if s.url and "legislation." in s.url.split("/")[2]
    ]
    assert laws
    assert [u for u in laws if not u.startswith("https://www.legislation.gov.uk/")] == []


def test_no_source_links_the_welsh_language_view_of_legislation(policy):
    welsh = [
        s.id for s in policy.sources.sources if s.url and ("/cy/" in s.url or "/welsh" in s.url)
    ]
    assert welsh == []


def test_the_check_finds_a_welsh_source_shown_in_england_and_the_domain_brief(policy):
    welsh = next(s for s in policy.sources.sources if s.nations == ("wales",))
    result = {
        "fired_rules": [{"sources": [welsh.citation()]}],
        "considerations": [{"sources": ["X.1: A fact — domain brief"]}],
    }
    assert citation_problems(policy, "england", result) == [
        f"{welsh.id} is a source for wales only",
        "X.1 cites the domain brief, which users cannot read",
    ]
    assert citation_problems(policy, "wales", result) == [
        "X.1 cites the domain brief, which users cannot read"
    ]


def test_a_group_sees_its_own_nations_gms_instrument(advisor):
    """A rule citing each nation's GMS regulations shows a group only its own."""
    shown = {}
    for nation in NATIONS:
        result = advisor.recommend(
            {
                "nation": nation,
                "member_practices": 4,
                "profit_intent": "reinvest",
                "purposes": ["back_office"],
                "all_practices_committed": False,
            },
            as_of=DAY,
        )
        (reason,) = [
            r for r in result.fired_rules if r.rule == "legal_form.not_all_practices_committed"
        ]
        shown[nation] = [s.split(":")[0] for s in reason.sources]
    assert shown == {
        "england": ["N9.1"],
        "wales": ["P3.11"],
        "scotland": ["N9.3"],
        "northern_ireland": ["N9.4"],
    }


def test_the_asset_lock_fact_cites_its_own_source_not_a_gms_regulation(policy):
    """P3.7 backs "a company has no statutory asset lock"; who may hold GMS is N9.1-N9.4."""
    p37 = policy.source("P3.7")
    assert "asset lock" in p37.title
    assert "GMS" not in p37.title
    assert p37.url
    assert "legislation.gov.uk" not in p37.url
    holders = [policy.source(f"N9.{n}") for n in range(1, 5)]
    assert [s.nations for s in holders] == [
        ("england",),
        ("wales",),
        ("scotland",),
        ("northern_ireland",),
    ]
    assert all(s.url and s.url.startswith("https://www.legislation.gov.uk/") for s in holders)


def test_another_nations_unconfirmed_fact_never_makes_a_lead_rest_on_it(policy):
    """P1.13 (Wales only) is unsourced: a reason citing it with P4.3 rests on an unsourced fact
    in Wales, where it is shown, and not in England, where it is not."""
    from formadvisor.advice.reasons import Reasons
    from formadvisor.advice.results import Reason

    reasons = Reasons(policy)
    assert policy.source("P1.13").unsourced
    for nation, rests in (("england", False), ("wales", True)):
        cites = reasons.citations(["P4.3", "P1.13"], nation)
        reason = Reason(rule="routes.standard_contract_is_english", because="-", sources=cites)
        assert reasons.unsourced(reason) is rests, nation
