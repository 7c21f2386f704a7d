"""Credibility of an estimate on the Admiralty scale (1 confirmed ... 6 cannot be judged), computed.

Independent confirmation means different sources: claims from one source count once, and
near-duplicate (syndicated) documents are already discounted before this point.
- no claim used: 6;
- two or more independent sources whose intervals hold the central value: 1;
- one such source: the grade table in data/intervals.yaml (A/B 2, C 3, D 4, E 5, F or
  ungraded 6), one step worse when another used claim disagrees;
- none holds the central value: 4 (the reports disagree).
"""

from __future__ import annotations

from armsledger.reconcile.analysis import Analysed
from armsledger.reconcile.refdata import Reference


def credibility(used: list[Analysed], central: float | None, ref: Reference) -> tuple[int, str]:
    """(Admiralty credibility 1-6, the reason in words)."""
    if not used or central is None:
        return 6, "no claim counts: cannot be judged"
    agreeing: dict[str, Analysed] = {}
    disagreeing = 0
    for a in used:
        if a.interval is not None and a.interval.holds(central):
            agreeing.setdefault(a.rc.source_key, a)
        else:
            disagreeing += 1
    if len(agreeing) >= 2:
        return 1, f"confirmed by {len(agreeing)} independent sources ({', '.join(sorted(agreeing))})"
    if not agreeing:
        return 4, f"doubtful: none of the {len(used)} claims used holds the central value"
    (source, a), = agreeing.items()
    table = ref.intervals.credibility_single_source
    score = table.get(a.rc.grade or "ungraded", table["ungraded"])
    reason = f"a single source ({source}, grade {a.rc.grade or 'none'})"
    if disagreeing:
        score = min(6, score + 1)
        reason += f"; {disagreeing} other claim(s) disagree"
    return score, reason
