"""Extractor 1.32: an output table whose caption counts "units produced", a register pasted as CSV with places and
carriers in its cells, a contract announcement in the US Department of Defense's style, an interview translated
from Czech, a feature that names its speaker before "he said", and sentence details (a conditional capacity, years
that are no counts, a time of day, cargo flights). Every document here is our own."""

from __future__ import annotations

import pytest
from extract_builders import claims_of, flows

OUTPUT = """ANNEX D - NORWAY

Table D.2  Output of selected munitions, 2022-2024, and stated targets
           (units produced per year)

Item                              2022        2023        2024        Target (year)
--------------------------------  ----------  ----------  ----------  ----------------
155 mm artillery shells           ~8,000      ~15,000     ~30,000     60,000 (2027)
Mistral 3 missiles                100         140         180         250 (2026)
"""


def test_an_output_table_whose_caption_counts_units_produced_is_production(rules_extractor):
    claims = claims_of(rules_extractor, OUTPUT)
    got = flows(claims)
    assert {
        ("production", None, None, "NOR", "artillery_shell", 15_000, "actual"),
        ("production", None, None, "NOR", "artillery_shell", 60_000, "target"),
        ("production", None, None, "NOR", "air_defense_missile", 140, "actual"),
    } <= got
    assert not any(c.kind == "transfer" for c in claims)  # "units" says a figure counts something, not a delivery
    assert 2022 not in {c.quantity.value for c in claims if c.quantity}  # "2022-2024" in the caption is a span
    assert {c.quantity.per for c in claims if c.quantity} == {"year"}


REGISTER = """From: desk editor
Subject: register extract

row,date,origin,destination,carrier,item,quantity,source
1,2023-03-02,"Busan (KOR) <- Masan, KOR",POL,ro-ro,K2 main battle tanks,12,"Polish MoD, 3 Mar 2023"
2,2023-05-11,IRN,"YEM (Houthis)",dhow boarded by a frigate,assault rifles (seized),"1,400","US CENTCOM, 20 May 2023"
3,2024-02-01,"Najin, PRK","Vostochny, RUS",Lady Ada,"munitions, suspected",about 250 containers,"OSC, Feb 2024"
4,2024-06,ARE,"Amdjarass, TCD, for RSF (Sudan)",Il-76,"weapons, suspected",more than 25 flights,"Yale lab, Oct 2024"
"""


def test_a_register_pasted_as_csv_reads_places_carriers_and_seizures(rules_extractor):
    claims = claims_of(rules_extractor, REGISTER)
    got = {(c.supplier, c.recipient, c.item, c.quantity.value, c.quantity.unit, c.status) for c in claims if c.quantity}
    assert {
        ("KOR", "POL", "tank", 12, "item", "actual"),  # it left Masan in Korea for Busan
        ("IRN", "houthis", "small_arms", 1_400, "item", "interdicted"),  # "(seized)"
        ("PRK", "RUS", "ammunition", 250, "container", "actual"),  # "Vostochny, RUS"
        ("ARE", "rsf", "weapons", 25, "flight", "actual"),  # "for RSF (Sudan)": the end user
    } <= got
    assert {c.source.name for c in claims if c.source} >= {"Polish MoD", "US CENTCOM"}  # no date in the name


CONTRACTS = """U.S. Department of Defense
Contracts For Oct. 3, 2024

ARMY

Northline Munitions Inc., Joliet, Illinois, was awarded a $61,200,000 modification (P00031) to
contract W15QKN-23-C-0107 for 24,000 M934A1 120mm mortar cartridges for Ukraine. Work will be
performed in Joliet, Illinois, with an estimated completion date of Dec. 31, 2026.

Lockheed Martin Corp., Grand Prairie, Texas, was awarded a $190,000,000 contract for 1,200 Guided
Multiple Launch Rocket System unitary rockets. Work will be performed in Camden, Arkansas.
"""


def test_a_contract_awarded_to_a_company_is_its_committed_sale(rules_extractor):
    got = flows(claims_of(rules_extractor, CONTRACTS))
    assert {
        ("transfer", "lockheed_martin", None, None, "rocket", 1_200, "committed"),  # the rockets, not the launcher
        ("transfer", "lockheed_martin", None, None, "rocket", 190_000_000, "committed"),
    } <= got
    assert any(c[4] == "mortar_round" and c[5] == 24_000 for c in got)  # "120mm mortar cartridges"


INTERVIEW = """"Our plants will not stand still"

Interview with Defence Minister Jan Horak, published on 2 April 2025. Translated from Czech by the Embassy Press
Monitoring Unit.

Minister, how much ammunition did the initiative deliver last year?

We delivered 1.2 million large-calibre rounds to Ukraine last year.

And the army's own purchases?

We signed for 20 Leopard 2A8 tanks from KNDS last year.
"""


def test_an_interviewed_minister_speaks_for_the_state_whose_language_was_translated(rules_extractor):
    claims = claims_of(rules_extractor, INTERVIEW)
    got = flows(claims)
    assert ("transfer", "CZE", "UKR", None, "artillery_shell", 1_200_000, "actual") in got
    assert ("transfer", "knds", "CZE", None, "tank", 20, "committed") in got  # "signed for … from KNDS"
    assert {c.source.country for c in claims if c.source} == {"CZE"}


FEATURE = """The town that went back to making shells

By a staff writer
ZLIN, Czech Republic - 4 March 2025

Its director, Pavel Novotny, keeps a chart of monthly output on his office wall.
"We make about 8,000 shells a month now," he said.

"I have new customers at six in the morning," he added.
"""


def test_he_said_names_the_person_the_feature_introduced(rules_extractor):
    claims = claims_of(rules_extractor, FEATURE)
    made = [c for c in claims if c.quantity and c.quantity.value == 8_000]
    assert made and made[0].source is not None and made[0].source.name == "Pavel Novotny"
    assert not any(c.quantity and c.quantity.value == 6 for c in claims)  # six in the morning is an hour


@pytest.mark.parametrize(
    ("text", "expected", "absent"),
    [
        (
            "Rheinmetall told us that its lines could turn out up to 5,000 shells a month if fully manned.",
            ("production", None, None, "rheinmetall", "artillery_shell", 5_000, "capacity"),
            None,
        ),
        (
            "Estonia ordered 3,000 rounds from the plant, to be delivered to Ukraine over 2025.",
            ("transfer", None, "UKR", None, "artillery_shell", 3_000, "committed"),  # the end user
            2025,
        ),
        (
            "Slovakia gave Ukraine an S-300 air-defence battery in 2022 and 13 MiG-29 fighters in 2023.",
            ("transfer", "SVK", "UKR", None, "aircraft", 13, "actual"),
            2022,
        ),
        (
            "Latvia bought 30 tanks from the German company KNDS Deutschland.",
            ("transfer", "knds_deutschland", "LVA", None, "tank", 30, "actual"),
            None,
        ),
        (
            "The UAE sent more than 30 cargo flights of weapons to the RSF.",
            ("transfer", "ARE", "rsf", None, "weapons", 30, "actual"),
            None,
        ),
    ],
)
def test_sentence_details_of_1_32(rules_extractor, text, expected, absent):
    claims = claims_of(rules_extractor, text)
    assert expected in flows(claims)
    assert absent is None or absent not in {c.quantity.value for c in claims if c.quantity}


def test_cargo_flights_are_counted_as_flights_and_an_ordinary_day_is_a_rate(rules_extractor):
    flights = claims_of(rules_extractor, "The UAE sent more than 30 cargo flights of weapons to the RSF.")
    assert {c.quantity.unit for c in flights if c.quantity} == {"flight"}
    fired = claims_of(rules_extractor, "Ukraine's forces fire between 5,000 and 6,000 shells on an ordinary day.")
    assert {c.quantity.per for c in fired if c.quantity} == {"day"}
