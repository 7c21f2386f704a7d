"""Claims for reconciling from JSON Lines, so reconcile works without a ledger.

Reads what `armsledger extract --format jsonl` prints (one claim a line, each with its
document's `published` date) and gold files (one document a line: {"doc", "published",
"claims": [...]}). A claim's publication date is, in order: the `published` argument, the
line's own "published", the latest `said_on` of the same document's claims (a document appears
on or after the day its sources spoke). A line that is not JSON, not a claim, or has no date at
all is reported in `problems` and skipped: one bad line never stops the rest.
Where a gold file lists several acceptable values for a field, the first is used.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, cast

from pydantic import ValidationError

from armsledger.model import Claim
from armsledger.reconcile.collector import collector_paused
from armsledger.reconcile.errors import ClaimsFileError
from armsledger.reconcile.inputs import ReconcileClaim, make_claim
from armsledger.reconcile.plain import plain_claim

_CONTEXT_KEYS = ("published", "grade", "source_key", "duplicate_of", "claim_id", "title")


def _date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError) as exc:
        raise ClaimsFileError(f"{where}: bad date {value!r}", where=where) from exc


_LIST_FIELDS = {"cues"}


def _first_acceptable(value: object, key: str = "") -> object:
    """Gold files may give a list of acceptable values for a scalar field: take the first."""
    if isinstance(value, dict):
        return {k: _first_acceptable(v, k) for k, v in value.items()}
    if isinstance(value, list) and key not in _LIST_FIELDS:
        return _first_acceptable(value[0], key) if value else None
    return value


def _one(raw: dict, where: str, published: date | None, default_id: str, plain: bool = False) -> _Pending:
    context = {k: raw.pop(k) for k in _CONTEXT_KEYS if k in raw}
    # (plain: a claim whose fields the model takes as they are is kept as plain records, see plain.py; any
    # other is validated, which reports what is wrong or converts what it may)
    claim: Claim | None = cast(Claim, plain_claim(raw)) if plain else None
    if claim is None:
        try:
            claim = Claim.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise ClaimsFileError(f"{where}: not a claim: {loc}: {first['msg']}", where=where) from exc
    when = published
    if when is None and context.get("published"):
        when = _date(str(context["published"]), where)
    said = None
    if claim.said_on and len(claim.said_on) >= 10:
        said = _date(claim.said_on, where)
    return _Pending(claim, context, where, default_id, when, said)


@dataclass
class _Pending:
    claim: Claim
    context: dict
    where: str
    default_id: str
    when: date | None
    said: date | None = None

    def resolve(self, fallback: date | None) -> ReconcileClaim:
        when = self.when or fallback
        if when is None:
            raise ClaimsFileError(
                f"{self.where}: no publication date, skipped (give --published, or a 'published' or 'said_on' value)",
                where=self.where,
            )
        ctx = self.context
        return make_claim(
            self.claim,
            published=when,
            claim_id=ctx.get("claim_id") or self.default_id,
            source_key=ctx.get("source_key"),
            grade=ctx.get("grade"),
            duplicate_of=ctx.get("duplicate_of"),
            title=ctx.get("title"),
        )


def _line(raw_line: str, number: int, name: str, published: date | None, plain: bool = False) -> list[_Pending]:
    where = f"{name}:{number}"
    try:
        raw = json.loads(raw_line)
    except json.JSONDecodeError as exc:
        raise ClaimsFileError(f"{where}: not JSON: {exc.msg}", where=where) from exc
    except RecursionError:
        raise ClaimsFileError(f"{where}: JSON nested too deeply to read", where=where) from None
    if not isinstance(raw, dict):
        raise ClaimsFileError(f"{where}: expected a JSON object", where=where)
    if "claims" in raw and "kind" not in raw:
        doc = raw.get("doc") or f"line-{number}"
        doc_published = published or (_date(str(raw["published"]), where) if raw.get("published") else None)
        return [
            _one(
                {"doc": doc, **_first_acceptable(claim)},  # type: ignore[dict-item]
                f"{where} claim {index + 1}",
                doc_published,
                f"{doc}#{index + 1}",
                plain,
            )
            for index, claim in enumerate(raw["claims"] or [])
        ]
    return [_one(raw, where, published, f"{raw.get('doc', name)}#{number}", plain)]


def read_claims(
    stream: IO[str],
    *,
    name: str = "<stdin>",
    published: date | None = None,
    problems: list[str] | None = None,
    plain: bool = False,
) -> Iterator[ReconcileClaim]:
    """ReconcileClaims from a JSON Lines stream of claims or of gold documents.

    With `plain`, a claim the model would take as it is becomes plain records instead (`plain.plain_claim`:
    the same values, no pydantic model): for an estimate, which only reads them.

    A claim with no date of its own takes the latest date of its document's other claims.
    Bad lines (and claims with no date at all) are appended to `problems` as one-line messages and
    skipped; without a `problems` list the first one raises ClaimsFileError."""
    pending: list[_Pending] = []
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            pending.extend(_line(line, number, name, published, plain))
        except ClaimsFileError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
    latest: dict[str, date] = {}
    for p in pending:
        day = p.when or p.said
        if day is not None and (p.claim.doc not in latest or day > latest[p.claim.doc]):
            latest[p.claim.doc] = day
    for p in pending:
        try:
            yield p.resolve(latest.get(p.claim.doc))
        except ClaimsFileError as exc:
            if problems is None:
                raise
            problems.append(str(exc))


def load_claims(
    path: str | Path, *, published: date | None = None, problems: list[str] | None = None, plain: bool = False
) -> list[ReconcileClaim]:
    """All claims of a JSON Lines file (`-` reads stdin); bad lines go to `problems`, `plain` claims for an
    estimate (see read_claims)."""
    if str(path) == "-":
        with collector_paused():
            return list(read_claims(sys.stdin, published=published, problems=problems, plain=plain))
    p = Path(path)
    try:
        with p.open(encoding="utf-8") as stream, collector_paused():  # (many small acyclic objects)
            return list(read_claims(stream, name=p.name, published=published, problems=problems, plain=plain))
    except OSError as exc:
        raise ClaimsFileError(f"cannot read claims file {p}: {exc.strerror or exc}", path=str(p)) from exc
    except UnicodeDecodeError as exc:
        raise ClaimsFileError(f"cannot read claims file {p}: not UTF-8 text", path=str(p)) from exc
