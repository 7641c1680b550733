Feature: A group whose practices answer for themselves

  The organiser gives the group's facts; each practice answers the questions of opinion. The
  group's answer to each is the one most practices gave (rules/groups.yaml), and a split matters
  only when another practice's answer, given for the group, changes the recommendation.

  Background:
    Given a group of 3 practices in Wales
    And the answers:
      | question | answer                            |
      | purposes | deliver_services, share_workforce |
    And the services:
      | name                     | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Cluster pharmacy support | pharmacy_support | health_board | yes                    | yes                    | yes               |

  Scenario: Two practices keep the surplus, one would pay it out: that split matters, the risk split does not
    Given the practice "Brecon" answers:
      | question          | answer   |
      | profit_intent     | reinvest |
      | asset_lock_wanted | yes      |
      | risk_appetite     | low      |
    And the practice "Crickhowell" answers:
      | question          | answer   |
      | profit_intent     | reinvest |
      | asset_lock_wanted | yes      |
      | risk_appetite     | medium   |
    And the practice "Talgarth" answers:
      | question          | answer                |
      | profit_intent     | distribute_to_members |
      | asset_lock_wanted | no                    |
      | risk_appetite     | high                  |
    When the practices' answers are combined
    Then the group's answer to "profit_intent" is "reinvest"
    And the group's answer to "risk_appetite" is "medium"
    And the split on "profit_intent" changes the recommendation
    And the split on "risk_appetite" does not change the recommendation
    And the recommended form is "cic_limited_by_guarantee"
    And the route for "Cluster pharmacy support" is "apms"
