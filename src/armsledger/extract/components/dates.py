"""armsledger_dates_v1: date expressions in a sentence, resolved against `doc._.published`.

`doc.spans["said_dates"]` holds days a statement may have been made on ("on Friday, June 14",
"Tuesday"), each with `_.date_value` (ISO date or None); `doc.spans["deadlines"]` holds target
deadlines ("by 2025", "by the end of 2025") with `_.date_value` in SCHEMA's `by` form."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from armsledger.extract.dates import (
    BY_RE,
    LOOSE_DEADLINE_RE,
    SAID_DATE_RE,
    resolve_deadline,
    resolve_loose_deadline,
    resolve_said_date,
)
from armsledger.ingest.published import MONTHS


class DateTagger:
    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        text = doc.text  # built from the tokens on every access
        said, deadlines = [], []
        for m in BY_RE.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None:
                continue
            span = Span(doc, span.start, span.end, label="DEADLINE")
            span._.date_value = resolve_deadline(m, published)
            if span._.date_value:
                deadlines.append(span)
        taken = {t.i for s in deadlines for t in s}
        for m in LOOSE_DEADLINE_RE.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or any(t.i in taken for t in span):
                continue
            if m.group("rel") and span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in MONTHS:
                continue  # "was signed in August this year": a day of the past, not a deadline
            value = resolve_loose_deadline(m, published)
            if value:
                span = Span(doc, span.start, span.end, label="LOOSE_DEADLINE")
                span._.date_value = value
                deadlines.append(span)
                taken |= {t.i for t in span}
        deadlines.sort(key=lambda s: s.start)
        for m in SAID_DATE_RE.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or any(t.i in taken for t in span):
                continue
            said_on = resolve_said_date(m, published)
            span = Span(doc, span.start, span.end, label="SAID_DATE")
            span._.date_value = said_on.isoformat() if said_on else None
            said.append(span)
        doc.spans["said_dates"] = said
        doc.spans["deadlines"] = deadlines
        return doc


@Language.factory("armsledger_dates_v1", assigns=["doc.spans"], requires=["doc._.published"])
def make_date_tagger(nlp: Language, name: str) -> DateTagger:
    return DateTagger()
