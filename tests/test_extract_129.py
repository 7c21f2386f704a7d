"""Extractor 1.29: tables of a state's programmes by supplier, holdings tables of one country, contracts with one
company, semicolon-separated rows with a unit column. Every document here is our own."""

from __future__ import annotations

from extract_builders import claims_of, flows

from armsledger.extract.tables import find_tables

PROGRAMMES = """MINISTRY OF NATIONAL DEFENCE – BULGARIA
Report on the activity of the Ministry in 2024

Table 3 – Stage of the main programmes

No. | Programme / product                  | Supplier        | Ordered | Delivered | Remaining | Contract value
----+--------------------------------------+-----------------+---------+-----------+-----------+----------------
 1  | Stryker armoured vehicle             | USA (FMS)       |     183 |        90 |        93 | 1,250 mil. USD
 2  | Patriot surface-to-air missile system | USA (FMS)       |       2 |         2 |         0 | 900 mil. EUR

Notes: (1) In 2024 one vehicle was given to Ukraine.
"""


def test_a_states_table_of_programmes_by_supplier_is_what_the_state_buys(rules_extractor):
    claims = claims_of(rules_extractor, PROGRAMMES)
    got = flows(claims)
    assert ("transfer", "USA", "BGR", None, "armored_vehicle", 183, "committed") in got
    assert ("transfer", "USA", "BGR", None, "armored_vehicle", 90, "actual") in got
    assert ("transfer", "USA", "BGR", None, "armored_vehicle", 93, "target") in got  # "Remaining"
    assert ("transfer", "USA", "BGR", None, "air_defense_system", 2, "committed") in got
    units = {c.quantity.value: c.quantity.unit for c in claims if c.quantity}
    assert units[900_000_000] == "eur"  # the cell's own currency after its figure
    assert 0 not in units  # "Remaining: 0" is nothing


HOLDINGS = """FORCES DATABOOK 2025                                    Country file: HUNGARY
Land forces: equipment holdings (selected)

Type                           Origin      In service   In storage   On order
-----------------------------  ----------  -----------  -----------  ---------
  Leopard 2A7HU                DEU                 44            –          10
  Lynx KF41                    DEU                 46            –         172
"""


def test_a_holdings_table_is_the_countrys_and_its_origin_column_the_seller_of_what_is_on_order(rules_extractor):
    got = flows(claims_of(rules_extractor, HOLDINGS))
    assert ("stockpile", None, None, "HUN", "tank", 44, "actual") in got
    assert ("transfer", "DEU", "HUN", None, "tank", 10, "committed") in got
    assert not any(kind == "stockpile" and actor == "DEU" for kind, _, _, actor, *_ in got)


CONTRACTS = """Armament Agency, Ministry of National Defence
Contracts with Hanwha Aerospace Co., Ltd. (Republic of Korea)

| No. | Date       | Contract                     | Item                          | Quantity | Value       | Delivery  |
|-----|------------|------------------------------|-------------------------------|----------|-------------|-----------|
| 1   | 2022-08-26 | Executive contract EC-1 (K9) | K9A1 self-propelled howitzers | 212      | USD 2.4 bn  | 2022-2026 |
| 2   | 2023-06-15 | Annex 1 to EC-1 (K9)         | K9A1 self-propelled howitzers | 6        | USD 41 m    | 2023      |
| 3   | 2024-10-09 | Annex 2 to EC-1 (K239)       | -                             | -        | -           | -         |

Poland's Armament Agency publishes the list quarterly.
"""


def test_contracts_with_a_company_are_its_sales_and_years_of_delivery_no_counts(rules_extractor):
    claims = claims_of(rules_extractor, CONTRACTS)
    got = flows(claims)
    assert ("transfer", "hanwha_aerospace", "POL", None, "artillery_system", 212, "committed") in got
    assert ("transfer", "hanwha_aerospace", "POL", None, "artillery_system", 6, "committed") in got
    values = {c.quantity.value for c in claims if c.quantity}
    assert not values & {1, 2, 2022, 2023}  # the contract's name and the years of delivery hold no counts


SHIPMENTS = """Hi Tom,

below are the new rows, semicolon separated, paste straight into the import tab.

date;from;to;item;qty;unit;status;source
2024-11-15;USA;TWN;M142 HIMARS launchers;11;item;delivered;Taiwan MND
2024-06-20;SRB;UKR;artillery ammunition;800000000;EUR;delivered;Financial Times
2025-07-16;IRN;houthis;missile components;750;t;seized;CENTCOM

Thanks, Jana
"""


def test_semicolon_separated_rows_are_a_table_and_a_unit_column_says_what_a_figure_counts(rules_extractor):
    assert len(find_tables(SHIPMENTS)) == 1
    claims = claims_of(rules_extractor, SHIPMENTS)
    got = {(c.supplier, c.recipient, c.quantity.value, c.quantity.unit) for c in claims if c.quantity}
    assert ("USA", "TWN", 11, "item") in got
    assert ("SRB", "UKR", 800_000_000, "eur") in got
    assert ("IRN", "houthis", 750, "tonne") in got
