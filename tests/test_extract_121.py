"""Extractor 1.21: the maker of a designation supplies its purchase when the document names the maker, a company
named beside its own product is that product's supplier, "the enemy" with no side known is Russia as seen from
Ukraine, and a state's transfer with no recipient takes the recipient of the last few sentences. Sentences are
our own."""

from __future__ import annotations

from datetime import date

import pytest

from armsledger.extract.reference import maker_of
from armsledger.model import Document


def flows_of(rules_extractor, text):
    claims = rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 1, 20))
    return [
        (c.kind, c.supplier, c.recipient, c.actor, c.item, c.quantity.value if c.quantity else None) for c in claims
    ]


@pytest.mark.parametrize(
    ("mention", "maker"),
    [
        ("K9A1 howitzers", "hanwha_aerospace"),
        ("K9 Vajra-T guns", "larsen_and_toubro"),  # the longer designation wins
        ("IRIS-T SLM systems", "diehl_defence"),
        ("Bayraktar TB2 drones", "baykar"),
        ("155 mm shells", None),
        ("AK9 rifles", None),  # a designation inside another word is not it
    ],
)
def test_a_designation_names_its_maker(mention, maker):
    assert maker_of(mention) == maker


def test_a_purchase_of_a_designation_is_supplied_by_its_maker_when_the_document_names_it(rules_extractor):
    named = "KNDS France has sold its Caesar gun to armies on three continents. Indonesia ordered 37 Caesar in 2012."
    assert ("transfer", "knds_france", "IDN", None, "artillery_system", 37) in flows_of(rules_extractor, named)
    unnamed = "Indonesia ordered 37 Caesar in 2012."
    assert flows_of(rules_extractor, unnamed) == [("transfer", None, "IDN", None, "artillery_system", 37)]


def test_each_company_supplies_its_own_product_in_one_sentence(rules_extractor):
    text = "In 2022 Poland signed with Hyundai Rotem for 180 K2 tanks and with Hanwha Aerospace for 212 K9 howitzers."
    assert flows_of(rules_extractor, text) == [
        ("transfer", "hyundai_rotem", "POL", None, "tank", 180),
        ("transfer", "hanwha_aerospace", "POL", None, "artillery_system", 212),
    ]


def test_the_enemy_with_no_side_known_is_russia(rules_extractor):
    text = "The enemy now makes 50 Kh-101 cruise missiles per month."
    assert flows_of(rules_extractor, text) == [("production", None, None, "RUS", "cruise_missile", 50)]


def test_a_states_transfer_without_recipient_takes_the_recipient_of_the_sentences_just_before(rules_extractor):
    first = "The United States has delivered three Patriot systems to Ukraine. "
    then = "Germany said it would deliver two more Patriot systems within months."
    assert ("transfer", "DEU", "UKR", None, "air_defense_system", 2) in flows_of(rules_extractor, first + then)
    far = first + "The weather was cold. Talks went on. Nobody spoke. Officials left. " + then
    assert ("transfer", "DEU", None, None, "air_defense_system", 2) in flows_of(rules_extractor, far)


NOTICE = (
    "WASHINGTON, March 3, 2025 – The State Department has made a determination approving a possible Foreign "
    "Military Sale to the Government of Norway of AIM-9X Block II Sidewinder missiles and related equipment for an "
    "estimated cost of $250 million. The Defense Security Cooperation Agency delivered the required certification "
    "notifying Congress of this possible sale today.\n\n"
    "The Government of Norway has requested to buy up to one hundred fifty (150) AIM-9X Block II Sidewinder "
    "tactical missiles. Also included are missile containers, spare parts and technical support.\n\n"
    "The proposed sale of this equipment and support will not alter the basic military balance in the region.\n"
)


def test_a_sale_notice_gives_the_approved_value_and_the_requested_items_as_commitments(rules_extractor):
    claims = rules_extractor.extract(Document(name="t.txt", text=NOTICE), published=date(2025, 3, 3))
    got = [
        (c.supplier, c.recipient, c.item, c.quantity.value, c.quantity.unit, c.quantity.qualifier, c.status)
        for c in claims
    ]
    assert got == [
        ("USA", "NOR", "air_to_air_missile", 250_000_000, "usd", "approx", "committed"),
        ("USA", "NOR", "air_to_air_missile", 150, "item", "at_most", "committed"),
    ]


def test_a_request_to_buy_without_an_approval_is_no_claim(rules_extractor):
    text = "The Government of Norway has requested to buy up to one hundred fifty (150) AIM-9X Sidewinder missiles."
    assert flows_of(rules_extractor, text) == []


@pytest.mark.parametrize(
    ("what", "item"),
    [
        (
            "three hundred (300) Patriot MIM-104E Guidance Enhanced Missile-Tactical Ballistic Missiles (GEM-T)",
            "air_defense_missile",
        ),
        ("AN/TPS-77 and AN/TPS-78 radar systems", "radar"),
        ("F-16 Block 70/72 aircraft, AIM-120 missiles and GBU-39 bombs", "military_aid"),
    ],
)
def test_an_approved_sale_is_of_the_head_item_of_each_part_of_its_list(rules_extractor, what, item):
    text = (
        "The State Department has made a determination approving a possible Foreign Military Sale to the Government "
        f"of Kuwait of {what} and related equipment for an estimated cost of $828 million."
    )
    assert flows_of(rules_extractor, text) == [("transfer", "USA", "KWT", None, item, 828_000_000)]


def test_one_production_verb_gives_its_rate_to_every_figure_it_governs(rules_extractor):
    text = (
        "Russia is now producing about 60 Iskander-M ballistic missiles and around 30 Kh-101 cruise missiles a month."
    )
    claims = rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 1, 20))
    assert [(c.item, c.quantity.value, c.quantity.per) for c in claims] == [
        ("ballistic_missile", 60, "month"),
        ("cruise_missile", 30, "month"),
    ]


def test_a_leaders_government_is_the_leaders_state_and_a_request_from_a_state_does_not_supply(rules_extractor):
    text = (
        "The Albanese Government will provide 49 M1A1 Abrams main battle tanks to Ukraine, in response to a request "
        "from the Ukrainian Government."
    )
    assert flows_of(rules_extractor, text) == [("transfer", "AUS", "UKR", None, "tank", 49)]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ('"Today we produce six Caesar a month," the chief executive of KNDS France said.', "knds_france"),
        ("Rheinmetall's new plant in Unterlüß will be able to produce 200,000 artillery shells a year.", "rheinmetall"),
        ("Lockheed Martin turned out about 500 PAC-3 MSE interceptors in 2024.", "lockheed_martin"),
    ],
)
def test_a_company_produces_what_its_people_and_plants_say_it_makes(rules_extractor, text, actor):
    assert [f[3] for f in flows_of(rules_extractor, text)] == [actor]


CAPACITY_TABLE = """155 MM SHELLS: ANNUAL PRODUCTION CAPACITY BY COUNTRY, 2023–2024

Nordic Munitions Monitor · Table 3
Published 1 February 2025

Rounds per year; "~" marks an approximate figure, "n/d" one not disclosed.

Country          | 2023      | 2024      | Planned capacity (year)
-----------------|-----------|-----------|--------------------------
Norway           | ~10,000   | 25,000    | 60,000 (2027)
Finland          | n/d       | 30,000    | 90,000 (2027)
Sweden           | 5,000     | 12,000    | n/d
"""

MONTHLY_TABLE = """DRONES LAUNCHED AT UKRAINE, MONTHLY

Monthly totals of long-range attack drones launched by Russia, from the air force's daily reports.

Month         | Drones launched  | Missiles launched
--------------|------------------|------------------
May 2025      | 4,230            | 71
June 2025     | 5,440            | 118
July 2025     | 6,300            | 96
"""


def test_a_table_of_annual_production_by_year_gives_yearly_rates_and_its_planned_capacity(rules_extractor):
    claims = rules_extractor.extract(Document(name="t.txt", text=CAPACITY_TABLE), published=date(2025, 2, 1))
    got = [(c.actor, c.quantity.value, c.quantity.per, c.status, c.by) for c in claims]
    assert got == [
        ("NOR", 10_000, "year", "capacity", None),
        ("NOR", 25_000, "year", "capacity", None),
        ("NOR", 60_000, "year", "capacity", "2027"),
        ("FIN", 30_000, "year", "capacity", None),
        ("FIN", 90_000, "year", "capacity", "2027"),
        ("SWE", 5_000, "year", "capacity", None),
        ("SWE", 12_000, "year", "capacity", None),
    ]


def test_a_table_of_use_by_month_gives_each_months_total_not_a_rate(rules_extractor):
    claims = rules_extractor.extract(Document(name="t.txt", text=MONTHLY_TABLE), published=date(2025, 7, 1))
    assert [(c.kind, c.actor, c.item, c.quantity.value, c.quantity.per) for c in claims] == [
        ("consumption", "RUS", "drone", 4230, None),
        ("consumption", "RUS", "missile", 71, None),
        ("consumption", "RUS", "drone", 5440, None),
        ("consumption", "RUS", "missile", 118, None),
        ("consumption", "RUS", "drone", 6300, None),
        ("consumption", "RUS", "missile", 96, None),
    ]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Russia failed to deliver weapons worth some $400 million to Armenia.", "military_aid"),
        ("North Korea shipped 500 containers of shells and rifles to Russia.", "weapons"),
        ("North Korea shipped 500 containers of shells and rockets to Russia.", "ammunition"),
    ],
)
def test_a_sum_for_weapons_is_aid_and_one_load_of_several_items_is_their_most_general(rules_extractor, text, item):
    assert [f[4] for f in flows_of(rules_extractor, text)] == [item]


def test_the_bloc_is_the_eu_even_before_the_eu_is_named(rules_extractor):
    text = "The Commission says the bloc will be able to produce about 2 million rounds a year by the end of 2025."
    assert [f[3] for f in flows_of(rules_extractor, text)] == ["EU"]


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        (
            "Lithuania has delivered a new package of military assistance to Ukraine worth about EUR 11 million.",
            ("LTU", "UKR", 11_000_000),
        ),
        (
            "India on Monday signed an inter-governmental agreement with France to procure 26 Rafale-Marine jets.",
            ("FRA", "IND", 26),
        ),
    ],
)
def test_a_supplier_named_elsewhere_in_the_sentence_supplies_the_figure(rules_extractor, text, flow):
    assert [(f[1], f[2], f[5]) for f in flows_of(rules_extractor, text) if f[5] is not None] == [flow]


def test_a_report_on_one_states_exports_supplies_the_sums_it_gives_by_destination(rules_extractor):
    text = (
        "Canada exported military goods worth $30 million to Poland in 2023. Canada also exported military goods "
        "worth $12 million to Norway. In calendar year 2023, exports of military goods to Israel were valued at "
        "$30.6 million."
    )
    assert ("transfer", "CAN", "ISR", None, "military_aid", 30_600_000) in flows_of(rules_extractor, text)


BRIEFING = """Department Press Briefing - December 10, 2024

Matthew Miller, Department Spokesperson
Washington, D.C.
2:14 p.m. EST

MR MILLER: Good afternoon. Iran continues to provide the Houthis with weapons, including 200 attack drones.
"""


def test_a_briefings_place_line_dates_its_speakers_and_a_titled_label_names_the_speaker_in_full(rules_extractor):
    claims = rules_extractor.extract(Document(name="t.txt", text=BRIEFING), published=date(2024, 12, 10))
    drones = next(c for c in claims if c.item == "drone")
    assert (drones.supplier, drones.recipient, drones.quantity.value) == ("IRN", "houthis", 200)
    assert (drones.source.name, drones.source.country) == ("Matthew Miller", "USA")
