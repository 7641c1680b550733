Feature: The recommendation in Welsh
  A Welsh cluster and its health board read formadvisor in Welsh: the rules' words come from
  their Welsh translation beside each rules file (rules/*.cy.yaml), and the recommendation is
  the same as in English, option for option.

  Scenario: A Welsh cluster employing pharmacists reads the same recommendation in Welsh
    Given a group of 4 practices in Wales
    And the answer "asset_lock_wanted" is "yes"
    And the services:
      | name        | kind             | commissioner | employs_staff_directly | staff_need_nhs_pension | non_gp_clinicians |
      | Pharmacists | pharmacy_support | health_board | yes                    | yes                    | yes               |
    When the policy is applied in Welsh
    Then the recommended form is "cic_limited_by_guarantee"
    And the route for "Pharmacists" is "apms"
    And rule "pension.wales_apms_for_employed_staff" counts for the route "apms" for "Pharmacists"
    And the headline says "cwmni buddiant cymunedol (CIC) cyfyngedig drwy warant"
    And the headline says "tua'r un mor addas i'ch atebion"
    And the headline says "rhoi'r ateb “Na”"
    And the result says "Offeryn i’ch helpu i benderfynu yw formadvisor"
    And the result does not say "fit your answers about equally well"
    And the result does not say "formadvisor is decision support"
