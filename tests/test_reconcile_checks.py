"""Plausibility checks: container loading (the seed), production capacity, fractions, stock exhaustion."""

from __future__ import annotations

from pathlib import Path

import pytest
from reconcile_builders import claim

from armsledger.model import Quantity
from armsledger.reconcile import list_checks, load_claims, run_checks
from armsledger.reconcile.errors import UnknownCheckError

SEED = Path("/work/shared/seed/gold.jsonl")
LOADING = "armsledger.container_loading.v1"


def test_registry_lists_every_check_with_a_summary():
    names = {c.name for c in list_checks()}
    assert names == {
        LOADING,
        "armsledger.fraction_range.v1",
        "armsledger.production_capacity.v1",
        "armsledger.stockpile_exhaustion.v1",
        "armsledger.magnitude.v1",
    }
    assert all(c.summary and c.fn.__doc__ for c in list_checks())


def _seed_pair():
    sentence = "Shin said at least 10,000 containers holding nearly 5 million artillery shells left North Korea."
    return [
        claim(
            5_000_000,
            qualifier="approx",
            text="nearly 5 million",
            source="Shin Won-sik",
            doc="seed",
            sentence=sentence,
            published="2024-06-14",
            claim_id="shells",
        ),
        claim(
            10_000,
            unit="container",
            qualifier="at_least",
            text="at least 10,000 containers",
            source="Shin Won-sik",
            doc="seed",
            sentence=sentence,
            published="2024-06-14",
            claim_id="boxes",
        ),
    ]


def test_seed_container_loading_is_500_a_container_about_22_tonnes_of_152mm():
    [finding] = run_checks(_seed_pair(), names=[LOADING])
    n = finding.numbers
    assert n["items_per_carrier"] == 500
    assert n["152mm_tonnes_before_packing"] == pytest.approx(21.78)  # 500 * 43.56 kg
    assert n["152mm_max_packing_factor_at_20_ft_maximum_payload"] == pytest.approx(1.29)  # 28,180 / 21,780
    assert n["152mm_max_packing_factor_at_20_ft_practical_road_load"] == pytest.approx(0.78)  # 17,000 / 21,780
    assert n["122mm_tonnes_before_packing"] == pytest.approx(10.9)  # 500 * 21.8 kg
    assert n["122mm_max_packing_factor_at_20_ft_practical_road_load"] == pytest.approx(1.56)
    assert finding.severity == "warning"  # 21.78 t * 1.3 = 28.3 t > 28.18 t
    assert "500 per container" in finding.message and "21.8 t" in finding.message
    assert set(finding.claims) == {"shells", "boxes"}


@pytest.mark.skipif(not SEED.exists(), reason="seed gold file not available")
def test_seed_gold_alone_yields_the_container_loading_finding():
    findings = run_checks(load_claims(SEED))
    assert [f.check for f in findings] == [LOADING]
    assert findings[0].numbers["items_per_carrier"] == 500


def test_named_calibre_limits_the_loading_finding_to_it():
    [finding] = run_checks(
        [
            claim(500_000, caliber=122, text="500,000", source="Shin", doc="s", published="2024-02-26", claim_id="a"),
            claim(
                6700,
                unit="container",
                text="6,700 containers",
                source="Shin",
                doc="s",
                published="2024-02-26",
                claim_id="b",
            ),
        ],
        names=[LOADING],
    )
    assert finding.severity == "info"
    assert "152mm_tonnes_before_packing" not in finding.numbers
    assert finding.numbers["122mm_tonnes_before_packing"] == pytest.approx(500_000 / 6700 * 21.8 / 1000, abs=0.01)


def test_tonnes_for_shells_give_implied_mass_and_packing():
    [finding] = run_checks(
        [
            claim(
                74_000,
                unit="tonne",
                qualifier="at_least",
                text="more than 74,000 tons",
                source="C4ADS",
                doc="w",
                published="2024-06-25",
                claim_id="t",
            ),
            claim(
                1_600_000,
                qualifier="approx",
                text="about 1.6 million",
                source="C4ADS",
                doc="w",
                published="2024-06-25",
                claim_id="s",
            ),
        ],
        names=[LOADING],
    )
    assert finding.numbers["kg_per_item"] == pytest.approx(46.25)
    assert finding.numbers["152mm_implied_packing_factor"] == pytest.approx(1.06)


def test_items_and_containers_from_different_sources_are_not_paired():
    claims = _seed_pair()
    other = claims[1].__class__(
        **{
            **{f: getattr(claims[1], f) for f in claims[1].__slots__},
            "source_key": "src:someone-else",
            "doc_id": "other",
        }
    )
    assert run_checks([claims[0], other], names=[LOADING]) == []


def test_fraction_above_one_is_flagged():
    # The data model refuses such a fraction; the check still guards claims built without validation.
    bad = claim(0.5, unit="fraction", kind="quality", actor="PRK", text="150 %")
    bad.claim.quantity = Quantity.model_construct(
        value=1.5, value_high=None, qualifier="exact", unit="fraction", per=None, text="150 %"
    )
    [finding] = run_checks([bad], names=["armsledger.fraction_range.v1"])
    assert finding.numbers["value"] == 1.5 and finding.severity == "warning"
    assert (
        run_checks(
            [claim(0.5, unit="fraction", kind="quality", actor="PRK", text="half")],
            names=["armsledger.fraction_range.v1"],
        )
        == []
    )


def test_transfer_beyond_production_plus_stocks_is_flagged():
    claims = [
        claim(1_000_000, kind="stockpile", actor="PRK", source="A", doc="a", published="2023-06-01", claim_id="stock"),
        claim(
            100_000,
            kind="production",
            actor="PRK",
            per="month",
            source="A",
            doc="a",
            published="2023-06-01",
            claim_id="made",
        ),
        claim(5_000_000, source="B", doc="b", published="2023-10-01", claim_id="first"),
        claim(10_000_000, source="C", doc="c", published="2024-10-01", claim_id="late"),
    ]
    findings = run_checks(claims, names=["armsledger.production_capacity.v1"])
    # first: months = 0 + 12 lead; capacity = 1,050,000 + 105,000 * 12 = 2,310,000 < 4,750,000
    # late: months = 366 / 30.4375 + 12 = 24.02; capacity = 1,050,000 + 105,000 * 24.02 = 3,572,..
    assert [f.claims[0] for f in findings] == ["first", "late"]
    assert findings[0].numbers["capacity"] == 2_310_000
    assert findings[1].numbers["months"] == pytest.approx(24.0, abs=0.05)


def test_transfer_within_capacity_is_not_flagged():
    claims = [
        claim(10_000_000, kind="stockpile", actor="PRK", source="A", doc="a", published="2023-06-01"),
        claim(1_000_000, source="B", doc="b", published="2023-10-01"),
    ]
    assert run_checks(claims, names=["armsledger.production_capacity.v1"]) == []


def test_rate_that_exhausts_a_stock_before_later_use_reports_is_flagged():
    claims = [
        claim(1_000_000, kind="stockpile", actor="UKR", source="A", doc="a", published="2024-01-01", claim_id="stock"),
        claim(
            10_000,
            kind="consumption",
            actor="UKR",
            per="day",
            source="B",
            doc="b",
            published="2024-01-15",
            claim_id="use1",
        ),
        claim(
            10_000,
            kind="consumption",
            actor="UKR",
            per="day",
            source="C",
            doc="c",
            published="2024-09-01",
            claim_id="use2",
        ),
    ]
    [finding] = run_checks(claims, names=["armsledger.stockpile_exhaustion.v1"])
    # stock high 1,050,000; use 10,000 * 30.4375 = 304,375 a month -> 3.45 months = 105 days -> 2024-04-15
    assert finding.numbers["months"] == pytest.approx(1_050_000 / 304_375, abs=0.01)
    assert finding.numbers["exhausted_on"] == "2024-04-15"
    assert finding.severity == "warning" and "still reported on 2024-09-01" in finding.message


def test_production_offsets_use_in_exhaustion():
    claims = [
        claim(1_000_000, kind="stockpile", actor="RUS", source="A", doc="a", published="2024-01-01"),
        claim(10_000, kind="consumption", actor="RUS", per="day", source="B", doc="b", published="2024-01-15"),
        claim(400_000, kind="production", actor="RUS", per="month", source="C", doc="c", published="2024-01-10"),
    ]
    assert run_checks(claims, names=["armsledger.stockpile_exhaustion.v1"]) == []


def test_unknown_check_name_is_a_typed_error():
    with pytest.raises(UnknownCheckError, match=r"no.such"):
        run_checks([], names=["no.such"])
