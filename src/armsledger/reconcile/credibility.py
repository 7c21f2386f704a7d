"""Credibility of an estimate on the Admiralty scale (1 confirmed ... 6 cannot be judged), computed
from the reports behind its value.

Independent confirmation means different sources: one source counts once however many documents
repeat it, and near-duplicate (syndicated) documents are discounted before this point.
- no report: 6;
- two or more independent sources whose ranges hold the central value: 1;
- one such source: the grade table in data/intervals.yaml (A/B 2, C 3, D 4, E 5, F or
  ungraded 6), one step worse when another report behind the value disagrees;
- none holds the central value: 4 (the reports disagree).
"""

from __future__ import annotations

from collections.abc import Sequence

from armsledger.reconcile.fusion import Report
from armsledger.reconcile.refdata import Reference


def _grade(report: Report) -> str | None:
    rcs = report.cols.rc
    grades = [g for m in report.chosen if (g := rcs[m].grade)]
    return min(grades) if grades else None


def credibility(reports: Sequence[Report], central: float | None, ref: Reference) -> tuple[int, str]:
    """(Admiralty credibility 1-6, the reason in words)."""
    if not reports or central is None:
        return 6, "no report counts: cannot be judged"
    agreeing: dict[str, Report] = {}
    disagreeing = 0
    for r in reports:
        if r.holds(central):
            agreeing.setdefault(r.source, r)
        else:
            disagreeing += 1
    if len(agreeing) >= 2:
        names = ", ".join(sorted(r.label for r in agreeing.values()))
        return 1, f"confirmed by {len(agreeing)} independent sources ({names})"
    if not agreeing:
        return 4, f"doubtful: none of the {len(reports)} reports behind it holds the central value"
    (report,) = agreeing.values()
    grade = _grade(report)
    table = ref.intervals.credibility_single_source
    score = table.get(grade or "ungraded", table["ungraded"])
    reason = f"a single source ({report.label}, grade {grade or 'none'})"
    if disagreeing:
        score = min(6, score + 1)
        reason += f"; {disagreeing} other report(s) disagree"
    return score, reason
