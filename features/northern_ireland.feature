Feature: Northern Ireland: use the existing GP federation
  This encodes the Northern Irish defaults of the policy (facts.md section 6, candidate G47):
  every area already has a GP federation set up as a CIC limited by guarantee under one
  region-wide Members Agreement, so practices join or use it rather than create a new body;
  there is no state GP indemnity and the 2024/25 indemnity money went to practices; the HSC
  Pension Scheme's rules for federations, APMS, who may hold GMS and the charity regulator
  could not be sourced and are flagged with whom to ask; community shares are capped at
  £20,000 per member.

  Background:
    Given a group of 18 practices in Northern Ireland

  Scenario: Northern Irish practices use their area's GP federation, a CIC limited by guarantee
    When the policy is applied
    Then the recommended form is "cic_limited_by_guarantee"
    And rule "nations.northern_ireland_join_federation" counts for the form "cic_limited_by_guarantee"
    And there is a "governance" consideration mentioning "17 GP federations"
    And there is a "regulation" consideration from rule "setup.cic_yearly_report"
    And the recommendation is not a close call

  Scenario: Federation staff in Northern Ireland need indemnity and an HSC pension route confirmed
    Given the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Pharmacists | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied
    Then there is a "pension" consideration from rule "pension.northern_ireland_hsc_scheme"
    And the advice asks to seek advice from "HSC Pension Scheme"
    And there is a "indemnity" consideration mentioning "£5m"
    And rule "nations.northern_ireland_apms_not_found" fires
    And the advice asks to seek advice from "Department of Health (Northern Ireland)"
    And the recommended form is "cic_limited_by_guarantee"

  Scenario: In Northern Ireland community shares are capped at £20,000 per member
    Given the answer "capital_sources" is "community_shares"
    When the policy is applied
    Then there is a "capital" consideration from rule "nations.northern_ireland_share_cap"
    And there is a "capital" consideration mentioning "£20,000"

  Scenario Outline: Only Northern Ireland has the lower cap on community shares
    Given a group of 6 practices in <nation>
    And the answer "capital_sources" is "community_shares"
    When the policy is applied
    Then rule "nations.northern_ireland_share_cap" does not fire
    And rule "legal_form.community_shares" counts for the form "community_benefit_society"

    Examples:
      | nation   |
      | England  |
      | Wales    |
      | Scotland |

  Scenario: A Northern Irish charity is referred to the Charity Commission for Northern Ireland
    Given the answer "charitable_purposes_only" is "yes"
    When the policy is applied
    Then rule "nations.northern_ireland_charity_regulator" fires
    And the advice asks to seek advice from "Charity Commission for Northern Ireland"
    And rule "legal_form.charity_commission_registration" does not fire

  Scenario Outline: A group delivering services with the practices' own staff defaults by nation
    Given a group of 6 practices in <nation>
    When the policy is applied
    Then the recommended form is "<form>"
    And rule "<rule>" counts for the form "<form>"

    Examples:
      | nation           | form                     | rule                                     |
      | England          | no_new_entity            | setup.no_new_body_needed                 |
      | Wales            | no_new_entity            | setup.no_new_body_needed                 |
      | Scotland         | no_new_entity            | nations.scotland_cluster_default         |
      | Northern Ireland | cic_limited_by_guarantee | nations.northern_ireland_join_federation |

  Scenario Outline: In Northern Ireland core general practice runs under GMS, never an unexplained SLA
    Given the answer "core_contracts_stay_with_practices" is "<core_stays>"
    And the services:
      | name                  | kind            | commissioner | employs_staff_directly |
      | Core general practice | primary_medical | health_board | <employs>              |
    When the policy is applied
    Then the route for "Core general practice" is "gms_pms_variation"
    And rule "routes.northern_ireland_primary_medical_gms" counts for the route "gms_pms_variation" for "Core general practice"
    And rule "routes.practices_deliver_primary_medical" does not fire

    Examples:
      | core_stays | employs |
      | no         | yes     |
      | no         | no      |
      | yes        | no      |

  Scenario: A Northern Irish group moving its GMS contracts is shown Northern Ireland's own regulations
    Given the answer "core_contracts_stay_with_practices" is "no"
    When the policy is applied
    Then rule "eligibility.northern_ireland_gms_holders" fires
    And the reasons cite source "N9.4"
    And the reasons do not cite source "P4.9"
    And the reasons do not cite source "N9.1"
