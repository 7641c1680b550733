"""The Welsh cluster the browser tests play: questions by their words, answers by their labels.

`GROUP_ANSWERS` and `SERVICE_ANSWERS` are the same answers as ids, to ask the advisor directly.
"""

from __future__ import annotations

NATION = "Which nation are your practices in?"
PRACTICES = "How many GP practices are in the group?"
PURPOSES = "What is the group for?"
SURPLUS = "What should happen to any surplus?"
RISK = "How much financial risk will the members take on?"
NOT_KNOWN = "I do not know"  # leaves the question to its default (medium risk)
GROUP = {
    NATION: "Wales",
    PRACTICES: "6",
    PURPOSES: ["Deliver services to patients", "Share back-office functions"],
    SURPLUS: "It stays in the organisation or goes to the community",
    RISK: NOT_KNOWN,
}
GROUP_ANSWERS = {
    "nation": "wales",
    "member_practices": 7,  # changed from 6 on check answers
    "purposes": ["deliver_services", "back_office"],
    "profit_intent": "reinvest",
}

NAME = "What is the service called?"
KIND = "What kind of service is it?"
COMMISSIONER = "Who commissions or pays for it?"
EMPLOYS = "Will the new organisation employ the staff who deliver it?"
PENSION = "Must the staff who deliver it be offered NHS Pension Scheme membership?"
CLINICIANS = "Will clinicians other than GPs deliver it?"
# Its own page after "Yes" to EMPLOYS: asked only when the service employs staff.
TUPE = (
    "Will staff transfer into the new organisation from practices or NHS bodies (a TUPE transfer)?"
)
PHARMACISTS = {
    NAME: "Pharmacists",
    EMPLOYS: "Yes",
    KIND: "Pharmacy support",
    COMMISSIONER: "A health board",
    PENSION: "Yes",
    CLINICIANS: "Yes",
    TUPE: "No",
}
BACK_OFFICE = {
    NAME: "Back office",
    EMPLOYS: "No",
    KIND: "Back office",
    COMMISSIONER: "The member practices",
}
TEMPORARY = {
    NAME: "Travel clinic",
    EMPLOYS: "No",
    KIND: "Something else",
    COMMISSIONER: "A grant funder",
}
SERVICE_ANSWERS = [
    {
        "name": "Pharmacists",
        "kind": "pharmacy_support",
        "commissioner": "health_board",
        "employs_staff_directly": True,
        "staff_need_nhs_pension": True,
        "non_gp_clinicians": True,
    },
    {"name": "Back office", "kind": "back_office", "commissioner": "member_practices"},
]


def at_defaults(questions) -> dict:
    """Every other question answered as its default, by label (the journey preselects nothing)."""
    answers = {}
    for q in questions:
        if q.default is None:
            continue  # an optional number or text: left blank
        if q.type == "boolean":
            answers[q.text] = "Yes" if q.default else "No"
        elif q.type == "choice":
            answers[q.text] = next(c.label for c in q.choices if c.value == q.default)
        elif q.type == "choices":
            answers[q.text] = [c.label for c in q.choices if c.value in q.default]
    return answers
