"""Cumulative vs incremental: cue detection, supersession, floors, and never summing totals."""

from __future__ import annotations

import pytest

from armsledger.reconcile.analysis import analyse
from armsledger.reconcile.cumulative import classify, per_month
from armsledger.reconcile.refdata import load_reference
from armsledger.reconcile.series import sweep
from reconcile_builders import claim

REF = load_reference()


@pytest.mark.parametrize(("sentence", "text", "role", "cue"), [
    ("The State Department said more than 10,000 containers of munitions had arrived since September.",
     "more than 10,000 containers", "total", "since"),
    ("Pyongyang has shipped 2 million shells so far, the agency said.", "2 million", "total", "so far"),
    ("In total, 6,700 containers crossed the border.", "6,700 containers", "total", "in total"),
    ("To date, 13,000 containers have been counted.", "13,000 containers", "total", "to date"),
    ("Kirby said 1,000 containers were delivered in recent weeks.", "1,000 containers", "increment",
     "in recent weeks"),
    ("About 3 million shells arrived last year.", "About 3 million", "increment", "last year"),
    ("Some 50,000 shells arrived in June.", "Some 50,000", "increment", "in june"),
    ("The minister said 5,000 containers were spotted.", "5,000 containers", "total", None),
])
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


def _run(*claims, window=30):
    candidates = [a for a in (analyse(rc, REF) for rc in claims) if a.status is None]
    return sweep(candidates, window_days=window, floor_min_weight=REF.intervals.floor_min_weight)


def test_later_total_supersedes_earlier_one_instead_of_adding():
    points, state = _run(claim(1_000_000, source="NIS", published="2024-01-01", claim_id="a"),
                         claim(1_500_000, source="HUR", published="2024-03-01", claim_id="b"))
    last = points[-1]
    # b alone is current (a is 60 days older); low = max(1,425,000, floor 950,000 from a)
    assert (last.low, last.central, last.high) == pytest.approx((1_425_000, 1_500_000, 1_575_000))
    assert "a" in state.superseded and "more than 30 days older" in state.superseded["a"][1]


def test_current_totals_of_two_sources_are_averaged_by_weight():
    points, _ = _run(claim(1_000_000, source="NIS", published="2024-03-01", claim_id="a"),
                     claim(2_000_000, source="HUR", published="2024-03-10", claim_id="b"))
    assert (points[-1].low, points[-1].central, points[-1].high) == pytest.approx((1_425_000, 1_500_000, 1_575_000))


def test_graded_sources_weigh_their_totals():
    points, _ = _run(claim(1_000_000, source="NIS", published="2024-03-01", grade="A", claim_id="a"),
                     claim(2_000_000, source="HUR", published="2024-03-10", grade="D", claim_id="b"))
    # (1.0 * 1M + 0.5 * 2M) / 1.5
    assert points[-1].central == pytest.approx(4_000_000 / 3)


def test_a_sources_own_update_supersedes_its_earlier_total():
    points, state = _run(claim(1_000_000, source="Shin", published="2024-03-01", claim_id="a"),
                         claim(1_200_000, source="Shin", published="2024-03-10", claim_id="b"))
    assert points[-1].central == pytest.approx(1_200_000)
    assert "same source's later report b" in state.superseded["a"][1]


def test_alternatives_of_one_source_and_day_share_one_vote():
    points, _ = _run(
        claim(3_000_000, qualifier="at_most", text="up to 3 million", source="Shin", doc="s.txt",
              published="2024-02-26", claim_id="s152"),
        claim(500_000, qualifier="at_most", text="500,000", source="Shin", doc="s.txt", published="2024-02-26",
              claim_id="s122"),
        claim(1_500_000, source="HUR", doc="h.txt", published="2024-02-26", claim_id="h"))
    # Shin's two claims weigh 0.3 each, HUR 0.6: (0.3*3M + 0.3*0.5M + 0.6*1.5M) / 1.2
    assert points[-1].central == pytest.approx(1_625_000)


def test_increment_alone_stands_in_for_the_total_then_only_floors_it():
    points, state = _run(
        claim(1000, unit="item", qualifier="at_least", text="more than 1,000", source="Kirby",
              sentence="Kirby said more than 1,000 were sent in recent weeks.", published="2023-10-13", claim_id="i"),
        claim(5000, qualifier="approx", text="about 5,000", source="Shin", published="2023-12-29", claim_id="t"))
    assert points[0].central == pytest.approx(1000)
    assert (points[1].low, points[1].central) == pytest.approx((4250, 5000))
    assert [a.rc.claim_id for a in state.increments] == ["i"]


def test_a_running_total_cannot_fall_below_a_credible_earlier_floor():
    points, _ = _run(claim(3_000_000, qualifier="at_least", text="at least 3 million", source="A",
                           published="2024-01-01", claim_id="a"),
                     claim(1_000_000, source="B", published="2024-06-01", claim_id="b"))
    # floor 3M (a's low, weight 0.6 >= 0.5) lifts low and central; still inside the reports' spread
    assert (points[-1].low, points[-1].central, points[-1].high) == pytest.approx((3_000_000,) * 3)


def test_low_weight_totals_do_not_set_floors():
    points, _ = _run(claim(3_000_000, source="A", published="2024-01-01", grade="D", claim_id="a"),
                     claim(1_000_000, source="B", published="2024-06-01", claim_id="b"))
    # D-grade weight 0.5 passes the 0.5 floor threshold; make it hedged to drop below
    hedged = _run(claim(3_000_000, source="A", published="2024-01-01", grade="D", certainty="likely",
                        claim_id="a"),
                  claim(1_000_000, source="B", published="2024-06-01", claim_id="b"))[0]
    assert points[-1].central == pytest.approx(2_850_000)
    assert hedged[-1].central == pytest.approx(1_000_000)
