"""Cumulative vs incremental: is a stated quantity a running total, an increment, or a rate?

Reports on one flow are mostly running totals ("1,000 containers", then "6,700 since
September", then "at least 10,000"): a later total supersedes an earlier one, it is not
added to it. An increment ("in recent weeks", "in June", "last year") covers one period and
is a floor on the total; a rate ("a month") is neither and is kept apart. The cue words
are data (data/cumulative.yaml) and are sought in the evidence sentence around the quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from armsledger.model import Claim
from armsledger.reconcile.refdata import Reference

Role = Literal["total", "increment", "rate"]


@dataclass(frozen=True, slots=True)
class RoleCue:
    """What a quantity is (total, increment or rate), its rate period, and the cue that said so."""

    role: Role
    per: str | None
    cue: str | None


def _quantity_span(claim: Claim) -> tuple[int, int] | None:
    q = claim.quantity
    if q is None or not q.text:
        return None
    text = claim.evidence.text
    at = text.find(q.text)
    if at < 0:
        at = text.lower().find(q.text.lower())
    return (at, at + len(q.text)) if at >= 0 else None


_PERIOD_STEMS = ("day", "dail", "week", "month", "year", "annual")


def _may_be_rate(after: str) -> bool:
    """A cheap test before the rate patterns: every rate cue names a period within its first words."""
    head = after[:60].lower()
    return any(stem in head for stem in _PERIOD_STEMS)


def classify(claim: Claim, ref: Reference) -> RoleCue:
    """The role of the claim's quantity, from `per` and the cue words near its text."""
    q = claim.quantity
    if q is not None and q.per:
        return RoleCue("rate", q.per, None)
    text = claim.evidence.text
    span = _quantity_span(claim)
    cues = ref.cues
    if span is not None:
        after = text[span[1]: span[1] + cues.window_chars]
        for pattern in ref.compiled("rate"):
            match = pattern.search(after) if _may_be_rate(after) else None
            if match:
                per = match.group("per").lower()
                return RoleCue("rate", cues.rate_words.get(per, per), match.group(0).strip())
        lo, hi = max(0, span[0] - cues.window_chars), span[1] + cues.window_chars
    else:
        lo, hi = 0, len(text)
    best: tuple[float, str, str] | None = None
    for match in ref.cue_pattern().finditer(text, lo, min(hi, len(text))):
        distance = 0.0 if span is None else (
            match.start() - span[1] if match.start() >= span[1]
            else (span[0] - match.end()) * cues.preceding_penalty if match.end() <= span[0] else 0)
        if best is None or distance < best[0]:
            best = (distance, match.lastgroup or cues.default_role, match.group(0))
    if best is None:
        return RoleCue(cues.default_role, None, None)  # type: ignore[arg-type]
    return RoleCue(best[1], None, best[2].lower())  # type: ignore[arg-type]


def per_month(value: float, per: str, ref: Reference) -> float:
    """A rate stated per `per` expressed per month."""
    days = ref.cues.per_days
    return value * days["month"] / days[per]
