Feature: The action plan: what a group does from today to its first service

  The steps come from rules/action_plan.yaml: each applies for the recommended form, each
  service's recommended route and the nation, in the order its `after` gives.

  Scenario: A new English company employing pensioned staff registers, then gets DBS checks before CQC
    Given a group of 20 practices in England
    And the answers:
      | question                | answer                              |
      | purposes                | deliver_services, bid_for_contracts |
      | profit_intent           | distribute_to_members               |
      | member_control          | by_shareholding                     |
      | open_market_bidding     | yes                                 |
      | months_to_start         | 9                                   |
    And the services:
      | name        | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | MSK service | community | icb          | yes                    | yes                    |
    When the policy is applied
    Then the recommended form is "company_limited_by_shares"
    And the action plan includes step "step.register_company"
    And the action plan includes step "step.contract_psr_england"
    And step "step.cqc_registration" comes after step "step.dbs_checks"
    And step "step.dbs_checks" comes after step "step.register_company"
    And step "step.pension_employer" comes after step "step.contract_psr_england"
    And the action plan includes step "step.employers_liability"
    And the action plan includes step "step.clinical_cover_england"
    And the action plan does not include step "step.contract_psr_wales"
    And the action plan says "the known times fit the 9 months"

  Scenario: A Welsh cluster CIC goes through the Welsh provider selection regime and has no CQC step
    Given a group of 4 practices in Wales
    And the answers:
      | question          | answer                           |
      | purposes          | deliver_services, share_workforce |
      | asset_lock_wanted | yes                              |
      | capital_sources   | grants                           |
    And the services:
      | name                    | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Cluster pharmacy support | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied
    Then the recommended form is "cic_limited_by_guarantee"
    And step "step.register_cic" comes after step "step.cic_documents"
    And step "step.pension_employer" comes after step "step.contract_psr_wales"
    And the action plan includes step "step.gmpi_check"
    And the action plan does not include step "step.cqc_registration"
    And the action plan does not include step "step.dbs_checks"
    And the action plan does not include step "step.contract_psr_england"

  Scenario: Starting in 2 months with a contract still to be awarded is warned as too soon
    Given a group of 20 practices in England
    And the answers:
      | question            | answer                              |
      | purposes            | deliver_services, bid_for_contracts |
      | profit_intent       | distribute_to_members               |
      | member_control      | by_shareholding                     |
      | open_market_bidding | yes                                 |
      | months_to_start     | 2                                   |
    And the services:
      | name        | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | MSK service | community | icb          | yes                    | yes                    |
    When the policy is applied
    Then the action plan says "unlikely to start services in under 3 months"
    And the action plan says "may not fit the 2 months"

  Scenario: Practices working together with no new body only agree between themselves
    Given a group of 3 practices in England
    And the answers:
      | question | answer      |
      | purposes | back_office |
    And the services:
      | name                 | kind        | commissioner     |
      | Shared payroll and HR | back_office | member_practices |
    When the policy is applied
    Then the recommended form is "no_new_entity"
    And the action plan includes step "step.collaboration_agreement"
    And the action plan does not include step "step.register_company"
    And the action plan does not include step "step.bank_account"
    And the action plan does not include step "step.cqc_registration"
