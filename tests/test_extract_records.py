"""Records, transcripts and tables: who speaks in a committee record or podcast, and what a table row says."""

from __future__ import annotations

from datetime import date

from armsledger.model import Document


def claims_of(extractor, text, published=date(2025, 10, 2)):
    return extractor.extract(Document(name="t.txt", text=text), published=published)


def test_a_record_speaker_line_names_the_speaker_and_the_record_names_the_state(extractor):
    text = (
        "SEJM OF THE REPUBLIC OF POLAND – 10th term\nFull record of the sitting of the Committee\n\n"
        "Chair MP Andrzej Zaremba (KO):\nI give the floor to the Minister.\n\n"
        "Secretary of State in the Ministry of National Defence Tomasz Wołek:\n"
        "Polska Grupa Zbrojeniowa currently produces about 8,000 rounds of 155 mm ammunition a month.\n"
    )
    [c] = claims_of(extractor, text)
    assert (c.kind, c.quantity.value, c.source.name, c.source.country) == ("production", 8000, "Tomasz Wołek", "POL")


def test_a_surname_label_stands_for_the_person_introduced_before(extractor):
    text = (
        "HOST: With me are Noa Halperin, a researcher in Be'er Sheva, and Tom Whitaker, a retired commander.\n\n"
        "WHITAKER: Raytheon is building roughly 125 SM-6s a year right now.\n\n"
        "HALPERIN: On the lower tier, Israel has about ten Iron Dome batteries.\n"
    )
    by_item = {c.quantity.value: c.source.name for c in claims_of(extractor, text)}
    assert by_item == {125: "Tom Whitaker", 10: "Noa Halperin"}


def test_a_verb_read_as_a_noun_still_names_its_speaker(extractor):
    [c] = claims_of(extractor, "Estonian intelligence estimates that Russia produced about 4.5 million shells in 2024.")
    assert c.source is not None and c.source.name == "Estonian intelligence" and c.source.country == "EST"


def test_a_dateline_or_label_before_the_speaker_is_not_part_of_the_name(extractor):
    text = (
        "Question (Yonhap agency, Republic of Korea): On Friday, the National Intelligence Service of South Korea "
        "stated that the DPRK has sent to Russia 1,500 troops."
    )
    [c] = claims_of(extractor, text)
    assert "Question" not in (c.source.name or "") and "National Intelligence Service" in (c.source.org or "")


def test_a_flow_column_gives_each_row_its_supplier_and_recipient_and_calibres_are_no_counts(extractor):
    text = (
        "Table 2. Shell transfers\n\n"
        "| Flow                         | Calibre    | Shells      | Note             |\n"
        "|------------------------------|------------|-------------|------------------|\n"
        "| South Korea -> United States | 155 mm     | 500,000     | loaned, 2023     |\n"
        "| Iran -> Russia               | 122/152 mm | >300,000    | shipped          |\n"
    )
    got = sorted((c.supplier, c.recipient, c.quantity.value) for c in claims_of(extractor, text))
    assert got == [("IRN", "RUS", 300_000), ("KOR", "USA", 500_000)]


def test_an_indented_aligned_table_is_read_and_joint_donors_name_no_supplier(extractor):
    text = (
        "Ground-based air defence for Ukraine, by donor\n\n"
        "  Donor                     System                    Delivered\n"
        "  ------------------------  ------------------------  ---------\n"
        "  Germany                   IRIS-T SLM fire unit              6\n"
        "  France and Italy          SAMP/T battery                    1\n"
        "  Lithuania                 NASAMS launcher                   2\n"
    )
    got = sorted(((c.supplier or ""), c.recipient, c.item, c.quantity.value) for c in claims_of(extractor, text))
    assert got == [
        ("", "UKR", "air_defense_system", 1),
        ("DEU", "UKR", "air_defense_system", 6),
        ("LTU", "UKR", "air_defense_system", 2),
    ]


def test_translated_copy_names_russia_as_the_occupiers_and_counts_every_fifth_as_a_share(extractor):
    text = (
        "In addition, the occupiers used 1,044 kamikaze drones against the positions of our troops. Roughly every "
        "fifth shell, according to the reports from our units at the front, does not fire or does not explode."
    )
    got = sorted((c.kind, c.actor, c.quantity.value) for c in claims_of(extractor, text))
    assert got[0] == ("consumption", "RUS", 1044)
    assert got[1][0] == "quality" and got[1][2] == 0.2


def test_turns_of_a_transcript_were_said_on_the_day_its_header_gives(extractor):
    text = (
        "Defence Committee\n\nOral evidence: Munitions supply\n\nTuesday 11 March 2025\n\n"
        "Witnesses: Alistair Crane MP.\n\n"
        "Alistair Crane: We also sent 14 Challenger 2 tanks to Ukraine in 2023.\n"
    )
    [c] = claims_of(extractor, text, published=date(2025, 3, 20))
    assert (c.source.name, c.said_on) == ("Alistair Crane", "2025-03-11")


def test_a_status_column_says_how_far_each_row_got_and_a_row_deadline_dates_it(extractor):
    text = (
        "Table 1. Hulls for South-East Asia\n\n"
        "Supplier -> Recipient   | Vessel type                | Units | Status\n"
        "------------------------|----------------------------|-------|----------------------------------\n"
        "South Korea -> Vietnam  | corvette                   | 1     | delivered 2019\n"
        "Japan -> Vietnam        | coast guard patrol vessel  | 6     | agreed 2020; delivery due by 2027\n"
    )
    got = sorted((c.supplier, c.quantity.value, c.status, c.by) for c in claims_of(extractor, text))
    assert got == [("JPN", 6, "committed", "2027"), ("KOR", 1, "actual", None)]
