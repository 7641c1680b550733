Feature: Which contract each service runs under
  For each service the group will deliver, formadvisor recommends a contract route: an APMS
  contract, the NHS Standard Contract (with or without Schedule 2L), a subcontract, a variation
  of the practices' own GMS or PMS contracts, a council public-health contract, an SLA or a grant
  agreement. The route follows who commissions the service, what kind of service it is, who
  employs the staff and the nation: the NHS Standard Contract is NHS England's, APMS is awarded
  only by an NHS commissioner under the selection regime, and primary medical services need a
  primary medical contract. These scenarios encode rules/policy/contract_routes.yaml and
  rules/policy/procurement.yaml (facts.md section 4).

  Scenario Outline: A primary medical service the body staffs itself runs under APMS, never a plain NHS Standard Contract
    Given a group of 6 practices in <nation>
    And the services:
      | name            | kind            | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Extended access | primary_medical | icb          | yes                    | yes                    |
    And the service "Extended access" has "commissioner" "<commissioner>"
    When the policy is applied
    Then the route for "Extended access" is "apms"
    And the route "nhs_standard_contract" for "Extended access" is excluded by rule "routes.primary_medical_needs_primary_contract"
    And rule "routes.body_staffed_primary_medical_on_apms" counts for the route "apms" for "Extended access"
    And rule "routes.employed_staff_not_under_practice_contracts" fires
    And rule "routes.apms_is_time_limited_and_procured" fires
    And the advice asks to seek advice from "primary care team"

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario: An ICB's community service in England runs on the NHS Standard Contract
    Given a group of 20 practices in England
    And the services:
      | name                  | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Community MSK service | community | icb          | yes                    | yes                    | yes               |
    When the policy is applied
    Then the route for "Community MSK service" is "nhs_standard_contract"
    And rule "routes.icb_services_use_standard_contract" counts for the route "nhs_standard_contract" for "Community MSK service"
    And the route "local_authority_public_health" for "Community MSK service" is excluded by rule "routes.local_authority_route_needs_a_council"
    And the route "nhs_standard_contract_schedule_2l" for "Community MSK service" is not excluded
    And rule "routes.nhs_services_not_grants" fires

  Scenario Outline: Outside England neither the NHS Standard Contract nor Schedule 2L is available
    Given a group of 6 practices in <nation>
    And the services:
      | name       | kind      | commissioner | employs_staff_directly |
      | Phlebotomy | community | health_board | yes                    |
    When the policy is applied
    Then the route "nhs_standard_contract" for "Phlebotomy" is excluded by rule "routes.standard_contract_is_english"
    And the route "nhs_standard_contract_schedule_2l" for "Phlebotomy" is excluded by rule "routes.schedule_2l_needs_an_english_icb"

    Examples:
      | nation           |
      | Wales            |
      | Scotland         |
      | Northern Ireland |

  Scenario: In Wales, whether a Welsh agreement can count for pension access is checked with NHS Pensions
    Given a group of 6 practices in Wales
    And the services:
      | name       | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Phlebotomy | community | health_board | yes                    | yes                    |
    When the policy is applied
    Then there is a "pension" consideration from rule "pension.wales_apms_for_employed_staff"
    And the advice asks to seek advice from "NHS Pensions"
    And the reasons cite source "P1.13"

  Scenario Outline: Scottish and Northern Irish groups are not sent to NHS Pensions (NHSBSA) with a Welsh caveat
    Given a group of 6 practices in <nation>
    And the services:
      | name       | kind      | commissioner | employs_staff_directly |
      | Phlebotomy | community | health_board | yes                    |
    When the policy is applied
    Then there is no "pension" consideration from rule "routes.standard_contract_is_english"
    And the route "nhs_standard_contract" for "Phlebotomy" is excluded by rule "routes.standard_contract_is_english"

    Examples:
      | nation           |
      | Scotland         |
      | Northern Ireland |

  Scenario Outline: Only an NHS commissioner can award an APMS contract
    Given a group of 6 practices in England
    And the services:
      | name               | kind  | commissioner |
      | Social prescribing | other | icb          |
    And the service "Social prescribing" has "commissioner" "<commissioner>"
    When the policy is applied
    Then the route "apms" for "Social prescribing" is excluded by rule "routes.apms_needs_an_nhs_commissioner"

    Examples:
      | commissioner     |
      | grant_funder     |
      | member_practices |
      | local_authority  |

  Scenario: A grant-funded service runs under a grant agreement, which is not an NHS contract
    Given a group of 4 practices in Wales
    And the services:
      | name           | kind  | commissioner |
      | Welfare advice | other | grant_funder |
    When the policy is applied
    Then the route for "Welfare advice" is "grant_agreement"
    And rule "routes.grant_funded_service" counts for the route "grant_agreement" for "Welfare advice"
    And the route "nhs_standard_contract" for "Welfare advice" is excluded by rule "routes.standard_contract_needs_an_nhs_commissioner"
    And there is a "procurement" consideration mentioning "no NHS Pension Scheme access"
    And the advice asks to seek advice from "a VAT adviser"

  Scenario: A grant-funded service stays on a grant agreement, and its staff cannot join the NHS Pension Scheme
    Given a group of 5 practices in England
    And the services:
      | name           | kind  | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Welfare advice | other | grant_funder | yes                    | yes                    |
    When the policy is applied
    Then the route for "Welfare advice" is "grant_agreement"
    And there is a "pension" consideration from rule "pension.grant_funded_staff_get_no_pension"
    And the route "subcontract" for "Welfare advice" is excluded by rule "routes.grant_funder_is_no_contract_holder"
    And the route "gms_pms_variation" for "Welfare advice" is excluded by rule "routes.grant_funder_is_no_contract_holder"
    And rule "pension.sla_or_grant_gives_no_pension" does not fire
    And answering "commissioner" with "icb" would make the route for "Welfare advice" "nhs_standard_contract"

  Scenario: A council public-health service runs on the council's own public-health contract
    Given a group of 8 practices in England
    And the services:
      | name          | kind      | commissioner    | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Sexual health | community | local_authority | yes                    | yes                    | yes               |
    When the policy is applied
    Then the route for "Sexual health" is "local_authority_public_health"
    And rule "routes.local_authority_contract" counts for the route "local_authority_public_health" for "Sexual health"
    And the route "apms" for "Sexual health" is excluded
    And rule "routes.provider_selection_regime_england" fires
    And the reasons cite source "P1.7"
    And answering "commissioner" with "icb" would make the route for "Sexual health" "nhs_standard_contract"

  Scenario: Back-office services the practices buy from the body run under an SLA
    Given a group of 3 practices in England
    And the answer "purposes" is "back_office"
    And the services:
      | name           | kind        | commissioner     |
      | Shared payroll | back_office | member_practices |
    When the policy is applied
    Then the route for "Shared payroll" is "sla"
    And rule "routes.member_practices_use_an_sla" counts for the route "sla" for "Shared payroll"
    And rule "routes.no_employed_staff_sla" counts for the route "sla" for "Shared payroll"

  Scenario: Primary care delivered by the practices' own staff is added to their own contracts
    Given a group of 6 practices in England
    And the services:
      | name            | kind            | commissioner |
      | Weekend clinics | primary_medical | icb          |
    When the policy is applied
    Then the route for "Weekend clinics" is "gms_pms_variation"
    And rule "routes.practices_deliver_primary_medical" counts for the route "gms_pms_variation" for "Weekend clinics"
    And rule "routes.body_staffed_primary_medical_on_apms" does not fire
    And answering "core_contracts_stay_with_practices" with "no" would make the route for "Weekend clinics" "gms_pms_variation"

  Scenario Outline: A service the practices' own staff deliver for the commissioner can be an enhanced service
    Given a group of 6 practices in <nation>
    And the services:
      | name            | kind      | commissioner | non_gp_clinicians |
      | Anticoagulation | community | icb          | yes               |
    And the service "Anticoagulation" has "commissioner" "<commissioner>"
    When the policy is applied
    Then rule "routes.practice_staff_enhanced_service" counts for the route "gms_pms_variation" for "Anticoagulation"
    And the route for "Anticoagulation" is "<route>"

    Examples:
      | nation  | commissioner | route                 |
      | England | icb          | nhs_standard_contract |
      | Wales   | health_board | sla                   |

  Scenario: The body's own staff doing the practices' contracted work need a notified subcontract
    Given a group of 6 practices in England
    And the services:
      | name           | kind            | commissioner     | employs_staff_directly |
      | Extended hours | primary_medical | member_practices | yes                    |
    When the policy is applied
    Then the route for "Extended hours" is "subcontract"
    And rule "routes.subcontract_from_practices" counts for the route "subcontract" for "Extended hours"
    And the advice asks to seek advice from "your commissioner or LMC"
    And answering "employs_staff_directly" with "no" would make the route for "Extended hours" "sla"

  Scenario: A service bought by an NHS trust as lead provider is subcontracted from the trust
    Given a group of 10 practices in England
    And the services:
      | name            | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Frailty service | community | nhs_trust    | yes                    | yes                    |
    When the policy is applied
    Then the route for "Frailty service" is "subcontract"
    And rule "routes.trust_lead_provider" counts for the route "subcontract" for "Frailty service"
    And answering "commissioner" with "icb" would make the route for "Frailty service" "nhs_standard_contract"
    And the reasons cite source "P1.10"

  Scenario Outline: Contracts are awarded under the nation's Provider Selection Regime
    Given a group of 12 practices in <nation>
    And the answer "purposes" is "deliver_services, bid_for_contracts"
    When the policy is applied
    Then rule "<rule>" fires
    And the reasons cite source "<source>"

    Examples:
      | nation  | rule                                     | source |
      | England | routes.provider_selection_regime_england | P4.7   |
      | Wales   | routes.provider_selection_regime_wales   | P4.8   |

  Scenario Outline: No selection regime was found for Scotland or Northern Ireland
    Given a group of 12 practices in <nation>
    And the answer "open_market_bidding" is "yes"
    When the policy is applied
    Then rule "routes.provider_selection_regime_england" does not fire
    And rule "routes.provider_selection_regime_wales" does not fire

    Examples:
      | nation           |
      | Scotland         |
      | Northern Ireland |

  Scenario: In England integrated urgent care runs on an NHS Standard Contract with Schedule 2L
    Given a group of 30 practices in England
    And the services:
      | name                   | kind        | commissioner | employs_staff_directly | staff_need_nhs_pension | includes_nhs_111 |
      | Integrated urgent care | urgent_care | icb          | yes                    | yes                    | yes              |
    When the policy is applied
    Then the route for "Integrated urgent care" is "nhs_standard_contract_schedule_2l"
    And rule "routes.urgent_care_schedule_2l" counts for the route "nhs_standard_contract_schedule_2l" for "Integrated urgent care"
    And the route "nhs_standard_contract" for "Integrated urgent care" is not excluded
    And answering "kind" with "community" would make the route for "Integrated urgent care" "nhs_standard_contract"

  Scenario Outline: Owners who commission and also provide must manage conflicts of interest
    Given a group of 40 practices in <nation>
    And the answer "purposes" is "commission_services, deliver_services"
    When the policy is applied
    Then there is a "procurement" consideration from rule "procurement.conflicts_of_interest"
    And the advice asks to seek advice from "procurement lead"

    Examples:
      | nation  |
      | England |
      | Wales   |
