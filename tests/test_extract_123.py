"""Extractor 1.23: the price of one item type named without a count, the maker of a designation and "the group" of
a company as producers, an air-defence system's name before its missiles, warheads, a rate carried to the bare figures
after it, German and Polish scale abbreviations, a span of years that is no range, a role resolved to the person the
document names with it, a document that is one person's words, and a press release's "X said:" quotes. Sentences
are our own."""

from __future__ import annotations

from datetime import date

import pytest

from armsledger.extract.context import document_author, titled_people
from armsledger.extract.numbers import find_numbers, unstop_scales
from armsledger.model import Document


def claims_of(rules_extractor, text):
    return rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 3, 14))


def flows_of(rules_extractor, text):
    return [
        (c.kind, c.supplier, c.recipient, c.actor, c.item, c.quantity.value if c.quantity else None)
        for c in claims_of(rules_extractor, text)
    ]


def test_a_price_paid_for_one_named_type_is_that_types_flow(rules_extractor):
    text = "Germany bought the Arrow 3 system from Israel in 2023 for about 4 billion euros."
    assert ("transfer", "ISR", "DEU", None, "air_defense_system", 4_000_000_000) in flows_of(rules_extractor, text)


@pytest.mark.parametrize(
    "sentence",
    [
        "A 155 mm round that cost around €2,000 in 2021 is now contracted at €8,000 in Europe.",
        "A Bushmaster costs in the order of $1.5 million depending on the variant.",
    ],
)
def test_a_unit_price_is_no_transfer(rules_extractor, sentence):
    assert [f for f in flows_of(rules_extractor, sentence) if f[0] == "transfer" and f[5] is not None] == []


def test_the_maker_of_a_designation_and_the_group_of_a_company_produce(rules_extractor):
    caesar = "The line in Bourges now produces six Caesar per month, industry sources say."
    assert [f[3] for f in flows_of(rules_extractor, caesar)] == ["knds_france"]
    group = (
        "Rheinmetall won a large order on Thursday. "
        "According to the company, the group will be able to produce around 700,000 artillery shells per year in 2025."
    )
    assert [f[3] for f in flows_of(rules_extractor, group)] == ["rheinmetall"]
    militia = "Hezbollah fired rockets at Israel. The group produced 500 drones last year, officials said."
    assert [f[3] for f in flows_of(rules_extractor, militia) if f[0] == "production"] == ["hezbollah"]


def test_a_systems_name_before_missiles_names_interceptors(rules_extractor):
    text = "Diehl Defence says it can build around 500 IRIS-T SL missiles a year."
    assert [f[4] for f in flows_of(rules_extractor, text)] == ["air_defense_missile"]
    text = "Germany delivered three IRIS-T systems and 300 missiles to Ukraine."
    assert [f[4:] for f in flows_of(rules_extractor, text)] == [("air_defense_system", 3), ("air_defense_missile", 300)]


def test_warheads_are_ammunition(rules_extractor):
    text = "The Turkish firm Baykar delivered at least 600 warheads to Sudan in 2024."
    assert flows_of(rules_extractor, text) == [("transfer", "baykar", "SDN", None, "ammunition", 600)]


def test_a_rate_carries_to_the_bare_figures_after_it_but_not_to_totals_or_increments(rules_extractor):
    text = "Russia fires about 20,000 shells a day, while Ukraine fires only about 6,000."
    assert [c.quantity.per for c in claims_of(rules_extractor, text)] == ["day", "day"]
    total = "The plant made 20,000 shells a month in 2023; in total it has made 300,000 shells."
    assert [c.quantity.per for c in claims_of(rules_extractor, total)] == ["month", None]
    more = "Russia produces 3 million shells a year and has received millions more from North Korea."
    assert {(c.kind, c.quantity.per) for c in claims_of(rules_extractor, more)} == {
        ("production", "year"),
        ("transfer", None),
    }


def test_scale_abbreviations_of_translated_copy():
    assert [(n.value, n.money) for n in find_numbers("we will produce 1,1 Mio. shells")] == [(1_100_000, None)]
    text = unstop_scales("a contract of 3,9 mld. dollars")  # as the model reads a sentence
    assert [(n.value, n.money) for n in find_numbers(text)] == [(3_900_000_000, "usd")]


def test_a_span_of_years_after_between_is_no_range():
    assert [n.text for n in find_numbers("400 missiles to be delivered between 2026 and 2028")] == ["400"]


def test_a_role_is_the_person_the_document_names_with_it():
    text = "The Defence Secretary announced the package.\n\nDefence Secretary John Healey said the UK stands firm."
    assert titled_people(text) == {"secretary": "John Healey"}
    two = "Minister Anna Berg met Minister Piet Hol. The minister said 10 tanks would go."
    assert titled_people(two) == {}  # two ministers: a guess either way


def test_the_author_of_an_address_speaks_every_unattributed_sentence(rules_extractor):
    text = (
        '"We hold the line" – address by President of Ukraine Volodymyr Zelensky\n\n21 June 2025\n\n'
        "This week, Russia launched more than 1,100 attack drones against our cities.\n"
    )
    author = document_author(text)
    assert author is not None and (author.name, author.country) == ("Volodymyr Zelensky", "UKR")
    claims = claims_of(rules_extractor, text)
    assert [(c.source.name if c.source else None, c.said_on) for c in claims] == [("Volodymyr Zelensky", "2025-06-21")]
    assert document_author("Russia launched 1,100 drones this week, officials said.") is None


def test_a_press_releases_quotes_belong_to_the_person_introduced_before_them(rules_extractor):
    text = (
        "LONDON, 14 March 2025\n\nThe UK will send more missiles to Ukraine.\n\n"
        "Defence Secretary John Healey said:\n\n"
        '"This winter alone Russia has fired more than 1,200 missiles at Ukrainian targets.\n\n'
        '"Thales in Belfast will be able to produce up to 1,000 missiles a month."\n\n'
        "Notes to editors: the UK has delivered 300,000 shells to Ukraine since 2022.\n"
    )
    sources = [
        (c.quantity.value if c.quantity else None, c.source.name if c.source else None)
        for c in claims_of(rules_extractor, text)
    ]
    assert (1_200, "John Healey") in sources
    assert (1_000, "John Healey") in sources
    assert (300_000, None) in sources  # the quotes ended with the paragraph that is no quote
