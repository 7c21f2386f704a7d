"""Extractor 1.27: registers grouped under supplier headings ("R: Serbia"), numbered approval entries, item headings
over indented details, a company's earnings call ("we" is the company), state-named table columns, and more. Every
document here is our own."""

from __future__ import annotations

from extract_builders import claims_of, flows

from armsledger.extract.numbers import find_numbers
from armsledger.extract.tables import find_tables

REGISTER = """Transfers of major weapons, selected deals 2021-2024
Source: SIPRI Arms Transfers Database, information generated 2 March 2025.

Supplier/       No.       Weapon             Weapon                  Year     Year(s) of   No.        Comments
recipient (R)   ordered   designation        description             of order deliveries   delivered
--------------  --------  -----------------  ----------------------  -------- ------------ ---------  ------------------
Italy
  R: Egypt      24        M-346              Trainer aircraft        2021     2023-2024    (12)       EUR 1.1 b deal
  R: Nigeria    6         AW109              Light helicopter        2022     2024         6
Japan
  R: Vietnam    4         FPS-3              Air search radar        2022     2023-2024    4          USD 100 m deal
"""


def test_a_register_grouped_by_supplier_reads_each_row_as_the_heading_states_supply(rules_extractor):
    tables = find_tables(REGISTER)
    assert len(tables) == 1
    table = tables[0]
    assert len(table.rows) == 3
    assert table.groups == ["Italy", "Italy", "Japan"]
    assert "recipient (R)" in table.columns[0].header  # the header's second line joins the first
    got = flows(claims_of(rules_extractor, REGISTER))
    assert ("transfer", "ITA", "EGY", None, "aircraft", 24, "committed") in got
    assert ("transfer", "ITA", "EGY", None, "aircraft", 12, "actual") in got
    assert ("transfer", "ITA", "EGY", None, "aircraft", 1.1e9, "committed") in got  # the comment's deal value
    assert ("transfer", "JPN", "VNM", None, "radar", 4, "committed") in got
    # the years of delivery are years, not counts
    assert not any(c.quantity and c.quantity.value in (2023, 2024) for c in claims_of(rules_extractor, REGISTER))


APPROVALS = """Federal Office for Economic Affairs
Berlin, 3 June 2025

Dear Chair,

I wish to inform you that the following applications for the export of military equipment have been approved:

1. Norway
Export of 36 air defence missiles for the Norwegian Army's short-range air defence.
Exporter: Diehl Defence GmbH & Co. KG, Ueberlingen
Value: EUR 92.5 million

2. Brazil
Export of 12 armoured recovery vehicles.
Exporter: Rheinmetall Landsysteme GmbH, Kassel
Value: EUR 61.0 million

Yours sincerely,
"""


def test_numbered_entries_give_their_heading_as_recipient_their_exporter_as_supplier_and_their_value(rules_extractor):
    got = flows(claims_of(rules_extractor, APPROVALS))
    assert ("transfer", "diehl_defence", "NOR", None, "air_defense_missile", 36, "committed") in got
    assert ("transfer", "diehl_defence", "NOR", None, "air_defense_missile", 92.5e6, "committed") in got
    assert any(f[2] == "BRA" and f[4] == "armored_vehicle" and f[5] == 12 for f in got), got


FACTSHEET = """Military support to Ukraine: what the Kingdom has delivered
Ministry of Defence of Belgium

Since 2022 Belgium has committed EUR 2.1 billion in military support to Ukraine. The figures below cover equipment
delivered to Ukraine up to 1 May 2025.

F-16 fighter aircraft
  Pledged: 30
  Delivered: 4

Stinger anti-aircraft missiles
  150 delivered (2023).

LAND

Leopard 1A5 main battle tanks: 12
Military trucks: approx. 200
"""


def test_item_headings_over_indented_details_and_item_labels_with_counts(rules_extractor):
    got = flows(claims_of(rules_extractor, FACTSHEET))
    assert ("transfer", "BEL", "UKR", None, "aircraft", 30, "committed") in got
    assert ("transfer", "BEL", "UKR", None, "aircraft", 4, "actual") in got
    assert ("transfer", "BEL", "UKR", None, "air_defense_missile", 150, "actual") in got
    assert ("transfer", "BEL", "UKR", None, "tank", 12, "actual") in got
    assert ("transfer", "BEL", "UKR", None, "vehicle", 200, "actual") in got


CALL = """Hanwha Aerospace Co., Ltd.
Q3 2025 Earnings Conference Call

Kim Ji-ho -- Head of Investor Relations
Thank you all for joining. Our CFO will begin.

Park Min-soo -- Chief Financial Officer
In the quarter we delivered 24 K9 self-propelled howitzers to Poland.
In September we signed a contract with Vietnam for 20 K9 howitzers.

Daniel Okafor -- Analyst, Morgan Stanley
Can you say more about capacity?

Lee Sang-hoon -- Executive Vice President, Land Systems
Our Changwon line can now produce about 120 howitzers a year.
"""


def test_a_company_call_speaks_for_the_company_and_we_sell_to_the_state_we_sign_with(rules_extractor):
    claims = claims_of(rules_extractor, CALL)
    got = flows(claims)
    assert ("transfer", "hanwha_aerospace", "POL", None, "artillery_system", 24, "actual") in got
    assert ("transfer", "hanwha_aerospace", "VNM", None, "artillery_system", 20, "committed") in got
    production = [c for c in claims if c.kind == "production"]
    assert production and production[0].actor == "hanwha_aerospace"
    park = next(c for c in claims if c.quantity and c.quantity.value == 24)
    assert park.source is not None and park.source.name == "Park Min-soo"


def test_a_one_off_dashed_heading_is_no_speaker(rules_extractor):
    text = (
        "Sahel Security Review — Commentary\n\nRussia delivered 12 armoured vehicles to Mali in May, officials said.\n"
    )
    claims = claims_of(rules_extractor, text)
    assert claims and all(c.source is None or c.source.name != "Sahel Security Review" for c in claims)


FIRES = """TABLE 1. Artillery rounds fired per day, average over period (tube artillery only)

Period                 Russia            Ukraine          Ratio    Source
---------------------  ----------------  ---------------  -------  ---------------------------
Jan-Mar 2024           ~10,000           ~2,000           ~5:1     Estonian Ministry of Defence
Aug 2024               44,500            14,600           ~3:1     Estonian Ministry of Defence
"""


def test_columns_named_for_states_are_those_states_figures_and_the_caption_gives_the_rate(rules_extractor):
    claims = [c for c in claims_of(rules_extractor, FIRES) if c.kind == "consumption"]
    got = {(c.actor, c.item, c.quantity.value, c.quantity.per) for c in claims if c.quantity}
    assert ("RUS", "artillery_shell", 44500, "day") in got
    assert ("UKR", "artillery_shell", 14600, "day") in got
    assert not any(c.quantity and c.quantity.value in (5, 3) for c in claims)  # the ratios are no counts


EXPORTS = """In 2024 the Czech Republic's actual exports of military material reached CZK 30.1 billion.

Table 4: Actual exports of military material in 2024 by country of destination

 Country of destination | ML1 small arms | ML3 ammunition | Total, all
                        | (pieces)       | (CZK million)  | categories
                        |                |                | (CZK million)
 -----------------------+----------------+----------------+--------------
 Ukraine                |        c       |    12 410.5    |   15 002.0
 Poland                 |    2 150       |       410.2    |    1 880.4
 Slovakia               |      640       |       301.9    |      950.1
 -----------------------+----------------+----------------+--------------
 All countries (61)     |   40 220       |    14 902.6    |   30 110.7
"""


def test_a_header_over_three_lines_space_grouped_decimals_and_a_total_over_all_buyers(rules_extractor):
    assert [(n.value, n.text) for n in find_numbers("12 410.5")] == [(12410.5, "12 410.5")]
    claims = claims_of(rules_extractor, EXPORTS)
    got = flows(claims)
    assert ("transfer", "CZE", "UKR", None, "ammunition", 12410.5e6, "actual") in got
    assert ("transfer", "CZE", "POL", None, "small_arms", 2150, "actual") in got
    assert ("transfer", "CZE", "POL", None, "military_aid", 1880.4e6, "actual") in got
    totals = [c for c in claims if c.quantity and c.quantity.value == 30110.7e6]
    assert totals and totals[0].recipient is None


def test_on_order_is_a_purchase_from_the_state_named_after_from(rules_extractor):
    got = flows(claims_of(rules_extractor, "Australia has 42 HIMARS launchers on order from the United States."))
    assert ("transfer", "USA", "AUS", None, "rocket_launcher", 42, "committed") in got


def test_a_participle_misread_as_a_verb_does_not_hide_the_recipient(rules_extractor):
    got = flows(
        claims_of(rules_extractor, "Australia has delivered 120 Bushmaster protected mobility vehicles to Ukraine.")
    )
    assert ("transfer", "AUS", "UKR", None, "armored_vehicle", 120, "actual") in got
