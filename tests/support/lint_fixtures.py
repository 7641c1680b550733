"""One rules folder per lint defect: a copy of `tests/fixtures/lint/clean` with one edit.

`make(defect, where)` writes the folder and returns it. Each edit is a replacement of exact
text in one file (it must be there) or text appended to a file, so a fixture reads as a diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "lint" / "clean"
CORE = "policy/core.yaml"
PLAN = "action_plan.yaml"

# defect → (file, old text or None to append, new text)
DEFECTS: dict[str, tuple[str, str | None, str]] = {
    "unknown_question": (CORE, "when: {nation: england}", "when: {nationality: england}"),
    "unknown_option": (CORE, "option: llp,", "option: llpp,"),
    "unknown_fact": (CORE, "when: {charitable_purposes_only: true}", "when: {fact.charity: true}"),
    "disallowed_value": (CORE, "when: {nation: northern_ireland}", "when: {nation: ulster}"),
    "duplicate_id": (CORE, "id: forms.high_risk", "id: forms.low_risk"),
    "contradictory": (
        CORE,
        None,
        """  - id: forms.wales_and_england
    when: {all: [{nation: wales}, {nation: england}]}
    then: [{favour: llp}]
    because: Never.
    sources: [P3.2]
""",
    ),
    "never_asked": (
        CORE,
        None,
        """  - id: forms.welsh_pcn_staff
    when: {nation: wales, pcn_staff_for_practices: true}
    then: [{favour: llp}]
    because: PCN staff are an English arrangement.
    sources: [P3.2]
""",
    ),
    "shadowed": (
        CORE,
        None,
        """  - id: forms.no_llp_when_accountable
    when: {public_accountability: high}
    then: [{exclude: llp}]
    because: An LLP is not accountable enough.
    sources: [P3.2]
  - id: forms.welsh_llp
    when: {public_accountability: high, nation: wales}
    then: [{favour: llp}]
    because: Welsh groups like LLPs.
    sources: [P3.2]
""",
    ),
    "unrecommendable": (CORE, "option: llp, weight: strong", "option: cooperative_society"),
    "never_recommended": (
        CORE,
        "option: charitable_incorporated_organisation, weight: 4",
        "option: charitable_incorporated_organisation, weight: 1",
    ),
    "source_without_url": (
        "sources.yaml",
        "    url: https://www.gov.uk/government/publications/cic-incorporation-forms\n",
        "",
    ),
    "uncited_source": (
        "sources.yaml",
        None,
        """  - id: P9.9
    title: Nothing cites this
    url: https://example.org/
""",
    ),
    "all_forms_excluded": (
        CORE,
        None,
        """  - id: forms.scottish_high_risk
    when: {nation: scotland, risk_appetite: high}
    then:
      - exclude: [no_new_entity, practice_merger, company_limited_by_guarantee]
      - exclude: [company_limited_by_shares, cic_limited_by_guarantee, cic_limited_by_shares]
      - exclude: [cooperative_society, community_benefit_society, llp]
      - exclude: [charitable_incorporated_organisation, foundation_trust_hosted]
    because: Nothing fits.
    sources: [P3.2]
""",
    ),
    "no_route": (
        CORE,
        None,
        """  - id: routes.welsh_urgent_care
    when: {nation: wales, service.kind: urgent_care}
    then:
      - exclude: [sla, subcontract, gms_pms_variation, apms, nhs_standard_contract]
      - exclude: grant_agreement
    because: "{service.name} has no route."
    sources: [P1.7]
""",
    ),
    # the action plan's steps (action_plan.yaml)
    "plan_unknown_source": (PLAN, "    sources: [P1.7]\n", "    sources: [P1.9]\n"),
    "plan_missing_sources": (PLAN, "    sources: [P3.2]\n", ""),
    "plan_unknown_after": (PLAN, "after: [step.agree]", "after: [step.agreed]"),
    "plan_cycle": (PLAN, "after: [step.agree]", "after: [step.pension]"),
    "plan_unknown_answer": (PLAN, "when: {form: cic", "when: {forms: cic"),
    "plan_placeholder": (PLAN, "step: Agree how the practices", "step: Agree {services} how"),
    "plan_never_holds": (
        PLAN,
        "when: {service.route: apms, nation:",
        "when: {service.route: apms, all: [{service.route: sla}], nation:",
    ),
    "plan_time_not_unsourced": (
        PLAN,
        "time: {weeks: [0, 3], source: P3.2}",
        "time: {source: P3.2}",
    ),
    "plan_out_of_force": (
        PLAN,
        "    time: {source: P4.6}\n",
        "    time: {source: P4.6}\n    effective: {until: 2020-01-01}\n",
    ),
}


def make(defect: str, where: Path) -> Path:
    """The clean folder with the defect's one edit, at `where/rules`."""
    target = where / "rules"
    shutil.copytree(CLEAN, target)
    name, old, new = DEFECTS[defect]
    path = target / name
    text = path.read_text()
    if old is None:
        text += new
    else:
        assert text.count(old) == 1, f"{defect}: '{old}' must occur once in {name}"
        text = text.replace(old, new)
    path.write_text(text)
    return target
