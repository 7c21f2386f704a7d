"""Cumulative vs incremental: cue detection (totals, increments, periods, rates) and rate periods."""

from __future__ import annotations

import pytest
from reconcile_builders import claim

from armsledger.reconcile.cumulative import classify, per_month
from armsledger.reconcile.refdata import load_reference

REF = load_reference()


@pytest.mark.parametrize(
    ("sentence", "text", "role", "cue"),
    [
        (
            "The State Department said more than 10,000 containers of munitions had arrived since September.",
            "more than 10,000 containers",
            "total",
            "since",
        ),
        ("Pyongyang has shipped 2 million shells so far, the agency said.", "2 million", "total", "so far"),
        ("In total, 6,700 containers crossed the border.", "6,700 containers", "total", "in total"),
        ("To date, 13,000 containers have been counted.", "13,000 containers", "total", "to date"),
        (
            "Kirby said 1,000 containers were delivered in recent weeks.",
            "1,000 containers",
            "increment",
            "in recent weeks",
        ),
        ("About 3 million shells arrived last year.", "About 3 million", "increment", "last year"),
        ("Some 50,000 shells arrived in June.", "Some 50,000", "increment", "in june"),
        ("The minister said 5,000 containers were spotted.", "5,000 containers", "total", None),
        (
            "It found 74,000 tonnes were sent between August 2023 and January 2024.",
            "74,000 tonnes",
            "increment",
            "between august 2023 and january 2024",
        ),
        (
            "Images from September to March show 2,000 rail cars.",
            "2,000 rail cars",
            "increment",
            "from september to march",
        ),
    ],
)
def test_cue_words_near_the_quantity_set_its_role(sentence, text, role, cue):
    rc = claim(1, text=text, sentence=sentence)
    found = classify(rc.claim, REF)
    assert (found.role, found.cue) == (role, cue)


def test_a_month_after_the_quantity_makes_a_rate_even_without_per():
    rc = claim(300_000, text="300,000 shells", sentence="Russia makes 300,000 shells a month, NATO says.")
    found = classify(rc.claim, REF)
    assert (found.role, found.per) == ("rate", "month")


def test_per_set_by_the_extractor_is_a_rate():
    assert classify(claim(10_000, per="day").claim, REF).role == "rate"


def test_nearest_cue_wins_when_a_sentence_has_both():
    sentence = "Of the 6,700 containers sent since September, 1,000 were sent in recent weeks."
    total = claim(6700, text="6,700 containers", sentence=sentence)
    increment = claim(1000, text="1,000", sentence=sentence)
    assert classify(total.claim, REF).role == "total"
    assert classify(increment.claim, REF).role == "increment"


def test_per_month_normalises_day_week_and_year():
    assert per_month(1, "day", REF) == pytest.approx(30.4375)
    assert per_month(12, "year", REF) == pytest.approx(1.0)
    assert per_month(7, "week", REF) == pytest.approx(30.4375)
