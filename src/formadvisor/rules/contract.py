"""The stable contract's identifiers (shared/contract.md), and the names the engine adds.

Every rules folder has these; they are never renamed.
"""

CONTRACT_QUESTIONS = (
    "nation",
    "member_practices",
    "registered_population",
    "purposes",
    "core_contracts_stay_with_practices",
    "profit_intent",
    "asset_lock_wanted",
    "member_control",
    "capital_sources",
    "charitable_purposes_only",
    "nhs_trust_partner_willing",
    "public_accountability",
    "risk_appetite",
    "setup_budget_gbp",
    "months_to_start",
    "all_practices_committed",
    "open_market_bidding",
)
CONTRACT_SERVICE_QUESTIONS = (
    "name",
    "kind",
    "commissioner",
    "employs_staff_directly",
    "staff_need_nhs_pension",
    "non_gp_clinicians",
)
CONTRACT_FORMS = (
    "no_new_entity",
    "company_limited_by_guarantee",
    "company_limited_by_shares",
    "cic_limited_by_guarantee",
    "cic_limited_by_shares",
    "cooperative_society",
    "community_benefit_society",
    "llp",
    "charitable_incorporated_organisation",
    "foundation_trust_hosted",
    "practice_merger",
)
CONTRACT_ROUTES = (
    "apms",
    "sla",
    "nhs_standard_contract",
    "subcontract",
    "grant_agreement",
    "gms_pms_variation",
)
CONTRACT_TOPICS = (
    "pension",
    "indemnity",
    "tax",
    "vat",
    "governance",
    "regulation",
    "capital",
    "setup",
    "accountability",
    "employment",
)
SERVICE_COUNT = "service_count"
AS_OF = "__as_of__"  # the evaluation date as a day number; effective dates test it
