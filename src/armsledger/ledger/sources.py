"""Sources as the analyst curates them: find one by name, merge duplicates, keep aliases.

"NIS", "National Intelligence Service" and "South Korea's spy agency" are one source written
three ways. `merge_sources` files the claims of the others under the one kept and records each
other key as an alias of it; `add_source_alias` records a name before it is ever seen. Aliases
are data in the ledger (`source_aliases`), applied whenever claims are stored (ingest,
reextract), so merged sources stay merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.orm import Session

from armsledger.ledger.db import Database
from armsledger.ledger.errors import AmbiguousNameError, InvalidQueryError, NotFoundError
from armsledger.ledger.records import key_of_name, source_label
from armsledger.ledger.tables import ClaimRow, SourceAlias, SourceRow


def source_id_for_key(session: Session, key: str) -> int | None:
    """The id of the source a key belongs to: through an alias, else the source with that key."""
    aliased = session.scalar(select(SourceAlias.source_id).where(SourceAlias.key == key))
    if aliased is not None:
        return aliased
    return session.scalar(select(SourceRow.id).where(SourceRow.key == key))


def find_source(session: Session, name: str) -> SourceRow:
    """The source a user names: an id, a key or alias, else the one source whose name, organisation
    or role contains `name`. NotFoundError or AmbiguousNameError otherwise."""
    text = name.strip()
    if text.isdigit():
        row = session.get(SourceRow, int(text))
        if row is None:
            raise NotFoundError(f"no source {text} (see `armsledger sources`)", name=name)
        return row
    key = key_of_name(text)
    for candidate in (key, f"role: {key}"):
        source_id = source_id_for_key(session, candidate)
        if source_id is not None:
            return session.get_one(SourceRow, source_id)
    matches = session.scalars(
        select(SourceRow)
        .where(
            or_(
                func.lower(SourceRow.name).contains(key, autoescape=True),
                func.lower(SourceRow.org).contains(key, autoescape=True),
                func.lower(SourceRow.role).contains(key, autoescape=True),
            )
        )
        .order_by(SourceRow.id)
        .limit(6)
    ).all()
    if not matches:
        raise NotFoundError(f"no source named {name!r} (see `armsledger sources`)", name=name)
    if len(matches) > 1:
        names = ", ".join(f"{m.id} {source_label(m)}" for m in matches[:5])
        raise AmbiguousNameError(f"{name!r} matches several sources ({names}); give the full name or the id", name=name)
    return matches[0]


@dataclass
class MergeResult:
    """What a merge did: the source kept, the sources merged into it, claims moved, aliases kept."""

    kept: dict
    merged: list[str] = field(default_factory=list)
    claims_moved: int = 0
    aliases: list[str] = field(default_factory=list)


def _absorb(session: Session, keep: SourceRow, other: SourceRow, now: datetime) -> int:
    """Move `other`'s claims and aliases to `keep`, make its key an alias, and delete it."""
    moved = cast(
        CursorResult[Any],
        session.execute(update(ClaimRow).where(ClaimRow.source_id == other.id).values(source_id=keep.id)),
    )
    session.execute(update(SourceAlias).where(SourceAlias.source_id == other.id).values(source_id=keep.id))
    for attr in ("name", "role", "org", "country"):
        if getattr(keep, attr) is None and getattr(other, attr) is not None:
            setattr(keep, attr, getattr(other, attr))
    if keep.grade is None and other.grade is not None:
        keep.grade, keep.graded_at = other.grade, other.graded_at
    keep.first_seen = min(keep.first_seen, other.first_seen)
    key = other.key
    session.delete(other)
    session.flush()
    session.add(SourceAlias(key=key, source_id=keep.id, created_at=now))
    return moved.rowcount or 0


def merge_sources(db: Database, keep: str, others: list[str], *, clock: Callable[[], datetime]) -> MergeResult:
    """Merge the sources named by `others` into the one named by `keep`, in one transaction."""
    from armsledger.ledger.queries import source_record

    if not others:
        raise InvalidQueryError("name at least one source to merge into the first")
    now = clock()
    with db.write() as session, session.begin():
        kept = find_source(session, keep)
        result = MergeResult(kept={})
        for name in others:
            other = find_source(session, name)
            if other.id == kept.id:
                raise InvalidQueryError(f"{name!r} is the source kept ({source_label(kept)}); name another one")
            result.merged.append(source_label(other))
            result.claims_moved += _absorb(session, kept, other, now)
        session.flush()
        result.aliases = list(
            session.scalars(select(SourceAlias.key).where(SourceAlias.source_id == kept.id).order_by(SourceAlias.key))
        )
        result.kept = source_record(kept)
    return result


def add_source_alias(db: Database, source: str, alias: str, *, clock: Callable[[], datetime]) -> MergeResult:
    """Make `alias` another name of `source`: claims stored later under that name go to it; a source
    already stored under that name is merged into it."""
    from armsledger.ledger.queries import source_record

    key = key_of_name(alias)
    if not key:
        raise InvalidQueryError("an alias needs a name")
    now = clock()
    with db.write() as session, session.begin():
        kept = find_source(session, source)
        result = MergeResult(kept={})
        existing = source_id_for_key(session, key)
        if existing == kept.id:
            raise InvalidQueryError(f"{alias!r} already names source {kept.id} ({source_label(kept)})")
        if existing is not None:
            other = session.get_one(SourceRow, existing)
            if other.key != key:
                raise InvalidQueryError(
                    f"{alias!r} is already an alias of source {other.id} ({source_label(other)}); "
                    f"merge the two with `armsledger source merge`"
                )
            result.merged.append(source_label(other))
            result.claims_moved += _absorb(session, kept, other, now)
        else:
            session.add(SourceAlias(key=key, source_id=kept.id, created_at=now))
        session.flush()
        result.aliases = list(
            session.scalars(select(SourceAlias.key).where(SourceAlias.source_id == kept.id).order_by(SourceAlias.key))
        )
        result.kept = source_record(kept)
    return result
