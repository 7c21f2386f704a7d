"""Extractor 1.22: the worth of a deal given in a sentence of its own, sums in aid "committed … in military support",
a participle that qualifies a figure is no speaker, a form of address is no subject, a date before a sum is no range,
companies the lexicon does not know by the words of their names, and a state's own forces as recipient. Sentences
are our own."""

from __future__ import annotations

from datetime import date

import pytest

from armsledger.extract.numbers import find_numbers
from armsledger.model import Document


def flows_of(rules_extractor, text):
    claims = rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 3, 14))
    return [
        (c.kind, c.supplier, c.recipient, c.actor, c.item, c.quantity.value if c.quantity else None, c.quantity.unit)
        if c.quantity
        else (c.kind, c.supplier, c.recipient, c.actor, c.item, None, None)
        for c in claims
    ]


def test_the_worth_of_a_contract_in_its_own_sentence_is_the_contracts_flow_and_item(rules_extractor):
    text = (
        "Under the contract, the Polish Armed Forces will receive 180 K2 tanks from Hyundai Rotem. "
        "The value of the contract is approximately USD 6.5 billion gross."
    )
    flows = flows_of(rules_extractor, text)
    assert ("transfer", "hyundai_rotem", "POL", None, "tank", 6_500_000_000, "usd") in flows


def test_the_worth_of_a_package_line_and_a_call_off(rules_extractor):
    line = (
        "Norway will provide Ukraine with two additional NASAMS fire units. The value of this line is NOK 1.4 billion."
    )
    assert ("transfer", "NOR", "UKR", None, "air_defense_system", 1_400_000_000, "nok") in flows_of(
        rules_extractor, line
    )
    package = "Finland will send Ukraine 100 machine guns. The value of the package is EUR 98 million."
    assert ("transfer", "FIN", "UKR", None, "military_aid", 98_000_000, "eur") in flows_of(rules_extractor, package)


def test_a_worth_with_no_deal_named_before_is_no_claim(rules_extractor):
    assert flows_of(rules_extractor, "The value of the contract is approximately USD 6.5 billion gross.") == []


def test_a_sum_committed_in_military_support_is_aid_of_the_state_that_commits_it(rules_extractor):
    text = (
        "Including this package, the Netherlands has committed more than EUR 10 billion in military support to Ukraine."
    )
    assert ("transfer", "NLD", "UKR", None, "military_aid", 10_000_000_000, "eur") in flows_of(rules_extractor, text)


def test_an_estimated_sum_names_no_speaker(rules_extractor):
    text = "Under Presidential Drawdown Authority, the Department will provide Ukraine with an estimated $425 million."
    claims = rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 1, 1))
    assert [(c.recipient, c.quantity.value, c.source) for c in claims] == [("UKR", 425_000_000, None)]


def test_a_form_of_address_is_not_the_subject(rules_extractor):
    text = "Mr. Speaker, since February 2022 Canada has committed over $4.5 billion in military assistance to Ukraine."
    assert flows_of(rules_extractor, text)[0][:3] == ("transfer", "CAN", "UKR")


def test_a_date_before_a_sum_is_not_a_range():
    found = find_numbers("Sept. 26, 2024 – $375 million, including HIMARS ammunition")
    assert [(n.text, n.value, n.value_high, n.money) for n in found][-1] == ("$375 million", 375_000_000, None, "usd")
    assert [n.text for n in find_numbers("delivered in 2022–23 from stocks")] == ["2022"]  # a span of years stays


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        ("BrahMos Aerospace, a joint venture, is producing about 100 missiles every year.", "brahmos_aerospace"),
        ("The Sverdlov plant in Dzerzhinsk produces about 3,000 tonnes of explosives a year.", "sverdlov_plant"),
        ("Ardenne Defence produced about 410,000 rounds of 155 mm ammunition.", "ardenne_defence"),
        ("Ukraine produced 2 million drones in 2024.", "UKR"),
        ("Zoryan produced 3,000 shells in May.", None),  # a bare name says nothing of being a company
    ],
)
def test_a_company_the_lexicon_does_not_know_is_the_slug_of_its_name(rules_extractor, sentence, actor):
    assert [f[3] for f in flows_of(rules_extractor, sentence)] == [actor]


def test_the_documents_own_forces_receive(rules_extractor):
    text = (
        "KYIV, 3 November 2025 — The Ministry of Defence of Ukraine summarises October. "
        "Mortar units received about 140,000 mortar rounds of 82 mm and 120 mm calibre."
    )
    assert ("transfer", None, "UKR", None, "mortar_round", 140_000, "item") in flows_of(rules_extractor, text)


def test_attacking_with_drones_uses_them_and_the_target_of_a_passive_attack_fires_nothing(rules_extractor):
    text = "In the night on 24 February Russia attacked with 185 Shahed drones and also 3 ballistic missiles."
    assert [f[:5] for f in flows_of(rules_extractor, text)] == [
        ("consumption", None, None, "RUS", "drone"),
        ("consumption", None, None, "RUS", "ballistic_missile"),
    ]
    assert [f[3] for f in flows_of(rules_extractor, "Kyiv was attacked by 50 drones overnight.")] == [None]


def test_troops_that_remain_deployed_were_sent(rules_extractor):
    text = "Seoul believes that about 11,000 North Korean troops remain deployed in the Kursk region."
    assert [f[:2] + f[4:6] for f in flows_of(rules_extractor, text)] == [("transfer", "PRK", "troops", 11_000)]
