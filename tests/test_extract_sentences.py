"""Sentence-level behaviour of the pipeline on short texts written for the tests."""

from __future__ import annotations

from datetime import date

import pytest

from armsledger.model import Document


def claims_of(extractor, text, published=date(2024, 3, 1)):
    return extractor.extract(Document(name="t.txt", text=text), published=published)


def test_passive_receive_from_assigns_supplier_and_recipient(extractor):
    [c] = claims_of(extractor, "Russia has received 1.5 million shells from North Korea.")
    assert (c.kind, c.supplier, c.recipient, c.item, c.quantity.value) == (
        "transfer",
        "PRK",
        "RUS",
        "artillery_shell",
        1_500_000,
    )


def test_supply_with_makes_object_the_recipient(extractor):
    [c] = claims_of(extractor, "Pyongyang has supplied Moscow with dozens of ballistic missiles.")
    assert (c.supplier, c.recipient, c.item) == ("PRK", "RUS", "ballistic_missile")
    assert (c.quantity.value, c.quantity.qualifier) == (12, "at_least")


def test_denial_keeps_the_claim_with_polarity_denied(extractor):
    [c] = claims_of(extractor, "North Korea has denied sending weapons to Russia.")
    assert (c.supplier, c.recipient, c.polarity) == ("PRK", "RUS", "denied")
    assert c.source is not None and c.source.country == "PRK"


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine needs 200,000 rounds a month.",
        "Kyiv asked for more shells.",
        "The missile has a range of 300 km.",
        "The strike killed 12 people.",
    ],
)
def test_requests_needs_distances_and_casualties_are_not_claims(extractor, text):
    assert claims_of(extractor, text) == []


def test_rate_and_target_with_deadline(extractor):
    [c] = claims_of(extractor, "The US set a goal of manufacturing 100,000 artillery shells per month by 2025.")
    assert (c.kind, c.actor, c.status, c.by) == ("production", "USA", "target", "2025")
    assert (c.quantity.value, c.quantity.per) == (100_000, "month")


def test_pledge_is_committed(extractor):
    [c] = claims_of(extractor, "Germany pledged 18 Leopard 2 tanks to Ukraine.")
    assert (c.supplier, c.recipient, c.item, c.status) == ("DEU", "UKR", "tank", "committed")


def test_consumption_rate(extractor):
    [c] = claims_of(extractor, "Russian forces fire about 10,000 shells a day.")
    assert (c.kind, c.actor, c.quantity.value, c.quantity.qualifier, c.quantity.per) == (
        "consumption",
        "RUS",
        10_000,
        "approx",
        "day",
    )


def test_weekday_said_on_resolves_against_published(extractor):
    [c] = claims_of(
        extractor,
        "Shin Won-sik said on Monday that North Korea had sent 6,700 containers to Russia.",
        published=date(2024, 2, 29),
    )
    assert c.said_on == "2024-02-26"
    assert c.quantity.unit == "container"


def test_bracketed_speaker_labels_give_turns_their_speaker(extractor):
    text = (
        "[News Plus] Interview with an analyst\n\n[Anchor Kim Min-ji]\nHow many shells has the North sent?\n\n"
        "[Yoon Tae-sik]\nBy our estimates the North can produce about 1.5 million shells a year.\n\n"
        "[Anchor]\nAnd the missiles?\n"
    )
    [c] = claims_of(extractor, text)
    assert (c.kind, c.actor, c.quantity.value) == ("production", "PRK", 1_500_000)
    assert c.source is not None and c.source.name == "Yoon Tae-sik"


def test_a_known_person_is_named_without_the_recogniser(extractor):
    # every capitalised word is in the lexicon, so the recogniser does not run on this sentence
    [c] = claims_of(
        extractor, "President Volodymyr Zelensky said Ukraine was producing about 20 Bohdana howitzers a month."
    )
    assert c.source is not None and (c.source.name, c.source.country) == ("Volodymyr Zelensky", "UKR")


def test_a_figure_whose_subject_names_the_flow_is_that_flows_claim(extractor):
    claims = claims_of(
        extractor,
        "The first shipment of 20,000 shells left Pusan in May. The total value of Sweden's "
        "military support to Ukraine amounts to around 4.5 billion euros.",
    )
    money = [c for c in claims if c.quantity is not None and c.quantity.unit == "eur"]
    assert [(c.supplier, c.recipient, c.item, c.quantity.value) for c in money] == [
        ("SWE", "UKR", "military_aid", 4_500_000_000)
    ]


def test_a_list_takes_its_status_from_the_sentence_that_opens_it(extractor):
    text = (
        "Stockholm, 5 September 2024\n\nThe Government has decided on a new military support package to Ukraine "
        "worth 300 million euros.\n\nWith this package, Sweden's military support to Ukraine totals 4 billion "
        "euros. Sweden has previously donated, among other things:\n\n- eight Archer artillery systems\n"
        "- ten Stridsvagn 122 main battle tanks\n"
    )
    listed = [c for c in claims_of(extractor, text) if c.item in ("artillery_system", "tank")]
    assert sorted((c.item, c.quantity.value, c.supplier, c.recipient, c.status) for c in listed) == [
        ("artillery_system", 8, "SWE", "UKR", "actual"),
        ("tank", 10, "SWE", "UKR", "actual"),
    ]


def test_a_payer_finances_a_transfer_it_does_not_supply(extractor):
    claims = claims_of(
        extractor,
        "The Czech initiative has delivered 50,000 rounds to Ukraine. Germany, the biggest "
        "single contributor so far, has said it will pay for 180,000 of the rounds.",
    )
    paid = [c for c in claims if c.quantity.value == 180_000]
    assert [(c.supplier, c.recipient, c.financed_by) for c in paid] == [("CZE", "UKR", "DEU")]


def test_a_named_system_before_its_munition_counts_the_munition(extractor):
    claims = claims_of(
        extractor,
        "Lockheed Martin built just 11 new THAAD interceptors last year. Britain sent 50 "
        "Storm Shadow missiles to Ukraine.",
    )
    assert sorted((c.item, c.quantity.value) for c in claims) == [("air_defense_missile", 11), ("cruise_missile", 50)]


@pytest.mark.parametrize(
    "text, item",
    [
        (
            "In January 2022 the UAE signed a $3.5 billion contract with LIG Nex1 for Cheongung II, the first export "
            "of the system.",
            "air_defense_system",
        ),
        ("The UAE signed a $3.5 billion contract with LIG Nex1 for 10 Cheongung II batteries.", "air_defense_system"),
        ("In 2019 the Trump administration agreed to sell Taiwan 66 F-16 Block 70 jets for $8 billion.", "aircraft"),
    ],
)
def test_a_contract_sum_takes_the_one_item_it_pays_for(extractor, text, item):
    money = [c for c in claims_of(extractor, text) if c.quantity is not None and c.quantity.unit == "usd"]
    assert [c.item for c in money] == [item]


def test_a_block_number_is_no_count(extractor):
    claims = claims_of(extractor, "In 2019 the Trump administration agreed to sell Taiwan 66 F-16 Block 70 jets.")
    assert [c.quantity.value for c in claims] == [66]
