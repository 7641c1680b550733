Feature: Scotland: clusters without a new body, with NHS Board-employed staff
  This encodes the Scottish defaults of the policy (facts.md section 6, candidates A10 and G48):
  GP clusters are quality groupings and new multidisciplinary staff are employed by NHS Boards,
  so a new GP-owned employer is rarely needed; Scotland has its own pension scheme (employer
  rate 22.5% from 1 April 2024) and no state GP indemnity; only GMS and 17C agreements were
  found, not APMS; an LLP with a GP member may hold GMS; charities register with OSCR.

  Background:
    Given a group of 6 practices in Scotland

  Scenario: A Scottish cluster works together without a new body
    When the policy is applied
    Then the recommended form is "no_new_entity"
    And rule "nations.scotland_cluster_default" counts for the form "no_new_entity"
    And rule "nations.scotland_cluster_default" counts against the form "cic_limited_by_guarantee"
    And the recommendation is not a close call

  Scenario: In Scotland, ask the NHS Board to employ pharmacists before creating an employer
    Given the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Pharmacists | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied
    Then rule "nations.scotland_board_employed_staff" counts for the form "no_new_entity"
    And there is a "employment" consideration mentioning "employed by NHS Boards"
    And there is a "pension" consideration mentioning "22.5%"
    And rule "nations.scotland_apms_not_found" fires
    And the advice asks to seek advice from "NHS Board"
    And the advice asks to seek advice from "SPPA"
    And rule "nations.wales_cic_holding_apms" does not fire
    And the recommendation is a close call
    And answering "services[0].employs_staff_directly" with "no" would make the recommended form "no_new_entity"

  Scenario: In Scotland every clinician needs their own indemnity
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.no_state_scheme_scotland_ni"
    And there is a "indemnity" consideration mentioning "CNORIS"

  Scenario: A Scottish charity registers with OSCR, not the Charity Commission
    Given the answer "charitable_purposes_only" is "yes"
    When the policy is applied
    Then there is a "regulation" consideration from rule "nations.scotland_charity_regulator"
    And rule "legal_form.charity_commission_registration" does not fire
    And the advice asks to seek advice from "OSCR"

  Scenario Outline: In Scotland core general practice runs under GMS or a 17C agreement, never an unexplained SLA
    Given the answer "core_contracts_stay_with_practices" is "<core_stays>"
    And the services:
      | name                  | kind            | commissioner | employs_staff_directly |
      | Core general practice | primary_medical | health_board | <employs>              |
    When the policy is applied
    Then the route for "Core general practice" is "gms_pms_variation"
    And rule "routes.scotland_primary_medical_gms_or_17c" counts for the route "gms_pms_variation" for "Core general practice"
    And rule "routes.practices_deliver_primary_medical" does not fire
    And the reasons cite source "P6.3"

    Examples:
      | core_stays | employs |
      | no         | yes     |
      | no         | no      |
      | yes        | no      |

  Scenario: A Scottish group moving its GMS contracts is shown Scotland's GMS regulations
    Given the answers:
      | question                           | answer |
      | all_practices_committed            | no     |
      | core_contracts_stay_with_practices | no     |
    When the policy is applied
    Then rule "eligibility.scotland_gms_holders" fires
    And the reasons cite source "N9.3"
    And the reasons do not cite source "P3.11"
    And the reasons do not cite source "N9.1"
