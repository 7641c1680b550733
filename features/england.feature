Feature: England: what the policy says for English practices
  This encodes the English defaults of the policy: ICBs commission primary medical services
  (since 1 July 2022) and award contracts under the Provider Selection Regime; LLPs cannot hold
  GMS or PMS; a qualifying NHS contract gives a new body independent provider pension access;
  CNSGP covers primary care contracts; and only in England can a foundation trust lead or host.

  Scenario: An English federation bidding for ICB work with shareholding practices is a company limited by shares
    Given a group of 20 practices in England
    And the answers:
      | question            | answer                               |
      | purposes            | deliver_services, bid_for_contracts  |
      | profit_intent       | distribute_to_members                |
      | member_control      | by_shareholding                      |
      | open_market_bidding | yes                                  |
      | capital_sources     | loans                                |
    And the services:
      | name        | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | MSK service | community | icb          | yes                    | yes                    | yes               |
    When the policy is applied
    Then the recommended form is "company_limited_by_shares"
    And rule "legal_form.control_by_shareholding" counts for the form "company_limited_by_shares"
    And rule "legal_form.distribution_rules_out_locked_forms" counts for the form "company_limited_by_shares"
    And the route for "MSK service" is "nhs_standard_contract"
    And rule "pension.england_independent_provider_route" counts for the route "nhs_standard_contract" for "MSK service"
    And the recommendation is not a close call

  Scenario: English services commissioned by an ICB are awarded by a body in place since 1 July 2022
    Given a group of 8 practices in England
    And the services:
      | name          | kind      | commissioner |
      | Frailty clinic | community | icb         |
    When the policy is applied
    Then there is a "procurement" consideration from rule "nations.england_icb_commissioning"
    And the reasons cite source "P6.1"

  Scenario: Before ICBs existed, the ICB consideration does not apply
    Given a group of 8 practices in England
    And the services:
      | name          | kind      | commissioner |
      | Frailty clinic | community | icb         |
    When the policy is applied as of "2022-06-30"
    Then rule "nations.england_icb_commissioning" does not fire

  Scenario: In England a willing foundation trust and high public accountability make trust hosting the answer
    Given a group of 25 practices in England
    And the answers:
      | question                  | answer |
      | nhs_trust_partner_willing | yes    |
      | public_accountability     | high   |
    When the policy is applied
    Then the recommended form is "foundation_trust_hosted"
    And rule "eligibility.foundation_trusts_are_english" does not fire
    And the lead does not rest on an unsourced fact

  Scenario: In England primary medical services under a primary care contract are covered by CNSGP
    Given a group of 8 practices in England
    And the services:
      | name               | kind            | commissioner | employs_staff_directly | non_gp_clinicians |
      | Extended access    | primary_medical | icb          | yes                    | yes               |
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.england_cnsgp_primary_care"
    And rule "nations.wales_cic_holding_apms" does not fire

  Scenario: An English group employing staff is not steered to the Welsh CIC default
    Given a group of 8 practices in England
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Pharmacists | pharmacy_support | icb          | yes                    | yes                    |
    When the policy is applied
    Then rule "nations.wales_cic_holding_apms" does not fire
    And rule "eligibility.apms_open_to_any_form" fires
    And the reasons cite source "P1.7"

  Scenario: English practices delivering primary care with their own staff keep it in their own contracts
    Given a group of 6 practices in England
    And the services:
      | name            | kind            | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Extended access | primary_medical | icb          | no                     | yes                    |
    When the policy is applied
    Then the route for "Extended access" is "gms_pms_variation"
    And rule "routes.practices_deliver_primary_medical" counts for the route "gms_pms_variation" for "Extended access"
    And rule "pension.practices_stay_employers" counts for the form "no_new_entity"
    And the recommended form is "no_new_entity"

  Scenario: An English body employing PCN staff for its practices needs the Network Contract DES subcontract
    Given a group of 6 practices in England
    And the answer "pcn_staff_for_practices" is "yes"
    And the services:
      | name       | kind             | commissioner     | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | ARRS staff | pharmacy_support | member_practices | yes                    | yes                    | yes               |
    When the policy is applied
    Then the route for "ARRS staff" is "subcontract"
    And rule "pension.pcn_staff_need_des_subcontract" counts for the route "subcontract" for "ARRS staff"
    And the route "sla" for "ARRS staff" is excluded by rule "pension.sla_or_grant_gives_no_pension"

  Scenario: A council-commissioned service gives pension access only under a qualifying public-health contract
    Given a group of 6 practices in England
    And the services:
      | name           | kind  | commissioner    | employs_staff_directly | staff_need_nhs_pension |
      | Sexual health  | other | local_authority | yes                    | yes                    |
    When the policy is applied
    Then there is a "pension" consideration from rule "routes.local_authority_contract"
    And the route "apms" for "Sexual health" is excluded by rule "routes.apms_needs_an_nhs_commissioner"
    And the advice asks to seek advice from "NHS Pensions"

  Scenario Outline: PCN staff the ICB pays for through the practices still need the DES subcontract, not APMS
    Given a group of 6 practices in England
    And the answer "pcn_staff_for_practices" is "yes"
    And the services:
      | name       | kind   | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | ARRS staff | <kind> | icb          | yes                    | yes                    | yes               |
    When the policy is applied
    Then the route for "ARRS staff" is "subcontract"
    And rule "pension.pcn_staff_need_des_subcontract" counts for the route "subcontract" for "ARRS staff"
    And rule "pension.england_independent_provider_route" does not fire
    And rule "routes.apms_is_time_limited_and_procured" does not fire

    Examples:
      | kind             |
      | primary_medical  |
      | pharmacy_support |

  Scenario: An English group is shown England's own GMS regulations, never a Welsh instrument
    Given a group of 7 practices in England
    And the answers:
      | question                           | answer |
      | all_practices_committed            | no     |
      | core_contracts_stay_with_practices | no     |
    When the policy is applied
    Then rule "legal_form.not_all_practices_committed" counts against the form "practice_merger"
    And the reasons cite source "N9.1"
    And the reasons do not cite source "P3.11"
    And the reasons do not cite source "N9.2"
    And the reasons do not cite source "P4.9"
