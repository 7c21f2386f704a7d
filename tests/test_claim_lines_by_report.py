"""The claim lines of an estimate counted by report (lines.py `_lines_by_report`) equal the lines decided
claim by claim: the same used lines, the same most recent other lines, the same counts in the same order.
When claim ids repeat, the claim-by-claim loop decides (a claim's status follows its id there)."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path
from typing import Any

import pytest
from reconcile_builders import claim

from armsledger.reconcile import EstimateOptions, load_reference, make_flow
from armsledger.reconcile.estimate import _read_flow, selection
from armsledger.reconcile.lines import claim_lines
from armsledger.reconcile.series import SweepRules, sweep_read

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_reconcile", ROOT / "benchmarks" / "bench_reconcile.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

WINDOW = 90


def _both(claims: list, limit: int) -> tuple[Any, Any, bool]:
    """(lines counted by report, lines decided claim by claim, whether counting by report answered)."""
    ref = load_reference()
    flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=ref)
    read = _read_flow(claims, selection(flow, None, ref, True), flow, EstimateOptions(), ref)
    rules = SweepRules(WINDOW, ref.intervals.floor_min_weight, ref.fusion.outliers.min_agreeing_reports)
    _, state = sweep_read(read.cols, read.by_day, rules)

    def dumped(lines: tuple) -> tuple:
        used, shown, counts = lines
        return [u.model_dump() for u in used], [u.model_dump() for u in shown], list(counts.items())

    from armsledger.reconcile import lines as module

    answered = module._lines_by_report(state, module._context(state, WINDOW), limit) is not None
    by_report = dumped(claim_lines(state, WINDOW, limit))
    by_claim = dumped(claim_lines(state, WINDOW, limit, by_report=False))
    return by_report, by_claim, answered


def _discounted() -> list:
    """Claims given a status when read: graded F, denied, a commitment, no quantity."""
    return [
        claim(5000, grade="F", published="2024-02-01", claim_id="d1"),
        claim(6000, polarity="denied", published="2024-03-01", claim_id="d2"),
        claim(7000, status="committed", published="2024-04-01", claim_id="d3"),
        claim(None, published="2024-05-01", claim_id="d4"),
    ]


@pytest.mark.parametrize("limit", [1, 20, 300, 10_000])
def test_lines_counted_by_report_equal_the_lines_decided_claim_by_claim(limit: int) -> None:
    by_report, by_claim, answered = _both(bench.synthetic_claims(1500) + _discounted(), limit)
    assert answered
    assert by_report == by_claim
    assert by_claim[2][0][0] == "superseded"  # the counts keep the order their statuses first occur in


def test_repeated_claim_ids_are_decided_claim_by_claim() -> None:
    claims = bench.synthetic_claims(300)
    twice = [dataclasses.replace(rc, claim_id="same") for rc in claims[:5]] + claims
    by_report, by_claim, answered = _both(twice, 20)
    assert not answered
    assert by_report == by_claim
