Feature: How a result is decided, and what it asks a group to weigh
  A result says when two options fit equally well and names the answers that would decide
  between them; it never makes an option that nothing in the answers argues for its headline,
  but says whom to ask; and it shows the considerations that apply to its shortlist (the
  recommended form and routes and the runner-up), each once, the most consequential first, at
  most as many as rules/scoring.yaml allows. The full list stays for advisers.

  Scenario: A contract route that nothing in the answers argues for is never the headline
    Given a group of 6 practices in Scotland
    And the services:
      | name       | kind      | commissioner | employs_staff_directly |
      | Phlebotomy | community | health_board | yes                    |
    When the policy is applied
    Then the route for "Phlebotomy" is undetermined
    And the decision on the route for "Phlebotomy" says "no contract route can be recommended"
    And the decision on the route for "Phlebotomy" says "seek advice from your commissioner"

  Scenario: Two forms that fit equally well are called a tie, with the answers that would decide it
    # A Welsh cluster employing clinical staff: the South Powys route is a CIC or a company
    # holding APMS, and nothing in the answers separates them until the group says whether it
    # wants an asset lock.
    Given a group of 6 practices in Wales
    And the services:
      | name            | kind            | commissioner | employs_staff_directly | non_gp_clinicians |
      | Extended access | primary_medical | health_board | yes                    | yes               |
    When the policy is applied
    Then the form is a tie between "company_limited_by_guarantee" and "cic_limited_by_guarantee"
    And the decision on the form says "fit equally well"
    And answering "asset_lock_wanted" with "yes" would decide the tie of the form for "cic_limited_by_guarantee"

  Scenario: A close call is a choice: the headline names both forms and what would decide it
    # The Welsh cluster without an asset lock: a CIC leads a company limited by guarantee by one
    # point, under the close-call margin, so the headline offers the choice rather than a winner.
    Given a group of 4 practices in Wales
    And the answers:
      | question          | answer                            |
      | purposes          | deliver_services, share_workforce |
      | asset_lock_wanted | no                                |
      | member_control    | board_led                         |
      | capital_sources   | grants                            |
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Pharmacists | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied
    Then the form is a close call between "cic_limited_by_guarantee" and "company_limited_by_guarantee"
    And the headline names the forms "cic_limited_by_guarantee" and "company_limited_by_guarantee"
    And the headline says "fit your answers about equally well"
    And the headline says "What would decide it: answering “Do you want a legal guarantee that assets and surplus serve the community?” with “Yes”"
    And answering "asset_lock_wanted" with "yes" would decide the close call of the form for "cic_limited_by_guarantee"

  Scenario: A board-led group wanting an asset lock is steered to a CIC rather than a society
    Given a group of 6 practices in England
    And the answer "asset_lock_wanted" is "yes"
    When the policy is applied
    Then the recommended form is "cic_limited_by_guarantee"
    And the form is not a tie
    And rule "legal_form.board_led_not_society" counts against the form "community_benefit_society"

  Scenario: A federation bidding for contracts is shown only what applies to its shortlist, each once
    Given a group of 20 practices in England
    And the answers:
      | question            | answer                              |
      | purposes            | deliver_services, bid_for_contracts |
      | profit_intent       | distribute_to_members               |
      | member_control      | by_shareholding                     |
      | capital_sources     | loans                               |
      | open_market_bidding | yes                                 |
      | months_to_start     | 9                                   |
    And the services:
      | name                              | kind      | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Community musculoskeletal service | community | icb          | yes                    | yes                    | yes               |
    When the policy is applied
    Then the recommended form is "company_limited_by_shares"
    And at most 8 considerations are shown
    And each consideration shown is said once
    And there is a "tax" consideration from rule "tax.llp_transparency"
    And no consideration from rule "tax.llp_transparency" is shown
    And a consideration from rule "pension.employer_cost" is shown

  Scenario: What would change the result varies only the answers a group could change
    # Who commissions a service, what kind of service it is and whether its staff must be offered
    # the NHS Pension Scheme are facts, not the group's choice: what-if never varies them.
    Given a group of 4 practices in Wales
    And the answers:
      | question          | answer                            |
      | purposes          | deliver_services, share_workforce |
      | asset_lock_wanted | yes                               |
      | capital_sources   | grants                            |
    And the services:
      | name                     | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Cluster pharmacy support | pharmacy_support | health_board | yes                    | yes                    | yes               |
      | Welfare advice           | other            | grant_funder | no                     | no                     | no                |
    When the policy is applied
    Then the what-if list includes answering "employs_staff_directly" with "no" for "Cluster pharmacy support"
    # A change of form that also moves the route of the service whose staff the new body
    # employs matters more than a change of form alone (rules/scoring.yaml, what_if).
    And the most important what-if is answering "core_contracts_stay_with_practices" with "no"
    And the what-if list never varies "commissioner"
    And the what-if list never varies "kind"
    And the what-if list never varies "staff_need_nhs_pension"

  Scenario: What would it take names the fewest changes, or that no answer a group could change is enough
    # A community interest company with shares would be recommended if the surplus could be paid
    # out to the members. The NHS Standard Contract is England's: no answer a Welsh group could
    # change lifts that (the reason names the rule: formadvisor reach).
    Given a group of 4 practices in Wales
    And the answers:
      | question          | answer                            |
      | purposes          | deliver_services, share_workforce |
      | asset_lock_wanted | yes                               |
      | capital_sources   | grants                            |
    And the services:
      | name                     | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Cluster pharmacy support | pharmacy_support | health_board | yes                    | yes                    | yes               |
      | Welfare advice           | other            | grant_funder | no                     | no                     | no                |
    When the policy is applied
    Then what it would take for "cic_limited_by_shares" is answering "profit_intent" with "distribute_to_members"
    And "nhs_standard_contract" for "Cluster pharmacy support" is out of reach
    And the route "nhs_standard_contract" for "Cluster pharmacy support" is excluded by rule "routes.standard_contract_is_english"
