"""Extractor 1.30: spreadsheets exported as comma-separated values, hard-wrapped numbered lists with a hanging
indent, export reports that count licences beside their value, a company's own tables and production lists, the
seller a participle or a counterpart names, speaker labels by title, and a few sentence patterns (the figure a
relative clause only recalls, "scheduled for delivery", the new value of a number or goal). Every document here is
our own."""

from __future__ import annotations

import textwrap

import pytest
from extract_builders import claims_of, flows

from armsledger.extract.tables import find_tables

CSV_EXPORT = """# pledges_tracker.xlsx :: sheet "Armour" :: exported 2024-02-02
# value_orig_m, value_eur_m in millions; value_eur_m = our conversion
id,donor,item,category,quantity,value_orig_m,currency,value_eur_m,status,notes
201,Norway,M109A3GN,SP howitzer,14,,,,Delivered,"from army stocks, refurbished"
202,Canada,Senator APC,Armoured vehicle,200,90,CAD,61,Committed,"bought from Roshel for transfer to Ukraine"
203,Finland,Package 14,Military aid,undisclosed,161,EUR,161,Committed,
204,Portugal,Leopard 2A6,Tank,3,,,,Committed,
"""


def test_a_comma_separated_export_is_a_table_whose_donors_give_to_the_one_state_they_do_not_include():
    tables = find_tables(CSV_EXPORT)
    assert len(tables) == 1 and len(tables[0].rows) == 4
    assert tables[0].rows[0][2][9] == "from army stocks, refurbished"  # a quoted field keeps its commas


def test_csv_rows_read_their_own_currency_and_skip_the_compilers_conversion(rules_extractor):
    claims = claims_of(rules_extractor, CSV_EXPORT)
    got = flows(claims)
    assert ("transfer", "NOR", "UKR", None, "artillery_system", 14, "actual") in got
    assert ("transfer", "CAN", "UKR", None, "armored_vehicle", 200, "committed") in got
    assert ("transfer", "FIN", "UKR", None, "military_aid", 161_000_000, "committed") in got  # a package's worth
    units = {c.quantity.value: c.quantity.unit for c in claims if c.quantity}
    assert units[90_000_000] == "cad"
    assert 61_000_000 not in units  # value_eur_m converts the row's own sum
    assert not any(c.quantity and c.quantity.value in (201, 202, 203, 204) for c in claims)  # the id column


def test_prose_with_commas_and_aligned_figures_grouped_by_commas_are_no_csv_rows():
    prose = "In 2024, Germany, France, Italy, Spain and Poland signed, sealed and delivered.\n" * 3
    aligned = "Item            2022        2023\nShells         6,000      14,500\nMortar bombs   4,200       3,600\n"
    assert find_tables(prose) == []
    assert [len(t.rows) for t in find_tables(aligned)] == [2]


_ENTRIES = [
    "1. Pakistan: the first customer by far, as it has been for two decades. The four Type 054A/P frigates built by "
    "the Hudong-Zhonghua shipyard have all been handed over to the Pakistan Navy, the last of them in 2023. Pakistan "
    "has also ordered from China eight Hangor-class conventional submarines, with all boats to be delivered by 2028.",
    "2. Bangladesh. Bangladesh received two Type 035G submarines from China in 2016 and has since received 16 K-8W "
    "trainers from the same supplier, while its interest in Chinese fighters has not yet led to any contract that "
    "this author could confirm from open sources.",
    "3. Thailand. Norinco has supplied the Royal Thai Army with VT-4 main battle tanks in three batches, about 60 in "
    "total, according to the Thai army, which says it is satisfied with the tanks and their support from the "
    "Chinese side so far.",
]
WRAPPED_LIST = "\n".join(
    [
        textwrap.fill(
            '[Translated from the Chinese monthly "Naval and Air Review", No. 5/2025, pp. 20-23.] Who buys Chinese '
            "arms? A survey by customer, written by our special commentator, who relies on open sources and on the "
            "buyers' own statements.",
            78,
        ),
        *(textwrap.fill(entry, 78, subsequent_indent="   ") for entry in _ENTRIES),
    ]
)


def test_a_hanging_indent_joined_by_unwrapping_is_no_column_gap(rules_extractor):
    got = flows(claims_of(rules_extractor, WRAPPED_LIST))
    assert ("transfer", "CHN", "PAK", None, "vessel", 8, "committed") in got
    assert ("transfer", "CHN", "BGD", None, "vessel", 2, "actual") in got
    assert ("transfer", "norinco", "THA", None, "tank", 60, "actual") in got


EXPORT_REPORT = """EXPORTS OF DEFENCE MATERIEL, 2024 - TABLE 2 (EXTRACT)

Values in millions of euros; the report is the exporting state's (Portugal's) own.

Destination        Licences    Value of licences    Exports realised    Main categories (ML list)
                   approved    approved (EUR m)     (EUR m)
-----------------  ----------  -------------------  ------------------  --------------------------------
Brazil                    31                120.5                88.0  ML10 aircraft (KC-390 parts)
Morocco                   12                 64.2                40.1  ML10 aircraft; ML3 ammunition
Angola                     6                 12.0                 9.5  ML3 ammunition; ML4 rockets
"""


def test_licences_counted_beside_their_value_are_no_items_and_several_categories_are_general(rules_extractor):
    claims = claims_of(rules_extractor, EXPORT_REPORT)
    got = flows(claims)
    assert ("transfer", "PRT", "BRA", None, "aircraft", 120_500_000, "committed") in got
    assert ("transfer", "PRT", "BRA", None, "aircraft", 88_000_000, "actual") in got
    assert ("transfer", "PRT", "MAR", None, "military_aid", 64_200_000, "committed") in got  # mixed categories
    assert ("transfer", "PRT", "AGO", None, "ammunition", 12_000_000, "committed") in got  # all munitions
    assert not any(c.quantity and c.quantity.unit == "item" for c in claims)  # 31 licences are no 31 items


COMPANY_SHEET = """KONGSBERG
FACT SHEET | NASAMS air defence - figures as at 30 June 2025

ORDERS AND DELIVERIES BY CUSTOMER

Country        Fire units   Delivered   Remarks
               ordered
Norway              6           6       in service
Lithuania           4           2       second batch 2026
Hungary             3           -       contract 2024

PRODUCTION
Kongsberg has expanded production at Kongsberg and is building a new line in Raufoss:
- Current output: about 12 fire units a year
- AMRAAM-ER canisters: about 300 a year in 2025
- 600 missiles a year by 2028
"""


def test_a_companys_table_of_customers_is_its_sales_and_its_production_list_its_output(rules_extractor):
    got = flows(claims_of(rules_extractor, COMPANY_SHEET))
    assert ("transfer", "kongsberg", "LTU", None, "air_defense_system", 4, "committed") in got
    assert ("transfer", "kongsberg", "LTU", None, "air_defense_system", 2, "actual") in got  # "Delivered" too
    assert ("production", None, None, "kongsberg", "air_defense_system", 12, "actual") in got
    produced = {(value, status) for kind, *_, value, status in got if kind == "production"}
    assert (600, "target") in produced  # "by 2028" under a list of output
    assert (300, "actual") in produced  # "in 2025" is no deadline
    assert not any(kind == "transfer" and value in (300, 600) for kind, *_, value, _ in got)


def test_the_seller_a_participle_or_a_counterpart_names(rules_extractor):
    got = flows(
        claims_of(
            rules_extractor,
            "Qatar has received all 36 F-15QA aircraft contracted with the United States in 2017. "
            "In July 2022 Poland signed framework agreements for up to 1,000 K2 tanks with Hyundai Rotem and "
            "up to 672 K9 howitzers with Hanwha Aerospace. "
            "In Abu Dhabi, preparations continue for receiving the 80 French Rafale aircraft contracted with "
            "Dassault Aviation.",
        )
    )
    assert ("transfer", "USA", "QAT", None, "aircraft", 36, "actual") in got
    assert ("transfer", "hyundai_rotem", "POL", None, "tank", 1000, "committed") in got
    assert ("transfer", "hanwha_aerospace", "POL", None, "artillery_system", 672, "committed") in got
    assert any(s == "dassault_aviation" and r == "ARE" and v == 80 for _, s, r, _, _, v, _ in got)


HEARING = """SENATE COMMITTEE ON DEFENCE - ESTIMATES

CHAIR: We resume with support to Ukraine. Senator Oakes.

Senator OAKES: Minister, what is the total?

Senator MARLOW: Since 2022 New Zealand has committed more than $120 million in military support to Ukraine.

Brigadier Gen. Ferris: We have delivered 40 light armoured vehicles to Ukraine.

Present: Senator the Hon. Kate Marlow, Minister for Defence; Brigadier General Owen Ferris, Defence Force.
"""


def test_a_title_and_surname_label_is_the_person_the_record_names_even_below_it(rules_extractor):
    claims = claims_of(rules_extractor, HEARING)
    sources = {c.quantity.value: c.source.name if c.source else None for c in claims if c.quantity}
    assert sources[120_000_000] == "Kate Marlow"  # not the "Senator Oakes" named before
    assert sources[40] == "Owen Ferris"


SENTENCES = [
    pytest.param(
        "Germany has delivered to Ukraine:\n- Dingo protected vehicles: 60\n- Small arms ammunition: 16 million "
        "rounds\n- Military trucks: 50\n",
        [
            ("transfer", "DEU", "UKR", None, "armored_vehicle", 60, "actual"),
            ("transfer", "DEU", "UKR", None, "small_arms_ammunition", 16_000_000, "actual"),
            ("transfer", "DEU", "UKR", None, "vehicle", 50, "actual"),
        ],
        id="armour words make vehicles armoured; rounds count the ammunition named before",
    ),
    pytest.param(
        "In April, Slovakia handed over to Ukraine the 13 MiG-29 fighters it had pledged. "
        "Denmark has completed delivery of all 19 F-16 fighters it pledged to Ukraine in 2023.",
        [
            ("transfer", "SVK", "UKR", None, "aircraft", 13, "actual"),
            ("transfer", "DNK", "UKR", None, "aircraft", 19, "actual"),
        ],
        id="the clause that moves the figure says its status, not a relative clause recalling a pledge",
    ),
    pytest.param(
        "Twelve KAAN aircraft are due for delivery to Indonesia by 2032. "
        "The United States now produces about 40,000 155 mm shells a month. "
        "That number was about 14,000 a month in 2021. The goal remains 100,000 a month.",
        [
            ("transfer", None, "IDN", None, "aircraft", 12, "target"),
            ("production", None, None, "USA", "artillery_shell", 14_000, "actual"),
            ("production", None, None, "USA", "artillery_shell", 100_000, "target"),
        ],
        id="due for delivery; the new value of a number or of a goal",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentence_patterns(rules_extractor, text, expected):
    got = flows(claims_of(rules_extractor, text))
    for claim in expected:
        assert claim in got
