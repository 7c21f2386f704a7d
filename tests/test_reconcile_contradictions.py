"""Contradictions: disjoint totals, falling totals, disjoint rates, denials; never within one document."""

from __future__ import annotations

from armsledger.reconcile import find_contradictions
from reconcile_builders import claim


def test_disjoint_totals_in_one_window_are_listed_with_both_sources():
    found = find_contradictions([
        claim(1_000_000, source="NIS", doc="a", published="2024-02-20", claim_id="a"),
        claim(3_000_000, source="HUR", doc="b", published="2024-02-25", claim_id="b")])
    assert [c.kind for c in found] == ["disjoint_totals"]
    assert (found[0].first.source, found[0].second.source) == ("src:nis", "src:hur")
    assert "950,000-1,050,000" in found[0].message and "2,850,000-3,150,000" in found[0].message


def test_overlapping_totals_are_not_contradictions():
    assert find_contradictions([
        claim(1_000_000, qualifier="approx", text="about 1 million", source="NIS", doc="a", published="2024-02-20"),
        claim(1_100_000, qualifier="approx", text="about 1.1 million", source="HUR", doc="b",
              published="2024-02-25")]) == []


def test_totals_far_apart_in_time_are_not_the_same_period():
    found = find_contradictions([
        claim(1_000_000, source="NIS", doc="a", published="2024-01-01"),
        claim(3_000_000, source="HUR", doc="b", published="2024-06-01")])
    assert found == []


def test_a_later_total_below_an_earlier_credible_one_is_a_fall():
    found = find_contradictions([
        claim(3_000_000, qualifier="at_least", text="at least 3 million", source="A", doc="a",
              published="2024-01-01", claim_id="early"),
        claim(1_000_000, source="B", doc="b", published="2024-06-01", claim_id="late")])
    assert [(c.kind, c.first.claim_id, c.second.claim_id) for c in found] == [("total_decreased", "early", "late")]


def test_alternatives_in_one_document_do_not_contradict():
    assert find_contradictions([
        claim(3_000_000, caliber=152, source="Shin", doc="s", published="2024-02-26", claim_id="x"),
        claim(500_000, caliber=122, source="Shin", doc="s", published="2024-02-26", claim_id="y")]) == []


def test_disjoint_rates_are_compared_per_month():
    found = find_contradictions([
        claim(10_000, per="day", source="A", doc="a", kind="consumption", actor="RUS", published="2024-08-01"),
        claim(100_000, per="month", source="B", doc="b", kind="consumption", actor="RUS", published="2024-08-05")])
    # 10,000 a day = 289,156-319,594 a month; 100,000 a month = 95,000-105,000
    assert [c.kind for c in found] == ["disjoint_rates"]


def test_a_denial_contradicts_affirmed_reports_of_the_same_flow():
    found = find_contradictions([
        claim(None, polarity="denied", source="KCNA", doc="d", published="2024-03-01", claim_id="deny"),
        claim(1_500_000, source="HUR", doc="h", published="2024-02-23", claim_id="hur")])
    assert [(c.kind, c.first.claim_id, c.second.claim_id) for c in found] == [("denied", "deny", "hur")]
