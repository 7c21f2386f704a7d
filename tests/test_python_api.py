"""The Python API for notebooks: importable from the package, claims as pydantic objects, DataFrames."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_support import REPORT_A, REPORT_B, REPORT_C, SYNDICATED_A, FakeExtractor, db, ledger_url  # noqa: F401

import armsledger
from armsledger.errors import ArmsledgerError, UnknownCodeError
from armsledger.ledger.errors import LedgerNotFoundError
from armsledger.ledger.store import Ledger
from armsledger.pipeline import ingest


def test_the_package_lists_its_api():
    names = dir(armsledger)
    for name in (
        "extract_text",
        "extract_files",
        "open_ledger",
        "Claim",
        "Document",
        "StoredClaim",
        "resolve_actor",
        "__version__",
    ):
        assert name in names
    assert "import_module" not in names
    with pytest.raises(AttributeError):
        armsledger.no_such_thing  # noqa: B018


def test_extract_text_takes_a_string_or_a_document(extractor):
    text = (
        "Seoul, June 14, 2024. North Korea has shipped nearly 5 million shells to Russia, "
        "the defence minister said on Friday."
    )
    claims = armsledger.extract_text(text, published="2024-06-14")
    assert isinstance(claims[0], armsledger.Claim)
    assert (claims[0].supplier, claims[0].recipient, claims[0].quantity.value) == ("PRK", "RUS", 5_000_000)
    assert claims[0].model_dump()["item"] == "artillery_shell" and claims[0].doc == "text"
    doc = armsledger.Document(name="report.txt", text=text, published=date(2024, 6, 14))
    assert [c.model_dump() | {"doc": "text"} for c in armsledger.extract_text(doc)] == [c.model_dump() for c in claims]
    with pytest.raises(ArmsledgerError, match="published 'June' is not a date"):
        armsledger.extract_text(text, published="June")


def test_extract_files_reports_failures_and_skips(tmp_path, extractor):
    (tmp_path / "a.txt").write_text("Iran delivered 400 drones to Russia over the winter, officials said.")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe bad")
    (tmp_path / "notes.json").write_text("{}")
    result = armsledger.extract_files([str(tmp_path)])
    assert result.documents == 1 and result.claims and result.claims[0].supplier == "IRN"
    assert [loc.rsplit("/", 1)[1] for loc, _ in result.failed] == ["bad.txt"]
    assert [loc.rsplit("/", 1)[1] for loc, _ in result.skipped] == ["notes.json"]


@pytest.fixture
def filled(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {"a.txt": REPORT_A, "b.txt": REPORT_B, "c.txt": REPORT_C, "d.txt": SYNDICATED_A}.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingest(Ledger(db), [str(folder)], extractor=FakeExtractor())
    return db.url


def test_open_ledger_round_trip_with_names_and_pydantic_claims(filled):
    with armsledger.open_ledger(filled) as ledger:
        shells = ledger.claims(supplier="North Korea", item="shells")
        assert len(shells) == shells.total == 1 and isinstance(shells[0], armsledger.StoredClaim)
        claim = shells[0]
        assert (claim.supplier, claim.item, claim.quantity.value) == ("PRK", "artillery_shell", 3_000_000)
        assert claim.source.name == "Shin Won-sik" and claim.ledger.document_id == 1
        assert claim.model_dump()["evidence"]["text"].startswith("North Korea sent 3,000,000 shells")
        assert [c.id for c in ledger.claims()] == [c.id for c in ledger.claims(as_of="2099")]
        # The second time axis: recorded by 2000, the ledger held nothing yet.
        assert ledger.claims(recorded_by="2000").total == 0 and ledger.documents(recorded_by=date(2000, 1, 1)) == []
        assert ledger.count(recorded_by="2099") == ledger.count() and ledger.documents(undated=True) == []
        assert len(ledger.claims(include_syndicated=True)) == 4 and ledger.count() == 3
        page = ledger.claims(limit=1)
        assert len(page) == 1 and page.total == 3
        assert ledger.claims(date_from="2024-05", date_to=date(2024, 5, 31))[0].supplier == "IRN"
        with pytest.raises(UnknownCodeError, match="supplier 'Narnia'"):
            ledger.claims(supplier="Narnia")
        with pytest.raises(ArmsledgerError, match="unknown filter 'suplier'"):
            ledger.claims(suplier="PRK")


def test_to_pandas_gives_typed_columns(filled):
    pd = pytest.importorskip("pandas")
    with armsledger.open_ledger(filled) as ledger:
        frame = ledger.to_pandas(supplier="PRK")
        assert len(frame) == 1 and frame.loc[0, "quantity_value"] == 3_000_000
        assert pd.api.types.is_datetime64_any_dtype(frame["published_on"])
        assert pd.api.types.is_float_dtype(frame["quantity_value"]) and str(frame["id"].dtype) == "Int64"
        assert list(frame.columns)[:3] == ["id", "doc", "kind"]
        sources = ledger.to_pandas("sources")
        assert set(sources["label"]) == {"Shin Won-sik", "Anna Kowalska"}


def test_estimate_from_python_matches_the_cli(filled):
    import json

    from typer.testing import CliRunner

    from armsledger.cli import app

    with armsledger.open_ledger(filled) as ledger:
        result = ledger.estimate(supplier="North Korea", recipient="Russia", item="shells")
    cli = json.loads(
        CliRunner()
        .invoke(
            app,
            [
                "estimate",
                "--supplier",
                "PRK",
                "--recipient",
                "RUS",
                "--item",
                "artillery_shell",
                "--db",
                filled,
                "--format",
                "json",
            ],
        )
        .stdout
    )
    assert result.central == cli["central"] == 3_000_000
    assert result.undated_documents == cli["undated_documents"] == 0


def test_open_ledger_never_creates_one_unless_asked(tmp_path):
    with pytest.raises(LedgerNotFoundError):
        armsledger.open_ledger(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()
    with armsledger.open_ledger(str(tmp_path / "new.db"), create=True) as ledger:
        assert ledger.claims() == [] and "new.db" in repr(ledger)
