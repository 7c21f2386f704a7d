"""Reading a document of our own with the rules extractor, and its claims as comparable tuples."""

from __future__ import annotations

from datetime import date

from armsledger.model import Document


def claims_of(rules_extractor, text: str, published: date = date(2025, 3, 4)):
    """The claims the rules propose for `text`, read as a document published on `published`."""
    return rules_extractor.extract(Document(name="t.txt", text=text), published=published)


def flows(claims) -> set[tuple]:
    """(kind, supplier, recipient, actor, item, value, status) of each claim."""
    return {
        (c.kind, c.supplier, c.recipient, c.actor, c.item, c.quantity.value if c.quantity else None, c.status)
        for c in claims
    }
