"""Paths and answer documents the tests share."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
RULES = ROOT / "rules"
EXAMPLES = ROOT / "examples"
CONTRACT_KEYS = {
    "ruleset",
    "organisational_form",
    "services",
    "considerations",
    "fired_rules",
    "what_if",
}

WALES_PHARMACY = {
    "nation": "wales",
    "member_practices": 3,
    "purposes": ["back_office"],
    "profit_intent": "reinvest",
    "services": [
        {
            "name": "Pharmacy",
            "kind": "pharmacy_support",
            "commissioner": "health_board",
            "employs_staff_directly": True,
            "staff_need_nhs_pension": True,
        }
    ],
}


FIXTURE_FEATURES = ROOT / "tests" / "fixtures" / "features"

GROUP_EXAMPLE = EXAMPLES / "groups" / "welsh_cluster.yaml"  # a group file: facts and 3 practices

# A group of three practices sharing payroll (no new body needed) and split on joining a nurse
# team the new body would employ: whether it runs decides whether a collaboration agreement is
# enough, so that split on joining changes the recommendation.
PAYROLL_AND_NURSES = (
    {
        "name": "Shared payroll and HR",
        "kind": "back_office",
        "commissioner": "member_practices",
        "employs_staff_directly": False,
        "staff_need_nhs_pension": False,
        "non_gp_clinicians": False,
    },
    {
        "name": "Shared nurse team",
        "kind": "community",
        "commissioner": "icb",
        "employs_staff_directly": True,
        "staff_need_nhs_pension": False,
        "non_gp_clinicians": True,
    },
)
NURSE_TEAM_GROUP = {
    "nation": "england",
    "registered_population": 18000,
    "purposes": ["back_office"],
    "core_contracts_stay_with_practices": True,
    "open_market_bidding": False,
    "services": list(PAYROLL_AND_NURSES),
}


def nurse_team_answers(joined_by: int) -> list[dict]:
    """Three practices' answers: all join payroll, the first `joined_by` the nurse team too."""
    names = [s["name"] for s in PAYROLL_AND_NURSES]
    return [
        {
            "profit_intent": "reinvest",
            "asset_lock_wanted": False,
            "services_joined": names[: 2 if i < joined_by else 1],
        }
        for i in range(3)
    ]
