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
    [("$61bn in military aid", 61e9, "usd"), ("EUR 50 billion", 50e9, "eur"), ("50 billion euros", 50e9, "eur"),
     ("$400 million package", 400e6, "usd")],
)
def test_money_amounts_carry_their_currency(text, value, money):
    found = find_numbers(text)[0]
    assert (found.value, found.money) == (value, money)


@pytest.mark.parametrize("text, value", [("about half do not work", 0.5), ("a third of them", 0.333),
                                         ("20% of the shells", 0.2), ("two-thirds", 0.667)])
def test_fractions(text, value):
    found = find_numbers(text)[0]
    assert found.fraction and found.value == pytest.approx(value)
