"""The sweep's order of arrival: by publication day, then by the day a figure was stated, then as given.
(The sweep groups claims by day rather than sorting them all; these pin that it orders as one stable
sort by both keys, and still accepts claims not yet dated by their statements.)"""

from __future__ import annotations

from datetime import date

import pytest
from reconcile_builders import claim

from armsledger.reconcile.analysis import Analysed, analyse
from armsledger.reconcile.refdata import load_reference
from armsledger.reconcile.series import SweepRules, sweep

RULES = SweepRules(window_days=90, floor_min_weight=0.0, min_agreeing=2)


def _read(specs: list[tuple[str, str | None, float, str]]) -> list[Analysed]:
    """(published, stated day or None, value, source) -> read claims, dated when a day is given."""
    ref = load_reference()
    out = []
    for i, (published, stated, value, source) in enumerate(specs):
        a = analyse(claim(value, published=published, source=source, claim_id=f"c{i}"), ref)
        a.source, a.source_label = f"src:{source.lower()}", source
        a.dated = date.fromisoformat(stated) if stated else None
        out.append(a)
    return out


def test_claims_arrive_in_the_order_of_one_stable_sort_by_publication_then_stated_day() -> None:
    analysed = _read(
        [
            ("2024-03-01", "2024-03-01", 3000, "A"),
            ("2024-01-01", "2024-01-01", 1000, "B"),
            ("2024-03-01", "2024-02-01", 2500, "C"),
            ("2024-01-01", "2024-01-01", 1100, "D"),
            ("2024-03-01", "2024-02-01", 2600, "E"),
        ]
    )
    _, state = sweep(analysed, RULES)
    # the last member of each source's latest report is what arrived; the report days show the order
    expected = sorted(analysed, key=lambda a: (a.published, a.dated))  # stable: C before E, B before D
    assert [a.claim_id for a in expected] == ["c1", "c3", "c2", "c4", "c0"]
    assert [state.cols.claim_id(i) for i in state.member_of] == [a.claim_id for a in expected]


@pytest.mark.parametrize("same_day", [True, False])
def test_claims_not_yet_dated_by_their_statements_are_swept(same_day: bool) -> None:
    analysed = _read(
        [
            ("2024-01-01", None, 1000, "A"),
            ("2024-01-01" if same_day else "2024-01-02", None, 1200, "B"),
        ]
    )
    points, state = sweep(analysed, RULES)
    assert [p.date for p in points][-1] == (date(2024, 1, 1) if same_day else date(2024, 1, 2))
    assert [state.cols.claim_id(i) for i in state.member_of] == ["c0", "c1"]
