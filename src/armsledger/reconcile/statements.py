"""Statements and the day a figure was stated.

A report's figures are dated by when the source stated them, not when a document repeated
them: a timeline published in July that recalls "on 29 December 2023 Shin said about 5,000
containers" dates that figure 2023-12-29. A claim's day is its `said_on` (a full date, not after
publication; the extractor already carries it over to later statements of the same source, SCHEMA
rule 10), else its publication date.

A statement is what one source said at one time in one place: claims of one source in one
document, on the same day, whose sentences are at most `statement_gap_chars` apart
("more than 13,000 containers ... Those containers could hold more than 6 million shells").
A statement shares its period: a conversion with no cue of its own ("that volume would amount
to 1.6 million shells") next to a carrier or tonnage figure for a period ("74,000 tonnes between
August 2023 and January 2024") is a figure for that period too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from armsledger.reconcile.cumulative import RoleCue
from armsledger.reconcile.inputs import ReconcileClaim


class StatementInfo(NamedTuple):
    """Where a claim belongs: the day its figure was stated and its statement's number."""

    day: date
    statement: int


def said_day(rc: ReconcileClaim) -> date | None:
    """The claim's own `said_on` as a date, when it is a full date not after publication."""
    said = rc.claim.said_on
    if not said or len(said) < 10:
        return None
    try:
        day = date.fromisoformat(said[:10])
    except ValueError:
        return None
    return day if day <= rc.published else None


def stated_day(rc: ReconcileClaim) -> date:
    """The day a claim's figure was stated: its own `said_on`, else its publication date."""
    return (said_day(rc) if rc.claim.said_on else None) or rc.published


def statements(claims: Sequence[ReconcileClaim], source_keys: Sequence[str], gap: int) -> list[StatementInfo]:
    """The stated day and statement number of each claim (same order as `claims`)."""
    out: list[StatementInfo] = []
    places: dict[tuple[str, str], list[int]] = {}
    for i, rc in enumerate(claims):
        out.append(StatementInfo(stated_day(rc), i))
        places.setdefault((rc.doc_id, source_keys[i]), []).append(i)
    for members in places.values():
        if len(members) == 1:
            continue
        members.sort(key=lambda i: (claims[i].claim.evidence.start, claims[i].claim.evidence.end))
        first = out[members[0]]
        number, previous_end, previous_day = first.statement, -(10**9), None
        for i in members:
            ev, day = claims[i].claim.evidence, out[i].day
            if day != previous_day or ev.start - previous_end > gap:
                number, previous_end = i, ev.end
            previous_end, previous_day = max(previous_end, ev.end), day
            out[i] = StatementInfo(day, number)
    return out


def shared_roles(
    roles: Sequence[RoleCue | None],
    infos: Sequence[StatementInfo],
    conversions: Sequence[bool],
    carriers: Sequence[bool],
) -> list[RoleCue | None]:
    """Roles with a statement's period shared: a conversion with no cue of its own ("that volume would
    amount to 1.6 million shells") converts the carrier or tonnage figure of its statement, so it is an
    increment when that figure is one ("74,000 tonnes between August and January")."""
    period: dict[int, RoleCue] = {}
    for role, info, carrier in zip(roles, infos, carriers, strict=False):
        if carrier and role is not None and role.role == "increment" and role.cue:
            period.setdefault(info.statement, role)
    if not period:
        return list(roles)
    out: list[RoleCue | None] = []
    for role, info, conversion in zip(roles, infos, conversions, strict=False):
        shared = period.get(info.statement)
        if conversion and role is not None and role.role == "total" and role.cue is None and shared is not None:
            out.append(RoleCue("increment", None, f"{shared.cue} (same statement)"))
        else:
            out.append(role)
    return out


def statement_members(infos: Iterable[StatementInfo]) -> dict[int, list[int]]:
    """{statement number: indexes of its claims}."""
    groups: dict[int, list[int]] = {}
    for i, info in enumerate(infos):
        groups.setdefault(info.statement, []).append(i)
    return groups
