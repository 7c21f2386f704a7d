"""Extractor 1.24: the recipient a long or shouted title names sets a table's flow, a table's header may run over two
lines, ratio and period columns hold no counts, the caption nearest a table gives its status, a value column takes
the table's status, and "containers, which he said could hold…" converts the containers. Documents are our own."""

from __future__ import annotations

from datetime import date

from armsledger.extract.discourse import unshout as _unshout
from armsledger.extract.tables import find_tables
from armsledger.model import Document


def claims_of(rules_extractor, text):
    return rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 2, 11))


ANNEX = """MINISTRY OF DEFENCE OF THE SLOVAK REPUBLIC
Report on the provision of military assistance to Ukraine in 2022 and 2023

Materiel transferred free of charge from the stocks of the Ministry of Defence to Ukraine

No. Item                                Year   Quantity  Unit   Book value (EUR)
-------------------------------------------------------------------------------
1   Mi-17 transport helicopters         2022          4  pcs           9,420,000
2   BVP-1 infantry fighting vehicles    2022         30  pcs          12,600,000
3   120 mm mortar rounds                2023      8,000  rds           3,120,000

Notes:
a) In connection with the transfer, the United States agreed to sell Slovakia 12 AH-1Z helicopters.
"""


def test_a_titles_recipient_outweighs_an_aside_under_the_table(rules_extractor):
    rows = [c for c in claims_of(rules_extractor, ANNEX) if c.recipient == "UKR"]
    assert {(c.supplier, c.item, c.quantity.value, c.quantity.unit, c.status) for c in rows} >= {
        ("SVK", "aircraft", 4, "item", "actual"),
        ("SVK", "aircraft", 9_420_000, "eur", "actual"),  # "Book value" of what was transferred: no commitment
        ("SVK", "mortar_round", 8_000, "item", "actual"),
    }


def test_a_shouted_title_is_read_in_mixed_case():
    assert _unshout("US MUNITIONS FOR ISRAEL SINCE 7 OCTOBER 2023") == "US Munitions for Israel since 7 October 2023"
    assert _unshout("Military support for Ukraine") == "Military support for Ukraine"


TRACKER = """ARTILLERY AMMUNITION FOR UKRAINE: PLEDGES AND DELIVERIES BY DONOR, 2024

Table 1. Large-calibre artillery rounds pledged for 2024 and delivered in 2024, by donor

Donor                          Calibre          Pledged for 2024    Delivered in 2024   Delivered/
                                                (rounds)            (rounds)            pledged (%)
-----------------------------  ---------------  ------------------  ------------------  ----------
Germany                        155 mm           180,000             164,000                   91
France                         155 mm           96,000              74,500                    78
Netherlands                    155 mm           40,000              26,000                    65
"""


def test_a_header_over_two_lines_keeps_its_first_row_and_a_ratio_column_holds_no_count(rules_extractor):
    (table,) = find_tables(TRACKER)
    assert [c.header for c in table.columns][-1] == "Delivered/ pledged (%)"
    assert len(table.rows) == 3
    flows = {(c.supplier, c.recipient, c.quantity.value, c.status) for c in claims_of(rules_extractor, TRACKER)}
    assert ("DEU", "UKR", 180_000, "committed") in flows
    assert ("DEU", "UKR", 164_000, "actual") in flows
    assert not any(value in (91, 78, 65) for _, _, value, _ in flows)


REPORTS = """US MUNITIONS FOR ISRAEL SINCE 7 OCTOBER 2023: REPORTED DELIVERIES AND APPROVED SALES

Part 1 - Reported deliveries

Period            Item                                   Quantity (items)
----------------  -------------------------------------  ------------------
Oct 23 - Jun 24   MK-84 2,000 lb bombs                   at least 14,000
Oct 23 - Jun 24   Hellfire air-to-ground missiles        3,000
Feb 2025          MK-82 500 lb bombs                     1,800
"""


def test_the_caption_nearest_a_table_gives_its_status_and_a_period_column_no_count(rules_extractor):
    claims = claims_of(rules_extractor, REPORTS)
    assert {(c.supplier, c.recipient, c.quantity.value, c.status) for c in claims} == {
        ("USA", "ISR", 14_000, "actual"),
        ("USA", "ISR", 3_000, "actual"),
        ("USA", "ISR", 1_800, "actual"),
    }


def test_containers_which_a_speaker_said_could_hold_shells_are_converted(rules_extractor):
    text = (
        "North Korea has sent Russia ammunition by rail. South Korea's defence minister put the count at about "
        "6,700 containers, which he said could hold up to 3 million 152 mm shells."
    )
    shells = [c for c in claims_of(rules_extractor, text) if c.quantity and c.quantity.unit == "item"]
    assert [(c.kind, c.item, c.quantity.value, c.hedged) for c in shells] == [
        ("transfer", "artillery_shell", 3_000_000, True)
    ]


def test_a_congressional_records_speakers_are_its_turns(rules_extractor):
    text = (
        "SUBCOMMITTEE ON AIRLAND\n\nWe are joined by Dr. Karen Ellsworth, Acting Assistant Secretary of the Army.\n\n"
        "Dr. ELLSWORTH. Chairman, thank you. The Army today produces about 40,000 artillery rounds a month.\n"
    )
    claims = rules_extractor.extract(Document(name="t.txt", text=text), published=date(2025, 3, 5))
    assert [(c.quantity.value, c.source.name if c.source else None) for c in claims] == [(40_000, "Karen Ellsworth")]


def test_last_friday_in_a_piece_of_a_friday_is_the_friday_before():
    from armsledger.extract.dates import SAID_DATE_RE, resolve_said_date

    m = SAID_DATE_RE.search("Last Friday the general told reporters")
    assert m is not None and resolve_said_date(m, date(2024, 3, 1)) == date(2024, 2, 23)
    m = SAID_DATE_RE.search("On Friday the general told reporters")
    assert m is not None and resolve_said_date(m, date(2024, 3, 1)) == date(2024, 3, 1)
