Feature: Tax and VAT for the organisation and its services
  Care the organisation itself provides through registered health professionals is exempt from
  VAT, but supplying staff whose work the practices direct is standard-rated at 20%, which the
  VAT-exempt practices cannot recover. Joint employment, the cost-sharing exemption (exact cost,
  members all exempt, UK, health and welfare) or providing the clinical service itself avoid it.
  PCN clinical director and management fees are standard-rated. Companies and CICs pay
  corporation tax; charities get reliefs and 80% mandatory rates relief; trading only with
  members may be mutual. These scenarios encode rules/policy/tax_vat.yaml (facts.md sections 3
  and 5, rule candidates C26-C30 and E36-E40).

  Scenario: Sharing staff across practices risks irrecoverable VAT on a supply of staff
    Given a group of 6 practices in England
    And the answer "purposes" is "deliver_services, share_workforce"
    When the policy is applied
    Then there is a "vat" consideration from rule "vat.supply_of_staff"
    And there is a "vat" consideration mentioning "joint employment"
    And the advice asks to seek advice from "a VAT adviser"

  Scenario Outline: A service that only supplies staff is standard-rated, in every nation
    Given a group of 6 practices in <nation>
    And the services:
      | name       | kind  | commissioner     | employs_staff_directly | supply_of_staff_only |
      | Nurse bank | other | member_practices | yes                    | yes                  |
    When the policy is applied
    Then there is a "vat" consideration from rule "vat.staff_supply_service"
    And there is a "vat" consideration mentioning "standard-rated (20%)"
    And there is a "vat" consideration from rule "vat.cost_sharing_conditions"
    And rule "vat.exempt_medical_care_service" does not fire
    And the reasons cite source "P3.24-vat-threshold"

    Examples:
      | nation           |
      | England          |
      | Wales            |
      | Scotland         |
      | Northern Ireland |

  Scenario: Clinical care the body itself provides and directs is exempt medical care
    Given a group of 6 practices in Wales
    And the services:
      | name                     | kind             | commissioner | employs_staff_directly | non_gp_clinicians | supply_of_staff_only |
      | Cluster pharmacy support | pharmacy_support | health_board | yes                    | yes               | no                   |
    When the policy is applied
    Then there is a "vat" consideration from rule "vat.exempt_medical_care_service"
    And there is a "vat" consideration mentioning "Medacy"
    And rule "vat.staff_supply_service" does not fire

  Scenario: Non-clinical work the body does with its own staff is not exempt medical care
    Given a group of 4 practices in Wales
    And the services:
      | name           | kind  | commissioner | employs_staff_directly | non_gp_clinicians |
      | Welfare advice | other | grant_funder | yes                    | no                |
    When the policy is applied
    Then rule "vat.exempt_medical_care_service" does not fire
    And rule "vat.staff_supply_service" does not fire

  Scenario: Back-office sharing suits the cost-sharing exemption or no new body at all
    Given a group of 3 practices in England
    And the answer "purposes" is "back_office"
    And the services:
      | name           | kind        | commissioner     |
      | Shared payroll | back_office | member_practices |
    When the policy is applied
    Then rule "vat.back_office_cost_sharing" counts for the form "no_new_entity"
    And there is a "vat" consideration from rule "vat.cost_sharing_conditions"
    And there is a "vat" consideration mentioning "exact cost"
    And the advice asks to seek advice from "15% tolerance"
    And the reasons cite source "P3.25"

  Scenario: Trading only with members at cost may be free of corporation tax, without an asset lock
    Given a group of 3 practices in England
    And the answer "purposes" is "back_office"
    When the policy is applied
    Then rule "tax.mutual_trading" counts for the form "company_limited_by_guarantee"
    And rule "tax.mutual_trading" counts for the form "cooperative_society"
    And the advice asks to seek advice from "a tax adviser"

  Scenario: An asset-locked body does not get the mutual trading exemption
    Given a group of 3 practices in England
    And the answers:
      | question          | answer      |
      | purposes          | back_office |
      | asset_lock_wanted | yes         |
    When the policy is applied
    Then rule "tax.mutual_trading" does not fire

  Scenario: Paying out profits does not fit the cost-sharing exemption, and an LLP is taxed as partners
    Given a group of 8 practices in England
    And the answers:
      | question      | answer                       |
      | purposes      | back_office, share_workforce |
      | profit_intent | distribute_to_members        |
    When the policy is applied
    Then there is a "vat" consideration from rule "vat.cost_sharing_needs_exact_cost"
    And there is a "tax" consideration from rule "tax.llp_transparency"
    And the advice asks to seek advice from "an accountant"

  Scenario: PCN clinical director and management fees are standard-rated
    Given a group of 7 practices in England
    And the answer "pcn_staff_for_practices" is "yes"
    When the policy is applied
    Then there is a "vat" consideration from rule "vat.management_and_start_up_income"
    And there is a "vat" consideration mentioning "clinical director"
    And the reasons cite source "P3.26"

  Scenario: A body that trades pays corporation tax unless it is a charity or a foundation trust
    Given a group of 4 practices in Wales
    When the policy is applied
    Then there is a "tax" consideration from rule "tax.corporation_tax_by_form"
    And the reasons cite source "P3.6-cic-corporation-tax"
    And the lead does not rest on an unsourced fact

  Scenario: A charity's premises gain 80% mandatory rates relief
    Given a group of 10 practices in England
    And the answers:
      | question                 | answer                    |
      | purposes                 | deliver_services, estates |
      | charitable_purposes_only | yes                       |
    When the policy is applied
    Then rule "tax.charity_premises" counts for the form "charitable_incorporated_organisation"
    And there is a "tax" consideration from rule "tax.premises_rates_relief"
    And there is a "tax" consideration from rule "tax.charitable_reliefs"
    And there is a "tax" consideration mentioning "Gift Aid"
    And rule "tax.rates_relief_outside_england" does not fire

  Scenario Outline: Outside England the rates reliefs need checking with the council
    Given a group of 10 practices in <nation>
    And the answer "purposes" is "deliver_services, estates"
    When the policy is applied
    Then there is a "tax" consideration from rule "tax.rates_relief_outside_england"
    And the lead does not rest on an unsourced fact
    And the advice asks to seek advice from "business rates"

    Examples:
      | nation           |
      | Wales            |
      | Scotland         |
      | Northern Ireland |

  Scenario: A joint venture with a foundation trust loses the trust's tax position
    Given a group of 12 practices in England
    And the answer "nhs_trust_partner_willing" is "yes"
    When the policy is applied
    Then rule "tax.trust_joint_venture" counts for the form "foundation_trust_hosted"
    And there is a "tax" consideration mentioning "subsidiary or joint venture"
    And the reasons cite source "P5.5"

  Scenario: Any new body delivering services is warned that start-up funding may carry VAT
    Given a group of 5 practices in Wales
    And the services:
      | name          | kind             | commissioner | employs_staff_directly |
      | Cluster hub   | pharmacy_support | health_board | yes                    |
    When the policy is applied
    Then there is a "vat" consideration from rule "vat.management_and_start_up_income"
    And there is a "vat" consideration mentioning "first months' running costs"
    And the advice asks to seek advice from "a VAT adviser"
    And the reasons cite source "P3.26"

  Scenario: Members who want to be taxed as partners, with the contracts staying with the practices, are pointed to an LLP
    Given a group of 8 practices in England
    And the answers:
      | question          | answer                |
      | profit_intent     | distribute_to_members |
      | taxed_as_partners | yes                   |
    When the policy is applied
    Then the recommended form is "llp"
    And rule "legal_form.taxed_as_partners" counts for the form "llp"
    And there is a "tax" consideration mentioning "salaried-member rules"
    And the reasons cite source "P3.10-salaried-members"

  Scenario Outline: LLP taxation is not explained where an LLP cannot hold the practices' contracts
    Given a group of 3 practices in <nation>
    And the answers:
      | question                           | answer                |
      | profit_intent                      | distribute_to_members |
      | core_contracts_stay_with_practices | no                    |
    When the policy is applied
    Then the form "llp" is excluded
    And rule "tax.llp_transparency" does not fire

    Examples:
      | nation  |
      | England |
      | Wales   |

  Scenario: In Scotland an LLP may hold GMS, so its taxation is still explained
    Given a group of 3 practices in Scotland
    And the answers:
      | question                           | answer                |
      | profit_intent                      | distribute_to_members |
      | core_contracts_stay_with_practices | no                    |
    When the policy is applied
    Then the form "llp" is not excluded
    And rule "tax.llp_transparency" fires
