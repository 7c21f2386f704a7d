"""Extractor 1.31: a state agency's register of contracts by contractor, a company's table of orders by customer,
output tables with a column per producer, and a few details (a count column under a caption's currency, a sum
scaled without float noise, "Row 6" as a label, a name in capitals). Every document here is our own."""

from __future__ import annotations

from extract_builders import claims_of, flows

REGISTER = """Agencja Zakupow / Procurement Office, Ministry of National Defence (Poland)
Munition contracts concluded in 2025 (selection)

Compiled from the Office's announcements. Values in Polish zloty (PLN), gross.

| No. | Signed     | Contractor                           | Item                        | Quantity | Value             |
|-----|------------|--------------------------------------|-----------------------------|----------|-------------------|
| 1   | 2025-02-11 | Mesko S.A.                           | Piorun air-defence missiles | 800      | PLN 1,200,000,000 |
| 2   | 2025-05-20 | Consortium: Dezamet S.A., Mesko S.A. | 155 mm HE rounds            | 150,000  | PLN 4,100,000,000 |

Notes
1. Row 2 was signed by a consortium that does not divide the quantity between its members.
"""


def test_a_states_register_of_contracts_by_contractor_is_what_the_state_buys(rules_extractor):
    claims = claims_of(rules_extractor, REGISTER)
    assert {
        ("transfer", "mesko", "POL", None, "air_defense_missile", 800, "committed"),
        ("transfer", "mesko", "POL", None, "air_defense_missile", 1_200_000_000, "committed"),
        ("transfer", None, "POL", None, "artillery_shell", 150_000, "committed"),  # a consortium: no one supplier
    } <= flows(claims)
    units = {c.quantity.value: c.quantity.unit for c in claims if c.quantity}
    assert units[800] == "item"  # "Quantity" counts, whatever currency the caption gives the values
    assert units[4_100_000_000] == "pln"
    assert 2 not in units  # "Row 2" is a label


ORDERS = """Fjordline Munitions ASA (OSE: FJML)
Capital Markets Day 2025 - edited transcript

HANNE BERG: Welcome. Our order intake this year was the best in our history.

[Slide 5: "Order intake by customer, 2025"]

  Customer                          Product            Quantity   Value          Delivery
  Norway (NDMA)                     155 mm HE          120,000    NOK 3.1 bn     2026-2028
  Denmark (DALO)                    81 mm mortar        40,000    DKK 520 m      2026-2027
  Undisclosed, Middle East          120 mm tank         20,000    n/d            2027
"""


def test_a_companys_orders_by_customer(rules_extractor):
    claims = claims_of(rules_extractor, ORDERS)
    assert {
        ("transfer", "fjordline_munitions", "NOR", None, "artillery_shell", 120_000, "committed"),
        ("transfer", "fjordline_munitions", "NOR", None, "artillery_shell", 3_100_000_000, "committed"),
        ("transfer", "fjordline_munitions", "DNK", None, "mortar_round", 40_000, "committed"),
    } <= flows(claims)
    withheld = [c for c in claims if c.quantity and c.quantity.value == 20_000]
    assert withheld and all(c.recipient is None for c in withheld)  # not Denmark, the row above
    assert {c.source.name for c in claims if c.source} <= {"Hanne Berg"}


OUTPUT = """Table 1. 155 mm rounds produced, by month, 2025 (thousands of rounds)

  Month        United States   Rheinmetall   Nammo
  Jan 2025         36.0           42.0          8.5
  Feb 2025         37.5           44.0          9.0
"""


def test_a_column_headed_by_a_company_holds_that_companys_output(rules_extractor):
    got = flows(claims_of(rules_extractor, OUTPUT))
    assert ("production", None, None, "USA", "artillery_shell", 36_000, "actual") in got
    assert ("production", None, None, "rheinmetall", "artillery_shell", 42_000, "actual") in got
    assert ("production", None, None, "nammo", "artillery_shell", 9_000, "actual") in got
