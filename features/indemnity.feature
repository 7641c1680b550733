Feature: Clinical negligence indemnity for each service
  State indemnity for general practice follows the contract, not the person's role. In England
  CNSGP covers everyone working under GMS, PMS, APMS, Schedule 2L of the NHS Standard Contract or
  a direct subcontract of these, but not a plain NHS Standard Contract, NHS 111 under one, or
  council and grant work. In Wales GMPI covers GPs and other health professionals providing
  primary medical services under GMS or APMS; cover for non-GP clinicians under an SLA is
  unconfirmed. Scotland and Northern Ireland have no state GP scheme. No state scheme covers GMC
  proceedings, inquests or private work. These scenarios encode rules/policy/indemnity.yaml
  (facts.md section 2, rule candidates B11-B18).

  Scenario Outline: Every clinician still needs medical defence membership for GMC proceedings and inquests
    Given a group of 6 practices in <nation>
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.defence_body_still_needed"
    And there is a "indemnity" consideration mentioning "inquests"
    And the reasons cite source "P2.6"

    Examples:
      | nation           |
      | England          |
      | Wales            |
      | Scotland         |
      | Northern Ireland |

  Scenario Outline: Primary medical services under a primary care contract are covered by the state scheme
    Given a group of 6 practices in <nation>
    And the services:
      | name            | kind            | commissioner | employs_staff_directly | non_gp_clinicians |
      | Extended access | primary_medical | icb          | yes                    | yes               |
    And the service "Extended access" has "commissioner" "<commissioner>"
    When the policy is applied
    Then rule "<rule>" counts for the route "apms" for "Extended access"
    And rule "<rule>" counts for the route "subcontract" for "Extended access"
    And the reasons cite source "<source>"
    And rule "indemnity.no_state_scheme_scotland_ni" does not fire

    Examples:
      | nation  | commissioner | rule                                 | source |
      | England | icb          | indemnity.england_cnsgp_primary_care | P2.3   |
      | Wales   | health_board | indemnity.wales_gmpi_primary_care    | P2.10  |

  Scenario Outline: Scotland and Northern Ireland have no state GP indemnity, whatever the form or contract
    Given a group of 6 practices in <nation>
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | non_gp_clinicians |
      | Pharmacists | pharmacy_support | health_board | yes                    | yes               |
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.no_state_scheme_scotland_ni"
    And the advice asks to seek advice from "an indemnity broker"
    And rule "indemnity.england_cnsgp_primary_care" does not fire
    And rule "indemnity.wales_gmpi_under_apms" does not fire

    Examples:
      | nation           |
      | Scotland         |
      | Northern Ireland |

  Scenario: Northern Ireland's indemnity funding goes to practices, not to a federation
    Given a group of 18 practices in Northern Ireland
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.northern_ireland_practice_funding"
    And there is a "indemnity" consideration mentioning "£5m"
    And the reasons cite source "inference-ni-federation-indemnity"
    And the advice asks to seek advice from "BMA Northern Ireland"

  Scenario: Northern Ireland's one-year 2024/25 indemnity funding is dated and must be checked
    Given a group of 18 practices in Northern Ireland
    When the policy is applied as of "2026-12-06"
    Then there is a "indemnity" consideration mentioning "for 2024/25 only (1 April 2024 to 31 March 2025)"
    And the advice asks to seek advice from "whether the 2024/25 indemnity funding was renewed"

  Scenario: Before April 2024 there was no 2024/25 indemnity funding to describe
    Given a group of 18 practices in Northern Ireland
    When the policy is applied as of "2024-03-31"
    Then rule "indemnity.northern_ireland_practice_funding" does not fire
    And rule "indemnity.no_state_scheme_scotland_ni" fires

  Scenario: In England a community service on a plain NHS Standard Contract is outside CNSGP
    Given a group of 20 practices in England
    And the services:
      | name                  | kind      | commissioner | employs_staff_directly | non_gp_clinicians |
      | Community MSK service | community | icb          | yes                    | yes               |
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.england_standard_contract_outside_cnsgp"
    And the reasons cite source "P2.5"
    And the advice asks to seek advice from "NHS Resolution"
    And rule "indemnity.england_cnsgp_primary_care" does not fire

  Scenario: In England Schedule 2L brings urgent primary care within CNSGP, but NHS 111 stays outside
    Given a group of 30 practices in England
    And the services:
      | name                   | kind        | commissioner | employs_staff_directly | non_gp_clinicians | includes_nhs_111 |
      | Integrated urgent care | urgent_care | icb          | yes                    | yes               | yes              |
    When the policy is applied
    Then the route for "Integrated urgent care" is "nhs_standard_contract_schedule_2l"
    And rule "indemnity.england_schedule_2l_brings_cnsgp" counts for the route "nhs_standard_contract_schedule_2l" for "Integrated urgent care"
    And there is a "indemnity" consideration from rule "indemnity.england_nhs_111_outside_cnsgp"
    And the reasons cite source "P2.4"

  Scenario: GP out-of-hours care without NHS 111 has no NHS 111 gap
    Given a group of 30 practices in England
    And the services:
      | name         | kind        | commissioner | employs_staff_directly | includes_nhs_111 |
      | Out of hours | urgent_care | icb          | yes                    | no               |
    When the policy is applied
    Then rule "indemnity.england_nhs_111_outside_cnsgp" does not fire
    And rule "indemnity.england_schedule_2l_brings_cnsgp" fires

  Scenario: In Wales GMPI for the cluster body's own non-GP clinicians is not promised, even under APMS
    Given a group of 4 practices in Wales
    And the services:
      | name                     | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Cluster pharmacy support | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.wales_gmpi_under_apms"
    And there is a "indemnity" consideration mentioning "large, unresolved cost"
    And the advice asks to seek advice from "NWSSP Legal & Risk Services"
    And the reasons cite source "P2.9"
    And rule "indemnity.wales_non_gp_staff_under_sla" does not fire

  Scenario: In Wales non-GP clinicians working under an SLA may have no GMPI cover
    Given a group of 4 practices in Wales
    And the services:
      | name                      | kind  | commissioner | employs_staff_directly | non_gp_clinicians |
      | Cluster wellbeing clinics | other | health_board | no                     | yes               |
    When the policy is applied
    Then the route for "Cluster wellbeing clinics" is "sla"
    And there is a "indemnity" consideration from rule "indemnity.wales_non_gp_staff_under_sla"
    And the advice asks to seek advice from "NWSSP Legal & Risk Services"
    And the reasons cite source "P2.9"

  Scenario: In England work the body does as a direct subcontract of the practices' contracts keeps CNSGP
    Given a group of 6 practices in England
    And the services:
      | name              | kind             | commissioner     | employs_staff_directly | non_gp_clinicians |
      | Medicines reviews | pharmacy_support | member_practices | yes                    | yes               |
    When the policy is applied
    Then rule "indemnity.england_subcontract_of_practice_contracts" counts for the route "subcontract" for "Medicines reviews"
    And the route for "Medicines reviews" is "subcontract"
    And rule "routes.clinical_work_for_practices_is_a_subcontract" counts for the route "subcontract" for "Medicines reviews"
    And answering "supply_of_staff_only" with "yes" would make the route for "Medicines reviews" "sla"

  Scenario Outline: In England council and grant-funded clinical work is not under a primary care contract
    Given a group of 6 practices in England
    And the services:
      | name          | kind      | commissioner | non_gp_clinicians |
      | Health checks | community | icb          | yes               |
    And the service "Health checks" has "commissioner" "<commissioner>"
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.england_council_and_grant_work_outside_cnsgp"
    And the advice asks to seek advice from "ancillary health service"

    Examples:
      | commissioner    |
      | local_authority |
      | grant_funder    |

  Scenario Outline: Historic claims against transferring non-GP clinicians are covered only for defence members
    Given a group of 6 practices in <nation>
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | non_gp_clinicians | staff_transfer_in |
      | Pharmacists | pharmacy_support | icb          | yes                    | yes               | yes               |
    When the policy is applied
    Then there is a "indemnity" consideration from rule "indemnity.historic_liabilities_transferring_staff"
    And the reasons cite source "<source>"

    Examples:
      | nation  | source |
      | England | P2.7   |
      | Wales   | P2.11  |
