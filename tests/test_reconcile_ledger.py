"""The ledger adapter: claims with their document date, source grade and near-duplicate link."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from armsledger.model import Claim, Document, Evidence, Quantity, Source
from armsledger.reconcile import EstimateOptions, estimate, load_reference, make_flow
from armsledger.reconcile.from_ledger import (
    LedgerSelection,
    iter_ledger_claims,
    load_flow_claims,
)

ledger = pytest.importorskip("armsledger.ledger")


def _doc_and_claim(name: str, text: str, value: float, source: str) -> tuple[Document, Claim]:
    sentence = text.split(".")[0] + "."
    claim = Claim(
        doc=name,
        kind="transfer",
        supplier="PRK",
        recipient="RUS",
        item="artillery_shell",
        quantity=Quantity(value=value, unit="item", text=f"{value:,.0f}"),
        source=Source(name=source),
        evidence=Evidence(start=0, end=len(sentence), text=sentence),
    )
    return Document(name=name, text=text), claim


@pytest.fixture()
def db(tmp_path):
    database = ledger.connect(f"sqlite:///{tmp_path / 'ledger.db'}")
    store = ledger.Ledger(database, clock=lambda: datetime(2023, 1, 1))  # recorded before the as-of dates used
    for name, published, value, source, text in (
        (
            "nis.txt",
            date(2023, 11, 1),
            1_000_000,
            "NIS",
            "NIS said 1,000,000 shells were sent to Russia by North Korea. Lawmakers heard of ten shipments by sea.",
        ),
        (
            "hur.txt",
            date(2024, 2, 23),
            1_500_000,
            "HUR",
            "HUR said 1,500,000 shells were sent to Russia by North Korea. Many of them failed to fire, officers say.",
        ),
    ):
        doc, claim = _doc_and_claim(name, text, value, source)
        store.store(doc, [claim], extractor_version="test", published=published)
    store.grade_source("NIS", "B")
    yield database
    database.dispose()


def test_adapter_reads_dates_grades_and_source_keys(db):
    claims = list(iter_ledger_claims(db))
    by_doc = {rc.doc_id: rc for rc in claims}
    assert by_doc["nis.txt"].published == date(2023, 11, 1) and by_doc["nis.txt"].grade == "B"
    assert by_doc["hur.txt"].grade is None and by_doc["hur.txt"].source_key == "hur"


def test_adapter_applies_the_as_of_filter(db):
    claims = list(iter_ledger_claims(db, LedgerSelection(as_of=date(2024, 1, 1))))
    assert [rc.doc_id for rc in claims] == ["nis.txt"]


def test_estimate_from_the_ledger_ages_out_the_older_report(db):
    ref = load_reference()
    flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=ref)
    claims = load_flow_claims(
        db, kind="transfer", supplier="PRK", recipient="RUS", actor=None, item="artillery_shell", as_of=None, ref=ref
    )
    est = estimate(claims, flow, EstimateOptions())
    assert est.central == pytest.approx(1_500_000)
    assert {u.status for u in est.discounted} == {"expired"}
