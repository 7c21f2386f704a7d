"""Deduplication: exact copies stored once, syndicated copies linked and not counted as confirmation."""

from __future__ import annotations

from ledger_support import (  # noqa: F401
    REPORT_A,
    REPORT_B,
    REPORT_C,
    SYNDICATED_A,
    FakeExtractor,
    db,
    ledger_url,
)

from armsledger.ledger import ClaimFilter, count_claims, get_claim, ledger_summary, list_claims, list_documents
from armsledger.ledger.dedup import content_hash, fingerprint, jaccard, shingles
from armsledger.ledger.store import Ledger
from armsledger.pipeline import ingest


def _folder(tmp_path, **files):
    folder = tmp_path / "reports"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_content_hash_ignores_spacing_and_line_ends():
    assert content_hash("a  b\r\nc ") == content_hash("a b\nc")
    assert content_hash("a b c") != content_hash("a b d")


def test_syndicated_copy_is_similar_and_a_different_story_is_not():
    a, copy, other = shingles(REPORT_A), shingles(SYNDICATED_A), shingles(REPORT_B)
    assert jaccard(a, copy) >= 0.5
    assert jaccard(a, other) < 0.1
    shared = set(fingerprint(REPORT_A).band_keys) & set(fingerprint(SYNDICATED_A).band_keys)
    assert shared, "LSH must put a syndicated copy in a shared bucket"


def test_ingesting_the_same_folder_twice_adds_nothing_the_second_time(db, tmp_path, monkeypatch):
    monkeypatch.setenv("ARMSLEDGER_DOCUMENT_TIMEOUT", "0")  # extract in this process, so calls can be counted
    folder = _folder(tmp_path, **{"a.txt": REPORT_A, "b.md": REPORT_B, "c.txt": REPORT_C})
    ledger, extractor = Ledger(db), FakeExtractor()
    first = ingest(ledger, [str(folder)], extractor=extractor)
    assert (first.new, first.duplicate, first.failed) == (3, 0, 0)
    assert first.claims_added == 3
    claims_before, docs_before = count_claims(db), len(list_documents(db))
    calls = extractor.calls
    assert calls == 3
    second = ingest(ledger, [str(folder)], extractor=extractor)
    assert (second.new, second.duplicate, second.near_duplicate, second.claims_added) == (0, 3, 0, 0)
    assert extractor.calls == calls, "exact copies are not even re-extracted"
    assert count_claims(db) == claims_before and len(list_documents(db)) == docs_before


def test_same_text_under_another_name_is_a_duplicate(db, tmp_path):
    folder = _folder(tmp_path, **{"a.txt": REPORT_A, "copy-of-a.txt": REPORT_A.replace("\n", "\r\n") + "\n"})
    summary = ingest(Ledger(db), [str(folder)], extractor=FakeExtractor())
    assert (summary.new, summary.duplicate) == (1, 1)


def test_near_duplicate_is_linked_and_not_counted_as_independent_confirmation(db, tmp_path):
    folder = _folder(
        tmp_path, **{"1-original.txt": REPORT_A, "2-syndicated.txt": SYNDICATED_A, "3-other.txt": REPORT_B}
    )
    summary = ingest(Ledger(db), [str(folder)], extractor=FakeExtractor())
    assert (summary.new, summary.near_duplicate, summary.duplicate) == (2, 1, 0)
    assert summary.claims_added == 2 and summary.syndicated_claims == 1
    docs = {d["name"]: d for d in list_documents(db)}
    assert docs["2-syndicated.txt"]["near_duplicate_of"] == docs["1-original.txt"]["id"]
    assert docs["2-syndicated.txt"]["similarity"] >= 0.5
    assert docs["3-other.txt"]["near_duplicate_of"] is None
    # The default listing counts the story once; the copy's claim is kept and can be asked for.
    prk = ClaimFilter(supplier="PRK", recipient="RUS")
    assert count_claims(db, prk) == 1
    assert count_claims(db, ClaimFilter(supplier="PRK", include_syndicated=True)) == 2
    original_claim = list_claims(db, prk)[0]
    detail = get_claim(db, original_claim["id"])
    assert detail.independent_documents == 1
    assert [c["name"] for c in detail.syndicated_copies] == ["2-syndicated.txt"]
    summary_now = ledger_summary(db)
    assert summary_now["claims"] == 2 and summary_now["syndicated_claims"] == 1
    assert summary_now["top_transfers"][0]["documents"] == 1


def test_a_copy_of_a_copy_links_to_the_original(db, tmp_path):
    second_copy = SYNDICATED_A.replace("Sign up for our morning newsletter.", "Follow us for more.")
    folder = _folder(tmp_path, **{"1.txt": REPORT_A, "2.txt": SYNDICATED_A, "3.txt": second_copy})
    ingest(Ledger(db), [str(folder)], extractor=FakeExtractor())
    docs = {d["name"]: d for d in list_documents(db)}
    assert docs["3.txt"]["near_duplicate_of"] == docs["1.txt"]["id"]


def test_two_reports_of_the_same_flow_are_two_independent_confirmations(db, tmp_path):
    other_words = (
        "Tokyo, April 2, 2024. Japanese officials briefed reporters that North Korea sent 3,000,000 "
        "shells to Russia, a figure they said matched their own estimates of rail traffic."
    )
    folder = _folder(tmp_path, **{"a.txt": REPORT_A, "b.txt": other_words})
    ingest(Ledger(db), [str(folder)], extractor=FakeExtractor())
    claim = list_claims(db, ClaimFilter(supplier="PRK"))[0]
    assert get_claim(db, claim["id"]).independent_documents == 2
