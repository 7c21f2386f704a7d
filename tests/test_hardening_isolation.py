"""Issue 12, item 1: no input stops a batch. Each crash reproducer is ingested before a good report;
the batch goes on, the good report is stored, and the bad input is reported in one line naming it."""

from __future__ import annotations

import io
import json
import os

import pytest
from ledger_support import REPORT_A, FakeExtractor, db, ledger_url  # noqa: F401
from pypdf import PdfReader, PdfWriter
from test_ingest_inputs import make_pdf

from armsledger.ledger import list_documents
from armsledger.ledger.store import Ledger
from armsledger.model import Document
from armsledger.pipeline import ingest

GOOD = "good.txt"


def _lone_surrogate_text(folder):
    path = folder / "surrogate.jsonl"
    path.write_text(json.dumps({"name": "wire\ud800", "text": "Iran sent 40 drones to Russia.\ud800"}) + "\n")
    return path


def _deep_json(folder):
    path = folder / "deep.jsonl"
    path.write_bytes(b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")
    return path


def _encrypted_pdf(password: str, algorithm: str):
    def build(folder):
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Iran sent 12 drones to Russia."]))))
        writer.encrypt(user_password=password, owner_password="owner", algorithm=algorithm)
        buf = io.BytesIO()
        writer.write(buf)
        path = folder / f"{algorithm.lower()}-{'open' if not password else 'locked'}.pdf"
        path.write_bytes(buf.getvalue())
        return path

    return build


def _unsupported_encrypt(folder):
    path = folder / "odd-encrypt.pdf"
    path.write_bytes(
        make_pdf(["Iran sent 12 drones to Russia."]).replace(
            b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Unknown /V 9 /R 9 >> /ID [<00> <00>]"
        )
    )
    return path


def _feed_with_surrogate_reference(folder):
    path = folder / "monitor.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Monitor&#xD800;</title>'
        "<item><title>Drones&#xD800;</title><description>Iran sent 4 drones to Russia &#xD800; "
        "last week.</description></item></channel></rss>"
    )
    return path


def _name_not_utf8(folder):
    path = os.path.join(os.fsencode(folder), b"report-\xff.txt")
    with open(path, "wb") as fh:
        fh.write(b"Iran sent 7 drones to Russia, officials said.")
    return os.fsdecode(path)


def _nul_character(folder):
    path = folder / "nul.jsonl"
    path.write_text(json.dumps({"name": "nul\u0000name", "text": "Iran sent 9 drones to Russia.\u0000 More."}) + "\n")
    return path


REPRODUCERS = {
    "lone surrogate in text and .jsonl name": (_lone_surrogate_text, "note", "lone surrogate"),
    ".jsonl line nesting 100,000 brackets": (_deep_json, "failed", "nested too deeply"),
    "AES-256 PDF with an empty user password": (_encrypted_pdf("", "AES-256"), "stored", ""),
    "AES-128 PDF that needs a password": (_encrypted_pdf("secret", "AES-128"), "failed", "needs a password"),
    "PDF with an unsupported /Encrypt": (_unsupported_encrypt, "failed", "cannot read PDF"),
    "RSS with &#xD800;": (_feed_with_surrogate_reference, "stored", ""),
    "file name that is not UTF-8": (_name_not_utf8, "note", "lone surrogate"),
    "NUL character (refused by PostgreSQL)": (_nul_character, "note", "NUL character"),
}


@pytest.mark.parametrize("case", list(REPRODUCERS))
def test_a_bad_input_is_reported_and_the_next_file_is_still_stored(case, db, tmp_path):
    build, outcome, words = REPRODUCERS[case]
    folder = tmp_path / "in"
    folder.mkdir()
    bad = build(folder)
    good = tmp_path / GOOD
    good.write_text(REPORT_A, encoding="utf-8")
    summary = ingest(Ledger(db), [str(bad), str(good)], extractor=FakeExtractor())
    names = {d["name"] for d in list_documents(db)}
    assert GOOD in names, f"{case}: the good file after it was not stored"
    if outcome == "failed":
        assert summary.failed == 1 and words in summary.failures[0][1]
        assert "\n" not in summary.failures[0][1]
    else:
        assert summary.failed == 0 and summary.new == 2
    if outcome == "note":
        assert any(words in note for _, note in summary.notes)
    for doc in list_documents(db, limit=0):
        for value in doc.values():
            if isinstance(value, str):
                value.encode("utf-8")  # stored text is always encodable
                assert "\x00" not in value


def test_an_exception_while_storing_one_document_is_recorded_and_the_batch_goes_on(db, tmp_path, monkeypatch):
    from armsledger.pipeline import ingestion

    real = ingestion.fingerprint

    def exploding(text):
        if "EXPLODE" in text:
            raise RuntimeError("disk on fire")
        return real(text)

    monkeypatch.setattr(ingestion, "fingerprint", exploding)
    (tmp_path / "a.txt").write_text("EXPLODE " + REPORT_A)
    (tmp_path / "b.txt").write_text(REPORT_A)
    summary = ingest(Ledger(db), [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], extractor=FakeExtractor())
    assert summary.new == 1 and summary.failed == 1
    assert "a.txt: cannot store (RuntimeError: disk on fire)" in summary.failures[0][1]


def test_extract_goes_on_after_a_file_whose_name_is_not_utf8(tmp_path, extractor):
    from armsledger.pipeline.extract import extract_inputs

    bad = _name_not_utf8(tmp_path)
    good = tmp_path / "z-good.txt"
    good.write_text("North Korea has sent about 6,700 containers of munitions to Russia, Seoul said.\n")
    result = extract_inputs([bad, str(good)], extractor=extractor)
    assert sorted(c.doc for c in result.claims) == ["report-\ufffd.txt", "z-good.txt"]
    assert result.notes and "lone surrogate" in result.notes[0][1]
    json.dumps([c.to_json_dict() for c in result.claims], ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize(
    "field, raw, expected, repair",
    [
        ("text", "Iran sent 5 drones.\ud800", "Iran sent 5 drones.\ufffd", "text: 1 lone surrogate"),
        ("text", "a\x00b\x00", "a\ufffdb\ufffd", "text: 2 NUL characters"),
        ("text", "Shells: " + "=" * 8000, "Shells: " + "=" * 64, "text: 1 punctuation run cut"),
        ("name", "report-\udcff.txt", "report-\ufffd.txt", "name: 1 lone surrogate"),
    ],
)
def test_documents_are_normalised_on_construction_and_say_what_changed(field, raw, expected, repair):
    values = {"name": "n.txt", "text": "Iran sent 5 drones."}
    values[field] = raw
    doc = Document(**values)
    assert getattr(doc, field) == expected
    assert doc.repairs == [repair]


def test_documents_are_normalised_on_assignment_too():
    doc = Document(name="n.txt", text="fine")
    doc.title = "Title\x00"
    assert doc.title == "Title\ufffd" and doc.repairs == ["title: 1 NUL character"]
