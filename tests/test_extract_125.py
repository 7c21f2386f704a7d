"""Extractor 1.25: tables whose first column numbers the rows, captions of deliveries "from the stocks of" an army,
pipe rows with cells that span columns, "Low | High" columns as one range, counts "(thousand rounds)", currency codes
in cells, source cells with what they add; a buyer's list of requests in a notice that approves the sale, list items
without bullets, and transcript turns opened by a timestamp and the speaker's initials. Documents are our own."""

from __future__ import annotations

from datetime import date

from armsledger.model import Document


def claims_of(rules_extractor, text):
    return rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 3, 4))


def facts(claims):
    return {(c.kind, c.supplier, c.recipient, c.actor, c.item, c.quantity and c.quantity.value) for c in claims}


ANNEX = """MINISTRY OF DEFENCE OF THE REPUBLIC OF SLOVENIA
Report on Assistance to Ukraine in 2023

Table 3 Deliveries of materiel to Ukraine from the stocks of the Slovenian Armed Forces, by year (1)

No.  Item                              Unit     2022     2023    Total
---  --------------------------------  -----  -------  -------  -------
 1   M-84 main battle tanks            pcs         28        –       28
 2   120 mm mortar bombs               rds      3,000    1,500    4,500
 3   Off-road vehicles                 pcs          –       12       12
---  --------------------------------  -----  -------  -------  -------
     Value of deliveries (2)                EUR 40.2 m  EUR 6.1 m  EUR 46.3 m

(1) Materiel handed over from army stocks only.
"""


def test_a_column_numbering_the_rows_holds_no_counts_and_deliveries_from_stocks_are_transfers(rules_extractor):
    claims = claims_of(rules_extractor, ANNEX)
    got = facts(claims)
    assert ("transfer", "SVN", "UKR", None, "tank", 28) in got
    assert ("transfer", "SVN", "UKR", None, "mortar_round", 4_500) in got
    assert ("transfer", "SVN", "UKR", None, "vehicle", 12) in got
    assert not [c for c in claims if c.kind == "stockpile"]  # "from the stocks of" says where the aid came from
    rows = [c for c in claims if c.quantity and any(w in c.evidence.text for w in ("M-84", "mortar", "Off-road"))]
    assert not {c.quantity.value for c in rows} & {1, 2, 3}  # the rows' numbers
    money = {(c.quantity.value, c.quantity.unit) for c in claims if c.quantity and c.quantity.unit == "eur"}
    assert {(40_200_000, "eur"), (46_300_000, "eur")} <= money  # "EUR 40.2 m": a currency code and a scale


ORDERS = """PACIFIC NAVAL ORDERS MONITOR

Table 2. Ship orders by South-East Asian navies

Row | Buyer       | Builder          | Type                        | Qty ordered | Delivered
----+-------------+------------------+-----------------------------+-------------+----------
6   | Indonesia   | Fincantieri      | PPA patrol frigates         | 2           | 2
7   | Philippines | Hyundai Heavy    | corvettes                   | 2           | 1
8   | Vietnam     | Navantia         | offshore patrol vessels     | 4           | -
----+-------------+------------------+-----------------------------+-------------+----------
    | Total (rows 6-8)                                              | 8           | 3
"""


def test_a_row_column_is_skipped_and_a_row_spanning_columns_is_read_by_position(rules_extractor):
    claims = claims_of(rules_extractor, ORDERS)
    got = facts(claims)
    assert ("transfer", "fincantieri", "IDN", None, "vessel", 2) in got  # a builder supplies
    assert ("transfer", "navantia", "VNM", None, "vessel", 4) in got
    assert not [c for c in claims if c.quantity and c.quantity.value in (6, 7)]  # the rows' numbers
    totals = [c for c in claims if c.quantity and c.quantity.value == 8]
    assert totals and all(c.item == "vessel" for c in totals)  # "Total (rows 6-8)" of rows of ships, read by position


ESTIMATES = """Table 1. Published estimates of the group's rocket holdings (counts of items)

 #  | Year | Source as published                     | Category       | Low     | High
----+------+-----------------------------------------+----------------+---------+--------
 1  | 2019 | Washington Post, citing analysts        | rockets        | 40,000  | 60,000
 2  | 2021 | senior Israeli intelligence official    | rockets        | ~70,000 | -
 3  | 2023 | share of the pre-war holding left       | rockets        | ~20%    | -
"""


def test_low_and_high_columns_are_one_range_and_source_cells_are_trimmed(rules_extractor):
    claims = [c for c in claims_of(rules_extractor, ESTIMATES) if c.quantity]
    ranged = [c for c in claims if c.quantity.qualifier == "range"]
    assert [(c.quantity.value, c.quantity.value_high) for c in ranged] == [(40_000, 60_000)]
    assert ranged[0].source is not None and ranged[0].source.name == "Washington Post"
    single = [c for c in claims if c.quantity.value == 70_000]
    assert single and single[0].source is not None
    assert single[0].source.name is None and single[0].source.country == "ISR"  # a described official: a state
    assert not [c for c in claims if c.quantity.value < 1]  # "~20%" is a share, not a count


BALKAN = """Table 1. Estimated deliveries to Ukraine of ammunition made in the region, by producer (thousand rounds)

Producer   | Item (calibre)          | Declared buyer   | 2023 | 2024
-----------+-------------------------+------------------+------+------
Bulgaria   | 122 mm Grad rockets     | Poland           |   20 |   15
Serbia     | 155 mm artillery        | Spain            |   40 |   35
"""


def test_counts_in_thousands_an_item_column_with_a_calibre_and_a_declared_buyer(rules_extractor):
    got = facts(claims_of(rules_extractor, BALKAN))
    assert ("transfer", "BGR", "UKR", None, "rocket", 20_000) in got  # the caption's "(thousand rounds)"
    assert ("transfer", "SRB", "UKR", None, "artillery_shell", 35_000) in got  # not to the declared buyer


NOTICE = """DEFENSE SECURITY COOPERATION AGENCY

WASHINGTON, March 3, 2025 - The State Department has made a determination approving a possible Foreign Military Sale \
to the Government of Chile of air defence equipment for an estimated cost of $410 million.

The Government of Chile has requested to buy:

Major Defense Equipment:
  Up to forty (40) AIM-9X Block II Sidewinder tactical missiles;
  Twelve (12) AIM-120C-8 missiles; and
  Sixty (60) MK-82 general purpose bombs.

The proposed sale will not alter the basic military balance in the region.
"""


def test_a_buyers_requests_in_an_approved_notice_are_committed_transfers(rules_extractor):
    claims = claims_of(rules_extractor, NOTICE)
    got = {(c.supplier, c.recipient, c.item, c.quantity and c.quantity.value, c.status) for c in claims}
    assert ("USA", "CHL", "air_to_air_missile", 40, "committed") in got  # items without bullets, under a group label
    assert ("USA", "CHL", "bomb", 60, "committed") in got


WISH = """The Government of Chile has requested to buy:
  forty (40) AIM-9X Block II Sidewinder tactical missiles;
  sixty (60) MK-82 general purpose bombs.
"""


def test_a_request_without_an_approval_is_no_claim(rules_extractor):
    assert not [c for c in claims_of(rules_extractor, WISH) if c.quantity]


WEBINAR = """HARBOUR SECURITY INSTITUTE - PODCAST TRANSCRIPT

PARTICIPANTS
JONAS VELLACOTT-REID (JV), host
ANA-SOFIA MERCADO (AM), senior fellow

[00:01:10] JV: Let's start with the numbers.

[00:01:15] AM: Our count is that the Houthis have fired about 80 anti-ship ballistic missiles since November.
"""


def test_a_timestamped_turn_by_initials_names_the_participant(rules_extractor):
    claims = [c for c in claims_of(rules_extractor, WEBINAR) if c.quantity and c.quantity.value == 80]
    assert claims and claims[0].source is not None
    assert claims[0].source.name == "Ana-Sofia Mercado"


CHRONOLOGY = """FACT SHEET | Nordic support to Ukraine, 2022-2024
Updated 15 January 2025

KEY FIGURES
- Finland: more than EUR 2.9 billion in military assistance committed to Ukraine since 2022.
- Latvia: 2,000 uncrewed aerial systems handed over to Ukraine's armed forces.

CHRONOLOGY
2022
14 Mar  Finland says it will send 2,500 assault rifles to Ukraine.

2023
09 Feb  Sweden says it will send 10 Leopard 2 tanks to Ukraine.
"""


def test_a_chronologys_year_heading_dates_its_lines_and_a_lines_label_gives_its_donor(rules_extractor):
    claims = claims_of(rules_extractor, CHRONOLOGY)
    by_value = {c.quantity.value: c for c in claims if c.quantity}
    assert by_value[2_500].said_on == "2022-03-14"  # not 2024-03-14, the March before publication
    assert by_value[10].said_on == "2023-02-09"
    assert by_value[2_900_000_000].supplier == "FIN"  # "- Finland: … committed to Ukraine"
    assert by_value[2_000].supplier == "LVA" and by_value[2_000].item == "drone"


def test_spoken_decimals_small_calibres_and_a_verb_conjoined_with_the_trigger(rules_extractor):
    said = claims_of(rules_extractor, "That takes our military assistance to Ukraine to about one point one billion.")
    assert not said or all(c.quantity is None or c.quantity.value != 1 for c in said)
    from armsledger.extract.numbers import find_numbers

    assert [n.value for n in find_numbers("about one point one billion dollars")] == [1_100_000_000]
    assert [n.value for n in find_numbers("exceeded half a billion euros")] == [500_000_000]
    assert [n.money for n in find_numbers("NZ$140 million")] == ["nzd"]
    rounds = claims_of(rules_extractor, "Ireland sent 400,000 rounds of 5.56mm ammunition to Ukraine.")
    assert "small_arms_ammunition" in {c.item for c in rounds}  # "5.56mm": a small-arms calibre
    shipped = claims_of(
        rules_extractor,
        "Some 200 sets of body armour and 5,000 ration packs were released from army stocks and shipped to Ukraine.",
    )
    assert {(c.item, c.quantity.value, c.recipient) for c in shipped if c.quantity} >= {
        ("protective_gear", 200, "UKR"),
        ("food", 5_000, "UKR"),
    }


LETTERHEAD = """REPUBLIC OF SLOVENIA
MINISTRY OF DEFENCE

Annual report on assistance

The programme also drew on measures under the European Peace Facility.

Deliveries in 2023:

Item                     Unit   Quantity
-----------------------  -----  --------
M-84 main battle tanks   pcs          28
Off-road vehicles        pcs          12
"""


def test_a_letterhead_over_two_lines_gives_the_reporting_state(rules_extractor):
    rows = [c for c in claims_of(rules_extractor, LETTERHEAD) if c.quantity and c.quantity.value in (28, 12)]
    assert rows and all(c.supplier == "SVN" for c in rows)


HANSARD = """STANDING COMMITTEE ON NATIONAL DEFENCE
EVIDENCE
Thursday, March 14, 2024

The Chair (Mr. Paul Lessard (Gatineau-Est, Lib.)): I call this meeting to order.

Hon. Maria Delgado (Minister of National Defence): Thank you, Chair. Canada has given Ukraine tens of thousands of \
rounds of 155 from our own stocks. Canada will also donate more than 600 drones to Ukraine.
"""


def test_a_hansard_turn_names_its_speaker_and_spoken_calibres_are_no_counts(rules_extractor):
    claims = [c for c in claims_of(rules_extractor, HANSARD) if c.quantity]
    assert claims and all(c.source is not None and c.source.name == "Maria Delgado" for c in claims)
    assert not [c for c in claims if c.quantity.value == 155]  # "rounds of 155": a calibre
    assert {c.quantity.value for c in claims} >= {10_000, 600}


def test_a_colon_enumeration_completes_the_transfer_before_it(rules_extractor):
    text = (
        "On 3 May the State Department approved two sales to Chile that, taken together, form its first real drone "
        "buy: 400 Switchblade 300 loitering munitions and 90 Phoenix Ghost drones."
    )
    got = {(c.supplier, c.recipient, c.quantity.value) for c in claims_of(rules_extractor, text) if c.quantity}
    assert ("USA", "CHL", 400) in got
