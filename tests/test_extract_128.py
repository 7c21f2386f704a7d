"""Extractor 1.28: a currency and scale a table's caption gives, rates written in cells ("450,000/yr"), calls and
debates whose speakers' names stand alone on a line, a company named by its legal form or ticker, a chief executive's
interview, written answers and their tables, headlines in capitals that look like speaker labels. Every document
here is our own."""

from __future__ import annotations

from extract_builders import claims_of, flows

EXPORT_REPORT = """ANNUAL REPORT ON EXPORTS OF MILITARY MATERIAL, 2024
Ministry of Foreign Affairs of Norway                                      page 9

Table 3  Licences issued and actual exports of military material by country of
         destination, 2024 (NOK million, current prices)

Country of destination          Licences issued    Actual exports    Share of exports (%)
------------------------------  ---------------    --------------    --------------------
Ukraine                                 9 412.5           6 120.4                    51.0
Poland                                  1 204.0             880.2                     7.3
Other countries (31)                    2 001.7           1 310.9                    10.9
"""


def test_a_caption_currency_makes_every_figure_a_sum_of_money_at_the_captions_scale(rules_extractor):
    claims = claims_of(rules_extractor, EXPORT_REPORT)
    got = flows(claims)
    assert ("transfer", "NOR", "UKR", None, "military_aid", 9_412_500_000, "committed") in got
    assert ("transfer", "NOR", "UKR", None, "military_aid", 6_120_400_000, "actual") in got
    assert ("transfer", "NOR", "POL", None, "military_aid", 880_200_000, "actual") in got
    assert {c.quantity.unit for c in claims if c.quantity} == {"nok"}
    # a share in per cent is no sum and no count
    assert not any(c.quantity and c.quantity.value in (51.0, 51_000_000) for c in claims)


OUTPUT_TABLE = """Munitions output, selected makers | updated 2 May 2025

| Company | Product | Before | Now | Target | Target year |
|---|---|---|---|---|---|
| Vestfold Munitions | 155 mm shells | c. 40,000/yr (2022) | 150,000/yr | 300,000/yr | 2027 |
| KVS (Vestfold/Odin) | air defence missiles | – | – | capacity 500/yr | 2026 |
| Odin Rocketry | Aster 30 missiles | 10/month | 25/month | 40/month | 2026 |
"""


def test_cells_give_their_own_rate_and_capacity_and_a_name_beats_its_owners_in_brackets(rules_extractor):
    claims = claims_of(rules_extractor, OUTPUT_TABLE)
    by_value = {c.quantity.value: c for c in claims if c.quantity}
    assert by_value[150_000].quantity.per == "year" and by_value[150_000].actor == "vestfold_munitions"
    assert by_value[150_000].item == "artillery_shell"  # the "Product" column names the item
    assert by_value[300_000].status == "target"
    assert by_value[25].quantity.per == "month" and by_value[25].item == "air_defense_missile"  # "Aster 30 missiles"
    capacity = by_value[500]
    assert (capacity.actor, capacity.status, capacity.quantity.per) == ("kvs", "capacity", "year")


EARNINGS_CALL = """Brightwater Defense Systems, Inc. (NYSE: BWDS)
Q2 2025 Earnings Conference Call

Corporate participants
Laura Mendes, Chief Executive Officer
Paul Okafor, Chief Financial Officer

Conference call participants
Sam Ruiz, Harbor Securities

Operator
Good morning and welcome to the Brightwater second quarter call.

Laura Mendes
Thank you. Brightwater had a strong quarter. We delivered 210 interceptors in the quarter, all to the U.S. Army.
We exited June producing 80 interceptors a month.

The big order is a $1.2 billion award from the U.S. Army for 700 interceptors, signed in July.

Paul Okafor
Thanks, Laura. This year we expect to produce around 900 interceptors.

Sam Ruiz
Can you say whether any went to Ukraine?

Laura Mendes
What I can tell you is that Brightwater has not shipped any interceptors directly to Ukraine.
"""


def test_a_call_with_names_alone_on_their_lines_speaks_for_the_company_its_first_line_names(rules_extractor):
    claims = claims_of(rules_extractor, EARNINGS_CALL)
    got = flows(claims)
    assert ("transfer", "brightwater", "USA", None, "air_defense_missile", 210, "actual") in got
    assert ("production", None, None, "brightwater", "air_defense_missile", 80, "actual") in got
    # the award from the Army is the Army buying from the company, not arming it
    assert ("transfer", "brightwater", "USA", None, "air_defense_missile", 1.2e9, "committed") in got
    assert not any(c.recipient == "brightwater" for c in claims)
    # a plan to produce is a target: only a transfer is committed
    assert ("production", None, None, "brightwater", "air_defense_missile", 900, "target") in got
    sources = {c.quantity.value if c.quantity else None: c.source.name if c.source else None for c in claims}
    assert sources[210] == "Laura Mendes"
    assert sources[900] == "Paul Okafor"
    denial = next(c for c in claims if c.recipient == "UKR")
    assert denial.source is not None and denial.source.name == "Laura Mendes"  # "I" is the speaker, not the analyst


DEBATE = """Arms Exports: Harbour States
Volume 770: debated on Tuesday 11 March 2025

2.30 pm

Tom Alder (Westmere) (Lab)
I beg to move that this House has considered arms exports.

In 2024 the Government approved export licences for military goods to Qatar worth £24 million.

Dr Ruth Kane (Eastvale) (SNP)
Will the hon. Gentleman give way?

Tom Alder
I will.

Dr Kane
Does he agree that we have no list of what those licences cover?

The Minister for Trade (Helen Marsh)
I thank the hon. Member for Westmere.

Dr Kane
Can the Minister give a number?

The Minister
Since February 2022 the United Kingdom has supplied more than 300,000 artillery rounds to Ukraine.
"""


def test_a_debates_speakers_named_alone_on_their_lines_and_the_minister_by_office(rules_extractor):
    claims = claims_of(rules_extractor, DEBATE)
    by_value = {c.quantity.value: c for c in claims if c.quantity}
    assert by_value[24_000_000].source is not None and by_value[24_000_000].source.name == "Tom Alder"
    rounds = by_value[300_000]
    assert (rounds.supplier, rounds.recipient) == ("GBR", "UKR")
    assert rounds.source is not None and rounds.source.name == "Helen Marsh"  # "The Minister" is the office holder


WRITTEN_ANSWER = """Answer from Minister Van Dorp (Defence) (received 12 November 2024)

Questions from member Smit to the Minister of Defence about donations to Ukraine.

Answer 1
Table 1 gives the main items supplied to Ukraine from Defence stocks.

Table 1. Main items supplied to Ukraine from Defence stocks

  Item                                     Number       Status
  ---------------------------------------  -----------  -------------------------
  PzH 2000 self-propelled howitzer         8            delivered
  YPR-765 armoured infantry vehicle        196          delivered
"""

GOVERNMENT_ANSWER = """Printed paper 20/4410

                                        Answer
                              of the Federal Government

to the minor interpellation by Members of the Bundestag

Deliveries of military equipment to Ukraine

  Item                                     Delivered    Planned
  ---------------------------------------  -----------  -----------
  Anti-aircraft gun tank Gepard            52           3
  Main battle tank Leopard 2A6             18           0
"""


def test_a_written_answers_tables_are_the_answering_ministers_or_governments_figures(rules_extractor):
    claims = claims_of(rules_extractor, WRITTEN_ANSWER)
    vehicles = next(c for c in claims if c.quantity and c.quantity.value == 196)
    assert vehicles.source is not None and vehicles.source.name == "Van Dorp"
    gepards = [c for c in claims_of(rules_extractor, GOVERNMENT_ANSWER) if c.quantity and c.quantity.value == 52]
    assert gepards and gepards[0].source is not None and gepards[0].source.name == "Federal Government"


CEO_INTERVIEW = """THE MORNING BRIEF — Radio Sund
Broadcast: 4 March 2025

ANNA BERG (host): Good morning. With me is the chief of a fast-growing shell maker.

KARL LUND (CEO, Sundby Munitions): Good morning, Anna.

BERG: How many shells are you making?

LUND: Before 2022 we made about 20,000 shells of 155 millimetre a year. This year we will produce around 90,000.
"""

HEADLINE = """From: Press review <review@example.org>
Subject: translated article

HARBOUR STATES' BIG ARMS BILL: WHAT HAS ARRIVED AND WHAT IS STILL ON PAPER

By A. Writer

The navy has received 4 patrol boats from Norway this year.
"""


def test_a_chief_executives_interview_speaks_for_the_company_and_a_capital_headline_is_no_speaker(rules_extractor):
    got = flows(claims_of(rules_extractor, CEO_INTERVIEW))
    assert ("production", None, None, "sundby_munitions", "artillery_shell", 20_000, "actual") in got
    assert ("production", None, None, "sundby_munitions", "artillery_shell", 90_000, "target") in got
    claims = claims_of(rules_extractor, HEADLINE)
    assert claims and all(c.source is None or "BILL" not in (c.source.name or "").upper() for c in claims)


def test_a_possessor_of_a_supply_noun_is_its_supplier_under_a_speakers_concern(rules_extractor):
    text = "We have long been concerned about Iran's provision of drones to the Sudanese army."
    got = flows(claims_of(rules_extractor, text))
    assert ("transfer", "IRN", "SDN", None, "drone", None, "actual") in got


KOREAN_DEALS = """Korean arms makers signed a string of export contracts in recent years.

- Egypt: about 200 K9A1EGY howitzers from Hanwha Aerospace, contracted in February 2022
- Malaysia: 18 FA-50 Block 20 from KAI (February 2023)
- India: 100 additional K9 Vajra-T, ordered from Larsen & Toubro in December 2024
"""


def test_a_lines_label_buys_from_the_seller_its_item_comes_from(rules_extractor):
    got = flows(claims_of(rules_extractor, KOREAN_DEALS))
    assert ("transfer", "hanwha_aerospace", "EGY", None, "artillery_system", 200, "committed") in got
    assert ("transfer", "korea_aerospace_industries", "MYS", None, "aircraft", 18, "committed") in got
    assert ("transfer", "larsen_and_toubro", "IND", None, "artillery_system", 100, "committed") in got


def test_an_option_riding_on_an_order_is_no_transfer_and_a_count_of_contracts_no_count(rules_extractor):
    got = flows(
        claims_of(rules_extractor, "The UAE ordered 12 of the jets from China in 2023, with an option for 36 more.")
    )
    assert ("transfer", "CHN", "ARE", None, "aircraft", 12, "committed") in got
    assert not any(value == 36 for *_, value, _ in got)
    table = """THE DEALS, DAY BY DAY (as announced by the council)

  Mon 17 Feb   21 contracts   AED 6.8bn
  Tue 18 Feb   16 contracts   AED 5.1bn
  Wed 19 Feb   19 contracts   AED 7.4bn
"""
    values = {c.quantity.value for c in claims_of(rules_extractor, table) if c.quantity}
    assert 5.1e9 in values
    assert not values & {17, 18, 19, 21, 16}  # days of the month and counts of contracts


PRESS_CONFERENCE = """Press conference
by NATO Assistant Secretary General for Defence Investment Maren Holt ahead of the meetings of Defence Ministers

(As delivered)

Good afternoon. Last month our procurement agency signed contracts worth 1.1 billion euros for around 220,000 rounds
of 155-millimetre ammunition.

MODERATOR (Anna Vos, NATO Spokesperson): We'll start with the second row.

MAREN HOLT: Thank you. Several Allies are ready to fund it.
"""


def test_a_press_conference_headed_by_a_long_office_is_the_named_persons_until_the_questions(rules_extractor):
    claims = claims_of(rules_extractor, PRESS_CONFERENCE)
    rounds = next(c for c in claims if c.quantity and c.quantity.value == 220_000)
    assert rounds.source is not None and rounds.source.name == "Maren Holt"
