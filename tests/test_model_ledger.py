"""Model inputs from the ledger's estimates: each input, its figures, its claims, and overrides."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from ledger_support import ledger_url  # noqa: F401  (fixture: SQLite, or PostgreSQL when configured)
from model_builders import write_claims
from reconcile_builders import claim

from armsledger.stockflow import (
    BuildOptions,
    LedgerQuery,
    build_scenario,
    parse_scenario,
    project,
)
from armsledger.stockflow.months import DAYS_PER_MONTH


def _sentence(text: str) -> str:
    return f"Officials said {text} according to the note."


def _claims():
    """RUS's shells as our own reports put them (figures from DOMAIN.md, dates invented)."""
    return [
        claim(
            3_000_000,
            qualifier="approx",
            text="about 3 million",
            kind="stockpile",
            actor="RUS",
            sentence=_sentence("Russia holds about 3 million shells"),
            published="2024-03-01",
            claim_id="stock",
        ),
        claim(
            10_000,
            per="day",
            text="10,000 shells a day",
            kind="consumption",
            actor="RUS",
            sentence=_sentence("Russia fires 10,000 shells a day"),
            published="2024-06-01",
            claim_id="use",
        ),
        claim(
            250_000,
            per="month",
            text="250,000 shells a month",
            kind="production",
            actor="RUS",
            sentence=_sentence("Russia makes 250,000 shells a month"),
            published="2024-06-01",
            claim_id="made",
        ),
        claim(
            400_000,
            per="month",
            text="400,000 a month",
            kind="production",
            actor="RUS",
            status="target",
            sentence=_sentence("Moscow aims at 400,000 a month by mid-2025"),
            published="2024-02-01",
            claim_id="goal-2025",
        ),
        claim(
            400_000,
            per="month",
            text="400,000 a month",
            kind="production",
            actor="RUS",
            status="target",
            sentence=_sentence("Moscow now aims at 400,000 a month by mid-2026"),
            published="2024-06-01",
            claim_id="goal-2026",
        ),
        claim(
            300_000,
            per="month",
            text="300,000 a month",
            kind="production",
            actor="RUS",
            status="target",
            sentence=_sentence("Moscow aimed at 300,000 a month by March"),
            published="2024-01-05",
            claim_id="goal-past",
        ),
        claim(
            1_000_000,
            text="1,000,000",
            sentence=_sentence("North Korea has sent 1,000,000 shells so far"),
            published="2024-01-01",
            claim_id="prk-1",
        ),
        claim(
            2_000_000,
            text="2,000,000",
            sentence=_sentence("North Korea has sent 2,000,000 shells so far"),
            published="2024-05-01",
            claim_id="prk-2",
            source="Other analyst",
        ),
        claim(
            0.5,
            unit="fraction",
            text="half",
            kind="quality",
            actor="PRK",
            sentence=_sentence("half of North Korea's shells do not work"),
            published="2024-02-01",
            claim_id="duds",
        ),
    ]


def _with_deadlines(claims):
    by = {"goal-2025": "2025-06", "goal-2026": "2026-06", "goal-past": "2024-03"}
    return [
        rc
        if rc.claim_id not in by
        else type(rc)(
            **{
                **{f: getattr(rc, f) for f in rc.__dataclass_fields__},
                "claim": rc.claim.model_copy(update={"by": by[rc.claim_id]}),
            }
        )
        for rc in claims
    ]


@pytest.fixture
def claims_file(tmp_path):
    return str(write_claims(tmp_path / "claims.jsonl", _with_deadlines(_claims())))


def _build(claims_file, as_of=date(2024, 6, 30), file=None):
    return build_scenario(
        BuildOptions(actor="RUS", item="artillery_shell", as_of=as_of), file, query=LedgerQuery(claims_file=claims_file)
    )


def test_each_input_comes_from_its_estimate_with_its_claims(claims_file):
    s = _build(claims_file)
    assert s.start == date(2024, 7, 1)
    stock = s.initial_stock
    assert (stock.range.low, stock.range.central, stock.range.high) == pytest.approx((2_550_000, 3_000_000, 3_450_000))
    assert stock.origin.kind == "ledger" and stock.origin.claim_ids == ["stock"]
    assert s.consumption.range.central == pytest.approx(10_000 * DAYS_PER_MONTH)
    assert s.consumption.origin.claim_ids == ["use"]
    assert s.production.range.central == pytest.approx(250_000) and s.production.origin.claim_ids == ["made"]


def test_imports_take_the_rate_the_running_totals_imply_and_the_suppliers_dud_share(claims_file):
    s = _build(claims_file)
    [prk] = s.imports
    months = (date(2024, 5, 1) - date(2024, 1, 1)).days / DAYS_PER_MONTH
    assert prk.partner == "PRK" and prk.rate.range.central == pytest.approx(1_000_000 / months)
    assert prk.rate.range.low < prk.rate.range.central < prk.rate.range.high
    assert "implied by the running totals" in prk.rate.origin.note
    assert prk.dud is not None and prk.dud.range.central == pytest.approx(0.5)
    assert prk.dud.origin.claim_ids == ["duds"]


def test_targets_are_kept_by_deadline_slipped_and_past_ones_dropped(claims_file):
    s = _build(claims_file)
    assert [(t.deadline, t.rate.range.central) for t in s.targets] == [(date(2026, 6, 1), 400_000)]
    assert s.targets[0].rate.origin.claim_ids == ["goal-2026"]
    assert s.targets[0].attainment.origin.kind == "default"
    assert any("slipped" in w and "2025-06" in w for w in s.warnings)
    assert any("due 2024-03" in w and "before the projection starts" in w for w in s.warnings)


def test_as_of_date_limits_what_the_ledger_knew(claims_file):
    s = _build(claims_file, as_of=date(2024, 4, 30))
    assert s.consumption.origin.kind == "none" and s.consumption.range.central == 0
    assert any("no consumption rate of RUS" in w for w in s.warnings)
    assert s.imports[0].rate.origin.kind == "none"  # one running total implies no rate


def test_scenario_file_overrides_some_inputs_and_the_rest_stay_from_the_ledger(claims_file):
    file = parse_scenario(
        "inputs:\n  consumption: {low: 8000, central: 10000, high: 15000, per: day, "
        "note: 'analyst: summer offensive'}\n  imports:\n    PRK: {value: 0}\n"
    )
    s = _build(claims_file, file=file)
    assert s.consumption.origin.kind == "scenario" and s.consumption.origin.note == "analyst: summer offensive"
    assert s.consumption.range.high == pytest.approx(15_000 * DAYS_PER_MONTH)
    assert s.initial_stock.origin.kind == "ledger"
    [prk] = s.imports
    assert prk.rate.range.central == 0 and prk.rate.origin.kind == "scenario"
    assert prk.dud is not None and prk.dud.origin.kind == "ledger"  # the file gave no dud share


def test_projection_lists_every_input_with_origin_and_claims(claims_file):
    result = project(_build(claims_file), draws=200, seed=1)
    by_name = {i.name: i for i in result.inputs}
    assert by_name["initial stock"].origin == "ledger"
    assert [c.claim_id for c in by_name["consumption"].claims] == ["use"]
    assert "10,000 shells a day" in by_name["consumption"].claims[0].evidence
    assert by_name["target attainment"].origin == "default"
    assert by_name["duds PRK"].unit == "share of imports"


def test_scenario_for_another_actor_is_refused(claims_file):
    from armsledger.stockflow.errors import ScenarioError

    with pytest.raises(ScenarioError, match="the scenario is for UKR, not RUS"):
        _build(claims_file, file=parse_scenario("actor: UKR"))


def test_inputs_come_from_the_ledger_database_as_of_a_date(ledger_url):
    from armsledger.ledger import Ledger, connect
    from armsledger.model import Document

    url = ledger_url
    db = connect(url)
    store = Ledger(db, clock=lambda: datetime(2024, 1, 1))
    for rc in _with_deadlines(_claims()):
        doc = Document(name=f"{rc.claim_id}.txt", text=rc.claim.evidence.text)
        store.store(
            doc, [rc.claim.model_copy(update={"doc": doc.name})], extractor_version="test", published=rc.published
        )
    db.dispose()
    s = build_scenario(
        BuildOptions(actor="RUS", item="artillery_shell", as_of=date(2024, 6, 30)), query=LedgerQuery(db_url=url)
    )
    assert s.initial_stock.range.central == pytest.approx(3_000_000)
    assert s.consumption.range.central == pytest.approx(10_000 * DAYS_PER_MONTH)
    assert [c.doc for c in s.consumption.origin.claims] == ["use.txt"]
    assert s.imports[0].dud is not None and s.imports[0].dud.range.central == pytest.approx(0.5)
    # Both time axes: the ledger recorded these claims on 2024-01-01, so it held none the day before.
    held = build_scenario(
        BuildOptions(actor="RUS", item="artillery_shell", as_of=date(2024, 6, 30)),
        query=LedgerQuery(db_url=url, recorded_by=date(2024, 1, 1)),
    )
    assert held.initial_stock.range.central == pytest.approx(3_000_000)
    before = build_scenario(
        BuildOptions(actor="RUS", item="artillery_shell", as_of=date(2024, 6, 30)),
        query=LedgerQuery(db_url=url, recorded_by=date(2023, 12, 31)),
    )
    assert before.initial_stock.origin.kind == "none" and before.consumption.origin.kind == "none"
