Feature: Real groups of practices and what they chose
  Each scenario is one of the case studies in the domain brief (case-studies.md), answered as
  that group would answer the questionnaire. The policy must recommend what worked for them
  for the reasons they gave: the scenarios check the rules that count for the winner, not
  just the winner. Surrey's merger into a larger commercial provider is not an option the
  policy ranks; the scenario shows what it says for a co-operative wanting scale to compete.

  Scenario: South Powys — a Welsh cluster employing pharmacists with NHS pensions sets up a CIC holding APMS
    Given a group of 4 practices in Wales
    And the answers:
      | question                | answer                            |
      | purposes                | deliver_services, share_workforce |
      | asset_lock_wanted       | yes                               |
      | capital_sources         | grants                            |
      | all_practices_committed | no                                |
    And the services:
      | name                | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Pharmacy support    | pharmacy_support | health_board | yes                    | yes                    | yes               |
      | Wellbeing clinics   | other            | health_board | no                     | no                     | yes               |
      | Welfare advice      | other            | grant_funder | no                     | no                     | no                |
    When the policy is applied
    Then the recommended form is "cic_limited_by_guarantee"
    And rule "nations.wales_cic_holding_apms" counts for the form "cic_limited_by_guarantee"
    And rule "legal_form.reinvest_surplus" counts for the form "cic_limited_by_guarantee"
    And rule "legal_form.asset_lock_wanted" counts for the form "cic_limited_by_guarantee"
    And rule "legal_form.not_all_practices_committed" counts against the form "practice_merger"
    And the route for "Pharmacy support" is "apms"
    And rule "pension.wales_apms_for_employed_staff" counts for the route "apms" for "Pharmacy support"
    And the route "sla" for "Pharmacy support" is excluded by rule "pension.sla_or_grant_gives_no_pension"
    And the route for "Wellbeing clinics" is "sla"
    And the route for "Welfare advice" is "grant_agreement"
    And there is a "indemnity" consideration from rule "indemnity.wales_non_gp_staff_under_sla"
    And the recommendation is not a close call
    And the lead does not rest on an unsourced fact

  Scenario: Northamptonshire — a commissioning group keeping its shares becomes a CIC so the money stays in the business
    Given a group of 76 practices in England
    And the answers:
      | question              | answer              |
      | registered_population | 650000              |
      | purposes              | commission_services |
      | member_control        | by_shareholding     |
      | asset_lock_wanted     | yes                 |
    And the services:
      | name                       | kind        | commissioner     | employs_staff_directly |
      | Commissioning support team | back_office | member_practices | yes                    |
    When the policy is applied
    Then the recommended form is "cic_limited_by_shares"
    And rule "legal_form.shares_with_surplus_retained" counts for the form "cic_limited_by_shares"
    And rule "legal_form.shares_with_surplus_retained" counts against the form "company_limited_by_shares"
    And rule "legal_form.control_by_shareholding" counts for the form "cic_limited_by_shares"
    And rule "legal_form.reinvest_surplus" counts against the form "company_limited_by_shares"
    And the form "cic_limited_by_shares" ranks above the form "company_limited_by_shares"
    And there is a "accountability" consideration mentioning "not a money-making exercise"
    And the recommendation is not a close call

  Scenario: South Nottinghamshire — a democratic mutual with surplus for the community is a community benefit society
    Given a group of 12 practices in England
    And the answers:
      | question              | answer                                |
      | purposes              | commission_services, deliver_services |
      | asset_lock_wanted     | yes                                   |
      | member_control        | one_member_one_vote                   |
      | public_accountability | high                                  |
    When the policy is applied
    Then the recommended form is one of "community_benefit_society, cooperative_society, cic_limited_by_guarantee"
    And the recommended form is "community_benefit_society"
    And rule "legal_form.one_member_one_vote" counts for the form "community_benefit_society"
    And rule "legal_form.asset_lock_wanted" counts for the form "community_benefit_society"
    And rule "legal_form.reinvest_surplus" counts for the form "community_benefit_society"
    And rule "legal_form.commissioning_and_providing" counts for the form "community_benefit_society"
    And rule "legal_form.asset_lock_wanted" counts against the form "cooperative_society"
    And the form "community_benefit_society" ranks above the form "company_limited_by_shares"

  Scenario: South Warwickshire — a willing foundation trust and high public accountability make the trust the lead provider
    Given a group of 30 practices in England
    And the answers:
      | question                  | answer                          |
      | purposes                  | deliver_services, integrated_care |
      | nhs_trust_partner_willing | yes                             |
      | public_accountability     | high                            |
    And the services:
      | name              | kind      | commissioner |
      | Community services | community | nhs_trust   |
    When the policy is applied
    Then the recommended form is "foundation_trust_hosted"
    And rule "eligibility.trust_as_lead_provider" counts for the form "foundation_trust_hosted"
    And rule "legal_form.public_accountability_high" counts for the form "foundation_trust_hosted"
    And rule "tax.trust_joint_venture" counts for the form "foundation_trust_hosted"
    And the route for "Community services" is "subcontract"
    And there is a "accountability" consideration mentioning "elected"
    And the recommendation is not a close call
    And the lead does not rest on an unsourced fact
    # Without the trust, a collaboration agreement ties with a CIC and a community benefit
    # society (the society no longer leads: the group is board-led, and societies are normally
    # one member one vote, P3.14); the simplest is listed first.
    And answering "nhs_trust_partner_willing" with "no" would make the recommended form "no_new_entity"

  Scenario: Surrey — an out-of-hours co-operative seeking scale to compete and invest is steered to a share company
    Given a group of 60 practices in England
    And the answers:
      | question            | answer                              |
      | purposes            | deliver_services, bid_for_contracts |
      | profit_intent       | distribute_to_members               |
      | member_control      | one_member_one_vote                 |
      | open_market_bidding | yes                                 |
      | capital_sources     | equity_investment, loans            |
    And the services:
      | name             | kind        | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Out-of-hours care | urgent_care | icb          | yes                    | yes                    | yes               |
    When the policy is applied
    Then the recommended form is "company_limited_by_shares"
    And the form "company_limited_by_shares" ranks above the form "cooperative_society"
    And rule "legal_form.equity_investment" counts for the form "company_limited_by_shares"
    And rule "legal_form.equity_investment" counts against the form "cooperative_society"
    And rule "legal_form.one_member_one_vote" counts for the form "cooperative_society"
    And rule "legal_form.limited_liability_needed" counts against the form "practice_merger"
    And there is a "capital" consideration mentioning "Guarantee companies and charities have no shares to sell"
    And the recommendation is not a close call

  Scenario: Winsford — five practices not all committed work as a coalition of the willing with no new body
    Given a group of 5 practices in England
    And the answers:
      | question                | answer                           |
      | registered_population   | 40000                            |
      | purposes                | deliver_services, integrated_care |
      | all_practices_committed | no                               |
    And the services:
      | name                  | kind      | commissioner |
      | Locality physiotherapy | community | nhs_trust   |
    When the policy is applied
    Then the recommended form is "no_new_entity"
    And rule "setup.no_new_body_needed" counts for the form "no_new_entity"
    And rule "setup.coalition_of_the_willing" counts for the form "no_new_entity"
    And rule "legal_form.not_all_practices_committed" counts against the form "practice_merger"
    And the form "no_new_entity" ranks above the form "practice_merger"
    And there is a "setup" consideration mentioning "coalition of the willing"
    And the recommendation is not a close call
