"""Interval semantics: one claim's quantity as [low, high] around a central value, with a weight.

Qualifiers and qualifier words set the interval; the ICD 203 band of the hedge cues widens
it and weights it; the source's Admiralty grade weights it; a capacity ("could hold") moves it
down from the stated figure (data/fusion.yaml). The rules are data (data/intervals.yaml);
`claim_interval` applies them and says which rules it used.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from armsledger.model import Claim
from armsledger.reconcile.refdata import IntervalRules, Multipliers, Range3, Reference


class Interval(NamedTuple):
    """A quantity as a range: low <= central <= high, with the weight of the claim's vote.
    (A named tuple: estimates build one per claim, and tuples are the cheapest immutable record.)"""

    low: float
    central: float
    high: float
    weight: float
    rules: tuple[str, ...] = ()

    def scaled(self, low: float, central: float, high: float) -> Interval:
        """This interval multiplied, end by end, by a range of factors (a unit conversion)."""
        return _interval(Interval, (self.low * low, self.central * central, self.high * high, self.weight, self.rules))

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


# `Interval(...)` without its generated Python `__new__` (an estimate builds one or two per claim)
_interval = tuple.__new__


@lru_cache(maxsize=16)
def _words_pattern(rules: tuple[tuple[str, ...], ...]) -> re.Pattern:
    """One regex over every rule's words; group `r<i>` names the rule that matched."""
    parts = [
        f"(?P<r{i}>" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
        for i, words in enumerate(rules)
    ]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


def qualifier_multipliers(claim: Claim, rules: IntervalRules) -> tuple[Multipliers, str]:
    """The multipliers for the claim's qualifier, refined by a qualifier word in its text
    (the earliest word in the text; rules listed first win a tie). A word rule is a `WordRule`
    (its `floor_only` says the amount is only a floor)."""
    q = claim.quantity
    assert q is not None
    has_letters = q.text.lower() != q.text.upper()  # "1,500,000" has no word to look for
    if has_letters and q.qualifier != "range" and rules.qualifier_words:
        match = _words_pattern(tuple(tuple(r.words) for r in rules.qualifier_words)).search(q.text)
        if match:
            rule = rules.qualifier_words[int(match.lastgroup[1:])]  # type: ignore[index]
            return rule, f"word '{match.group(0).lower()}'"
    return rules.qualifiers[q.qualifier], f"qualifier {q.qualifier}"


def hedge_factors(claim: Claim, rules: IntervalRules) -> tuple[float, float, str]:
    """(weight, widen, rule) from the claim's hedge: its ICD 203 band, or unhedged."""
    return _hedge(claim.hedged, claim.certainty, rules)


def _hedge(hedged: bool, certainty: str | None, rules: IntervalRules) -> tuple[float, float, str]:
    if not hedged:
        return rules.unhedged.weight, rules.unhedged.widen, "unhedged"
    band = certainty or rules.hedged_default
    spec = rules.certainty[band]
    return spec.weight, spec.widen, f"hedged ({band})"


def grade_weight(grade: str | None, rules: IntervalRules) -> tuple[float, str]:
    """The weight multiplier of a source's Admiralty grade."""
    if grade is None or grade not in rules.grades:
        return rules.ungraded, "source ungraded"
    return rules.grades[grade], f"source grade {grade}"


def claim_interval(
    claim: Claim,
    grade: str | None,
    ref: Reference,
    *,
    capacity: bool = False,
    multipliers: tuple[Multipliers, str] | None = None,
    factor: float = 1.0,
) -> Interval:
    """The claim's quantity as an interval with a weight (times `factor`); the claim must have a
    quantity. A `capacity` is scaled by data/fusion.yaml's capacity multipliers (the stated figure
    is the top)."""
    q = claim.quantity
    if q is None:
        raise ValueError(f"claim in {claim.doc} has no quantity")
    return quantity_interval(
        q.value,
        q.value_high if q.qualifier == "range" else None,
        multipliers or qualifier_multipliers(claim, ref.intervals),
        weighting(claim.hedged, claim.certainty, grade, ref),
        ref.fusion.capacity.multipliers if capacity else None,
        factor,
    )


Weighting = tuple[float, float, str, str]


def quantity_interval(
    value: float,
    value_high: float | None,
    multipliers: tuple[Multipliers, str],
    weighting: Weighting,
    capacity: Range3 | None,
    factor: float,
) -> Interval:
    """`claim_interval` from the quantity's numbers (`value_high` only for a range), its qualifier's
    multipliers, its `weighting` and the capacity multipliers when it is a capacity."""
    mult, qual_rule = multipliers
    if value_high is not None:
        lo_v, hi_v = sorted((value, value_high))
        low, high, central = lo_v * mult.low, hi_v * mult.high, (lo_v + hi_v) / 2 * mult.central
    else:
        low, central, high = value * mult.low, value * mult.central, value * mult.high
    weight, widen, hedge_rule, grade_rule = weighting
    low, high = low * (1 - widen), high * (1 + widen)
    applied: tuple[str, ...] = (qual_rule, hedge_rule, grade_rule)
    if capacity is not None:
        low, central, high = low * capacity.low, central * capacity.central, high * capacity.high
        applied += ("capacity",)
    return _interval(Interval, (min(low, central), central, max(high, central), weight * factor, applied))


def weighting(hedged: bool, certainty: str | None, grade: str | None, ref: Reference) -> Weighting:
    """(hedge weight x grade weight, widening, hedge rule, grade rule), cached: few combinations exist."""
    cache = ref.memo("weighting")
    key = (hedged, certainty, grade)
    found = cache.get(key)
    if found is None:
        rules = ref.intervals
        h_weight, widen, hedge_rule = _hedge(hedged, certainty, rules)
        g_weight, grade_rule = grade_weight(grade, rules)
        found = cache[key] = (h_weight * g_weight, widen, hedge_rule, grade_rule)
    return found
