Feature: Wales: a cluster body holding APMS for the staff it employs
  This encodes the Welsh defaults of the policy (facts.md sections 1c, 2b, 6 and candidate
  G49): practices keep their GMS contracts; a cluster that wants to employ clinical staff with
  NHS Pension Scheme membership sets up a not-for-profit company (the South Powys cluster used
  a CIC) holding an APMS contract with the health board; it uses SLAs only where it employs no
  staff; and non-GP clinicians working under an SLA may have no GMPI cover.

  Background:
    Given a group of 4 practices in Wales

  Scenario: A Welsh cluster employing pharmacists with NHS pensions suits a CIC holding APMS
    Given the answer "asset_lock_wanted" is "yes"
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Pharmacists | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied
    Then the recommended form is "cic_limited_by_guarantee"
    And rule "nations.wales_cic_holding_apms" counts for the form "cic_limited_by_guarantee"
    And the route for "Pharmacists" is "apms"
    And the route "sla" for "Pharmacists" is excluded by rule "pension.sla_or_grant_gives_no_pension"
    And rule "pension.wales_apms_for_employed_staff" counts for the route "apms" for "Pharmacists"
    And the advice asks to seek advice from "health board"

  Scenario: In Wales a service whose staff stay with the practices runs under an SLA
    Given the services:
      | name             | kind  | commissioner | employs_staff_directly | non_gp_clinicians |
      | Wellbeing clinics | other | health_board | no                     | yes               |
    When the policy is applied
    Then the route for "Wellbeing clinics" is "sla"
    And rule "nations.wales_sla_without_employed_staff" counts for the route "sla" for "Wellbeing clinics"
    And there is a "indemnity" consideration from rule "indemnity.wales_non_gp_staff_under_sla"
    And the advice asks to seek advice from "NWSSP"

  Scenario: In Wales the NHS Standard Contract is not available
    Given the services:
      | name        | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Community nursing | community | health_board | yes            | yes                    |
    When the policy is applied
    Then the route "nhs_standard_contract" for "Community nursing" is excluded
    And the route for "Community nursing" is "apms"

  Scenario: A Welsh cluster that employs nobody needs no new body
    Given the answer "purposes" is "back_office"
    When the policy is applied
    Then the recommended form is "no_new_entity"
    And rule "nations.wales_cic_holding_apms" does not fire
