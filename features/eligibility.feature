Feature: Who may hold which contract, and which pension route the owners allow
  This encodes rules/policy/eligibility.yaml: which legal forms may hold the practices' GMS or
  PMS contracts in each nation, how owners outside the "NHS family" close the classic APMS
  pension route (leaving the independent provider route), what GP owners who want to keep
  practitioner pension status must choose, that any form may hold APMS if the commissioner
  awards it, and when an NHS trust can lead or host instead of a new body.

  Scenario Outline: In England and Wales only a partnership or a GP-owned share company may take over GMS
    Given a group of 5 practices in <nation>
    And the answer "core_contracts_stay_with_practices" is "no"
    When the policy is applied
    Then the form "company_limited_by_guarantee" is excluded by rule "eligibility.gms_holder_forms"
    And the form "cic_limited_by_guarantee" is excluded by rule "eligibility.gms_holder_forms"
    And the form "llp" is excluded by rule "eligibility.gms_holder_forms"
    And the form "community_benefit_society" is excluded by rule "eligibility.gms_holder_forms"
    And the form "company_limited_by_shares" is not excluded
    And the form "practice_merger" is not excluded
    And the form "no_new_entity" is excluded by rule "eligibility.group_holds_gms_pms"

    Examples:
      | nation  |
      | England |
      | Wales   |

  Scenario: In Scotland an LLP with a GP member may hold GMS
    Given a group of 5 practices in Scotland
    And the answer "core_contracts_stay_with_practices" is "no"
    When the policy is applied
    Then the form "llp" is not excluded
    And rule "eligibility.scotland_gms_holders" counts for the form "llp"
    And rule "eligibility.gms_holder_forms" does not fire
    And the reasons cite source "P6.3"

  Scenario: In Northern Ireland, ask who may hold GMS before moving the contracts
    Given a group of 5 practices in Northern Ireland
    And the answer "core_contracts_stay_with_practices" is "no"
    When the policy is applied
    Then rule "eligibility.northern_ireland_gms_holders" fires
    And the advice asks to seek advice from "Department of Health (Northern Ireland)"
    And rule "eligibility.gms_holder_forms" does not fire

  Scenario: In England, LLPs still cannot hold GMS, though a change has been discussed
    Given a group of 5 practices in England
    And the answer "core_contracts_stay_with_practices" is "no"
    When the policy is applied
    Then rule "eligibility.england_llp_gms_not_yet" fires
    And the advice asks to seek advice from "LMC"
    And the reasons cite source "P3.10"

  Scenario: In Wales, the 2023 GMS regulations decide who may hold GMS from 1 October 2023
    Given a group of 5 practices in Wales
    And the answer "core_contracts_stay_with_practices" is "no"
    When the policy is applied
    Then rule "eligibility.wales_gms_regulations_2023" fires
    And the reasons cite source "P4.9"

  Scenario: Before 1 October 2023 the Welsh 2023 GMS regulations did not yet apply
    Given a group of 5 practices in Wales
    And the answer "core_contracts_stay_with_practices" is "no"
    When the policy is applied as of "2023-09-30"
    Then rule "eligibility.wales_gms_regulations_2023" does not fire
    And rule "eligibility.gms_holder_forms" fires

  Scenario Outline: A share company with owners outside the NHS family cannot take over GMS
    Given a group of 5 practices in <nation>
    And the answers:
      | question                           | answer |
      | core_contracts_stay_with_practices | no     |
      | owners_all_nhs_family              | no     |
    When the policy is applied
    Then the form "company_limited_by_shares" is excluded by rule "eligibility.gms_company_needs_nhs_family_shareholders"
    And the form "cic_limited_by_shares" is excluded by rule "eligibility.gms_company_needs_nhs_family_shareholders"
    And the recommended form is "practice_merger"

    Examples:
      | nation  |
      | England |
      | Wales   |

  Scenario Outline: Owners outside the NHS family leave only the independent provider pension route
    Given a group of 10 practices in <nation>
    And the answer "owners_all_nhs_family" is "no"
    And the services:
      | name        | kind             | commissioner   | employs_staff_directly | staff_need_nhs_pension |
      | Pharmacists | pharmacy_support | <commissioner> | yes                    | yes                    |
    When the policy is applied
    Then there is a "pension" consideration from rule "eligibility.independent_provider_route_only"
    And there is a "pension" consideration mentioning "more than half their time"
    And the advice asks to seek advice from "NHS Pensions"

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario Outline: GP owners who want to keep practitioner pension status need an NHS-family share company
    Given a group of 10 practices in <nation>
    And the answer "gp_owners_want_practitioner_pension" is "yes"
    And the services:
      | name        | kind             | commissioner   | employs_staff_directly | staff_need_nhs_pension |
      | Pharmacists | pharmacy_support | <commissioner> | yes                    | yes                    |
    When the policy is applied
    Then rule "eligibility.practitioner_pension_needs_share_company" counts for the form "company_limited_by_shares"
    And rule "eligibility.practitioner_pension_needs_share_company" counts against the form "llp"
    And rule "eligibility.practitioner_pension_needs_share_company" counts against the form "company_limited_by_guarantee"
    And the form "company_limited_by_shares" ranks above the form "company_limited_by_guarantee"

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario: Practitioner pension status cannot come through a body with owners outside the NHS family
    Given a group of 10 practices in England
    And the answers:
      | question                            | answer |
      | gp_owners_want_practitioner_pension | yes    |
      | owners_all_nhs_family               | no     |
    When the policy is applied
    Then rule "eligibility.practitioner_pension_out_of_reach" counts for the form "no_new_entity"
    And rule "eligibility.practitioner_pension_needs_share_company" does not fire
    And there is a "pension" consideration mentioning "standard sub-contract"

  Scenario Outline: Outside England and Wales, ask the nation's scheme about practitioner status
    Given a group of 10 practices in <nation>
    And the answer "gp_owners_want_practitioner_pension" is "yes"
    When the policy is applied
    Then rule "<rule>" fires
    And the advice asks to seek advice from "<who>"
    And rule "eligibility.practitioner_pension_needs_share_company" does not fire

    Examples:
      | nation           | rule                                            | who                   |
      | Scotland         | eligibility.practitioner_pension_scotland       | SPPA                  |
      | Northern Ireland | eligibility.practitioner_pension_northern_ireland | HSC Pension Scheme  |

  Scenario Outline: Any form may hold APMS, but the commissioner must award it
    Given a group of 10 practices in <nation>
    And the services:
      | name        | kind             | commissioner   | employs_staff_directly |
      | Pharmacists | pharmacy_support | <commissioner> | yes                    |
    When the policy is applied
    Then there is a "procurement" consideration from rule "eligibility.apms_open_to_any_form"
    And there is a "procurement" consideration mentioning "any person"

    Examples:
      | nation  | commissioner |
      | England | icb          |
      | Wales   | health_board |

  Scenario: Without a willing NHS trust, trust hosting is not an option
    Given a group of 10 practices in England
    When the policy is applied
    Then the form "foundation_trust_hosted" is excluded by rule "eligibility.trust_hosting_needs_willing_trust"

  Scenario: A willing trust can lead, but the practices cannot become a foundation trust themselves
    Given a group of 10 practices in England
    And the answer "nhs_trust_partner_willing" is "yes"
    When the policy is applied
    Then the form "foundation_trust_hosted" is not excluded
    And rule "eligibility.trust_as_lead_provider" counts for the form "foundation_trust_hosted"
    And rule "eligibility.practices_cannot_form_a_trust" fires
    And the advice asks to seek advice from "NHS England"
    And rule "eligibility.foundation_trusts_are_english" does not fire

  Scenario Outline: Outside England there are no foundation trusts to host the services
    Given a group of 10 practices in <nation>
    And the answer "nhs_trust_partner_willing" is "yes"
    When the policy is applied
    Then rule "eligibility.foundation_trusts_are_english" counts against the form "foundation_trust_hosted"

    Examples:
      | nation           |
      | Wales            |
      | Scotland         |
      | Northern Ireland |

  Scenario: Practices giving up their contracts can be taken on by a willing trust
    Given a group of 4 practices in England
    And the answers:
      | question                           | answer |
      | core_contracts_stay_with_practices | no     |
      | nhs_trust_partner_willing          | yes    |
    When the policy is applied
    Then rule "eligibility.trust_can_take_on_practices" counts for the form "foundation_trust_hosted"
    And the form "foundation_trust_hosted" is not excluded
    And the reasons cite source "P5.4"
