Feature: Two options side by side: each row cites what it says

  A comparison (`formadvisor compare`, the result page's "Compare with the runner-up") shows,
  row by row, the reasons of the rules that fired for each option and its key facts, each with
  its source; the rows are `compare` in rules/options.yaml, the facts' rows their `topics`.

  Scenario: A Welsh cluster's CIC limited by guarantee beside one limited by shares
    Given a group of 4 practices in Wales
    And the answers:
      | question          | answer                            |
      | purposes          | deliver_services, share_workforce |
      | asset_lock_wanted | yes                               |
      | capital_sources   | grants                            |
    And the services:
      | name                     | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension |
      | Cluster pharmacy support | pharmacy_support | health_board | yes                    | yes                    |
    When the policy is applied
    Then the recommended form is "cic_limited_by_guarantee"
    And comparing "cic_limited_by_guarantee" with "cic_limited_by_shares" the row "asset_lock" for "cic_limited_by_guarantee" cites "legal_form.asset_lock_wanted"
    And comparing "cic_limited_by_guarantee" with "cic_limited_by_shares" the row "asset_lock" for "cic_limited_by_shares" cites "P3.5"
    And comparing "cic_limited_by_guarantee" with "cic_limited_by_shares" the row "setup" for "cic_limited_by_guarantee" cites "P3.2"
    And comparing "apms" with "sla" the row "pension" for "apms" cites "pension.wales_apms_for_employed_staff"
    And comparing "apms" with "sla" the row "pension" for "sla" cites "pension.sla_or_grant_gives_no_pension"
    And comparing "apms" with "subcontract" the row "steps" for "apms" cites "step.pension_employer"

  Scenario: The two kinds of CIC share their tax and their yearly report
    A CIC limited by guarantee pays corporation tax like one limited by shares (P3.6), and both
    file the yearly community interest report (P3.3): neither row may say nothing for one of them.
    Given a group of 4 practices in Wales
    And the answer "asset_lock_wanted" is "yes"
    When the policy is applied
    Then comparing "cic_limited_by_guarantee" with "cic_limited_by_shares" the row "tax" for "cic_limited_by_guarantee" cites "P3.6"
    And comparing "cic_limited_by_guarantee" with "cic_limited_by_shares" the row "regulation" for "cic_limited_by_shares" cites "P3.3"
