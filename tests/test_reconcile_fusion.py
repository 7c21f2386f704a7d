"""Estimates an analyst can defend: reports fused (not "newest wins"), outliers set aside and named,
capacities and carriers read over time, restatements counted once, and a running total that never
falls without a stated reason."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from reconcile_builders import claim

from armsledger.reconcile import EstimateOptions, estimate, load_reference, make_flow

REF = load_reference()
SHELLS = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=REF)


def _status(est):
    return {u.claim_id: u.status for u in est.used + est.discounted}


def test_three_reports_near_3_million_outweigh_one_hedged_12_million_conversion():
    claims = [
        claim(
            2_900_000,
            qualifier="approx",
            text="about 2.9 million",
            source="NIS",
            doc="a",
            claim_id="nis",
            published="2024-09-01",
        ),
        claim(
            3_000_000,
            qualifier="approx",
            text="about 3 million",
            source="HUR",
            doc="b",
            claim_id="hur",
            published="2024-09-01",
        ),
        claim(
            3_100_000,
            qualifier="approx",
            text="about 3.1 million",
            source="RUSI",
            doc="c",
            claim_id="rusi",
            published="2024-09-01",
        ),
        claim(
            12_000_000,
            qualifier="at_least",
            text="more than 12 million",
            source="DIA",
            doc="d",
            claim_id="dia",
            certainty="roughly_even",
            published="2024-09-01",
            sentence="The containers could contain more than 12 million shells, the DIA said.",
        ),
    ]
    est = estimate(claims, SHELLS)
    assert est.central < 4_000_000
    assert est.central == pytest.approx(3_000_000, rel=0.02)
    assert _status(est)["dia"] == "outlier"
    outlier_lines = [line for line in est.explanation if line.startswith("Outlier set aside")]
    assert len(outlier_lines) == 1
    assert "DIA" in outlier_lines[0] and "could hold more than 12 million" in outlier_lines[0]
    assert est.credibility == 1


def test_one_report_alone_against_another_is_not_an_outlier_both_are_fused():
    claims = [
        claim(1_000_000, source="NIS", doc="a", published="2024-03-01", claim_id="a"),
        claim(2_000_000, source="HUR", doc="b", published="2024-03-10", claim_id="b"),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(1_500_000)
    assert set(_status(est).values()) == {"used"}


def test_fusion_weights_by_source_grade():
    claims = [
        claim(1_000_000, source="NIS", doc="a", published="2024-03-01", grade="A", claim_id="a"),
        claim(2_000_000, source="HUR", doc="b", published="2024-03-10", grade="D", claim_id="b"),
    ]
    assert estimate(claims, SHELLS).central == pytest.approx((1.0 * 1e6 + 0.5 * 2e6) / 1.5)


def test_an_older_report_of_another_source_ages_out_and_is_never_added():
    claims = [
        claim(1_000_000, source="NIS", doc="a", published="2024-01-01", claim_id="a"),
        claim(1_500_000, source="HUR", doc="b", published="2024-03-01", claim_id="b"),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(1_500_000)
    status = {u.claim_id: (u.status, u.reason) for u in est.discounted}
    assert status["a"][0] == "expired" and "more than 30 days older" in status["a"][1]


def test_a_sources_later_report_supersedes_its_earlier_one():
    claims = [
        claim(1_000_000, source="Shin", doc="a", published="2024-03-01", claim_id="a"),
        claim(1_200_000, source="Shin", doc="b", published="2024-03-10", claim_id="b"),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(1_200_000)
    line = next(u for u in est.discounted if u.claim_id == "a")
    assert line.status == "superseded" and "said more later" in line.reason


def test_a_running_total_is_held_when_newer_reports_are_lower_and_the_explanation_says_why():
    claims = [
        claim(
            3_000_000,
            qualifier="approx",
            text="about 3 million",
            source="A",
            doc="a",
            published="2024-01-01",
            claim_id="a",
        ),
        claim(1_000_000, source="B", doc="b", published="2024-06-01", claim_id="b"),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(3_000_000)
    assert est.series[-1].note.startswith("held at 3 M")
    assert any(line.startswith("Held at 3 M") and "a running total cannot fall" in line for line in est.explanation)


def test_a_source_revising_its_own_figure_down_may_lower_the_total_with_the_reason_stated():
    claims = [
        claim(3_000_000, source="Shin", doc="a", published="2024-01-01", claim_id="a"),
        claim(2_000_000, source="Shin", doc="b", published="2024-06-01", claim_id="b"),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(2_000_000)
    assert "revised its own figure from 3 M to 2 M" in est.series[-1].note


def test_every_fall_of_the_series_states_its_reason():
    claims = [
        claim(3_000_000, source="A", doc="a", published="2024-01-01"),
        claim(2_000_000, source="A", doc="b", published="2024-02-01"),
        claim(1_000_000, source="B", doc="c", published="2024-02-10"),
        claim(900_000, source="C", doc="d", published="2024-05-01"),
    ]
    series = estimate(claims, SHELLS).series
    for before, after in itertools.pairwise(series):
        if after.central < before.central:
            assert after.note and after.note.startswith("falls from")


def test_alternatives_joined_by_or_are_one_reading_in_the_assumed_calibre():
    sentence = "Shin said the containers could hold up to 3 million 152 mm shells or 500,000 122 mm rounds."
    claims = [
        claim(
            3_000_000,
            caliber=152,
            qualifier="at_most",
            text="up to 3 million",
            source="Shin",
            doc="s",
            sentence=sentence,
            published="2024-02-26",
            claim_id="s152",
        ),
        claim(
            500_000,
            caliber=122,
            qualifier="at_most",
            text="500,000",
            source="Shin",
            doc="s",
            sentence=sentence,
            published="2024-02-26",
            claim_id="s122",
        ),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(3_000_000 * 0.8)  # a capacity: the stated figure is the top
    assert _status(est) == {"s152": "used", "s122": "alternative"}


def test_carrier_counts_newer_than_the_latest_item_count_update_the_estimate():
    claims = [
        claim(1_000_000, source="NIS", doc="a", published="2024-01-01", claim_id="items"),
        claim(
            10_000,
            unit="container",
            qualifier="at_least",
            text="more than 10,000 containers",
            source="State Department",
            doc="b",
            published="2024-01-20",
            claim_id="boxes",
        ),
    ]
    est = estimate(claims, SHELLS)
    assert est.central > 1_000_000
    assert _status(est)["boxes"] == "used"
    assert any(u.figure == "carrier" for u in est.used)


def test_a_conversion_older_than_a_direct_count_is_replaced_by_it():
    claims = [
        claim(
            5,
            unit="shipment",
            qualifier="at_least",
            text="at least five shipments",
            source="RUSI",
            doc="a",
            published="2023-10-16",
            claim_id="ships",
        ),
        claim(
            1_000_000,
            qualifier="at_least",
            text="more than one million",
            source="NIS",
            doc="b",
            published="2023-11-01",
            claim_id="count",
        ),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(1_000_000)
    assert _status(est)["ships"] == "conversion_unused"


def test_carriers_of_broader_items_count_for_their_share_of_shells():
    munitions = claim(
        5000,
        unit="container",
        qualifier="approx",
        text="about 5,000 containers",
        source="Shin",
        item="ammunition",
        doc="a",
        published="2023-12-29",
        claim_id="a",
    )
    est = estimate([munitions], SHELLS)
    per_container = REF.loading.carriers["container"].payload_kg.central / (43.56 * 1.3)
    assert est.central == pytest.approx(5000 * per_container * 0.9, rel=1e-6)
    assert "more than one" not in est.explanation[0]


def test_capacities_are_read_below_their_stated_figure_and_weigh_less():
    sentence = "Those containers could hold more than 6 million rounds, the agency said."
    est = estimate(
        [
            claim(
                6_000_000,
                qualifier="at_least",
                text="more than 6 million",
                sentence=sentence,
                source="DIA",
                doc="a",
                published="2024-08-27",
                claim_id="cap",
            )
        ],
        SHELLS,
    )
    used = est.used[0]
    assert used.figure == "capacity" and used.central == pytest.approx(4_800_000)
    assert used.weight == pytest.approx(0.6 * 0.5)


def test_vague_amounts_are_floors_not_votes():
    claims = [
        claim(4_000_000, source="UK", doc="a", published="2024-11-01", claim_id="count"),
        claim(
            1_000_000,
            qualifier="at_least",
            text="millions of",
            source="FCDO",
            doc="b",
            published="2024-11-20",
            claim_id="vague",
            sentence="North Korea has sent millions of shells, the Foreign Office said.",
        ),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(4_000_000)
    assert _status(est)["vague"] == "floor"


def test_several_hundred_thousand_is_a_floor_not_a_vote():
    claims = [
        claim(6_000_000, source="MSMT", doc="a", published="2025-05-29", claim_id="count"),
        claim(
            100_000,
            qualifier="at_least",
            text="several hundred thousand",
            source="HUR",
            doc="b",
            published="2025-06-06",
            claim_id="vague",
            sentence="North Korea has sent several hundred thousand shells, intelligence said.",
        ),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(6_000_000)
    assert _status(est)["vague"] == "floor"


def test_a_period_figure_and_the_conversion_of_it_are_floors_not_current_totals():
    tonnes = "It found 74,000 tonnes of explosives were sent between August 2023 and January 2024."
    volume = "The authors said that volume would amount to about 1.6 million artillery shells."
    text = tonnes + " " + volume
    claims = [
        claim(
            4_800_000,
            qualifier="at_most",
            text="as many as 4.8 million",
            source="Shin",
            doc="s",
            published="2024-06-14",
            claim_id="shin",
        ),
        claim(
            74_000,
            unit="tonne",
            qualifier="at_least",
            text="74,000 tonnes",
            source="C4ADS",
            doc="w",
            sentence=tonnes,
            published="2024-06-26",
            claim_id="tonnes",
        ),
        claim(
            1_600_000,
            qualifier="approx",
            text="about 1.6 million",
            source="C4ADS",
            doc="w",
            sentence=volume,
            published="2024-06-26",
            claim_id="volume",
        ),
    ]
    evidence = claims[2].claim.evidence.model_copy(update={"start": len(tonnes) + 1, "end": len(text)})
    claims[2] = claims[2].__class__(
        **{
            **{f: getattr(claims[2], f) for f in claims[2].__slots__},
            "claim": claims[2].claim.model_copy(update={"evidence": evidence}),
        }
    )
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(4_800_000)
    assert _status(est)["tonnes"] == "floor" and _status(est)["volume"] == "floor"


def test_a_recap_of_an_earlier_figure_is_dated_when_it_was_said_and_is_not_news():
    recap = claim(
        5000,
        unit="container",
        qualifier="approx",
        text="about 5,000 containers",
        source="Shin Won-sik",
        doc="timeline",
        published="2024-07-01",
        claim_id="recap",
    )
    recap = recap.__class__(
        **{
            **{f: getattr(recap, f) for f in recap.__slots__},
            "claim": recap.claim.model_copy(update={"said_on": "2023-12-29"}),
        }
    )
    claims = [
        claim(
            10_000,
            unit="container",
            qualifier="at_least",
            text="at least 10,000 containers",
            source="Shin Won-sik",
            doc="june",
            published="2024-06-14",
            claim_id="june",
        ),
        recap,
    ]
    est = estimate(claims, SHELLS)
    line = next(u for u in est.discounted if u.claim_id == "recap")
    assert line.status == "superseded" and line.stated_on == date(2023, 12, 29)
    assert est.central == pytest.approx(estimate(claims[:1], SHELLS).central)


def test_a_source_repeating_itself_counts_once():
    claims = [
        claim(
            1_500_000, text="1.5 million", source="Vadym Skibitskyi", doc="a", published="2024-02-23", claim_id="first"
        ),
        claim(
            1_500_000, text="1.5m", source="Maj Gen Vadym Skibitskyi", doc="b", published="2024-02-28", claim_id="again"
        ),
    ]
    est = estimate(claims, SHELLS)
    assert est.credibility != 1 and "a single source (Vadym Skibitskyi" in est.credibility_reason
    assert est.series[-1].date == date(2024, 2, 28)


def test_a_range_with_no_spread_says_why():
    claims = [
        claim(3_000_000, qualifier="at_least", text="at least 3 million", source="A", doc="a", published="2024-01-01"),
        claim(1_000_000, source="B", doc="b", published="2024-06-01"),
    ]
    est = estimate(claims, SHELLS, EstimateOptions(window_days=30))
    assert est.low == est.central == est.high == pytest.approx(3_000_000)
    assert "the floor lifts the whole range" in est.explanation[-1]


def test_more_than_a_million_beside_about_one_and_a_half_million_confirms_it_and_does_not_pull_it_down():
    claims = [
        claim(
            1_500_000,
            qualifier="approx",
            text="about one and a half million",
            source="HUR",
            doc="a",
            published="2024-02-23",
            claim_id="hur",
        ),
        *(
            claim(1_000_000, qualifier="at_least", text=words, source=mp, doc=mp, published="2024-03-05")
            for mp, words in (("MP A", "more than a million"), ("MP B", "well over a million"))
        ),
    ]
    est = estimate(claims, SHELLS)
    assert est.central == pytest.approx(1_500_000)
    assert _status(est)["hur"] == "used"
    assert not any(line.startswith("Outlier") for line in est.explanation)


def test_a_floor_above_what_the_points_say_votes_with_its_figure_instead_of_overriding_them():
    claims = [
        claim(5_000_000, qualifier="approx", text="about 5 million", source="HUR", doc="a", published="2025-03-14"),
        claim(
            9_000_000,
            qualifier="at_least",
            text="exceeded 9 million",
            source="NIS",
            doc="b",
            published="2025-02-27",
            certainty="roughly_even",
        ),
    ]
    est = estimate(claims, SHELLS)
    assert 5_000_000 < est.central < 9_000_000


def test_a_newer_larger_count_of_containers_updates_an_earlier_one_instead_of_being_averaged_with_it():
    earlier = claim(
        7000, unit="container", qualifier="approx", text="about 7,000 containers", source="Seoul", doc="a",
        published="2024-05-17", claim_id="may",
    )  # fmt: skip
    later = claim(
        10_000, unit="container", qualifier="at_least", text="at least 10,000 containers", source="Shin", doc="b",
        published="2024-06-14", claim_id="june",
    )  # fmt: skip
    alone = estimate([later], SHELLS)
    est = estimate([earlier, later], SHELLS)
    assert est.central == pytest.approx(alone.central)
    assert _status(est)["may"] == "conversion_unused"
    line = next(u for u in est.discounted if u.claim_id == "may")
    assert "earlier stage of the same running count" in line.reason and "Shin" in line.reason


def test_an_undated_recap_of_a_figure_its_source_has_since_raised_is_not_a_revision_down():
    claims = [
        claim(13_000, unit="container", qualifier="at_least", text="more than 13,000 containers", source="DIA",
              doc="a", published="2024-08-27", claim_id="aug"),
        claim(28_000, unit="container", qualifier="approx", text="about 28,000 containers", source="DIA",
              doc="b", published="2025-07-13", claim_id="jul"),
        claim(13_000, unit="container", qualifier="at_least", text="more than 13,000 containers", source="DIA",
              doc="c", published="2025-07-28", claim_id="recap"),
    ]  # fmt: skip
    est = estimate(claims, SHELLS)
    assert _status(est)["jul"] == "used"
    assert _status(est)["recap"] == "superseded"
    assert est.central == pytest.approx(estimate(claims[1:2], SHELLS).central)


def test_one_newer_count_does_not_replace_several_independent_conversions_that_outweigh_it():
    conversions = [
        claim(28_000, unit="container", qualifier="approx", text="about 28,000 containers", source=name,
              doc=name, published="2025-07-13", claim_id=name)
        for name in ("DIA", "JCS", "MSMT")
    ]  # fmt: skip
    count = claim(5_000_000, qualifier="approx", text="about 5 million", source="Institute", doc="d",
                  published="2025-07-28", claim_id="count", certainty="roughly_even")  # fmt: skip
    est = estimate([*conversions, count], SHELLS)
    assert est.central > 7_000_000
    assert {_status(est)[c] for c in ("DIA", "JCS", "MSMT")} == {"used"}
    assert _status(est)["count"] == "outlier"
