"""Extractor 1.16: buyers that speak as "we", each item's own seller, the other side of a war, calibre lists,
coordinated modifiers, rates named by the production noun, sums of packages and contracts, local dollars, and
bodies several states have. Sentences are our own."""

from __future__ import annotations

from datetime import date

from armsledger.model import Document


def claims_of(extractor, text, published=date(2025, 9, 12)):
    return extractor.extract(Document(name="t.txt", text=text), published=published)


def test_we_ordered_from_two_makers_gives_each_item_its_own_seller_and_the_speakers_state_as_buyer(extractor):
    text = (
        "WARSAW, Sept 12 (Wire) -- Under the first contracts we ordered 180 K2 tanks from Hyundai Rotem and "
        "212 K9 howitzers from Hanwha Aerospace, deputy defence minister Adam Nowicki told lawmakers."
    )
    got = {(c.item, c.quantity.value): (c.supplier, c.recipient) for c in claims_of(extractor, text)}
    assert got == {("tank", 180): ("hyundai_rotem", "POL"), ("artillery_system", 212): ("hanwha_aerospace", "POL")}


def test_the_enemy_in_a_ukrainian_piece_is_russia(extractor):
    text = (
        "KYIV, March 3 (Wire) -- In February the enemy launched more than 4,000 drones at Ukrainian cities, "
        "General Mykola Oliinyk said on Monday."
    )
    [c] = claims_of(extractor, text)
    assert (c.kind, c.actor, c.item, c.quantity.value) == ("consumption", "RUS", "drone", 4000)


def test_a_list_of_calibres_is_not_a_count(extractor):
    text = (
        "Since the autumn of 2023, North Korea has delivered to Russia about 5 million shells, mostly 122 and 152 mm."
    )
    values = sorted(c.quantity.value for c in claims_of(extractor, text))
    assert values == [5_000_000]


def test_a_count_reads_through_coordinated_modifiers_and_dropping_bombs_is_use(extractor):
    text = (
        "Record month of drone and bomb attacks\n\n"
        "Russia also launched 4,198 attack and decoy drones at Ukraine during March, the air "
        "force said.\n\nRussian aircraft dropped more than 5,200 guided bombs on front-line towns in the same month."
    )
    got = {(c.kind, c.actor, c.item, c.quantity.value) for c in claims_of(extractor, text)}
    assert got == {("consumption", "RUS", "drone", 4198), ("consumption", "RUS", "bomb", 5200)}


def test_annual_output_is_a_rate_a_year(rules_extractor):
    [c] = claims_of(rules_extractor, "Poland's annual output of 155 mm shells reached about 40,000 rounds in 2024.")
    assert (c.kind, c.actor, c.quantity.value, c.quantity.per) == ("production", "POL", 40000, "year")


def test_the_total_value_of_a_package_is_a_claim_and_a_count_of_packages_is_not(extractor):
    text = (
        "Estonia approved the handover of a new military aid package to Ukraine with a total value of 48 million "
        "euros. Since 2022 it has handed over 31 packages."
    )
    got = [(c.item, c.quantity.value, c.quantity.unit) for c in claims_of(extractor, text)]
    assert got == [("military_aid", 48_000_000, "eur")]


def test_a_bare_dollar_sign_in_a_canadian_release_is_canadian_dollars(extractor):
    text = (
        "OTTAWA, Jan 9 -- Canada will provide Ukraine with a new package of military assistance valued at "
        "$200 million, the Minister of National Defence said."
    )
    [c] = claims_of(extractor, text)
    assert (c.supplier, c.recipient, c.quantity.value, c.quantity.unit) == ("CAN", "UKR", 200_000_000, "cad")


def test_a_body_several_states_have_speaks_for_the_datelines_state_and_keeps_its_day(extractor):
    text = (
        "SEOUL, July 14 (Wire) -- North Korea has shipped around 28,000 containers of munitions to Russia, South "
        "Korea's military intelligence said Sunday.\n\n"
        "North Korea has also sent at least 148 ballistic missiles to Russia, the Defense Intelligence Agency (DIA) "
        "said in its report."
    )
    missiles = next(c for c in claims_of(extractor, text, date(2025, 7, 14)) if c.item == "ballistic_missile")
    assert (missiles.source.country, missiles.said_on) == ("KOR", "2025-07-13")


def test_the_air_force_said_keeps_the_whole_body_and_takes_the_datelines_state(extractor):
    text = "KYIV, April 2 (Wire) -- Russia launched 4,198 drones at Ukraine during March, the air force said."
    [c] = claims_of(extractor, text)
    assert (c.source.role, c.source.country) == ("air force", "UKR")


def test_a_transfer_with_only_one_side_and_no_number_is_no_claim(extractor):
    assert claims_of(extractor, "The ministry organises the transport of the ammunition to Ukraine.") == []


def test_a_heading_that_names_a_body_speaks_for_its_section_with_the_heading_date(extractor):
    text = (
        "War digest 17.12.2024: the day in official channels\n\n"
        "📌 General Staff of the Armed Forces of Ukraine (post of 17.12.2024, 07:52)\n\n"
        "The data are being specified.\n\n"
        "📌 General Staff, evening report (post of 18.12.2024, 22:00)\n\n"
        "During the day, the occupiers used 1,044 kamikaze drones for strikes.\n"
    )
    [c] = claims_of(extractor, text, date(2024, 12, 18))
    assert (c.actor, c.quantity.value) == ("RUS", 1044)
    assert (c.source.name, c.source.country, c.said_on) == (
        "General Staff of the Armed Forces of Ukraine",
        "UKR",
        "2024-12-18",
    )


def test_until_the_end_of_a_month_is_a_deadline_and_until_a_year_is_not(extractor):
    from armsledger.extract.dates import BY_RE

    assert BY_RE.search("Until the end of April, we expect to deliver 400,000 more rounds") is not None
    assert BY_RE.search("The agreement runs until 2032.") is None


def test_should_before_a_delivery_is_a_target_with_its_deadline_and_no_hedge(extractor):
    text = "Deliveries\n\nThe remaining 44 K2 tanks should reach Poland by the end of this year, the minister said."
    [c] = claims_of(extractor, text)
    assert (c.status, c.by, c.hedged) == ("target", "2025-12-31", False)
