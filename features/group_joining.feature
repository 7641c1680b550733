Feature: A split on which services the practices would join

  Each practice says which services it would join; a service runs when at least half would join
  it (rules/groups.yaml). A split on joining matters only when running the service the other way
  (left out if it runs, run if it does not) changes the form or another service's route: the
  service's own route coming or going is what the split is about.

  Background:
    Given a group of 3 practices in England
    And the answers:
      | question                           | answer      |
      | purposes                           | back_office |
      | core_contracts_stay_with_practices | yes         |
      | open_market_bidding                | no          |

  Scenario: Whether a nurse team the new body would employ runs decides the form; a grant-funded service does not
    Given the services:
      | name                  | kind        | commissioner     | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Shared payroll and HR | back_office | member_practices | no                     | no                     | no                |
      | Shared nurse team     | community   | icb              | yes                    | no                     | yes               |
      | Welfare advice        | other       | grant_funder     | no                     | no                     | no                |
    And the practice "Elm" answers:
      | question          | answer                                                  |
      | profit_intent     | reinvest                                                |
      | asset_lock_wanted | no                                                      |
      | services_joined   | Shared payroll and HR, Shared nurse team, Welfare advice |
    And the practice "Fir" answers:
      | question          | answer                                |
      | profit_intent     | reinvest                              |
      | asset_lock_wanted | no                                    |
      | services_joined   | Shared payroll and HR, Welfare advice |
    And the practice "Gorse" answers:
      | question          | answer                |
      | profit_intent     | reinvest              |
      | asset_lock_wanted | no                    |
      | services_joined   | Shared payroll and HR |
    When the practices' answers are combined
    Then the recommended form is "no_new_entity"
    And the split on joining "Shared nurse team" changes the recommendation
    And the split on joining "Welfare advice" does not change the recommendation
