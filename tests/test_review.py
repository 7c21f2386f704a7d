"""Reviews: an overlay with who, when and why; claims are never overwritten; estimates use the reviewed
values and say so; conflicts are refused, not lost; reviews export as a gold corpus."""

from __future__ import annotations

import json
import threading

import pytest
from ledger_support import cli_app, db, ledger_url  # noqa: F401  (fixtures)
from sqlalchemy import select
from typer.testing import CliRunner
from web_support import build_ledger, claim_id_of

from armsledger.ledger.tables import ClaimRow, ReviewRow
from armsledger.reconcile.reviewed import estimate_flow
from armsledger.review import ReviewConflictError, ReviewError, grade_source, list_reviews, merge_sources, review_claim

FLOW = {"supplier": "PRK", "recipient": "RUS", "item": "artillery_shell"}


@pytest.fixture
def built(db):
    build_ledger(db.url)
    return db


def _stored(db, claim_id):
    with db.read() as session:
        return session.get(ClaimRow, claim_id)


def test_correction_changes_the_estimate_and_keeps_the_extracted_claim(built):
    latest = claim_id_of(built, "shin-jun.txt")
    before = estimate_flow(built, **FLOW)
    review_claim(
        built,
        latest,
        "correct",
        reviewer="alice",
        reason="the report says 6 million",
        changes={"quantity.value": "6,000,000"},
    )
    after = estimate_flow(built, **FLOW)
    assert before.central == pytest.approx(4_800_000, rel=0.3)
    assert after.central > before.central
    assert _stored(built, latest).quantity_value == 4_800_000  # the extractor's value stays
    (note,) = after.reviews
    assert (note.claim_id, note.status, note.reviewer, note.changes, note.counted) == (
        str(latest),
        "corrected",
        "alice",
        {"quantity.value": 6_000_000.0},
        True,
    )
    assert any("reviewed: corrected by alice" in use.reason for use in after.used + after.discounted)


def test_rejected_claim_counts_nowhere_and_the_estimate_says_so(built):
    latest = claim_id_of(built, "shin-jun.txt")
    review_claim(built, latest, "reject", reviewer="bob", reason="misread figure")
    est = estimate_flow(built, **FLOW)
    assert str(latest) not in {u.claim_id for u in est.used + est.discounted}
    assert est.central < 4_000_000
    assert [(n.status, n.counted) for n in est.reviews] == [("rejected", False)]


def test_correcting_the_item_moves_the_claim_to_another_flow(built):
    claim = claim_id_of(built, "hur.txt")
    review_claim(built, claim, "correct", reviewer="alice", reason="they were rockets", changes={"item": "rockets"})
    rockets = estimate_flow(built, supplier="PRK", recipient="RUS", item="rocket")
    shells = estimate_flow(built, **FLOW)
    assert str(claim) in {u.claim_id for u in rockets.used}
    assert str(claim) not in {u.claim_id for u in shells.used + shells.discounted}


def test_reviews_accumulate_and_the_audit_trail_keeps_before_and_after(built):
    claim = claim_id_of(built, "kirby.txt")
    review_claim(built, claim, "correct", reviewer="alice", reason="hedged in the report", changes={"hedged": "yes"})
    record = review_claim(
        built, claim, "correct", reviewer="bob", reason="a ministry figure", changes={"quantity.qualifier": "approx"}
    )
    assert record["claim_review"]["changes"] == {"hedged": True, "quantity.qualifier": "approx"}
    trail = list_reviews(built, claim_id=claim)
    assert [(r["reviewer"], r["previous"]) for r in trail] == [
        ("bob", {"status": "corrected", "quantity.qualifier": "exact"}),
        ("alice", {"status": "unreviewed", "hedged": False}),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quantity.value": "lots"}, "quantity.value"),
        ({"status": "rumoured"}, "status"),
        ({"colour": "red"}, "not a field"),
        ({"item": "unicorns"}, "item"),
        ({}, "at least one"),
    ],
)
def test_invalid_corrections_are_refused_and_nothing_is_written(built, changes, message):
    claim = claim_id_of(built, "kirby.txt")
    with pytest.raises(ReviewError, match=message):
        review_claim(built, claim, "correct", reviewer="alice", reason="why", changes=changes)
    assert list_reviews(built, claim_id=claim) == []


@pytest.mark.parametrize(("reviewer", "reason"), [("", "why"), ("alice", ""), ("alice", "   ")])
def test_a_review_needs_a_reviewer_and_a_reason(built, reviewer, reason):
    with pytest.raises(ReviewError):
        review_claim(built, claim_id_of(built, "kirby.txt"), "confirm", reviewer=reviewer, reason=reason)


def test_a_stale_review_is_refused_with_a_conflict(built):
    claim = claim_id_of(built, "kirby.txt")
    first = review_claim(built, claim, "confirm", reviewer="alice", reason="checked", expected_latest=0)
    with pytest.raises(ReviewConflictError, match="alice"):
        review_claim(built, claim, "reject", reviewer="bob", reason="stale view", expected_latest=0)
    review_claim(built, claim, "reject", reviewer="bob", reason="fresh view", expected_latest=first["id"])
    assert [r["reviewer"] for r in list_reviews(built, claim_id=claim)] == ["bob", "alice"]


def test_concurrent_reviews_of_one_claim_are_all_kept(built):
    claim = claim_id_of(built, "kirby.txt")
    errors: list[BaseException] = []

    def review(n: int) -> None:
        try:
            review_claim(built, claim, "confirm", reviewer=f"r{n}", reason=f"pass {n}")
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=review, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r["reviewer"] for r in list_reviews(built, claim_id=claim)) == sorted(f"r{n}" for n in range(12))


def test_grades_and_merges_are_kept_in_the_audit_trail(built):
    graded = grade_source(built, "Shin Wonsik", "b", reviewer="alice", reason="ministerial figures held up")
    assert graded["source"]["grade"] == "B"
    merged = merge_sources(built, "Shin Wonsik", ["Vadym Skibitskyi"], reviewer="alice", reason="test merge")
    assert merged["claims_moved"] == 1
    actions = [(r["action"], r["reviewer"], r["reason"]) for r in list_reviews(built, target="source")]
    assert actions == [("merge", "alice", "test merge"), ("grade", "alice", "ministerial figures held up")]


def test_gold_export_writes_fully_reviewed_documents_with_corrected_values(built, tmp_path):
    from armsledger.review.gold import write_gold

    review_claim(
        built,
        claim_id_of(built, "shin-jun.txt"),
        "correct",
        reviewer="alice",
        reason="6 million",
        changes={"quantity.value": 6_000_000},
    )
    review_claim(built, claim_id_of(built, "kirby.txt"), "reject", reviewer="alice", reason="not a count")
    review_claim(built, claim_id_of(built, "hur.txt"), "confirm", reviewer="alice", reason="ok")
    result = write_gold(built, tmp_path / "gold")
    lines = {json.loads(line)["doc"]: json.loads(line) for line in (tmp_path / "gold" / "gold.jsonl").open()}
    assert (result.documents, result.claims) == (3, 2)
    assert lines["shin-jun.txt"]["claims"][0]["quantity"]["value"] == 6_000_000
    assert lines["kirby.txt"]["claims"] == []
    assert (tmp_path / "gold" / "shin-jun.txt").read_text().startswith("North Korea sent 4,800,000")
    from armsledger.evaluate.goldcheck import check_gold_corpus  # the corpus is valid gold

    assert check_gold_corpus(tmp_path / "gold").errors == []


def test_review_cli_confirms_corrects_rejects_and_lists(built):
    runner = CliRunner()
    claim = claim_id_of(built, "shin-feb.txt")
    env = {"ARMSLEDGER_REVIEWER": "carol"}
    done = runner.invoke(
        cli_app(),
        [
            "review",
            "correct",
            str(claim),
            "--set",
            "quantity.value=3500000",
            "--set",
            "supplier=North Korea",
            "--reason",
            "typo",
            "--db",
            built.url,
        ],
        env=env,
    )
    assert done.exit_code == 0, done.output
    assert "corrected by carol" in done.output
    bad = runner.invoke(
        cli_app(), ["review", "correct", str(claim), "--set", "novalue", "--reason", "x", "--db", built.url]
    )
    assert bad.exit_code == 1 and "FIELD=VALUE" in bad.output
    listed = runner.invoke(cli_app(), ["review", "list", "--format", "jsonl", "--db", built.url])
    assert json.loads(listed.stdout.splitlines()[0])["changes"] == {"quantity.value": 3_500_000.0, "supplier": "PRK"}
    graded = runner.invoke(
        cli_app(), ["source", "grade", "Shin Wonsik", "A", "--reason", "reliable", "--db", built.url], env=env
    )
    assert graded.exit_code == 0, graded.output
    with built.read() as session:
        assert session.scalar(select(ReviewRow.reviewer).where(ReviewRow.action == "grade")) == "carol"


def test_export_reviews_gold_to_stdout(built):
    review_claim(built, claim_id_of(built, "hur.txt"), "confirm", reviewer="alice", reason="ok")
    done = CliRunner().invoke(cli_app(), ["export", "reviews", "--format", "gold", "--db", built.url])
    assert done.exit_code == 0, done.output
    line = json.loads(done.stdout.splitlines()[0])
    assert line["doc"] == "hur.txt" and line["claims"][0]["supplier"] == "PRK"
