"""Quantity expressions: digits, words, scales, money, ranges, vague amounts, fractions, qualifiers."""

from __future__ import annotations

import pytest

from armsledger.extract.numbers import find_numbers


@pytest.mark.parametrize(
    "text, value, high, qualifier",
    [
        ("nearly 5 million artillery shells", 5_000_000, None, "approx"),
        ("at least 10,000 containers", 10_000, None, "at_least"),
        ("three hundred thousand shells", 300_000, None, "exact"),
        ("1.5m shells", 1_500_000, None, "exact"),
        ("between 40,000 and 60,000 a day", 40_000, 60_000, "range"),
        ("80,000 to 100,000 rounds", 80_000, 100_000, "range"),
        ("8,000-9,000 rounds", 8_000, 9_000, "range"),
        ("between 1 and 1.5 million shells", 1_000_000, 1_500_000, "range"),
        ("tens of thousands of shells", 10_000, None, "at_least"),
        ("hundreds of thousands of rounds", 100_000, None, "at_least"),
        ("dozens of ballistic missiles", 12, None, "at_least"),
        ("a million shells", 1_000_000, None, "exact"),
        ("up to 4.8 million shells", 4_800_000, None, "at_most"),
        ("more than 1 million shells", 1_000_000, None, "at_least"),
        ("5,000-plus drones", 5_000, None, "at_least"),
        ("some 6,700 containers", 6_700, None, "approx"),
        ("half a million shells", 500_000, None, "exact"),
        ("two and a half million rounds", 2_500_000, None, "exact"),
        ("one and a half thousand drones", 1_500, None, "exact"),
    ],
)
def test_quantity_value_and_qualifier(text, value, high, qualifier):
    found = find_numbers(text)[0]
    assert found.value == value
    assert found.value_high == high
    assert found.qualifier == qualifier


@pytest.mark.parametrize(
    "text, value, money",
    [
        ("$61bn in military aid", 61e9, "usd"),
        ("EUR 50 billion", 50e9, "eur"),
        ("50 billion euros", 50e9, "eur"),
        ("$400 million package", 400e6, "usd"),
    ],
)
def test_money_amounts_carry_their_currency(text, value, money):
    found = find_numbers(text)[0]
    assert (found.value, found.money) == (value, money)


@pytest.mark.parametrize(
    "text, value",
    [("about half do not work", 0.5), ("a third of them", 0.333), ("20% of the shells", 0.2), ("two-thirds", 0.667)],
)
def test_fractions(text, value):
    found = find_numbers(text)[0]
    assert found.fraction and found.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text, value, currency",
    [
        ("a donation worth NOK 3.5 billion", 3_500_000_000, "nok"),
        ("SEK 43.5 billion in all", 43_500_000_000, "sek"),
        ("3.5 billion kroner", 3_500_000_000, "dkk"),
        ("exports of 23,622 crore rupees", 236_220_000_000, "inr"),
        ("a \u20a91.2 trillion deal", 1_200_000_000_000, "krw"),
        ("NT$237 billion for drones", 237_000_000_000, "twd"),
        ("CAD 406 million", 406_000_000, "cad"),
        ("UAH 3 bn", 3_000_000_000, "uah"),
        ("\u00a3 2.26 billion", 2_260_000_000, "gbp"),
        ("1,5 mln. shells", 1_500_000, None),
        ("10 thous. pcs.", 10_000, None),
        ("1 lakh rounds", 100_000, None),
        ("reached 7 billion 154 million dollars", 7_154_000_000, "usd"),
        ("5 million 200 thousand shells", 5_200_000, None),
    ],
)
def test_sums_in_any_listed_currency_and_local_number_forms(text, value, currency):
    [n] = find_numbers(text)
    assert (n.value, n.money) == (value, currency)


@pytest.mark.parametrize("text", ["Poland won 3 contracts", "try 5 times", "a 2,000 pounds bomb"])
def test_currency_codes_count_in_capitals_only_and_pounds_weigh(text):
    assert [n.money for n in find_numbers(text)] == [None]


def test_a_count_before_a_calibre_is_not_one_space_grouped_number():
    found = [(n.value, n.text) for n in find_numbers("roughly 120 240 mm multiple rocket launchers")]
    assert found == [(120, "roughly 120"), (240, "240")]


@pytest.mark.parametrize(
    "text, qualifier, quantity_text",
    [
        ("Pyongyang had handed over 120 Koksan guns", "exact", "120"),
        ("Kyiv turned over 5,000 rifles", "exact", "5,000"),
        ("they handed over $5 million", "exact", "$5 million"),
        ("North Korea sent over 120 guns", "at_least", "over 120"),
    ],
)
def test_over_after_hand_or_turn_is_a_particle_not_more_than(text, qualifier, quantity_text):
    [n] = find_numbers(text)
    assert (n.qualifier, n.text) == (qualifier, quantity_text)
