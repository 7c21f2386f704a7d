"""Plain claims (reconcile/plain.py): the values the model would give, without a pydantic model per claim, for
the estimate's two inputs (JSON Lines and the ledger); anything the model would convert or refuse is left to it."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from armsledger.model import Claim, Document, Evidence, Quantity, Source
from armsledger.reconcile import EstimateOptions, estimate, load_reference, make_flow
from armsledger.reconcile.from_ledger import load_flow_claims
from armsledger.reconcile.jsonl import read_claims
from armsledger.reconcile.plain import PlainClaim, plain_claim

ledger = pytest.importorskip("armsledger.ledger")
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _typed(value: Any) -> Any:
    """A value with the type of every part kept (5 and 5.0 differ), plain records as dicts."""
    if hasattr(value, "__dict__") and not isinstance(value, type):
        value = value.__dict__
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


def _plain_equals_model(raw: dict[str, Any]) -> bool | None:
    """None when the plain reader leaves the object to the model, else whether both give the same values;
    raises when the plain reader takes an object the model refuses."""
    plain = plain_claim(json.loads(json.dumps(raw)))
    if plain is None:
        return None
    model = Claim.model_validate(raw)
    return _typed(plain) == _typed(dict(model))


def _claim(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "doc": "a.txt",
        "kind": "transfer",
        "supplier": "PRK",
        "recipient": "RUS",
        "item": "artillery_shell",
        "quantity": {"value": 1000, "qualifier": "approx", "unit": "item", "text": "about 1,000"},
        "source": {"name": "NIS"},
        "evidence": {"start": 0, "end": 10, "text": "NIS said about 1,000 shells."},
    }
    for key, value in changes.items():
        if "." in key:
            part, field = key.split(".")
            raw[part] = {**raw[part], field: value}
        elif value is _DROP:
            raw.pop(key)
        else:
            raw[key] = value
    return raw


_DROP = object()


def test_gold_claims_read_plain_give_the_models_values() -> None:
    compared = 0
    for gold in sorted(CORPUS.glob("*/gold.jsonl")):
        for line in gold.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for claim in doc.get("claims") or []:
                raw = {"doc": doc.get("doc", "d"), **claim}
                if any(isinstance(v, list) for k, v in raw.items() if k != "cues"):
                    continue  # (lists of acceptable values: jsonl.py takes the first before reading)
                try:
                    Claim.model_validate(raw)
                except ValueError:
                    assert plain_claim(raw) is None
                    continue
                assert _plain_equals_model(raw) in (True, None), raw
                compared += _plain_equals_model(raw) is True
    assert compared > 100


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"quantity": None},
        {"quantity.value_high": 2000, "quantity.qualifier": "range"},
        {"quantity.value": 0.5, "quantity.unit": "fraction"},
        {"quantity.unit": "usd", "quantity.per": "year"},
        {"source": None, "hedged": True, "certainty": "likely", "cues": ["reportedly"]},
        {"caliber_mm": 152, "said_on": "2024-01-02", "deal": "sale", "status": "committed", "polarity": "denied"},
        {"source": {"name": None, "org": "UN Panel", "country": "USA", "role": "panel"}},
    ],
)
def test_claims_the_model_takes_as_they_are_are_read_plain_with_its_values(changes: dict[str, Any]) -> None:
    assert _plain_equals_model(_claim(**changes)) is True


@pytest.mark.parametrize(
    "changes",
    [
        {"hedged": "true"},  # converted by the model
        {"quantity.value": "1000"},
        {"caliber_mm": 152.0},
        {"caliber_mm": True},
        {"evidence": {"start": "0", "end": 10, "text": "x"}},
        {"item": "shells"},  # refused by the model
        {"kind": "sale"},
        {"quantity.unit": "crates"},
        {"quantity.value": -5},
        {"quantity.value": 2, "quantity.unit": "fraction"},
        {"quantity.value_high": 10, "quantity.qualifier": "range"},
        {"quantity.qualifier": ["approx"]},
        {"quantity.extra": 1},
        {"source": {"name": "NIS", "rank": "general"}},
        {"source": {"name": 5}},
        {"cues": "reportedly"},
        {"cues": [1]},
        {"evidence": _DROP},
        {"doc": _DROP},
        {"unknown": 1},
        {"status": {"x": 1}},
    ],
)
def test_claims_the_model_would_convert_or_refuse_are_left_to_it(changes: dict[str, Any]) -> None:
    assert plain_claim(_claim(**changes)) is None


def _lines(rows: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(row) for row in rows) + "\nnot json\n"


def test_a_claims_file_read_plain_gives_the_same_estimate_and_the_same_problems() -> None:
    rows = [
        _claim(**{"quantity.value": 1000 * (i + 1), "quantity.text": f"{1000 * (i + 1):,}"}) | {"published": day}
        for i, day in enumerate(("2024-01-05", "2024-02-05", "2024-03-05"))
    ]
    rows.append(_claim(hedged="yes") | {"published": "2024-03-06"})  # converted by the model: read by it
    rows.append(_claim(item="shells") | {"published": "2024-03-07"})  # refused
    ref = load_reference()
    flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=ref)
    results, problems = [], []
    for plain in (False, True):
        found: list[str] = []
        claims = list(read_claims(io.StringIO(_lines(rows)), problems=found, plain=plain))
        assert len(claims) == 4
        assert all(isinstance(rc.claim, PlainClaim) for rc in claims[:3]) is plain
        assert isinstance(claims[3].claim, Claim)
        results.append(estimate(claims, flow, EstimateOptions(), ref).model_dump(mode="json"))
        problems.append(found)
    assert results[0] == results[1]
    assert results[0]["central"] is not None
    assert problems[0] == problems[1] and len(problems[0]) == 2


@pytest.fixture()
def db(tmp_path):
    database = ledger.connect(f"sqlite:///{tmp_path / 'ledger.db'}")
    store = ledger.Ledger(database, clock=lambda: datetime(2023, 1, 1))
    for i, (published, value, source) in enumerate(
        ((date(2023, 11, 1), 1_000_000, "NIS"), (date(2024, 2, 23), 1_500_000, "HUR"), (date(2024, 3, 1), 9, "X"))
    ):
        text = f"{source} said {value:,} shells were sent to Russia by North Korea."
        claim = Claim(
            doc=f"d{i}.txt",
            kind="transfer",
            supplier="PRK",
            recipient="RUS",
            item="artillery_shell",
            quantity=Quantity(value=value, unit="item", text=f"{value:,}"),
            source=Source(name=source),
            evidence=Evidence(start=0, end=len(text), text=text),
        )
        store.store(Document(name=f"d{i}.txt", text=text), [claim], extractor_version="test", published=published)
    yield database
    database.dispose()


def _flow_claims(db: Any, plain: bool) -> list[Any]:
    return load_flow_claims(
        db,
        kind="transfer",
        supplier="PRK",
        recipient="RUS",
        actor=None,
        item="artillery_shell",
        as_of=None,
        plain=plain,
    )


def test_ledger_claims_read_plain_hold_the_models_values_and_reviews_still_apply(db) -> None:
    from armsledger.review.store import review_claim

    ids = sorted(int(rc.claim_id) for rc in _flow_claims(db, plain=False))
    review_claim(db, ids[2], "reject", reviewer="ana", reason="a typo")
    review_claim(db, ids[1], "correct", reviewer="ana", reason="misread", changes={"quantity.value": 1_400_000})
    models, plain = _flow_claims(db, plain=False), _flow_claims(db, plain=True)
    assert [rc.claim_id for rc in plain] == [rc.claim_id for rc in models] == [str(ids[0]), str(ids[1])]
    assert isinstance(plain[0].claim, PlainClaim)
    assert isinstance(plain[1].claim, Claim) and plain[1].claim.quantity.value == 1_400_000  # (reviewed)
    assert _typed(plain[0].claim) == _typed(dict(models[0].claim))
    assert [rc.source_key for rc in plain] == [rc.source_key for rc in models]
    ref = load_reference()
    flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=ref)
    assert estimate(plain, flow, EstimateOptions(), ref) == estimate(models, flow, EstimateOptions(), ref)


def test_a_review_made_after_the_reviews_were_read_is_seen_by_the_next_estimate(db) -> None:
    from armsledger.reconcile.reviewed import estimate_flow
    from armsledger.review.overlay import review_index
    from armsledger.review.store import review_claim

    before = estimate_flow(db, item="artillery_shell", supplier="PRK", recipient="RUS")
    assert before.reviews == [] and review_index(db).rows == ()
    claim_id = int(before.used[-1].claim_id)
    review_claim(db, claim_id, "reject", reviewer="ana", reason="a typo")
    after = estimate_flow(db, item="artillery_shell", supplier="PRK", recipient="RUS")
    assert [(n.claim_id, n.status, n.counted) for n in after.reviews] == [(str(claim_id), "rejected", False)]
    assert str(claim_id) not in {use.claim_id for use in after.used}
    assert review_index(db) is review_index(db)  # (read again only when the reviews change)
