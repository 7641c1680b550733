Feature: Practices that merge, or move their GMS or PMS contracts into one body
  When the practices' own contracts do not stay with each practice, they move into one body: a
  merged partnership or a GP-owned company limited by shares. That body is itself a GP
  contractor. Core general practice stays on the GMS or PMS contract (GMS or a 17C agreement in
  Scotland, GMS in Northern Ireland), varied with the commissioner's consent: it is not a new
  APMS contract and is not procured again. The body keeps automatic NHS Pension Scheme employing
  authority status and, in England and Wales, CNSGP or GMPI cover, so the advice for a body that
  is not a practice (the independent provider route, closed access under New Fair Deal, an
  employer rate of up to 23.78%) does not apply to it. A merged partnership is an employer, so
  employing staff does not count against a merger. (facts.md P1.5, P3.11, P4.2 and N9.1-N9.5.)

  Scenario Outline: Merging practices keep core general practice on their own GMS or PMS contract
    Given a group of 3 practices in <nation>
    And the answer "core_contracts_stay_with_practices" is "no"
    And the services:
      | name                  | kind            | commissioner   | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Core general practice | primary_medical | <commissioner> | yes                    | yes                    | yes               |
    When the policy is applied
    Then the route for "Core general practice" is "gms_pms_variation"
    And rule "routes.merged_contract_stays_gms_pms" counts for the route "gms_pms_variation" for "Core general practice"
    And rule "pension.england_independent_provider_route" does not fire
    And rule "pension.sla_or_grant_gives_no_pension" does not fire
    And rule "pension.new_recruits_need_open_access" does not fire
    And rule "pension.employer_cost" does not fire
    And rule "pension.classic_apms_needs_nhs_family_owners" does not fire
    And rule "routes.employed_staff_not_under_practice_contracts" does not fire
    And rule "routes.apms_is_time_limited_and_procured" does not fire
    And rule "nations.wales_cic_holding_apms" does not fire
    And there is a "pension" consideration from rule "pension.merged_practice_keeps_employing_authority"
    And there is a "pension" consideration mentioning "employing authority status automatically"

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario: A merged partnership is an employer, so employing staff does not count against a merger
    Given a group of 3 practices in England
    And the answer "core_contracts_stay_with_practices" is "no"
    And the services:
      | name                  | kind            | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Core general practice | primary_medical | icb          | yes                    | yes                    |
    When the policy is applied
    Then the recommended form is "practice_merger"
    And the form "no_new_entity" is excluded by rule "eligibility.group_holds_gms_pms"
    And rule "legal_form.new_body_employs_staff" does not fire
    And rule "eligibility.apms_open_to_any_form" does not fire

  Scenario Outline: In Scotland and Northern Ireland merging practices keep core general practice on GMS, not a cluster agreement
    Given a group of 3 practices in <nation>
    And the answer "core_contracts_stay_with_practices" is "no"
    And the services:
      | name                  | kind            | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Core general practice | primary_medical | health_board | yes                    | yes                    |
    When the policy is applied
    Then the route for "Core general practice" is "gms_pms_variation"
    And rule "routes.employed_staff_not_under_practice_contracts" does not fire
    And the form "no_new_entity" is excluded by rule "eligibility.group_holds_gms_pms"
    And rule "<default>" does not fire

    Examples:
      | nation           | default                                  |
      | Scotland         | nations.scotland_cluster_default         |
      | Northern Ireland | nations.northern_ireland_join_federation |

  Scenario: Moving the practices' contracts into a GP-owned company is not held up by a contract award
    Given a group of 3 practices in England
    And the answers:
      | question                           | answer                |
      | core_contracts_stay_with_practices | no                    |
      | profit_intent                      | distribute_to_members |
      | months_to_start                    | 2                     |
    And the services:
      | name                  | kind            | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Core general practice | primary_medical | icb          | yes                    | yes                    |
    When the policy is applied
    Then rule "procurement.short_time_to_first_contract" does not fire
    And the route for "Core general practice" is "gms_pms_variation"
    And the advice asks to seek advice from "vary or transfer the practices' GMS or PMS contracts"

  Scenario Outline: Practices that each keep their own contract are not merging
    # A merger makes the practices one partnership holding one contract, which is not what a
    # group keeping each practice's own GMS or PMS contract has described.
    Given a group of 6 practices in <nation>
    And the services:
      | name          | kind      | commissioner   | employs_staff_directly |
      | Community MSK | community | <commissioner> | yes                    |
    When the policy is applied
    Then the form "practice_merger" is excluded by rule "legal_form.practices_keep_their_contracts"
    And the form is not a tie

    Examples:
      | nation   | commissioner |
      | England  | icb          |
      | Scotland | health_board |
