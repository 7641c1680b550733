Feature: Choosing a legal form: surplus, asset lock, control, capital, charity and liability
  This encodes rules/policy/legal_form.yaml: what each organisational form allows a group of
  GP practices to do with its surplus and assets, who controls it, how it raises money,
  whether it can be a charity, and how far it limits the members' liability. Every reason
  cites the domain brief's facts (section 3), and inferences say whom to ask.

  Scenario: Members who want to take surplus out cannot use a CIC limited by guarantee or a charity
    Given a group of 8 practices in England
    And the answer "profit_intent" is "distribute_to_members"
    When the policy is applied
    Then the form "cic_limited_by_guarantee" is excluded by rule "legal_form.distribution_rules_out_locked_forms"
    And the form "charitable_incorporated_organisation" is excluded by rule "legal_form.distribution_rules_out_locked_forms"
    And rule "legal_form.distribution_rules_out_locked_forms" counts for the form "company_limited_by_shares"
    And rule "legal_form.distribution_rules_out_locked_forms" counts against the form "community_benefit_society"
    And the form "company_limited_by_shares" ranks above the form "cic_limited_by_shares"

  Scenario: Paying out surplus without an asset lock makes the CIC dividend cap a drawback
    Given a group of 8 practices in England
    And the answers:
      | question          | answer                |
      | profit_intent     | distribute_to_members |
      | asset_lock_wanted | no                    |
    When the policy is applied
    Then rule "legal_form.uncapped_distribution" counts against the form "cic_limited_by_shares"
    And there is a "capital" consideration mentioning "35% of its distributable profits"
    And the reasons cite source "P3.5"

  Scenario: Some dividends plus an asset lock point to a CIC limited by shares, capped at 35% of profits
    Given a group of 8 practices in England
    And the answers:
      | question          | answer                |
      | profit_intent     | distribute_to_members |
      | asset_lock_wanted | yes                   |
    When the policy is applied
    Then the recommended form is "cic_limited_by_shares"
    And rule "legal_form.capped_dividends_with_asset_lock" counts for the form "cic_limited_by_shares"
    And there is a "governance" consideration mentioning "35% of distributable profits"
    And rule "legal_form.uncapped_distribution" does not fire

  Scenario: A body that keeps its surplus for patients is steered to a not-for-profit form
    Given a group of 8 practices in England
    And the services:
      | name               | kind      | commissioner | employs_staff_directly |
      | Community clinics  | community | icb          | yes                    |
    When the policy is applied
    Then rule "legal_form.reinvest_surplus" counts for the form "cic_limited_by_guarantee"
    And rule "legal_form.reinvest_surplus" counts against the form "company_limited_by_shares"
    And there is a "accountability" consideration mentioning "not a money-making exercise"
    And the form "cic_limited_by_guarantee" ranks above the form "company_limited_by_shares"

  Scenario: A board-led body that keeps its surplus suits a guarantee company better than a society
    Given a group of 8 practices in England
    And the services:
      | name               | kind      | commissioner | employs_staff_directly |
      | Community clinics  | community | icb          | yes                    |
    When the policy is applied
    Then rule "legal_form.board_led_not_society" counts against the form "community_benefit_society"
    And rule "legal_form.board_led_not_society" counts against the form "cooperative_society"
    And the form "company_limited_by_guarantee" ranks above the form "community_benefit_society"
    And the form is not a tie
    And the reasons cite source "P3.14"

  Scenario: A group that wants one member one vote is not steered away from a society
    Given a group of 8 practices in England
    And the answer "member_control" is "one_member_one_vote"
    And the services:
      | name               | kind      | commissioner | employs_staff_directly |
      | Community clinics  | community | icb          | yes                    |
    When the policy is applied
    Then rule "legal_form.board_led_not_society" does not fire
    And the form "community_benefit_society" ranks above the form "company_limited_by_guarantee"

  Scenario: A binding asset lock needs a CIC, a locked community benefit society or a charity
    Given a group of 8 practices in England
    And the answer "asset_lock_wanted" is "yes"
    And the services:
      | name               | kind      | commissioner | employs_staff_directly |
      | Community clinics  | community | icb          | yes                    |
    When the policy is applied
    Then the recommended form is one of "cic_limited_by_guarantee, community_benefit_society"
    And rule "legal_form.asset_lock_wanted" counts against the form "company_limited_by_guarantee"
    And rule "legal_form.asset_lock_wanted" counts against the form "company_limited_by_shares"
    And rule "legal_form.asset_lock_wanted" counts against the form "practice_merger"
    And there is a "regulation" consideration mentioning "CIC Regulator"

  Scenario: Shares for control with the surplus locked in the business point to a CIC limited by shares
    Given a group of 20 practices in England
    And the answers:
      | question          | answer          |
      | member_control    | by_shareholding |
      | asset_lock_wanted | yes             |
    When the policy is applied
    Then rule "legal_form.shares_with_surplus_retained" counts for the form "cic_limited_by_shares"
    And rule "legal_form.shares_with_surplus_retained" counts against the form "company_limited_by_shares"
    And the form "cic_limited_by_shares" ranks above the form "company_limited_by_shares"

  Scenario: One member one vote for every practice suits a society over a share company
    Given a group of 12 practices in England
    And the answer "member_control" is "one_member_one_vote"
    When the policy is applied
    Then rule "legal_form.one_member_one_vote" counts for the form "cooperative_society"
    And rule "legal_form.one_member_one_vote" counts for the form "community_benefit_society"
    And rule "legal_form.one_member_one_vote" counts against the form "company_limited_by_shares"
    And the form "cooperative_society" ranks above the form "company_limited_by_shares"

  Scenario: Votes by shareholding and paying out surplus point to a company limited by shares
    Given a group of 12 practices in England
    And the answers:
      | question       | answer                |
      | member_control | by_shareholding       |
      | profit_intent  | distribute_to_members |
    And the services:
      | name        | kind      | commissioner | employs_staff_directly |
      | MSK service | community | icb          | yes                    |
    When the policy is applied
    Then the recommended form is "company_limited_by_shares"
    And rule "legal_form.control_by_shareholding" counts against the form "cooperative_society"
    And the recommendation is not a close call

  Scenario: Community shares are raised by a registered society, capped per member
    Given a group of 10 practices in England
    And the answer "capital_sources" is "community_shares"
    When the policy is applied
    Then the recommended form is "community_benefit_society"
    And rule "legal_form.community_shares" counts for the form "community_benefit_society"
    And there is a "capital" consideration mentioning "£100,000 per individual member"
    And rule "nations.northern_ireland_share_cap" does not fire

  Scenario: Outside investors need a company limited by shares
    Given a group of 10 practices in England
    And the answers:
      | question        | answer                |
      | capital_sources | equity_investment     |
      | profit_intent   | distribute_to_members |
    When the policy is applied
    Then rule "legal_form.equity_investment" counts for the form "company_limited_by_shares"
    And rule "legal_form.equity_investment" counts against the form "company_limited_by_guarantee"
    And rule "legal_form.equity_investment" counts against the form "cooperative_society"
    And the recommended form is "company_limited_by_shares"

  Scenario: Grant funding favours a not-for-profit body, on a rule of thumb the funder must confirm
    Given a group of 6 practices in England
    And the answer "capital_sources" is "grants"
    When the policy is applied
    Then rule "legal_form.grant_funding" counts for the form "cic_limited_by_guarantee"
    And the advice asks to seek advice from "the grant funder"

  Scenario: The grant-funding reason cites what grant funders fund, not a pension fact
    Given a group of 6 practices in England
    And the answer "capital_sources" is "grants"
    When the policy is applied
    Then rule "legal_form.grant_funding" fires
    And the reasons cite source "inference-grant-funders-not-for-profit"
    And the reasons do not cite source "P4.11"

  Scenario: A group without exclusively charitable purposes cannot be a charity
    Given a group of 6 practices in England
    When the policy is applied
    Then the form "charitable_incorporated_organisation" is excluded by rule "legal_form.charity_needs_charitable_purposes"

  Scenario: Exclusively charitable purposes favour a charity, which a CIC can never be
    Given a group of 6 practices in England
    And the answer "charitable_purposes_only" is "yes"
    When the policy is applied
    Then the form "charitable_incorporated_organisation" is not excluded
    And rule "legal_form.charitable_purposes" counts for the form "charitable_incorporated_organisation"
    And rule "legal_form.charitable_purposes" counts against the form "cic_limited_by_guarantee"
    And there is a "tax" consideration mentioning "80% mandatory business-rates relief"
    And there is a "governance" consideration from rule "legal_form.charity_public_benefit_trustees"
    And the recommended form is "charitable_incorporated_organisation"

  Scenario Outline: A charity registers with the regulator of its nation
    Given a group of 6 practices in <nation>
    And the answer "charitable_purposes_only" is "yes"
    When the policy is applied
    Then rule "<rule>" fires
    And the reasons cite source "<source>"

    Examples:
      | nation           | rule                                          | source                          |
      | England          | legal_form.charity_commission_registration    | P3.18                           |
      | Wales            | legal_form.charity_commission_registration    | P3.18                           |
      | Scotland         | nations.scotland_charity_regulator            | oscr-charity-test               |
      | Northern Ireland | nations.northern_ireland_charity_regulator    | inference-ccni-charity-regulator |

  Scenario: Supporting the member practices' businesses is private benefit that a charity cannot give
    Given a group of 6 practices in England
    And the answers:
      | question                 | answer                        |
      | charitable_purposes_only | yes                           |
      | purposes                 | back_office, share_workforce  |
    When the policy is applied
    Then rule "legal_form.charity_private_benefit" counts against the form "charitable_incorporated_organisation"
    And the advice asks to seek advice from "charity solicitor"
    And the reasons cite source "inference-gp-federation-private-benefit"

  Scenario: A charity whose services are bought by its own GP practices fails the public benefit test
    Given a group of 6 practices in England
    And the answer "charitable_purposes_only" is "yes"
    And the services:
      | name                 | kind        | commissioner     |
      | Shared practice team | back_office | member_practices |
    When the policy is applied
    Then rule "legal_form.charity_serves_member_practices" counts against the form "charitable_incorporated_organisation"
    And the form "no_new_entity" ranks above the form "charitable_incorporated_organisation"

  Scenario: A body that employs its own staff cannot be a collaboration agreement
    Given a group of 6 practices in England
    And the services:
      | name          | kind      | commissioner | employs_staff_directly |
      | Care navigators | community | icb        | yes                    |
    When the policy is applied
    Then rule "legal_form.new_body_employs_staff" counts against the form "no_new_entity"
    And there is a "employment" consideration from rule "legal_form.new_body_employs_staff"
    And rule "setup.no_new_body_needed" does not fire

  Scenario: Bidding against other providers needs limited liability, which a merged partnership lacks
    Given a group of 15 practices in England
    And the answer "open_market_bidding" is "yes"
    When the policy is applied
    Then rule "legal_form.limited_liability_needed" counts against the form "practice_merger"
    And rule "legal_form.limited_liability_needed" counts against the form "no_new_entity"
    And there is a "governance" consideration mentioning "jointly and severally liable"

  Scenario: Borrowing puts the members' money at risk, so limited liability is needed
    Given a group of 6 practices in England
    And the answer "capital_sources" is "loans"
    When the policy is applied
    Then rule "legal_form.limited_liability_needed" counts against the form "practice_merger"

  Scenario: A group with little appetite for risk should not merge into one unlimited partnership
    Given a group of 4 practices in England
    And the answer "risk_appetite" is "low"
    When the policy is applied
    Then rule "legal_form.merger_unlimited_liability" counts against the form "practice_merger"
    And the reasons cite source "inference-partners-unlimited-liability"
    And the reasons do not cite source "P3.11"

  Scenario: A merger needs every practice, while other forms can start with the willing
    Given a group of 7 practices in England
    And the answer "all_practices_committed" is "no"
    When the policy is applied
    Then rule "legal_form.not_all_practices_committed" counts against the form "practice_merger"

  Scenario: High public accountability favours a community form over a share company
    Given a group of 20 practices in England
    And the answer "public_accountability" is "high"
    When the policy is applied
    Then rule "legal_form.public_accountability_high" counts for the form "community_benefit_society"
    And rule "legal_form.public_accountability_high" counts against the form "company_limited_by_shares"
    And there is a "accountability" consideration mentioning "CIC34"
    And the form "foundation_trust_hosted" is excluded by rule "eligibility.trust_hosting_needs_willing_trust"

  Scenario: A group that commissions and provides needs conflict-of-interest handling and an asset-locked form
    Given a group of 40 practices in England
    And the answer "purposes" is "commission_services, deliver_services"
    When the policy is applied
    Then rule "legal_form.commissioning_and_providing" counts for the form "cic_limited_by_guarantee"
    And the advice asks to seek advice from "procurement solicitor"

  Scenario: A new body is told who registers and regulates each form
    Given a group of 10 practices in England
    And the answer "open_market_bidding" is "yes"
    When the policy is applied
    Then there is a "regulation" consideration from rule "legal_form.who_regulates"
    And there is a "regulation" consideration mentioning "FCA"

  Scenario: A group that needs no new body is not told about registrars
    Given a group of 3 practices in England
    And the answer "purposes" is "back_office"
    When the policy is applied
    Then rule "setup.no_new_body_needed" fires
    And rule "legal_form.who_regulates" does not fire

  Scenario: A charity occupying premises gains 80% mandatory rates relief that a CIC cannot get
    Given a group of 6 practices in England
    And the answers:
      | question                 | answer           |
      | purposes                 | deliver_services, estates |
      | charitable_purposes_only | yes              |
    When the policy is applied
    Then rule "tax.charity_premises" counts for the form "charitable_incorporated_organisation"
    And there is a "tax" consideration from rule "tax.premises_rates_relief"
    And there is a "tax" consideration mentioning "only discretionary relief"
    And the recommended form is "charitable_incorporated_organisation"

  Scenario Outline: A society needs at least three members, so fewer practices cannot form one
    Given a group of <count> practices in England
    And the answer "member_control" is "one_member_one_vote"
    When the policy is applied
    Then the form "cooperative_society" is excluded by rule "eligibility.society_needs_three_members"
    And the form "community_benefit_society" is excluded by rule "eligibility.society_needs_three_members"

    Examples:
      | count |
      | 1     |
      | 2     |

  Scenario: Three practices can be the three members a society needs
    Given a group of 3 practices in England
    And the answer "member_control" is "one_member_one_vote"
    When the policy is applied
    Then the form "cooperative_society" is not excluded
    And rule "eligibility.society_needs_three_members" does not fire

  Scenario: One practice leaving a merger cannot form a society on its own
    Given a group of 1 practice in Scotland
    And the answers:
      | question                           | answer              |
      | core_contracts_stay_with_practices | no                  |
      | member_control                     | one_member_one_vote |
    When the policy is applied
    Then the form "cooperative_society" is excluded by rule "eligibility.society_needs_three_members"
    And the form "community_benefit_society" is excluded by rule "eligibility.society_needs_three_members"

  Scenario: A federation that reinvests its surplus but wants no asset lock is not steered to a CIC
    Reinvesting surplus is not wanting a statutory lock (P3.4, P3.7): a company's members can
    keep surplus in the business by choice, and a CIC's lock, dividend cap and yearly report
    (P3.3, P3.5) are constraints nobody asked for.
    Given a group of 20 practices in England
    And the answers:
      | question          | answer                              |
      | purposes          | deliver_services, bid_for_contracts |
      | profit_intent     | reinvest                            |
      | asset_lock_wanted | no                                  |
      | member_control    | by_shareholding                     |
    And the services:
      | name              | kind      | commissioner | employs_staff_directly |
      | Community clinics | community | icb          | yes                    |
    When the policy is applied
    Then the recommended form is one of "company_limited_by_guarantee, company_limited_by_shares"
    And rule "legal_form.no_asset_lock_wanted" counts against the form "cic_limited_by_shares"
    And rule "legal_form.no_asset_lock_wanted" counts against the form "cic_limited_by_guarantee"
    And rule "legal_form.shares_with_surplus_retained" does not fire
    And the form "company_limited_by_shares" ranks above the form "cic_limited_by_shares"
