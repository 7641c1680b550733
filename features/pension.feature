Feature: NHS Pension Scheme access for the staff the organisation employs
  A GP practice is an NHS Pension Scheme employing authority through its own GMS, PMS or APMS
  contract. A new organisation is not: in England and Wales it needs a qualifying contract (APMS,
  an NHS Standard Contract or a qualifying council public-health contract), and an SLA or a grant
  never qualifies. Classic APMS, which lets GP owners keep practitioner status, is open only to a
  company limited by shares owned wholly by the "NHS family"; everyone else uses the independent
  provider route, closed to newcomers unless open access is applied for. Scotland and Northern
  Ireland have their own schemes. These scenarios encode rules/policy/pension.yaml (facts.md
  section 1, rule candidates A1-A10).

  Scenario Outline: An SLA or a grant cannot give the organisation's own staff NHS Pension Scheme access
    Given a group of 6 practices in <nation>
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Pharmacists | pharmacy_support | icb          | yes                    | yes                    | yes               |
    And the service "Pharmacists" has "commissioner" "<commissioner>"
    When the policy is applied
    Then the route "sla" for "Pharmacists" is excluded by rule "pension.sla_or_grant_gives_no_pension"
    And the route "grant_agreement" for "Pharmacists" is excluded by rule "pension.sla_or_grant_gives_no_pension"
    And there is a "pension" consideration from rule "pension.sla_or_grant_gives_no_pension"
    And the advice asks to seek advice from "NHS Pensions"
    And the route for "Pharmacists" is "<route>"

    Examples:
      | nation  | commissioner | route                 |
      | England | icb          | nhs_standard_contract |
      | Wales   | health_board | apms                  |

  Scenario Outline: Scotland and Northern Ireland have their own schemes, so the English and Welsh exclusion does not apply
    Given a group of 6 practices in <nation>
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Pharmacists | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied
    Then the route "sla" for "Pharmacists" is not excluded
    And rule "pension.sla_or_grant_gives_no_pension" does not fire
    And there is a "pension" consideration from rule "<rule>"
    And the advice asks to seek advice from "<who>"

    Examples:
      | nation           | rule                                | who                             |
      | Scotland         | pension.scotland_scheme             | Scottish Public Pensions Agency |
      | Northern Ireland | pension.northern_ireland_hsc_scheme | HSC Pension Scheme              |

  Scenario: In Wales, pensioned staff employed by the cluster body need an APMS contract with the health board
    Given a group of 4 practices in Wales
    And the services:
      | name                     | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Cluster pharmacy support | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied
    Then the route for "Cluster pharmacy support" is "apms"
    And rule "pension.wales_apms_for_employed_staff" counts for the route "apms" for "Cluster pharmacy support"
    And the reasons cite source "P1.13"
    And the advice asks to seek advice from "your health board"
    And answering "employs_staff_directly" with "no" would make the route for "Cluster pharmacy support" "sla"

  Scenario: In England an ICB contract gives independent provider access if staff spend over half their time on it
    Given a group of 20 practices in England
    And the services:
      | name                  | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Community MSK service | community | icb          | yes                    | yes                    | yes               |
    When the policy is applied
    Then rule "pension.england_independent_provider_route" counts for the route "nhs_standard_contract" for "Community MSK service"
    And rule "pension.england_independent_provider_route" counts for the route "apms" for "Community MSK service"
    And there is a "pension" consideration mentioning "more than half their time"
    And there is a "pension" consideration mentioning "GPs cannot pension it as practitioners"

  Scenario Outline: An LLP cannot use classic APMS, so it is marked down when the body employs pensioned staff under APMS
    Given a group of 6 practices in <nation>
    And the services:
      | name     | kind   | commissioner   | employs_staff_directly | staff_need_nhs_pension |
      | Service  | <kind> | <commissioner> | yes                    | yes                    |
    When the policy is applied
    Then rule "pension.classic_apms_needs_nhs_family_owners" counts against the form "llp"
    And rule "pension.classic_apms_needs_nhs_family_owners" counts for the form "company_limited_by_shares"

    Examples:
      | nation  | kind             | commissioner |
      | England | primary_medical  | icb          |
      | Wales   | pharmacy_support | health_board |

  Scenario Outline: Classic APMS is not raised where nobody is employed by a new body, or the route is not APMS
    Given a group of 6 practices in England
    And the services:
      | name    | kind   | commissioner   | employs_staff_directly | staff_need_nhs_pension |
      | Service | <kind> | <commissioner> | <employs>              | yes                    |
    When the policy is applied
    Then rule "pension.classic_apms_needs_nhs_family_owners" does not fire

    Examples:
      | kind             | commissioner    | employs |
      | pharmacy_support | icb             | no      |
      | community        | icb             | yes     |
      | other            | local_authority | yes     |

  Scenario Outline: GP owners keep practitioner pension only through an NHS-family company holding classic APMS
    Given a group of 6 practices in <nation>
    And the answers:
      | question                            | answer |
      | gp_owners_want_practitioner_pension | yes    |
      | owners_all_nhs_family               | yes    |
    When the policy is applied
    Then there is a "pension" consideration from rule "pension.practitioner_status_needs_classic_apms"
    And rule "eligibility.practitioner_pension_needs_share_company" counts for the form "company_limited_by_shares"
    And rule "eligibility.practitioner_pension_needs_share_company" counts for the form "cic_limited_by_shares"
    And rule "eligibility.practitioner_pension_needs_share_company" counts against the form "company_limited_by_guarantee"
    And rule "eligibility.practitioner_pension_needs_share_company" counts against the form "llp"
    And rule "pension.practitioner_status_unavailable" does not fire

    Examples:
      | nation  |
      | England |
      | Wales   |

  Scenario: With an owner outside the NHS family only employees can pension the income
    Given a group of 6 practices in England
    And the answers:
      | question                            | answer |
      | gp_owners_want_practitioner_pension | yes    |
      | owners_all_nhs_family               | no     |
    And the services:
      | name          | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Community MSK | community | icb          | yes                    | yes                    |
    When the policy is applied
    Then there is a "pension" consideration from rule "pension.practitioner_status_unavailable"
    And there is a "pension" consideration from rule "pension.non_nhs_family_owners_ip_only"
    And there is no "pension" consideration from rule "pension.practitioner_status_needs_classic_apms"
    And there is a "pension" consideration mentioning "NHS standard sub-contract"
    And rule "pension.classic_apms_needs_nhs_family_owners" does not fire

  Scenario: Practitioner pension is not at stake in Scotland or Northern Ireland's separate schemes
    Given a group of 6 practices in Scotland
    And the answer "gp_owners_want_practitioner_pension" is "yes"
    When the policy is applied
    Then rule "pension.practitioner_status_needs_classic_apms" does not fire
    And rule "pension.practitioner_status_unavailable" does not fire

  Scenario: Staff who stay with the practices keep the scheme with no new pension administration
    Given a group of 5 practices in England
    And the services:
      | name           | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Shared nursing | community | icb          | no                     | yes                    |
    When the policy is applied
    Then rule "pension.practices_stay_employers" counts for the form "no_new_entity"
    And rule "pension.sla_or_grant_gives_no_pension" does not fire

  Scenario Outline: The employer contribution is budgeted at the rate in force, which changes in April 2027
    Given a group of 6 practices in <nation>
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Pharmacists | pharmacy_support | icb          | yes                    | yes                    |
    And the service "Pharmacists" has "commissioner" "<commissioner>"
    When the policy is applied as of "2026-11-23"
    Then there is a "pension" consideration from rule "pension.employer_cost"
    And there is a "pension" consideration mentioning "14.38%"
    And the reasons cite source "P1.1"
    And the advice asks to seek advice from "NHS Pensions"
    And rule "pension.employer_rate_from_2027" does not fire

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario Outline: From April 2027 formadvisor holds no employer rate and sends you to NHS Pensions
    Given a group of 6 practices in <nation>
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Pharmacists | pharmacy_support | icb          | yes                    | yes                    |
    And the service "Pharmacists" has "commissioner" "<commissioner>"
    When the policy is applied as of "2027-04-01"
    Then there is a "pension" consideration from rule "pension.employer_rate_from_2027"
    And rule "pension.employer_cost" does not fire
    And the advice asks to seek advice from "the employer contribution rate from 1 April 2027"

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario: Scotland's 22.5% employer rate gives way to the 2027/28 rate
    Given a group of 6 practices in Scotland
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Pharmacists | pharmacy_support | health_board | yes                    | yes                    |
    When the policy is applied as of "2027-04-01"
    Then there is a "pension" consideration from rule "pension.scotland_scheme_from_2027"
    And rule "pension.scotland_scheme" does not fire
    And the advice asks to seek advice from "SPPA"

  Scenario: In England, PCN staff employed for the member practices need the Network Contract DES subcontract
    Given a group of 7 practices in England
    And the answer "pcn_staff_for_practices" is "yes"
    And the services:
      | name       | kind             | commissioner     | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | ARRS staff | pharmacy_support | member_practices | yes                    | yes                    | yes               |
    When the policy is applied
    Then the route for "ARRS staff" is "subcontract"
    And rule "pension.pcn_staff_need_des_subcontract" counts for the route "subcontract" for "ARRS staff"
    And there is a "employment" consideration mentioning "open PCN determination"
    And rule "pension.subcontract_pension_needs_checking" does not fire
    And the reasons cite source "P1.11"

  Scenario: Any other subcontract must be confirmed as a qualifying contract before pension is promised
    Given a group of 7 practices in England
    And the services:
      | name            | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Frailty service | community | nhs_trust    | yes                    | yes                    |
    When the policy is applied
    Then there is a "pension" consideration from rule "pension.subcontract_pension_needs_checking"
    And the advice asks to seek advice from "NHS Pensions"
    And rule "pension.england_independent_provider_route" does not fire

  Scenario Outline: Staff transferring in under TUPE keep the scheme through closed access; new recruits need open access
    Given a group of 6 practices in <nation>
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | staff_transfer_in |
      | Pharmacists | pharmacy_support | icb          | yes                    | yes                    | yes               |
    And the service "Pharmacists" has "commissioner" "<commissioner>"
    When the policy is applied
    Then there is a "pension" consideration from rule "pension.tupe_transfer_closed_access"
    And there is a "pension" consideration mentioning "within 3 months"
    And rule "pension.new_recruits_need_open_access" does not fire
    And the reasons cite source "P1.9"

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario Outline: A body recruiting its own staff must apply for open access
    Given a group of 6 practices in <nation>
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | staff_transfer_in |
      | Pharmacists | pharmacy_support | icb          | yes                    | yes                    | no                |
    And the service "Pharmacists" has "commissioner" "<commissioner>"
    When the policy is applied
    Then there is a "pension" consideration from rule "pension.new_recruits_need_open_access"
    And rule "pension.tupe_transfer_closed_access" does not fire
    And the reasons cite source "P1.8"

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario: A qualifying council public-health contract gives independent provider access
    Given a group of 8 practices in England
    And the services:
      | name          | kind      | commissioner    | employs_staff_directly | staff_need_nhs_pension |
      | Sexual health | community | local_authority | yes                    | yes                    |
    When the policy is applied
    Then rule "pension.local_authority_contract_qualifies" counts for the route "local_authority_public_health" for "Sexual health"
    And the route "sla" for "Sexual health" is excluded by rule "pension.sla_or_grant_gives_no_pension"
    And the advice asks to seek advice from "NHS Pensions"

  Scenario: A charity employing staff who need the NHS Pension Scheme learns its direction route is closed
    Given a group of 6 practices in England
    And the answer "charitable_purposes_only" is "yes"
    And the services:
      | name            | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Health outreach | community | icb          | yes                    | yes                    |
    When the policy is applied
    Then rule "pension.charity_direction_route_is_closed" counts against the form "charitable_incorporated_organisation"
    And there is a "pension" consideration mentioning "within 3 months of starting"
    And the reasons cite source "P1.9"

  Scenario: A body employing ARRS staff for its PCN is told the Network Contract DES's terms
    Given a group of 6 practices in England
    And the answer "pcn_staff_for_practices" is "yes"
    When the policy is applied
    Then there is a "employment" consideration from rule "pension.arrs_terms"
    And there is a "employment" consideration mentioning "at least 6 months"
    And the reasons cite source "P4.10"
