"""The reconcile stage's input: a claim with the context of the document that carries it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from armsledger.model import Claim

Grade = str  # an Admiralty reliability grade, "A" to "F"
GRADES = ("A", "B", "C", "D", "E", "F")


@dataclass(frozen=True, slots=True)
class ReconcileClaim:
    """A SCHEMA claim plus what reconciling it needs to know about its document and source.

    `claim_id` names the claim in explanations; `published` is when the document appeared
    (the as-of filter and the order of running totals use it); `source_key` identifies the
    asserting source across documents (independent confirmation counts distinct keys);
    `grade` is that source's Admiralty reliability; `duplicate_of` names the document this
    one is a near-duplicate (syndicated copy) of; `title` is the document's title when known.
    """

    claim: Claim
    claim_id: str
    doc_id: str
    published: date
    source_key: str
    grade: Grade | None = None
    duplicate_of: str | None = None
    title: str | None = None

    @property
    def doc_label(self) -> str:
        """The document as a reader knows it: its title (shortened), else its file name."""
        title = " ".join((self.title or "").split())
        if not title:
            return self.doc_id
        return title if len(title) <= LABEL_CHARS else title[: LABEL_CHARS - 1].rstrip() + "…"


LABEL_CHARS = 70
_SLUG = re.compile(r"[^a-z0-9]+")


def default_source_key(claim: Claim, publisher: str | None = None) -> str:
    """A source key from the claim itself: the named person or organisation, else the
    country it speaks for, else the document's own voice (its publisher, else the document)."""
    src = claim.source
    for value in (src.name, src.org) if src else ():
        if value:
            return "src:" + _slug(value)
    if src and src.country:
        return "country:" + src.country
    if publisher:
        return "publisher:" + _slug(publisher)
    return "doc:" + claim.doc


@lru_cache(maxsize=4096)
def _slug(name: str) -> str:
    # (once per name: a claims file of 100,000 claims names a few hundred sources)
    return _SLUG.sub("-", name.lower()).strip("-")


def make_claim(
    claim: Claim,
    *,
    published: date,
    claim_id: str | None = None,
    doc_id: str | None = None,
    source_key: str | None = None,
    grade: Grade | None = None,
    duplicate_of: str | None = None,
    title: str | None = None,
) -> ReconcileClaim:
    """Wrap a Claim for reconciling, filling the keys it can derive itself."""
    return ReconcileClaim(
        claim=claim,
        claim_id=claim_id or _derived_id(claim),
        doc_id=doc_id or claim.doc,
        published=published,
        source_key=source_key or default_source_key(claim),
        grade=grade.upper() if grade else None,
        duplicate_of=duplicate_of,
        title=title,
    )


def _derived_id(claim: Claim) -> str:
    q = claim.quantity
    what = f"{q.value:g}{q.unit}" if q else "none"
    return f"{claim.doc}#{claim.evidence.start}:{claim.kind}:{claim.item}:{what}"
