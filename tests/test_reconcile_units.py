"""Unit conversion with uncertainty: the loading model, calibre mixes, converted claims."""

from __future__ import annotations

import pytest
from reconcile_builders import claim

from armsledger.reconcile.analysis import analyse
from armsledger.reconcile.errors import CalibreMixError, ConversionError
from armsledger.reconcile.refdata import load_reference
from armsledger.reconcile.units import items_per_carrier, loading_model, parse_calibre_mix

REF = load_reference()


def test_container_of_152mm_holds_244_to_588_shells():
    low, central, high = items_per_carrier("artillery_shell", "container", REF, calibre=152)
    # 17,000 / (43.56 * 1.6); 20,000 / (43.56 * 1.3); 28,180 / (43.56 * 1.1)
    assert (low, central, high) == pytest.approx((243.916, 353.182, 588.113), rel=1e-4)


def test_seouls_implied_400_to_480_per_container_lie_inside_the_model_range():
    low, _, high = items_per_carrier("artillery_shell", "container", REF)
    assert low < 400 and high > 480


def test_calibre_mix_averages_item_mass():
    mix = parse_calibre_mix("152=0.5,122=0.5")
    model = loading_model("artillery_shell", "container", REF, mix=mix)
    assert model.item_kg == pytest.approx(32.68)
    assert model.per_carrier[1] == pytest.approx(20_000 / (32.68 * 1.3))


def test_tonne_of_122mm_is_about_35_shells_at_central_packing():
    assert items_per_carrier("artillery_shell", "tonne", REF, calibre=122)[1] == pytest.approx(1000 / (21.8 * 1.3))


def test_rail_car_of_152mm_uses_wagon_payload():
    assert items_per_carrier("artillery_shell", "rail_car", REF, calibre=152)[0] == pytest.approx(
        68_000 / (43.56 * 1.6)
    )


def test_container_claim_converts_to_an_item_interval():
    rc = claim(10_000, unit="container", qualifier="at_least", text="at least 10,000 containers", certainty="likely")
    a = analyse(rc, REF, convert_to_items=True)
    # containers 9,000..16,500 (at least, widened 10 %) times 243.9 / 353.2 / 588.1 shells a container
    assert (a.interval.low, a.interval.central, a.interval.high) == pytest.approx(
        (9000 * 243.916, 10_000 * 353.182, 16_500 * 588.113), rel=1e-4
    )
    assert a.loading is not None and a.loading.mix == ((152, 1.0),)


def test_claim_calibre_overrides_the_mix():
    rc = claim(100, unit="container", caliber=122, text="100 containers")
    a = analyse(rc, REF, convert_to_items=True, mix={152: 1.0})
    assert a.loading.mix == ((122, 1.0),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("152=0.6,122=0.3", "sum to 0.9"),
        ("152=abc", "bad calibre mix entry"),
        ("152=-1,122=2", "positive"),
        ("", "empty"),
    ],
)
def test_bad_calibre_mix_is_a_typed_error(text, message):
    with pytest.raises(CalibreMixError, match=message):
        parse_calibre_mix(text)


def test_unknown_calibre_in_mix_is_refused():
    with pytest.raises(CalibreMixError, match="105"):
        loading_model("artillery_shell", "container", REF, mix={105: 1.0})


def test_items_without_masses_do_not_convert():
    with pytest.raises(ConversionError, match="drone"):
        loading_model("drone", "container", REF)
    a = analyse(claim(10, unit="container", item="drone"), REF, convert_to_items=True)
    assert a.status == "unconverted"
