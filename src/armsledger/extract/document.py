"""The document stage: split a document into sentences, run the pipeline on the sentences that can
hold a claim, then resolve what needs the whole document — descriptions such as "the isolated
nation", pronoun and surname sources, dates said earlier — and merge repeated mentions
(SCHEMA annotation rule 4) into schema-exact Claims."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc

from armsledger.extract.blocks import apply_details, detail_lines
from armsledger.extract.channels import through_initiatives
from armsledger.extract.context import (
    BorrowedSource,
    DocumentContext,
    answering_body,
    dateline_country,
    document_author,
    header_place,
    host_company,
    record_state,
    source_key,
    translated_from,
    vague_speaker,
)
from armsledger.extract.dates import SAID_DATE_RE, resolve_said_date
from armsledger.extract.discourse import SentenceRole, heading_like, sentence_roles, table_intro, unshout
from armsledger.extract.entries import apply_entries, find_entries
from armsledger.extract.framing import (
    apply_frames,
    intro_parties,
    kind_hint,
    main_flow,
    status_hint,
    titled_recipient,
)
from armsledger.extract.intermediates import Attribution, SentenceClaim, SourceInfo
from armsledger.extract.learned.claim_filter import ClaimFilter
from armsledger.extract.merging import fill_from_context, inherit_rates, merge_mentions, settle_requests
from armsledger.extract.numbers import unstop_scales
from armsledger.extract.reference import lexicon
from armsledger.extract.sentences import is_candidate, split_sentences
from armsledger.extract.tables import Table, find_tables, table_reader
from armsledger.extract.wrapping import unwrap
from armsledger.model import (
    Certainty,
    Claim,
    Deal,
    Document,
    Evidence,
    Kind,
    Per,
    Polarity,
    Qualifier,
    Quantity,
    Source,
    Status,
)
from armsledger.settings import get_setting


@dataclass
class PreparedDocument:
    """A document split into sentences, with the sentences the model must read made into Docs."""

    document: Document
    published: date | None
    sentences: list[tuple[int, int]]
    candidate: list[bool]
    roles: list[SentenceRole]
    tables: list[Table]
    docs: list[Doc] = field(default_factory=list)
    #: the text as written, where hard-wrapped lines were joined in `document.text` (same length, same offsets)
    written: str | None = None


def prepare(nlp: Language, document: Document, published: date | None) -> PreparedDocument:
    """Split the text and pick the sentences that can hold a claim or name a source."""
    written = document.text
    text = unwrap(written)
    if text != written:
        document = document.model_copy(update={"text": text})
    sentences = split_sentences(text)
    # tables are read from the lines as written: a joined line's indentation would look like a column gap
    tables = find_tables(written)
    roles = sentence_roles(text, sentences, [(t.header_start, t.rows[-1][1]) for t in tables])
    candidate = [
        r.role != "table" and (is_candidate(text[s:e]) or r.role in ("heading", "intro"))
        for (s, e), r in zip(sentences, roles, strict=False)
    ]
    prepared = PreparedDocument(document, published, sentences, candidate, roles, tables)
    prepared.written = written if text != written else None
    for (s, e), cand, role in zip(sentences, candidate, roles, strict=False):
        if cand:
            d = nlp.make_doc(unstop_scales(text[s:e]))
            d._.published = published
            d._.layout = role.role
            prepared.docs.append(d)
    return prepared


def extract_claims(nlp: Language, document: Document, *, published: date | None) -> list[Claim]:
    """Claims of one document, in text order."""
    return extract_many(nlp, [(document, published)])[0]


def extract_many(
    nlp: Language, items: list[tuple[Document, date | None]], *, claim_filter: ClaimFilter | None = None
) -> list[list[Claim]]:
    """Claims of several documents, their candidate sentences sent through the model in shared batches; the
    learned `claim_filter`, when given, keeps those it judges to be claims."""
    prepared = [prepare(nlp, doc, published) for doc, published in items]
    stream = nlp.pipe((d for p in prepared for d in p.docs), batch_size=int(get_setting("spacy_batch_size")))
    results = []
    for p in prepared:
        processed = [next(stream) for _ in p.docs]
        claims = assemble(nlp, p, processed)
        if claim_filter:
            claims = claim_filter.apply(claims, p.document.text)
        results.append(_as_written(claims, p.written))
    return results


def _as_written(claims: list[Claim], written: str | None) -> list[Claim]:
    """Claims whose evidence is cut from the text as written (its line breaks kept), where it was unwrapped."""
    if written is None:
        return claims
    out = []
    for c in claims:
        span = written[c.evidence.start : c.evidence.end]
        out.append(c.model_copy(update={"evidence": c.evidence.model_copy(update={"text": span})}))
    return out


def assemble(nlp: Language, prepared: PreparedDocument, processed: list[Doc]) -> list[Claim]:
    """Resolve and merge the sentence claims of one document into Claims."""
    document, sentences, candidates = prepared.document, prepared.sentences, prepared.candidate
    text = document.text
    qa_mode = sum(1 for s, e in sentences if text[s:e].rstrip().endswith("?")) >= 2
    actor_tagger = nlp.get_pipe("actors")
    record = record_state(text, actor_tagger, nlp)
    # a record's state, else a place on a line of the heading, stands in for a dateline
    dateline = dateline_country(text, actor_tagger, nlp) or record or header_place(text, actor_tagger, nlp)
    borrowed = BorrowedSource(qa_mode, prepared.published)
    docs = iter(processed)
    ctx = DocumentContext()
    ctx.record = record
    ctx.host = host_company(text, actor_tagger, nlp)
    ctx.record_day = _header_day(text, prepared.published)
    ctx.text = text
    ctx.author = document_author(text)
    ctx.origin = translated_from(text)
    if ctx.author is not None and ctx.author.country is None:
        ctx.author.country = ctx.origin  # "Interview with Defence Minister Radek Vlček … Translated from Czech"
    ctx.answer_body = answering_body(text)
    raw: list[SentenceClaim] = []
    first_line_end = text.find("\n")
    lead_date: tuple[int, str] | None = None  # (line start, day) of a timeline entry's leading date
    hints: dict[int, str | None] = {}
    parties: dict[int, tuple[str | None, str | None]] = {}  # who gives and receives in a list's introduction
    kinds: dict[int, tuple[str, str | None] | None] = {}  # what a list's introduction or heading says it counts
    heading_claims: list[SentenceClaim] = []
    titled = _titled_recipient(nlp, text)  # the recipient a title names ("Military support for Ukraine")
    roles = prepared.roles
    for idx, ((s, e), cand) in enumerate(zip(sentences, candidates, strict=False)):
        line_start = text.rfind("\n", 0, s) + 1
        day = _lead_date(text[s:e], prepared.published)
        if day is not None:
            lead_date = (line_start, day)  # "Monday, 26 February 2024. Shin Won-sik tells reporters…"
            if cand:
                next(docs)  # keep the processed sentences in step
            continue
        sdoc = next(docs) if cand else actor_tagger(nlp.make_doc(text[s:e]))
        actor_spans = list(sdoc.spans.get("actors", []))
        ctx.note_bodies([(a.text, a.label_) for a in actor_spans])
        borrowed.see_sentence(text, s, e, ctx)
        ctx.see_turn(text, s)
        ctx.position = s
        if not cand:
            ctx.note_actors([a.label_ for a in actor_spans if a.label_ != "ANAPHOR"])
            continue
        headline = (
            idx == 0
            and first_line_end != -1
            and e <= first_line_end
            and not text[s:e].rstrip().endswith((".", "!", "?", '"', "”"))
            and len(sentences) > 1
        )
        question = text[s:e].rstrip().endswith("?")
        sentence_claims = _sentence_claims(sdoc, ctx, borrowed, text, (s, e), dateline, actor_spans)
        joint = _joint_partner(sdoc, actor_spans)
        for c in sentence_claims:
            c.sentence = idx
            c.joint_supply = c.joint_supply or (joint and c.kind == "transfer")
            if joint and c.kind == "transfer" and c.supplier and c.supplier.isupper():
                c.supplier = None
        if roles[idx].role in ("heading", "intro"):
            shouted = sum(ch.isupper() for ch in sdoc.text) > sum(ch.islower() for ch in sdoc.text)
            # "B. COMMITTED MILITARY SUPPORT": the model reads capitals as names; the status words read in lower case
            hints[idx] = status_hint(nlp(sdoc.text.lower()) if shouted else sdoc)
            kinds[idx] = kind_hint(sdoc)
            if roles[idx].role == "intro":
                parties[idx] = intro_parties(sdoc)
        if roles[idx].role in ("heading", "label"):
            heading_claims.extend(sentence_claims)  # a heading states no claim, but names the document's flow
            ctx.note_actors([a.label_ for a in actor_spans if a.label_ != "ANAPHOR"])
            continue
        if lead_date is not None and lead_date[0] == line_start:
            for c in sentence_claims:
                if c.source and not c.own_date:
                    c.said_on = lead_date[1]
        if not headline and not question:
            inherit_rates(sentence_claims, text)
            raw.extend(sentence_claims)
        ctx.note_actors([a.label_ for a in actor_spans if a.label_ != "ANAPHOR"])
    raw.extend(_table_claims(nlp, prepared, raw + heading_claims, ctx, titled))

    def actors_of(phrase: str) -> list[tuple[str, int]]:
        tagged = actor_tagger(nlp.make_doc(phrase))
        return [(a.label_, len(a.text)) for a in tagged.spans.get("actors", []) if a.label_ != "ANAPHOR"]

    raw = apply_entries(raw, find_entries(text, actors_of), text)
    items_tagger = nlp.get_pipe("items")

    def item_of(phrase: str) -> str | None:
        tagged = items_tagger(actor_tagger(nlp.make_doc(phrase)))
        spans = list(tagged.spans.get("items", []))
        return spans[-1].label_ if spans else None

    raw = apply_details(raw, detail_lines(text, item_of), text, sentences)
    raw = settle_requests(raw)
    if ctx.host is not None:
        _host_defaults(raw, ctx.host[1])
    fill_from_context(raw, named=set(ctx.mentions))
    if ctx.host is not None:
        _host_buys_nothing(raw, ctx.host[1])
    raw = [c for c in raw if c.inherit_flow != "orphan"]
    host = ctx.host[1] if ctx.host is not None else None
    raw = apply_frames(raw, roles, hints, heading_claims, ctx.mentions, titled, parties, kinds, host)
    through_initiatives(raw, text)
    _planned_output(raw, roles, text, sentences)
    # a transfer with no quantity says only who moved what to whom: with either side unknown it says nothing an
    # analyst can use (on the development corpora such mentions were a claim 4 times in 180)
    raw = [c for c in raw if not (c.kind == "transfer" and c.quantity is None and not (c.supplier and c.recipient))]
    for c in raw:
        if c.kind != "transfer" and c.status == "committed":
            c.status = "target"  # "this year we will produce around 180,000": a plan; only a transfer is committed
    merged = merge_mentions([c for c in raw if c.item])
    published = prepared.published.isoformat() if prepared.published else None
    return [to_claim(document.name, text, c, published) for c in merged]


def _joint_partner(sdoc: Doc, actor_spans: list) -> bool:
    """Whether a sentence names a state as a partner of its supplier, shares unknown (SCHEMA rule 12): "delivered
    jointly with Germany", "in cooperation with Sweden", "Together with Denmark, the Federal Government has…"."""
    states = {a.start for a in actor_spans if a.label_.isupper() and a.label_ != "ANAPHOR"}
    for tok in sdoc:
        if tok.lower_ != "with" or tok.i == 0 or sdoc[tok.i - 1].lower_ not in ("jointly", "together", "cooperation"):
            continue
        nxt = tok.i + 2 if tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].lower_ == "the" else tok.i + 1
        if nxt in states:
            return True
    return False


_TITLE_LINES = 12  # a document's title block lies in its first lines
_NAMES_RECIPIENT = re.compile(r"\b(?:for|to)\s+(?:the\s+)?[A-Z]")


# A title line near the top may be longer than a heading: "Report on the provision of military assistance to Ukraine
# in 2022 and 2023"
TITLE_WORDS = 18


def _titled_recipient(nlp: Language, text: str) -> str | None:
    """The state a title line near the top names as the recipient of aid ("Military support for Ukraine")."""
    for line in text.split("\n", _TITLE_LINES)[:_TITLE_LINES]:
        line = unshout(line)
        if heading_like(line, max_words=TITLE_WORDS) and _NAMES_RECIPIENT.search(line):
            found = titled_recipient(nlp(line.strip()))
            if found is not None:
                return found
    return None


def _table_claims(
    nlp: Language,
    prepared: PreparedDocument,
    claims: list[SentenceClaim],
    ctx: DocumentContext,
    titled: str | None = None,
) -> list[SentenceClaim]:
    """Claims of the document's tables, each row read cell by cell (extract/tables.py); `titled` is the recipient the
    document's title names ("Report on the provision of military assistance to Ukraine"), which one aside in the
    notes under a table does not outvote."""
    if not prepared.tables:
        return []
    text = prepared.document.text
    reader = table_reader(nlp)
    flow = main_flow(claims, ctx.mentions, titled, ctx.record)
    out = []
    for table in prepared.tables:
        frame = reader.frame(table_intro(text, table.header_start), flow)
        frame.record = frame.record or ctx.record
        frame.named = frozenset(ctx.mentions)
        frame.host = ctx.host[1] if ctx.host is not None else None

        for c in reader.claims(table, frame):
            c.sentence = next((i for i, (s, _) in enumerate(prepared.sentences) if s >= c.evidence[0]), 0)
            author = ctx.author or ctx.answer_body
            if c.source is None and author is not None:
                c.source = author.copy()  # a table in a minister's written answer: the minister's figures
                c.source.country = c.source.country or ctx.record
            out.append(c)
    return out


_LINE_LABEL = re.compile(r"^[\W\d]*?([A-Z][\w .'’-]{1,40}?)\s*:\s*$")
_OPENING_LABEL = re.compile(r"[^\w\n]*([A-Z][\w .'’-]{1,40}?)\s*:\s")  # a sentence that keeps its label


def _label_state(text: str, start: int) -> str | None:
    """The state a line opens with as its label, before the sentence at `start` ("- Australia: more than 120
    Bushmasters committed to Ukraine", "Canada: shell capacity of 5,000 rounds a month"): the party of the line's
    claims that name none."""
    line_start = text.rfind("\n", 0, start) + 1
    m = _LINE_LABEL.match(text[line_start:start]) or _OPENING_LABEL.match(text, start)
    code = lexicon().actor_aliases.get(m.group(1)) if m else None
    return code if code and code.isupper() else None


_YEAR_LINE = re.compile(r"^[ \t]*((?:19|20)\d\d)[ \t]*:?[ \t]*$", re.M)


@lru_cache(maxsize=8)
def _year_lines(text: str) -> tuple[tuple[int, int], ...]:
    """(offset, year) of each line of a text that is a year alone: a chronology's headings ("2022", "2023:")."""
    return tuple((m.start(), int(m.group(1))) for m in _YEAR_LINE.finditer(text))


def _chronology_day(said_on: str, text: str, bounds: tuple[int, int]) -> str:
    """A day a sentence names without its year ("08 Apr  Australia announces…"), in the year of the chronology heading
    above it ("2022"), not the year before the document was published."""
    s, e = bounds
    years = [y for at, y in _year_lines(text) if at < s]
    if not years or said_on[:4] in text[s:e] or str(years[-1]) == said_on[:4]:
        return said_on
    try:
        return date.fromisoformat(said_on).replace(year=years[-1]).isoformat()
    except ValueError:  # 29 February
        return said_on


def _sentence_claims(
    sdoc: Doc,
    ctx: DocumentContext,
    borrowed: BorrowedSource,
    text: str,
    bounds: tuple[int, int],
    dateline: str | None,
    actor_spans: list,
) -> list[SentenceClaim]:
    """One sentence's claims with sources, dates and references resolved against the document so far."""
    s, _ = bounds
    attributions: list[Attribution] = list(sdoc._.attributions or [])
    resolved_sources = []
    for a in attributions:
        # a pronoun's person is the one named last before the pronoun itself ("Papperger used the occasion …: the
        # group, he said, …")
        ctx.position = s + sdoc[a.speaker[0]].idx if a.speaker[0] < len(sdoc) else s
        resolved_sources.append(ctx.resolve_source(a))
    ctx.position = s
    for a, resolved in zip(attributions, resolved_sources, strict=False):
        key = source_key(resolved)
        if key and a.said_on:
            ctx.said_on[key] = a.said_on
            if (body := _body_key(resolved)) is not None:
                ctx.said_on[body] = a.said_on  # "the DIA said" after "South Korea's DIA said on Sunday"
    out = []
    labelled = _label_state(text, s)
    for c in sdoc._.claims or []:
        c = replace(c, cues=list(c.cues))
        before = [a.label_ for a in actor_spans if a.label_ != "ANAPHOR" and a.start < c.anchor]
        subjects_before = [
            a.label_
            for a in actor_spans
            if a.label_ != "ANAPHOR" and a.start < c.anchor and a.root.dep_ in ("nsubj", "nsubjpass")
        ]
        src = resolved_sources[c.attribution] if c.attribution is not None else None
        said = attributions[c.attribution].said_on if c.attribution is not None else None
        in_turn = False
        if src is None:
            src = ctx.labelled_speaker(text, s)
            in_turn = src is not None
            if src is not None and src.country is None and not vague_speaker(src.words()):
                # a speaker in the record of a state's body speaks for that state; in a translation, for the state
                # whose language it was said in
                src.country = ctx.record or ctx.origin
        if src is None:
            src, said = borrowed.source_for(ctx)
        if src is None and ctx.author is not None:
            src = ctx.author  # an address, a written answer: the whole document is its author's words
            in_turn = True  # said on the day the document is of (`_header_day`)
        _on_order(c, sdoc, actor_spans)
        for role, other in (
            ("supplier", "recipient"),
            ("recipient", "supplier"),
            ("actor", None),
            ("financed_by", "recipient"),
        ):
            val = getattr(c, role)
            if val and val.startswith("@"):
                avoid = {getattr(c, other)} if other else set()
                # "we have delivered": the speaker's state, else the dateline's, else the state the document speaks for
                # (a company's "we" in a quote that goes on after its chief executive spoke)
                company = ctx.voice if ctx.voice and ctx.voice.islower() and src is None else None
                speaker = source_actor(src) or ((company or dateline or ctx.home) if val == "@source" else None)
                if val == "@enemy":
                    side = (src.country if src else None) or dateline or ctx.home or lexicon().words.enemy_side_unknown
                    enemy = lexicon().words.enemy_of.get(side or "")
                    setattr(c, role, enemy if enemy not in avoid else None)
                elif val == "@source" and speaker and speaker not in avoid:
                    setattr(c, role, speaker)
                elif val == "@source":
                    setattr(c, role, None)
                else:
                    found = ctx.resolve_anaphor(val[1:], avoid, before, subjects_before)
                    if found is None and val == "@state":
                        # "the government aims to…" with no state named before: the speaker's or dateline's
                        found = next((x for x in (source_actor(src), dateline) if x and x not in avoid), None)
                    setattr(c, role, found)
                if role == "recipient" and val == "@source" and c.kind == "transfer":
                    resolved = getattr(c, role)
                    if resolved and resolved.islower() and c.supplier and c.supplier.isupper():
                        # "we signed a contract with Vietnam for 20 K9 howitzers" in a company's call: the company
                        # sells to the state ("Hanwha signed a contract with Egypt" is read so by its frame)
                        c.supplier, c.recipient = resolved, c.supplier
        if (
            c.kind == "transfer"
            and c.supplier
            and c.supplier.islower()
            and c.maker not in (None, c.supplier, c.recipient)
            and any(a.label_ == c.maker for a in actor_spans)
        ):
            c.supplier = c.maker  # "with Hyundai Rotem for 180 K2 tanks, and with Hanwha Aerospace for 212 K9s"
        if labelled is not None:
            # "- Australia: more than A$1.3 billion in military assistance committed to Ukraine": the donor of a line
            # that names the recipient ("– Mauritania: €17 million for vehicles" may name a recipient: left alone)
            if c.kind == "transfer" and c.supplier is None and c.recipient not in (None, labelled):
                c.supplier = labelled
            elif c.kind == "transfer" and c.supplier is None:
                c.labelled = labelled  # the donor once the recipient is known (`fill_from_context`)
            elif c.kind != "transfer" and c.actor is None:
                c.actor = labelled
        if c.kind == "production" and c.actor is None and c.maker:
            c.actor = c.maker  # "output of about 10 Arrow 3 interceptors a month": the designation's maker makes it
        if (
            c.kind == "production"
            and c.actor is None
            and (speaker := source_actor(src))
            and speaker.islower()
            and not any(a.label_.islower() and a.label_ != speaker for a in actor_spans if a.label_ != "ANAPHOR")
        ):
            c.actor = speaker  # "MBDA, for its part, says Aster output will reach about 40 missiles a month"
        c.source = src.copy() if src else None
        if (
            c.source
            and c.source.country is None
            and dateline
            and (in_turn or not (c.source.name and not c.source.role))
            and not vague_speaker(c.source.words())
        ):
            c.source.country = dateline  # "WASHINGTON, Dec 23 - …officials said": the dateline's state
        elif c.source and c.source.org and (home := _shared_body_home(c.source.org, dateline or ctx.home)):
            c.source.country = home  # "the Defense Intelligence Agency (DIA)" in a Korean piece: Seoul's
        if (
            c.kind == "transfer"
            and c.polarity == "denied"
            and c.supplier is None
            and src
            and src.country
            and src.country != c.recipient
        ):
            c.supplier = src.country  # "Pyongyang's foreign ministry denied supplying weapons"
        ctx.home = (src.country if src else None) or dateline or ctx.home
        if src is not None:
            ctx.voice = source_actor(src)
        _local_dollar(c, ctx.home)
        key = source_key(src)
        c.own_date = bool(said)
        body = _body_key(src)
        c.said_on = (
            said
            or (ctx.said_on.get(key) if key else None)
            or (ctx.said_on.get(body) if body and src and not src.name else None)  # a body, not one of its people
            or (ctx.record_day if in_turn else None)
        )
        if c.said_on and said:
            c.said_on = _chronology_day(c.said_on, text, bounds)
        c.evidence = bounds
        kinds = lexicon().items_file.specific_kinds.get(c.item or "")
        same = [sp.label_ for sp in sdoc.spans.get("items", []) if kinds and sp.label_ in kinds and sp.start < c.anchor]
        if same:
            c.item = same[-1]  # "the Javelin joint venture will produce 3,960 missiles a year"
        elif c.item_definite and c.item and (specific := ctx.specific_item(c.item)) is not None:
            c.item = specific  # "the missiles" after "Fath-360 missiles"
        out.append(c)
    ctx.note_items([s.label_ for s in sdoc.spans.get("items", [])])
    return out


_BY_YEAR = re.compile(r"\bby (?:the end of |end-)?((?:19|20)\d\d)\b")


def _planned_output(
    claims: list[SentenceClaim], roles: list[SentenceRole], text: str, sentences: list[tuple[int, int]]
) -> None:
    """An item of a list of output with its own deadline is a plan: "- 1,000 missiles a year by 2027" under "Diehl
    Defence has expanded production:" (not "- about 500 a year in 2025")."""
    for c in claims:
        if c.kind != "production" or c.status != "actual" or roles[c.sentence].role != "bullet":
            continue
        s, e = sentences[c.sentence]
        m = _BY_YEAR.search(text[s:e], c.qstart or 0)  # after its figure: not "… by 2027, up from 500 in 2024"
        if m is not None:
            c.status, c.by = "target", c.by or m.group(1)


def _host_defaults(claims: list[SentenceClaim], host: str) -> None:
    """In a company's own document (its call, fact sheet or release) the company sells what a sentence sells without
    naming the seller ("the Netherlands ordered 120 mm tank ammunition worth EUR 100 million") and makes what it makes
    without naming the maker."""
    for c in claims:
        if c.kind == "transfer" and c.supplier is None and not c.joint_supply and c.inherit_flow is False:
            if c.recipient != host and c.financed_by != host:
                c.supplier = host
        elif c.kind == "production" and c.actor is None:
            c.actor = host


def _host_buys_nothing(claims: list[SentenceClaim], host: str) -> None:
    """In a company's own document the company is not armed by its customers: "a $1.9 billion award from the U.S.
    Army" is the Army buying from it, and an order the company "received" is its own sale."""
    for c in claims:
        if c.kind != "transfer" or c.recipient != host:
            continue
        if c.supplier is not None and c.supplier.isupper():
            c.supplier, c.recipient = host, c.supplier
        elif c.supplier == host:
            c.recipient = None


_ON_ORDER = re.compile(r"\bon order\b", re.I)


def _on_order(c: SentenceClaim, sdoc: Doc, actor_spans: list) -> None:
    """ "We have 42 HIMARS launchers on order from the United States": not a holding but a purchase, committed, from
    the state after "from" to the holder."""
    if c.kind != "stockpile" or c.quantity is None or c.anchor >= len(sdoc):
        return
    window = sdoc[c.anchor : min(len(sdoc), c.anchor + 8)]
    found = _ON_ORDER.search(window.text)
    if found is None:
        return
    c.kind, c.status = "transfer", "committed"
    c.recipient, c.actor = c.actor, None
    origin = next(
        (
            a.label_
            for a in actor_spans
            if a.label_ != "ANAPHOR" and a.start > c.anchor and a.start > 0 and sdoc[a.start - 1].lower_ == "from"
        ),
        None,
    )
    c.supplier = origin


_US_DOLLAR = re.compile(r"US\$|U\.S\.|\bUSD\b|\bUS dollars?\b|\bAmerican dollars?\b", re.I)


def _local_dollar(c: SentenceClaim, home: str | None) -> None:
    """A bare "$" in a Canadian (Australian, Taiwanese…) document is that state's dollar; in a document whose state
    is not yet known, the dollar of the state that gives ("The Albanese Government will provide … at $245 million")."""
    q = c.quantity
    if home is None and c.kind == "transfer" and c.supplier and c.supplier.isupper():
        home = c.supplier
    said = "$" in q.text or "dollar" in q.text.lower() if q is not None else False  # "$95 million", "… dollars"
    if q is None or q.unit != "usd" or home is None or not said or _US_DOLLAR.search(q.text):
        return
    local = lexicon().units_file.dollar_countries.get(home)
    if local is not None:
        q.unit = local


def _body_key(src: SourceInfo | None) -> str | None:
    """The body a source speaks for, whatever the phrasing ("Defense Intelligence Agency (DIA)")."""
    body = src.canonical or src.org if src is not None else None
    if not body:
        return None
    return "body:" + re.sub(r"\s*\([^)]*\)$", "", body.lower().removeprefix("the "))


def _shared_body_home(org: str, home: str | None) -> str | None:
    """The document's state, when it is one of the states that have a body of this name ("Defense Intelligence
    Agency": the US's and South Korea's)."""
    if home is None:
        return None
    key = re.sub(r"\s*\([^)]*\)$", "", org.lower().removeprefix("the "))
    return home if home in lexicon().shared_bodies.get(key, ()) else None


def source_actor(src: SourceInfo | None) -> str | None:
    """The actor a source speaks for: a company or group it names ("Diehl Defence's CEO"), else its state."""
    if src is None:
        return None
    aliases = lexicon().actor_aliases
    for text in (src.org, src.canonical, src.name):
        code = aliases.get(text or "")
        if code and code.islower():
            return code
    return src.country


def _header_day(text: str, published: date | None) -> str | None:
    """The day a transcript or record is of: the first full date in its first lines ("Tuesday 11 March 2025"),
    else its publication date. Its speakers' turns were said that day."""
    cues = lexicon().words.answer_day_cues
    found: list[tuple[int, bool, str]] = []
    for n, line in enumerate(text.split("\n")[:16]):
        for m in SAID_DATE_RE.finditer(line):
            if re.search(r"\b(?:19|20)\d\d\b", m.group(0)):
                day = resolve_said_date(m, published)
                if day is not None:
                    cued = bool(set(re.findall(r"[a-z]+", line[: m.start()].lower())) & cues)
                    found.append((n, cued, day.isoformat()))
    answered = [d for _, cue, d in found if cue]  # "Answered on 20 January 2025" after "tabled on 6 January 2025"
    if answered:
        return answered[0]
    if found and found[0][0] < 12:
        return found[0][2]
    return published.isoformat() if published else None


def _lead_date(sentence: str, published: date | None) -> str | None:
    """The day a sentence that is only a date names ("Friday, 13 October 2023."), else None."""
    m = SAID_DATE_RE.fullmatch(sentence.strip().rstrip(".:;,— -"))
    if m is None:
        return None
    day = resolve_said_date(m, published)
    return day.isoformat() if day else None


def to_claim(doc_name: str, text: str, c: SentenceClaim, published: str | None = None) -> Claim:
    """A completed sentence claim as a SCHEMA claim.

    The intermediates carry plain strings; pydantic checks them against SCHEMA's literals here, so the casts
    only tell the type checker what the model validates."""
    s, e = c.evidence
    q = c.quantity
    quantity = None
    if q is not None:
        quantity = Quantity(
            value=q.value,
            value_high=q.value_high,
            qualifier=cast(Qualifier, q.qualifier),
            unit=q.unit,
            per=cast("Per | None", q.per),
            text=q.text,
        )
    src = c.source
    source = None
    if src is not None:
        name, org = src.as_written_and_canonical()  # "South Korea's spy agency" is the National Intelligence Service
        source = Source(name=name, role=src.role, org=org, country=src.country)
    cues = list(dict.fromkeys(c.cues))
    return Claim(
        doc=doc_name,
        kind=cast(Kind, c.kind),
        supplier=c.supplier,
        recipient=c.recipient,
        actor=c.actor,
        item=cast(str, c.item),
        caliber_mm=c.caliber_mm,
        quantity=quantity,
        status=cast(Status, c.status),
        polarity=cast(Polarity, c.polarity),
        hedged=bool(cues),
        cues=cues,
        certainty=cast("Certainty | None", c.certainty) if cues else None,
        source=source,
        said_on=c.said_on,
        by=c.by,
        published=published,
        financed_by=c.financed_by,
        deal=cast("Deal | None", c.deal),
        evidence=Evidence(start=s, end=e, text=text[s:e]),
    )
