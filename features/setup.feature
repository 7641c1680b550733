Feature: Setting up: whether a new body is needed, what it costs and how long it takes
  This encodes rules/policy/setup.yaml: a group that will not employ staff, hold contracts or
  share risk needs no new body; when speed or cost matter most the simpler forms gain; the
  registration fees shown are those in force from 1 May 2024 (never the older £12 or £27);
  and a CIC's yearly community interest report is part of its running cost.

  Scenario: A group that will not employ, hold contracts or take risk needs no new body
    Given a group of 3 practices in England
    And the answer "purposes" is "back_office"
    When the policy is applied
    Then the recommended form is "no_new_entity"
    And rule "setup.no_new_body_needed" counts for the form "no_new_entity"
    And there is a "setup" consideration mentioning "Not every collaboration needs a new legal form"

  Scenario: When starting quickly matters most, forms needing a regulator's approval lose ground
    Given a group of 6 practices in England
    And the answer "priority" is "speed"
    And the services:
      | name            | kind      | commissioner | employs_staff_directly |
      | Care navigators | community | icb          | yes                    |
    When the policy is applied
    Then rule "setup.priority_speed" counts against the form "cic_limited_by_guarantee"
    And rule "setup.priority_speed" counts against the form "charitable_incorporated_organisation"
    And rule "setup.priority_speed" counts for the form "no_new_entity"
    And there is a "setup" consideration mentioning "15 working days"
    And rule "setup.merger_needs_commissioner_consent" counts against the form "practice_merger"
    And the advice asks to seek advice from "commissioner or LMC"

  Scenario: When set-up cost matters most, a collaboration agreement or a plain company is cheapest
    Given a group of 6 practices in England
    And the answer "priority" is "low_cost"
    And the services:
      | name            | kind      | commissioner | employs_staff_directly |
      | Care navigators | community | icb          | yes                    |
    When the policy is applied
    Then rule "setup.priority_low_cost" counts against the form "cic_limited_by_guarantee"
    And rule "setup.priority_low_cost" counts against the form "community_benefit_society"
    And there is a "setup" consideration mentioning "£50"
    And rule "setup.yearly_filings" fires
    And the advice asks to seek advice from "Companies House"
    And the advice asks to seek advice from "FCA"

  Scenario: Balancing speed and cost leaves the set-up priority out of the scores
    Given a group of 6 practices in England
    When the policy is applied
    Then rule "setup.priority_speed" does not fire
    And rule "setup.priority_low_cost" does not fire

  Scenario: Little time to start counts against registering a charity
    Given a group of 6 practices in England
    And the answer "months_to_start" is "2"
    When the policy is applied
    Then rule "setup.quick_or_cheap_start" counts against the form "charitable_incorporated_organisation"
    And rule "setup.quick_or_cheap_start" counts for the form "no_new_entity"

  Scenario: A small set-up budget counts against societies
    Given a group of 6 practices in England
    And the answer "setup_budget_gbp" is "500"
    When the policy is applied
    Then rule "setup.quick_or_cheap_start" counts against the form "community_benefit_society"

  Scenario: Registration fees are those in force from 1 May 2024
    Given a group of 6 practices in England
    When the policy is applied
    Then there is a "setup" consideration from rule "setup.registration_fees"
    And there is a "setup" consideration mentioning "£65"
    And the reasons cite source "P3.1"
    And the reasons cite source "P3.2"

  Scenario: Before 1 May 2024 the current fees are not shown
    Given a group of 6 practices in England
    When the policy is applied as of "2024-04-30"
    Then rule "setup.registration_fees" does not fire
    And rule "setup.no_new_body_needed" fires

  Scenario: A CIC files a community interest report every year
    Given a group of 6 practices in England
    And the answer "asset_lock_wanted" is "yes"
    When the policy is applied
    Then there is a "regulation" consideration from rule "setup.cic_yearly_report"
    And there is a "regulation" consideration mentioning "no small-company exemption"

  Scenario: Practices not all committed and needing no body start as a coalition of the willing
    Given a group of 5 practices in England
    And the answer "all_practices_committed" is "no"
    When the policy is applied
    Then the recommended form is "no_new_entity"
    And rule "setup.coalition_of_the_willing" counts for the form "no_new_entity"
    And there is a "setup" consideration mentioning "coalition of the willing"
    And the recommendation is not a close call

  Scenario: A new English body employing clinicians must register with the CQC first, and insure as an employer
    Given a group of 6 practices in England
    And the services:
      | name              | kind      | commissioner | employs_staff_directly | non_gp_clinicians |
      | Community clinics | community | icb          | yes                    | yes               |
    When the policy is applied
    Then there is a "regulation" consideration from rule "setup.cqc_registration_england"
    And there is a "regulation" consideration mentioning "up to 8 weeks"
    And the reasons cite source "cqc-register-new-provider"
    And there is a "employment" consideration from rule "setup.new_employer_insurance"
    And the reasons cite source "employers-liability-insurance"
    And rule "setup.care_regulator_outside_england" does not fire

  Scenario: A new Scottish body employing clinicians checks with its own care regulator, and insures as an employer
    Given a group of 6 practices in Scotland
    And the services:
      | name              | kind      | commissioner | employs_staff_directly | non_gp_clinicians |
      | Community clinics | community | health_board | yes                    | yes               |
    When the policy is applied
    Then rule "setup.cqc_registration_england" does not fire
    And the advice asks to seek advice from "Healthcare Improvement Scotland"
    And there is a "employment" consideration from rule "setup.new_employer_insurance"
    And the reasons cite source "employers-liability-insurance"
    And the reasons do not cite source "P2.4"

  Scenario: A new Northern Irish employer is pointed to Northern Ireland's own employers' liability law
    Given a group of 18 practices in Northern Ireland
    And the services:
      | name           | kind  | commissioner | employs_staff_directly |
      | Federation hub | other | health_board | yes                    |
    When the policy is applied
    Then there is a "employment" consideration from rule "setup.new_employer_insurance"
    And the reasons cite source "inference-ni-employers-liability"
    And the reasons do not cite source "employers-liability-insurance"

  Scenario: A small group of about 40,000 patients is told a new body may not be worth its overhead
    Given a group of 5 practices in England
    And the answers:
      | question              | answer         |
      | registered_population | 40000          |
      | purposes              | share_workforce |
    When the policy is applied
    Then rule "setup.small_population_no_new_body" counts for the form "no_new_entity"
    And there is a "setup" consideration mentioning "Winsford"
    And the recommended form is "no_new_entity"

  Scenario: A large group is not told it is too small for a new body
    Given a group of 76 practices in England
    And the answer "registered_population" is "650000"
    When the policy is applied
    Then rule "setup.small_population_no_new_body" does not fire

  Scenario: A new body that must start within 2 months cannot count on an NHS contract in time
    Given a group of 10 practices in England
    And the answer "months_to_start" is "2"
    And the services:
      | name              | kind      | commissioner | employs_staff_directly |
      | Community clinics | community | icb          | yes                    |
    When the policy is applied
    Then rule "procurement.short_time_to_first_contract" counts against the form "cic_limited_by_guarantee"
    And rule "procurement.short_time_to_first_contract" counts against the form "company_limited_by_shares"
    And the advice asks to seek advice from "procurement lead"
    And the reasons cite source "P4.7"
    And the reasons do not cite source "P4.8"

  Scenario: Bidding on the open market warns of bid costs and market risk
    Given a group of 20 practices in England
    And the answer "open_market_bidding" is "yes"
    When the policy is applied
    Then there is a "procurement" consideration from rule "procurement.bid_cost_and_market_risk"
    And there is a "procurement" consideration mentioning "bid writer"
