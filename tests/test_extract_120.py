"""Extractor 1.20: numbers written out and restated in brackets ("twenty (20)"), model names that carry numbers
("2 ASC 890 aircraft", "RBS 70 missiles"), ratios and list numbers that are no counts, a day column in a table,
"does not exceed" as a ceiling, a written answer's speaker line and answer day, a list item's own deadline, exact
counts that are different statements, a state that does not supply itself, and wire datelines with a country and an
agency in slashes. Sentences are our own."""

from __future__ import annotations

from datetime import date

import pytest

from armsledger.extract.numbers import find_numbers
from armsledger.extract.sentences import LEAD
from armsledger.model import Document


def claims_of(rules_extractor, text, published=date(2025, 1, 20)):
    return rules_extractor.extract(Document(name="t.txt", text=text), published=published)


@pytest.mark.parametrize(
    ("text", "value", "said"),
    [
        ("buy twenty (20) F-16 aircraft", 20, "twenty (20)"),
        ("and one hundred twelve (112) GBU-39/B bombs", 112, "one hundred twelve (112)"),
        ("up to two hundred (200) AIM-120C-8 missiles", 200, "up to two hundred (200)"),
        ("one hundred and fifty tanks", 150, "one hundred and fifty"),
        ("a hundred shells", 100, "a hundred"),
    ],
)
def test_a_number_written_out_and_restated_in_brackets_is_one_number(text, value, said):
    found = find_numbers(text)
    assert [(n.value, n.text) for n in found] == [(value, said)]


def test_a_sales_notice_counts_items_named_by_long_designations(rules_extractor):
    text = (
        "The Government of Denmark has requested to buy 200 AIM-120C-8 Advanced Medium-Range Air-to-Air "
        "Missiles (AMRAAM)."
    )
    doc = rules_extractor.pipeline(text)
    quantities = [(q._.quantity.value, q._.quantity.counted_label) for q in doc.spans["quantities"]]
    assert quantities == [(200, "air_to_air_missile")]


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("Sweden will send 2 ASC 890 airborne surveillance aircraft to Ukraine.", {2}),
        ("Sweden will send 20 Pbv 302 armoured personnel carriers to Ukraine.", {20}),
        ("Sweden will send additional RBS 70 missiles to Ukraine.", set()),
        ("Japan will send light trucks (1/2 t class) to Ukraine.", set()),
    ],
)
def test_numbers_in_model_names_and_ratios_are_not_counts(rules_extractor, sentence, counts):
    doc = rules_extractor.pipeline(sentence)
    assert {q._.quantity.value for q in doc.spans["quantities"]} == counts


def test_the_number_of_a_list_entry_is_not_a_count(rules_extractor):
    text = "Items to be provided by Japan to Ukraine\n\n  (1) Vehicles: approximately 100 vehicles\n"
    values = {c.quantity.value for c in claims_of(rules_extractor, text) if c.quantity}
    assert 1 not in values


def test_a_table_column_of_days_gives_no_counts(rules_extractor):
    text = (
        "DRONES LAUNCHED AT UKRAINE BY RUSSIA, BY MONTH\n\n"
        "Month      | Attack drones launched | Largest single night\n"
        "-----------|------------------------|---------------------\n"
        "Jan 2025   | 2,515                  | 14/15 Jan\n"
        "Mar 2025   | 4,198                  | 7 Mar\n"
        "May 2025   | 4,220                  | 25 May\n"
    )
    values = sorted(c.quantity.value for c in claims_of(rules_extractor, text) if c.quantity)
    assert values == [2515, 4198, 4220]  # no 14, 7 or 25; 4,198 and 4,220 are two statements, not one


def test_does_not_exceed_is_a_ceiling_not_a_denial(rules_extractor):
    text = (
        'Belousov said: "Daily consumption of artillery ammunition by the Armed Forces of Ukraine does not exceed '
        '7,000 rounds."'
    )
    (claim,) = [c for c in claims_of(rules_extractor, text) if c.quantity and c.quantity.value == 7000]
    assert (claim.polarity, claim.quantity.qualifier) == ("affirmed", "at_most")


WRITTEN_ANSWER = """UK Parliament
Written questions, answers and statements

Question for Ministry of Defence
UIN HL1234, tabled on 6 January 2025

Lord Example (Crossbench):
To ask His Majesty's Government what quantities of artillery ammunition the UK has supplied to Ukraine.

Answered on 20 January 2025

Lord Sample, Minister of State (Ministry of Defence):

Since February 2022 the UK has delivered more than 300,000 rounds of artillery ammunition to Ukraine.
"""


def test_a_written_answer_is_said_by_its_minister_on_the_day_it_was_answered(rules_extractor):
    (claim,) = claims_of(rules_extractor, WRITTEN_ANSWER)
    assert claim.quantity.value == 300_000
    assert (claim.source.name, claim.source.country, claim.said_on) == ("Lord Sample", "GBR", "2025-01-20")


def test_a_list_item_keeps_its_own_deadline_when_the_list_commits_it(rules_extractor):
    text = (
        "The Government today decided on Sweden's seventeenth support package to Ukraine. It includes:\n\n"
        "  - 10,000 rounds of 155 mm artillery ammunition, to be delivered by the end of 2025.\n"
        "  - 6 Archer artillery systems.\n"
    )
    got = {
        c.quantity.value: (c.status, c.by) for c in claims_of(rules_extractor, text, date(2024, 9, 12)) if c.quantity
    }
    assert got[10_000] == ("committed", "2025-12-31")
    assert got[6] == ("committed", None)


def test_a_state_read_as_both_sides_of_a_transfer_takes_the_other_side_from_the_document(rules_extractor):
    text = (
        "Japan decided today to provide 100 vehicles to Ukraine.\n\n"
        "Items provided by Japan in earlier transfers:\n\n"
        "  - Bulletproof vests: approximately 1,900\n"
        "  - Helmets: approximately 6,900\n"
    )
    assert all(c.supplier != c.recipient for c in claims_of(rules_extractor, text) if c.kind == "transfer")


@pytest.mark.parametrize(
    ("line", "lead"),
    [
        (
            "HAIFA, Israel, Dec. 10, 2024 /PRNewswire/ -- Elbit Systems said",
            "HAIFA, Israel, Dec. 10, 2024 /PRNewswire/ -- ",
        ),
        ("TALLINN, March 11 (Reuters) - Russia is likely", "TALLINN, March 11 (Reuters) - "),
    ],
)
def test_wire_datelines_with_a_country_or_an_agency_in_slashes_are_leads(line, lead):
    m = LEAD.match(line)
    assert m is not None and m.group(0) == lead


def test_a_contract_that_covers_items_is_a_transfer_of_them(rules_extractor):
    doc = rules_extractor.pipeline("The first executive contract, signed in August 2022, covered 180 K2 tanks.")
    assert [(c.kind, c.item, c.quantity.value) for c in doc._.claims if c.quantity] == [("transfer", "tank", 180)]


def test_a_closing_speaker_the_parser_read_as_a_participle_still_attributes_the_claim(rules_extractor):
    text = (
        "Belarus has sent Russia more than 130,000 tonnes of ammunition by rail since February 2022, Lithuania's "
        "military intelligence estimated on Tuesday, much of it drawn from Cold War-era depots."
    )
    (claim,) = claims_of(rules_extractor, text, date(2025, 3, 11))
    assert (claim.source.country, claim.said_on) == ("LTU", "2025-03-11")


def test_what_arrived_from_another_state_went_to_the_speakers_own_state(rules_extractor):
    text = (
        "TAIPEI -- The Ministry of National Defense held its regular press briefing on Tuesday. Deputy Chief of the "
        "General Staff Lieutenant General Lin Wen-huang answered questions.\n\n"
        "Q (News Agency): Have the launchers arrived?\n\n"
        "A (Lt. Gen. Lin Wen-huang): Yes. The second batch of 18 HIMARS launchers from the United States arrived at "
        "the end of October.\n\n"
        "Q (Daily News): And the tanks?\n\n"
        "A (Lt. Gen. Lin Wen-huang): They are on schedule.\n"
    )
    (claim,) = [c for c in claims_of(rules_extractor, text, date(2025, 11, 4)) if c.quantity]
    assert (claim.supplier, claim.recipient, claim.quantity.value) == ("USA", "TWN", 18)


@pytest.mark.parametrize(
    ("phrase", "by"),
    [
        ("expected to arrive in the first quarter of 2026", "2026-03-31"),
        ("due in the last quarter of 2025", "2025-12-31"),
        ("to be delivered in the second half of 2026", "2026-12-31"),
        ("to be delivered by Q2 2026", "2026-06-30"),
        ("to be delivered by Q3 2025", None),  # already past on 4 November 2025
    ],
)
def test_a_quarter_or_half_year_is_a_deadline_at_its_end(phrase, by):
    from armsledger.extract.dates import LOOSE_DEADLINE_RE, resolve_loose_deadline

    m = LOOSE_DEADLINE_RE.search(phrase)
    assert m is not None and resolve_loose_deadline(m, date(2025, 11, 4)) == by


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("The package covers more than 7,000 JDAM tail kits, the agency said.", "committed"),
        ("The contract covers 180 tanks, of which 64 will be in the K2PL version.", "committed"),
        ("The sale approved in 2017 covered 44 THAAD launchers.", "committed"),
        ("The shipment included 300 shells.", "actual"),
    ],
)
def test_what_a_package_contract_or_approved_sale_covers_is_committed(rules_extractor, sentence, status):
    doc = rules_extractor.pipeline(sentence)
    assert {c.status for c in doc._.claims if c.quantity} == {status}


def test_a_month_before_this_year_dates_the_past_and_sets_no_deadline(rules_extractor):
    doc = rules_extractor.pipeline(
        "A second tank contract, for another 180 K2s — 116 of them to be built in Poland — was signed in August this "
        "year."
    )
    assert {c.by for c in doc._.claims} == {None}
