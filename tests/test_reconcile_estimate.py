"""Estimates over time on a two-year PRK->RUS corpus written for these tests (figures from
DOMAIN.md's timeline, sentences our own), and on the dev corpus's gold claims when present."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from reconcile_builders import claim

from armsledger.reconcile import (
    EstimateOptions,
    estimate,
    load_claims,
    load_reference,
    make_flow,
)

REF = load_reference()
SHELLS = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=REF)
CONTAINERS = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", unit="container", ref=REF)


def _timeline():
    c = claim
    return [
        c(
            1000,
            unit="container",
            qualifier="at_least",
            text="more than 1,000 containers",
            source="John Kirby",
            sentence="John Kirby said more than 1,000 containers of munitions had reached Russia in recent weeks.",
            doc="wh-2023-10-13",
            published="2023-10-13",
            grade="B",
            claim_id="kirby",
        ),
        c(
            1_000_000,
            qualifier="at_least",
            text="more than 1 million",
            source="NIS",
            grade="B",
            sentence="Lawmakers briefed by the NIS said more than 1 million shells went in about ten shipments.",
            doc="nis-2023-11-01",
            published="2023-11-01",
            claim_id="nis",
        ),
        c(
            5000,
            unit="container",
            qualifier="approx",
            text="about 5,000 containers",
            source="Shin Won-sik",
            doc="shin-2023-12-29",
            published="2023-12-29",
            grade="B",
            claim_id="shin-5000",
        ),
        c(
            1_000_000,
            qualifier="approx",
            text="around 1 million",
            source="HUR",
            grade="C",
            doc="hur-2024-01-20",
            published="2024-01-20",
            claim_id="hur-1m",
        ),
        c(
            10_000,
            unit="container",
            qualifier="at_least",
            text="more than 10,000 containers",
            sentence="Officials said more than 10,000 containers of munitions had been shipped since September.",
            source="State Department",
            doc="state-2024-02-23",
            published="2024-02-23",
            grade="A",
            claim_id="state",
        ),
        c(
            1_500_000,
            text="1.5 million",
            source="Vadym Skibitskyi",
            grade="C",
            doc="hur-2024-02-23",
            published="2024-02-23",
            claim_id="skib",
        ),
        c(
            3_000_000,
            caliber=152,
            qualifier="at_most",
            text="up to 3 million",
            source="Shin Won-sik",
            grade="B",
            certainty="likely",
            doc="shin-2024-02-26",
            published="2024-02-26",
            claim_id="shin-3m",
        ),
        c(
            500_000,
            caliber=122,
            qualifier="at_most",
            text="500,000",
            source="Shin Won-sik",
            grade="B",
            certainty="likely",
            doc="shin-2024-02-26",
            published="2024-02-26",
            claim_id="shin-500k",
        ),
        c(
            6700,
            unit="container",
            qualifier="approx",
            text="about 6,700 containers",
            source="Shin Won-sik",
            grade="B",
            doc="shin-2024-02-26",
            published="2024-02-26",
            claim_id="shin-6700",
        ),
        c(None, polarity="denied", source="KCNA", doc="kcna-2024-03-01", published="2024-03-01", claim_id="denial"),
        c(
            5_000_000,
            qualifier="approx",
            text="nearly 5 million",
            source="Shin Won-sik",
            grade="B",
            certainty="likely",
            doc="seed-2024-06-14",
            published="2024-06-14",
            claim_id="shin-5m",
        ),
        c(
            5_000_000,
            qualifier="approx",
            text="nearly 5 million",
            source="Shin Won-sik",
            grade="B",
            certainty="likely",
            doc="copy-2024-06-15",
            published="2024-06-15",
            duplicate_of="seed-2024-06-14",
            claim_id="copy-5m",
        ),
        c(
            10_000,
            unit="container",
            qualifier="at_least",
            text="at least 10,000 containers",
            source="Shin Won-sik",
            grade="B",
            certainty="likely",
            doc="seed-2024-06-14",
            published="2024-06-14",
            claim_id="shin-10000",
        ),
        c(
            1_600_000,
            qualifier="approx",
            text="about 1.6 million",
            source="C4ADS",
            grade="C",
            doc="wapo-2024-06-25",
            published="2024-06-25",
            claim_id="c4ads",
        ),
        c(
            6_000_000,
            caliber=152,
            qualifier="at_least",
            text="more than 6 million",
            source="DIA",
            grade="B",
            certainty="roughly_even",
            doc="dia-2024-08-27",
            published="2024-08-27",
            claim_id="dia-6m",
        ),
        c(
            20_000_000,
            text="20 million",
            source="Anonymous blog",
            grade="E",
            doc="blog-2024-09-01",
            published="2024-09-01",
            claim_id="blog",
        ),
        c(
            13_000,
            unit="container",
            qualifier="at_least",
            text="more than 13,000 containers",
            source="DIA",
            sentence="The DIA counted more than 13,000 containers since mid-2022.",
            grade="B",
            doc="dia-2024-08-27",
            published="2024-08-27",
            claim_id="dia-13000",
        ),
        c(
            2_000_000,
            status="committed",
            text="2 million",
            source="Envoy",
            doc="pledge-2024-10-01",
            published="2024-10-01",
            claim_id="pledge",
        ),
        c(
            20_000,
            unit="container",
            qualifier="at_least",
            text="more than 20,000 containers",
            source="MSMT",
            grade="A",
            doc="msmt-2025-05-29",
            published="2025-05-29",
            claim_id="msmt",
        ),
        c(
            28_000,
            unit="container",
            qualifier="approx",
            text="about 28,000 containers",
            source="DIA",
            grade="B",
            doc="dia-2025-07-13",
            published="2025-07-13",
            claim_id="dia-28000",
        ),
        c(
            12_000_000,
            caliber=152,
            qualifier="at_least",
            text="more than 12 million",
            source="DIA",
            grade="B",
            certainty="roughly_even",
            doc="dia-2025-07-13",
            published="2025-07-13",
            claim_id="dia-12m",
        ),
    ]


DATES = [
    "2023-10-13",
    "2023-11-01",
    "2023-12-29",
    "2024-01-20",
    "2024-02-23",
    "2024-02-26",
    "2024-03-01",
    "2024-06-14",
    "2024-06-25",
    "2024-08-27",
    "2024-09-01",
    "2024-10-01",
    "2025-05-29",
    "2025-07-13",
]


def _reported(claims, as_of, unit):
    return [
        rc.claim.quantity.value
        for rc in claims
        if rc.published <= as_of
        and rc.claim.quantity
        and rc.claim.quantity.unit == unit
        and rc.claim.polarity == "affirmed"
        and rc.claim.status == "actual"
        and rc.duplicate_of is None
    ]


NOT_READINGS = {"rate", "duplicate", "denied", "low_grade", "committed", "target", "interdicted", "no_quantity"}


def _spread(est):
    """The lowest low and highest high of every reading of a figure the estimate considered."""
    readings = [u for u in est.used + est.discounted if u.low is not None and u.status not in NOT_READINGS]
    return min(u.low for u in readings), max(u.high for u in readings)


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize(("flow", "unit"), [(SHELLS, "item"), (CONTAINERS, "container")])
def test_estimate_at_each_date_lies_within_what_was_reported_and_is_never_a_sum(day, flow, unit):
    claims = _timeline()
    as_of = date.fromisoformat(day)
    est = estimate(claims, flow, EstimateOptions(as_of=as_of, explain_limit=0))
    reported = _reported(claims, as_of, unit)
    low, high = _spread(est)
    assert low <= est.low <= est.central <= est.high <= high
    if len(reported) > 1:
        assert est.central != pytest.approx(sum(reported))
    used = {u.claim_id for u in est.used}
    assert used and used <= {rc.claim_id for rc in claims}


def test_estimate_series_matches_estimates_taken_at_each_date():
    claims = _timeline()
    full = estimate(claims, SHELLS)
    for point in full.series:
        at = estimate(claims, SHELLS, EstimateOptions(as_of=point.date))
        assert at.central == pytest.approx(point.central)


def test_estimate_explains_what_it_used_and_why_others_were_discounted():
    est = estimate(_timeline(), SHELLS, EstimateOptions(as_of=date(2024, 6, 30)))
    used = {u.claim_id for u in est.used}
    assert used == {"shin-5m", "c4ads"}
    why = {u.claim_id: u.status for u in est.discounted}
    assert why["copy-5m"] == "duplicate"
    assert why["denial"] == "denied"
    assert why["skib"] == "expired" and why["nis"] == "expired"
    assert why["shin-6700"] == "superseded"  # Shin said more on 14 June
    assert why["shin-10000"] == "alternative"  # same report: Shin's own count of shells is used
    assert all(u.evidence for u in est.used)
    assert "falls from 5 M" in est.series[-1].note and "C4ADS" in est.series[-1].note


def test_estimate_mid_2024_is_hand_computed_weighted_mean():
    est = estimate(_timeline(), SHELLS, EstimateOptions(as_of=date(2024, 6, 30)))
    # shin-5m: weight 0.675 * 0.85 = 0.57375; c4ads: 1.0 * 0.7 = 0.7
    w1, w2 = 0.57375, 0.7
    assert est.central == pytest.approx((w1 * 5_000_000 + w2 * 1_600_000) / (w1 + w2))
    # both hold the central value? shin-5m: 3.825M..5.5M does not; c4ads 1.36M..1.84M does not -> doubtful
    assert est.credibility == 4


def test_low_grade_and_commitments_are_discounted():
    est = estimate(_timeline(), SHELLS, EstimateOptions(as_of=date(2024, 10, 1)))
    why = {u.claim_id: u.status for u in est.discounted}
    assert why["blog"] == "low_grade" and why["pledge"] == "committed"
    assert "blog" not in {u.claim_id for u in est.used}


def test_before_any_total_the_largest_converted_increment_stands_in():
    # Kirby's "more than 1,000 containers ... in recent weeks" is an increment: a floor that stands in
    est = estimate(_timeline(), SHELLS, EstimateOptions(as_of=date(2023, 10, 13)))
    assert est.basis == "floor"
    assert est.central == pytest.approx(1000 * 353.182, rel=1e-4)
    assert "per container" in est.assumptions["loading"]
    assert [u.claim_id for u in est.used] == ["kirby"]
    off = estimate(_timeline(), SHELLS, EstimateOptions(as_of=date(2023, 10, 13), conversions="off"))
    assert off.central is None and off.credibility == 6


def test_two_independent_agreeing_sources_confirm():
    claims = [
        claim(
            1_000_000,
            qualifier="approx",
            text="about 1 million",
            source="NIS",
            doc="a",
            grade="B",
            published="2024-01-10",
            claim_id="a",
        ),
        claim(
            1_100_000,
            qualifier="approx",
            text="about 1.1 million",
            source="HUR",
            doc="b",
            grade="C",
            published="2024-01-12",
            claim_id="b",
        ),
    ]
    assert estimate(claims, SHELLS).credibility == 1


def test_syndicated_copies_do_not_confirm():
    claims = [
        claim(1_000_000, source="NIS", doc="a", grade="B", published="2024-01-10", claim_id="a"),
        claim(1_000_000, source="Other", doc="b", published="2024-01-11", duplicate_of="a", claim_id="b"),
    ]
    est = estimate(claims, SHELLS)
    assert est.credibility == 2 and [u.claim_id for u in est.used] == ["a"]


def test_rates_are_kept_apart_from_totals():
    claims = [
        claim(1_000_000, source="NIS", doc="a", published="2024-01-10", claim_id="total"),
        claim(100_000, per="month", source="HUR", doc="b", published="2024-01-11", claim_id="rate"),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(1_000_000)
    assert est.rate is not None and est.rate.central == pytest.approx(100_000)


def test_estimate_serializes_to_json():
    data = json.loads(estimate(_timeline(), SHELLS).model_dump_json())
    assert data["flow"]["supplier"] == "PRK" and data["series"]


def _gold_files():
    root = Path(__file__).resolve().parents[1] / "corpus" / "dev"
    return sorted(root.glob("gold*.jsonl"))


@pytest.mark.skipif(not _gold_files(), reason="no dev corpus gold file yet")
def test_dev_corpus_gold_estimates_stay_within_reports_published_by_each_date():
    claims = [rc for path in _gold_files() for rc in load_claims(path)]
    flows = {
        (rc.claim.supplier, rc.claim.recipient, rc.claim.item)
        for rc in claims
        if rc.claim.kind == "transfer" and rc.claim.quantity and rc.claim.quantity.unit == "item"
    }
    checked = 0
    for supplier, recipient, item in sorted(flows, key=str):
        flow = make_flow(supplier=supplier, recipient=recipient, item=item, ref=REF)
        members = [
            rc
            for rc in claims
            if rc.claim.kind == "transfer"
            and rc.claim.supplier == supplier
            and rc.claim.recipient == recipient
            and rc.claim.item == item
        ]
        for day in sorted({rc.published for rc in members}):
            est = estimate(members, flow, EstimateOptions(as_of=day, conversions="off", explain_limit=0))
            reported = _reported(members, day, "item")
            if est.central is None or not reported:
                continue
            low, high = _spread(est)
            assert low <= est.central <= high, (flow.label(), day)
            if len(reported) > 1:
                assert est.central != pytest.approx(sum(reported))
            assert est.used
            checked += 1
    assert checked > 0
