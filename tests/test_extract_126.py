"""Extractor 1.26: hard-wrapped text (copied from a PDF or a plain-text e-mail) read as its paragraphs, evidence cut
from the text as written; a document's main flow counted once per sentence, the home state's first. Documents are our
own."""

from __future__ import annotations

from datetime import date

from armsledger.extract.wrapping import find_wrapping, unwrap
from armsledger.model import Document


def claims_of(rules_extractor, text):
    return rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 3, 4))


WRAPPED = """DAILY HERALD OF THE NORTH · Defence · 12.03.2025

(Translated from Finnish. Titles are given as in the original.)

HELSINKI. The Ministry of Defence of Finland on Tuesday announced that it has handed over
to Ukraine a further batch of military materiel, the twenty-eighth since the beginning of the
war. According to the ministry, the package includes 40 armoured personnel carriers and
spare parts for artillery, and its value is about 198 million euros.

The minister of defence noted that the previous packages had been delivered on schedule and
that the total value of the assistance has risen to 2.9 billion euros. The contents of the
earlier packages were not published in detail for reasons of operational security.

Speaking to journalists after the session of the government, the head of the department
said that the domestic ammunition plant will raise its output of large-calibre shells to
about 60,000 a year by the end of next year.
"""


def test_a_hard_wrapped_document_is_read_as_its_paragraphs_with_the_offsets_it_was_written_with():
    wrapping = find_wrapping(WRAPPED)
    assert wrapping is not None and 85 <= wrapping.width <= 95
    flat = unwrap(WRAPPED)
    assert len(flat) == len(WRAPPED)
    assert "handed over to Ukraine a further batch" in flat
    # headings and the line before a blank line keep their breaks
    assert flat.startswith("DAILY HERALD OF THE NORTH · Defence · 12.03.2025\n\n")
    assert "198 million euros.\n\nThe minister" in flat


def test_claims_of_a_hard_wrapped_sentence_are_found_and_their_evidence_is_the_text_as_written(rules_extractor):
    claims = claims_of(rules_extractor, WRAPPED)
    carriers = [c for c in claims if c.item == "armored_vehicle" and c.quantity and c.quantity.value == 40]
    assert carriers, [(c.item, c.quantity) for c in claims]
    c = carriers[0]
    assert (c.kind, c.supplier, c.recipient) == ("transfer", "FIN", "UKR")
    assert c.evidence.text == WRAPPED[c.evidence.start : c.evidence.end]
    assert "\n" in c.evidence.text  # the sentence as written runs over two lines
    shells = [c for c in claims if c.kind == "production" and c.quantity and c.quantity.value == 60000]
    assert shells and shells[0].quantity.per == "year"


def test_text_that_is_not_hard_wrapped_is_left_as_it_is():
    paragraphs = (
        "Kyiv, 3 March 2025. Canada will send 25 armoured vehicles to Ukraine, the defence minister said on Monday,"
        " adding that the vehicles would arrive before the summer.\n"
        "The government also approved the purchase of 10,000 rounds of 155mm ammunition for the Ukrainian army.\n"
        "Officials did not say when the shells would be delivered.\n"
    )
    assert find_wrapping(paragraphs) is None and unwrap(paragraphs) == paragraphs
    items = "\n".join(f"- {n} Leopard tanks for the {n}th battalion, delivered in the spring" for n in range(10, 20))
    assert unwrap(items) == items  # list items keep their lines
    table = "\n".join(f"Norway      NASAMS launcher          {n}        2024        delivered" for n in range(10, 20))
    assert unwrap(table) == table  # so do table rows


ANNEX = """MINISTRY OF DEFENCE OF THE REPUBLIC OF ESTONIA
Report on military assistance provided to Ukraine

Annex 1. Materiel donated to Ukraine from the stocks of the Defence Forces, by year of delivery

 No.  Item                                  Unit       2022      2023    Total
 ------------------------------------------------------------------------------
  1   Javelin anti-tank missile systems     piece        40         -       40
  2   155 mm artillery shells               piece    10,000     6,000   16,000
  3   Off-road vehicles                     piece         -        12       12
 ------------------------------------------------------------------------------

Notes:
(1) Latvia delivered 20 Stinger missiles and 10 M113 carriers to Ukraine at the same time; not included here.
(2) In 2023 Estonia also handed over its remaining howitzers to Ukraine.
"""


def test_a_note_on_another_donor_does_not_take_over_the_flow_of_a_ministrys_annex(rules_extractor):
    claims = claims_of(rules_extractor, ANNEX)
    shells = [c for c in claims if c.item == "artillery_shell" and c.quantity and c.quantity.value == 16000]
    assert shells and (shells[0].supplier, shells[0].recipient) == ("EST", "UKR"), [
        (c.supplier, c.recipient, c.item, c.quantity and c.quantity.value) for c in claims
    ]


def test_a_sum_paid_into_a_states_buying_scheme_is_that_states_supply_financed_by_the_payer(rules_extractor):
    text = (
        "Oslo, 4 March 2025. Norway will contribute NOK 900 million to the Czech-led initiative, under which artillery"
        " ammunition is bought on world markets for Ukraine.\n\n"
        "Belgium will supply 3,000 rounds of 155 mm artillery ammunition from its stocks to Ukraine and will contribute"
        " EUR 200 million to the Czech-led initiative for the purchase of artillery ammunition on third markets.\n"
    )
    claims = claims_of(rules_extractor, text)
    by_value = {c.quantity.value: c for c in claims if c.quantity is not None}
    nok = by_value[900_000_000]
    assert (nok.supplier, nok.recipient, nok.item, nok.financed_by) == ("CZE", "UKR", "artillery_shell", "NOR")
    eur = by_value[200_000_000]
    assert (eur.supplier, eur.recipient, eur.item, eur.financed_by) == ("CZE", "UKR", "artillery_shell", "BEL")
    rounds = by_value[3000]  # the rounds from Belgian stocks stand apart from the scheme
    assert (rounds.supplier, rounds.recipient, rounds.financed_by) == ("BEL", "UKR", None)


def test_rounds_delivered_under_a_scheme_with_no_payer_named_keep_an_unknown_supplier(rules_extractor):
    text = (
        "Thanks to many partner nations, 1.5 million artillery rounds were delivered to Ukraine in 2024 under the"
        " Czech-led initiative.\n"
    )
    claims = [c for c in claims_of(rules_extractor, text) if c.quantity and c.quantity.value == 1_500_000]
    assert claims and claims[0].supplier is None


def test_a_participle_inside_a_list_item_describes_the_item(rules_extractor):
    text = (
        "Spain has sent a new batch of materiel to Ukraine. The batch comprises:\n"
        "– 8 Leopard 2A4 main battle tanks;\n"
        "– 20 M113 tracked armoured personnel carriers, in ambulance versions;\n"
        "– 4,500 combat helmets.\n"
    )
    got = {(c.item, c.quantity and c.quantity.value) for c in claims_of(rules_extractor, text)}
    assert ("armored_vehicle", 20) in got and ("tank", 8) in got


def test_recalled_and_emphasised_are_speech(rules_extractor):
    text = (
        "The Minister of Defence, Margarita Robles, recalled that Spain had sent 10 Leopard tanks to Ukraine in 2023.\n"
    )
    claims = claims_of(rules_extractor, text)
    assert claims and claims[0].source is not None and claims[0].source.name == "Margarita Robles"


def test_rounds_under_20_mm_are_small_arms_ammunition(rules_extractor):
    text = "Spain has sent 2.4 million rounds of 5.56 mm and 7.62 mm ammunition to Ukraine.\n"
    got = {(c.item, c.quantity and c.quantity.value) for c in claims_of(rules_extractor, text)}
    assert ("small_arms_ammunition", 2_400_000) in got and not any(i == "artillery_shell" for i, _ in got)


LIST_TABLE = """Ministry of Defence of the Czech Republic
Deliveries to Ukraine in 2024

No.  Item                                        Quantity
---  ------------------------------------------  --------
1    122 mm rockets for RM-70 launchers             4,000
2    THAAD interceptors                                 12
3    Air defence system PATRIOT (incl. launchers)        2
"""


def test_a_table_cell_names_the_head_of_its_phrase(rules_extractor):
    got = {(c.item, c.quantity and c.quantity.value) for c in claims_of(rules_extractor, LIST_TABLE)}
    assert {("rocket", 4000), ("air_defense_missile", 12), ("air_defense_system", 2)} <= got, got
