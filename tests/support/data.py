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
