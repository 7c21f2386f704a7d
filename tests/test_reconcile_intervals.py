"""Interval rules: qualifiers, qualifier words, hedges (ICD 203 bands) and Admiralty grades."""

from __future__ import annotations

from pathlib import Path

import pytest
from reconcile_builders import claim

from armsledger.reconcile.intervals import claim_interval
from armsledger.reconcile.refdata import load_reference

REF = load_reference()


@pytest.mark.parametrize(
    ("qualifier", "text", "low", "high"),
    [
        ("exact", "1,000", 950, 1050),  # rounded counts: +-5 %
        ("approx", "about 1,000", 850, 1150),  # about: +-15 %
        ("at_least", "at least 1,000", 1000, 1500),
        ("at_most", "up to 1,000", 500, 1000),
    ],
)
def test_interval_qualifier_sets_bounds_and_keeps_stated_central(qualifier, text, low, high):
    iv = claim_interval(claim(1000, qualifier=qualifier, text=text).claim, None, REF)
    assert (iv.low, iv.central, iv.high) == pytest.approx((low, 1000, high))


def test_interval_range_spans_value_to_value_high_with_midpoint():
    iv = claim_interval(claim(8000, value_high=9000, qualifier="range", text="8,000-9,000").claim, None, REF)
    assert (iv.low, iv.central, iv.high) == pytest.approx((8000, 8500, 9000))


def test_interval_nearly_five_million_lies_below_the_figure():
    iv = claim_interval(claim(5_000_000, qualifier="approx", text="nearly 5 million").claim, None, REF)
    assert (iv.low, iv.central, iv.high) == pytest.approx((4_250_000, 5_000_000, 5_000_000))
    assert "word 'nearly'" in iv.rules


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (100_000, "hundreds of thousands"),
        (100_000, "several hundred thousand"),  # SCHEMA rule 9: "several" is as vague as "hundreds of"
        (1_000_000, "several million rounds"),
        (1_000_000, "a few million"),
    ],
)
def test_interval_vague_amounts_reach_ten_times(value, text):
    iv = claim_interval(claim(value, qualifier="at_least", text=text).claim, None, REF)
    assert (iv.low, iv.high) == pytest.approx((value, 10 * value))


def test_interval_hedge_likely_widens_by_ten_percent_and_weights_0675():
    iv = claim_interval(claim(1000, qualifier="approx", text="about 1,000", certainty="likely").claim, None, REF)
    # 850 * 0.9 = 765; 1150 * 1.1 = 1265; weight 0.675 (band midpoint) * 0.6 (ungraded)
    assert (iv.low, iv.high, iv.weight) == pytest.approx((765, 1265, 0.405))


def test_interval_hedge_without_band_defaults_to_roughly_even():
    rc = claim(1000, text="1,000")
    hedged = rc.claim.model_copy(update={"hedged": True, "certainty": None})
    iv = claim_interval(hedged, None, REF)
    # exact 950..1050 widened by 20 %: 760..1260; weight 0.5 * 0.6
    assert (iv.low, iv.high, iv.weight) == pytest.approx((760, 1260, 0.3))


@pytest.mark.parametrize(
    ("grade", "weight"), [("A", 1.0), ("B", 0.85), ("C", 0.7), ("D", 0.5), ("E", 0.25), ("F", 0.6), (None, 0.6)]
)
def test_interval_admiralty_grade_sets_weight_of_unhedged_claim(grade, weight):
    assert claim_interval(claim(1000).claim, grade, REF).weight == pytest.approx(weight)


def test_interval_rules_come_from_an_analyst_data_dir(tmp_path):
    text = Path(REF.sources["intervals"]).read_text(encoding="utf-8")
    (tmp_path / "intervals.yaml").write_text(
        text.replace("at_least: {low: 1.0,  central: 1.0, high: 1.5}", "at_least: {low: 1.0,  central: 1.0, high: 2.0}")
    )
    custom = load_reference(tmp_path)
    iv = claim_interval(claim(1000, qualifier="at_least", text="at least 1,000").claim, None, custom)
    assert iv.high == pytest.approx(2000)
    assert custom.sources["loading"] == REF.sources["loading"]


def test_malformed_interval_rules_raise_reference_data_error(tmp_path):
    from armsledger.errors import ReferenceDataError

    (tmp_path / "intervals.yaml").write_text("qualifiers: 3\n")
    with pytest.raises(ReferenceDataError, match=r"intervals.yaml"):
        load_reference(tmp_path)
