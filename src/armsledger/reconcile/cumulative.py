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

Role = Literal["total", "increment", "rate", "floor"]


@dataclass(frozen=True, slots=True)
class RoleCue:
    """What a quantity is (total, increment or rate), its rate period, and the cue that said so."""

    role: Role
    per: str | None
    cue: str | None


def quantity_span(claim: Claim) -> tuple[int, int] | None:
    """Where the quantity's words are in the evidence sentence (None when they are not found)."""
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
    span = quantity_span(claim)
    window = ref.cues.window_chars
    if span is None:
        return _classify_context("", text, False, ref)
    return _classify_context(text[max(0, span[0] - window) : span[0]], text[span[1] : span[1] + window], True, ref)


def _classify_context(before: str, after: str, located: bool, ref: Reference) -> RoleCue:
    # Many claims share their context (one sentence, several figures; the same wording reused):
    # the answer depends only on the words around the quantity, so it is cached on them.
    cache = ref.memo("role")
    key = (before, after, located)
    found = cache.get(key)
    if found is None:
        if len(cache) > CACHE_SIZE:
            cache.clear()
        found = cache[key] = _classify_uncached(before, after, located, ref)
    return found


CACHE_SIZE = 100_000


def _classify_uncached(before: str, after: str, located: bool, ref: Reference) -> RoleCue:
    cues = ref.cues
    if located and _may_be_rate(after):
        for pattern in ref.compiled("rate"):
            match = pattern.search(after)
            if match:
                per = match.group("per").lower()
                return RoleCue("rate", cues.rate_words.get(per, per), match.group(0).strip())
    best: tuple[float, str, str] | None = None
    pattern = ref.cue_pattern()
    for match in pattern.finditer(before):
        distance = (len(before) - match.end()) * cues.preceding_penalty if located else 0.0
        if best is None or distance < best[0]:
            best = (distance, match.lastgroup or cues.default_role, match.group(0))
    for match in pattern.finditer(after):
        distance = float(match.start()) if located else 0.0
        if best is None or distance < best[0]:
            best = (distance, match.lastgroup or cues.default_role, match.group(0))
    if best is None:
        return RoleCue(cues.default_role, None, None)  # type: ignore[arg-type]
    return RoleCue(best[1], None, best[2].lower())  # type: ignore[arg-type]


def per_month(value: float, per: str, ref: Reference) -> float:
    """A rate stated per `per` expressed per month."""
    days = ref.cues.per_days
    return value * days["month"] / days[per]
