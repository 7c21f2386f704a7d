"""Contradictions: disjoint totals, falling totals, disjoint rates, denials; never within one document."""

from __future__ import annotations

from reconcile_builders import claim

from armsledger.reconcile import find_contradictions


def test_disjoint_totals_in_one_window_are_listed_with_both_sources():
    found = find_contradictions(
        [
            claim(1_000_000, source="NIS", doc="a", published="2024-02-20", claim_id="a"),
            claim(3_000_000, source="HUR", doc="b", published="2024-02-25", claim_id="b"),
        ]
    )
    assert [c.kind for c in found] == ["disjoint_totals"]
    assert (found[0].first.source, found[0].second.source) == ("NIS", "HUR")
    assert "950,000-1,050,000" in found[0].message and "2,850,000-3,150,000" in found[0].message


def test_overlapping_totals_are_not_contradictions():
    assert (
        find_contradictions(
            [
                claim(
                    1_000_000, qualifier="approx", text="about 1 million", source="NIS", doc="a", published="2024-02-20"
                ),
                claim(
                    1_100_000,
                    qualifier="approx",
                    text="about 1.1 million",
                    source="HUR",
                    doc="b",
                    published="2024-02-25",
                ),
            ]
        )
        == []
    )


def test_totals_far_apart_in_time_are_not_the_same_period():
    found = find_contradictions(
        [
            claim(1_000_000, source="NIS", doc="a", published="2024-01-01"),
            claim(3_000_000, source="HUR", doc="b", published="2024-06-01"),
        ]
    )
    assert found == []


def test_a_later_total_below_an_earlier_credible_one_is_a_fall():
    found = find_contradictions(
        [
            claim(
                3_000_000,
                qualifier="at_least",
                text="at least 3 million",
                source="A",
                doc="a",
                published="2024-01-01",
                claim_id="early",
            ),
            claim(1_000_000, source="B", doc="b", published="2024-06-01", claim_id="late"),
        ]
    )
    assert [(c.kind, c.first.claim_id, c.second.claim_id) for c in found] == [("total_decreased", "early", "late")]


def test_alternatives_repeated_by_another_document_do_not_contradict():
    # A recap restating Shin's "3 million 152 mm or 500,000 122 mm" is the same statement (rule 6)
    assert (
        find_contradictions(
            [
                claim(3_000_000, caliber=152, source="Shin Won-sik", doc="s", published="2024-02-26", claim_id="x"),
                claim(500_000, caliber=122, source="Won-sik", doc="recap", published="2024-02-29", claim_id="y"),
            ]
        )
        == []
    )


def test_a_timeline_repeating_an_old_figure_is_not_set_against_the_news():
    old = claim(
        1000,
        unit="container",
        qualifier="at_least",
        text="more than 1,000 containers",
        source="Kirby",
        doc="timeline",
        published="2024-09-02",
        claim_id="old",
    )
    old = old.__class__(
        **{
            **{f: getattr(old, f) for f in old.__slots__},
            "claim": old.claim.model_copy(update={"said_on": "2023-10-13"}),
        }
    )
    news = claim(
        13_000,
        unit="container",
        qualifier="at_least",
        text="more than 13,000 containers",
        source="DIA",
        doc="dia",
        published="2024-08-27",
        claim_id="news",
    )
    assert find_contradictions([old, news]) == []


def test_alternatives_in_one_document_do_not_contradict():
    assert (
        find_contradictions(
            [
                claim(3_000_000, caliber=152, source="Shin", doc="s", published="2024-02-26", claim_id="x"),
                claim(500_000, caliber=122, source="Shin", doc="s", published="2024-02-26", claim_id="y"),
            ]
        )
        == []
    )


def test_disjoint_rates_are_compared_per_month():
    found = find_contradictions(
        [
            claim(10_000, per="day", source="A", doc="a", kind="consumption", actor="RUS", published="2024-08-01"),
            claim(100_000, per="month", source="B", doc="b", kind="consumption", actor="RUS", published="2024-08-05"),
        ]
    )
    # 10,000 a day = 289,156-319,594 a month; 100,000 a month = 95,000-105,000
    assert [c.kind for c in found] == ["disjoint_rates"]


def test_a_denial_contradicts_affirmed_reports_of_the_same_flow():
    found = find_contradictions(
        [
            claim(None, polarity="denied", source="KCNA", doc="d", published="2024-03-01", claim_id="deny"),
            claim(1_500_000, source="HUR", doc="h", published="2024-02-23", claim_id="hur"),
        ]
    )
    assert [(c.kind, c.first.claim_id, c.second.claim_id) for c in found] == [("denied", "deny", "hur")]
