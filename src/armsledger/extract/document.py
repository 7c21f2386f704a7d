"""The document stage: split a document into sentences, run the pipeline on the sentences that can
hold a claim, then resolve what needs the whole document — descriptions such as "the isolated
nation", pronoun and surname sources, dates said earlier — and merge repeated mentions
(SCHEMA annotation rule 4) into schema-exact Claims."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from armsledger.extract.reference import lexicon
from armsledger.model import Claim, Document, Evidence, Quantity, Source
from armsledger.settings import get_setting

_PARALLEL = re.compile(r"\b(compared\s+(?:with|to)|versus|vs\.?|against|while|whereas)\b", re.I)
_SPEECH_CUE = re.compile(r"\b(said|says|told|tells|stated|states|according|added|adds|noted|claimed|citing|"
                         r"announced|denied|denies|estimated|believes|believed|reported|confirmed|wrote|spoke|speaks|"
                         r"released|briefed|published|interview|briefing)\b", re.I)
_LABEL = re.compile(r"([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2}):\s+")
_BULLET = re.compile(r"[ \t]*(?:[•·▪*\-–—]|\d{1,2}[.)])\s+")
_SENT_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:[A-Z]\.){1,3}$|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Brig|Adm|Sgt|Capt|Prof|Sen|Rep|Gov|St|No|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|est|vs|etc|U\.S|U\.N|e\.g|i\.e)\.$")


_LEAD = re.compile(r"(?:[•·▪*\-–—]\s+|\d{1,2}[.)]\s+|[QA]:\s+|[A-Z][a-z]+(?: [A-Z][a-z]+)?:\s+|"
                   r"[A-Z][A-Z .'’-]{2,40},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?"
                   r"\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s*)")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence character spans: each line is split at sentence-final punctuation (not after "U.S." or "Gen.")."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        start_line = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cursor = 0
        for m in _SENT_END.finditer(line):
            head = line[cursor:m.start() + 1]
            if _ABBREV.search(head.rstrip("\"'”’)")):
                continue
            spans.append((start_line + cursor, start_line + m.end()))
            cursor = m.end()
        spans.append((start_line + cursor, start_line + len(line)))
    out = []
    for s, e in spans:
        seg = text[s:e]
        lstrip = len(seg) - len(seg.lstrip())
        rstrip = len(seg) - len(seg.rstrip())
        if e - rstrip > s + lstrip:
            start = s + lstrip
            while (lead := _LEAD.match(text, start, e - rstrip)) and start < lead.end() < e - rstrip:
                start = lead.end()  # "- Deliveries: the Czech Republic…": bullet, then label
            out.append((start, e - rstrip))
    return out


_FLOW_WITH_NUMBER = re.compile(
    r"\d|\b(?:dozens?|hundreds?|thousands?|millions?|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\b", re.I)


def _trigger_regex() -> re.Pattern:
    """Verb and noun forms of the claim triggers ("delivered", "supplies", "sent", "held")."""
    stems = set()
    for lemma in lexicon().triggers:
        stems.add(lemma[:-1] if lemma.endswith("e") else lemma[:-1] if lemma.endswith("y") else lemma)
    irregular = {"sent", "held", "made", "built", "gave", "given", "sold", "bought", "got", "brought", "fired", "left",
                 "paid", "shot", "kept", "had", "has"}
    alternation = "|".join(re.escape(x) for x in sorted(stems | irregular, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\w*", re.I)


def _candidate_regex() -> re.Pattern:
    lex = lexicon()
    words = set(lex.items) | {u for u in lex.units if len(u) > 2}
    # sentences without materiel or units hold no claim; their actors still feed the context cheaply
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)


GENERIC_BODIES = {"agency", "service", "ministry", "directorate", "department", "office", "group", "team", "institute",
                  "centre", "center", "intelligence", "panel", "body", "organisation", "organization", "report",
                  "researchers", "authors", "analysts", "monitors"}


class DocumentContext:
    """What earlier sentences of the document tell later ones."""

    def __init__(self) -> None:
        self.recent_actors: list[str] = []
        self.sources: list[dict] = []
        self.said_on: dict[str, str] = {}

    def note_actors(self, codes: list[str]) -> None:
        for code in codes:
            if code in self.recent_actors:
                self.recent_actors.remove(code)
            self.recent_actors.append(code)

    def resolve_anaphor(self, phrase: str, avoid: set[str], before: list[str]) -> str | None:
        prefer = lexicon().anaphors.get(phrase, ())
        history = [c for c in self.recent_actors if c not in before] + before
        if phrase == "company":
            companies = [c for c in reversed(history) if c.islower() and c not in avoid]
            if companies:
                return companies[0]
        pronoun = phrase in ("it", "they", "company") or any(p.islower() for p in prefer)
        candidates = [c for c in reversed(history) if c not in avoid and (pronoun or (len(c) == 3 and c.isupper()))]
        for code in candidates:
            if code in prefer:
                return code
        if prefer:
            return None if not candidates else next((c for c in candidates if c in prefer), None)
        return candidates[0] if candidates else None

    def labelled_speaker(self, text: str, start: int) -> dict | None:
        """"Budanov: North Korea has handed…": a line labelled with a source named earlier."""
        line_start = text.rfind("\n", 0, start) + 1
        m = _LABEL.match(text, line_start)
        if not m or m.end() > start + 1:
            return None
        label = {p.lower() for p in m.group(1).split()}
        for prev in reversed(self.sources):
            if prev.get("name") and label & {p.lower() for p in re.split(r"[\s-]+", prev["name"])}:
                return prev
        return None

    def resolve_source(self, attribution: dict) -> dict | None:
        src = dict(attribution["source"])
        if attribution["pronoun"]:
            want_person = attribution["pronoun_text"] in ("he", "she")
            for prev in reversed(self.sources):
                if not want_person or prev.get("name"):
                    return prev
            return None
        name = src.get("name")
        if name and not (src.get("role") or src.get("org")):
            parts = {p.lower() for p in re.split(r"[\s-]+", name) if len(p) > 2}
            for prev in reversed(self.sources):
                prev_parts = {p.lower() for p in re.split(r"[\s-]+", prev.get("name") or "") if len(p) > 2}
                if parts and parts <= prev_parts:
                    return prev
        if not name and src.get("role") and not src.get("org") and src["role"].split()[-1].lower() in GENERIC_BODIES:
            # "the agency said", "the directorate added": the body named before
            for prev in reversed(self.sources):
                if (prev.get("org") or (prev.get("name") and not prev.get("role"))) and \
                        src.get("country") in (None, prev.get("country")):
                    return prev
        if not name and src.get("role") and not src.get("org"):
            head = src["role"].split()[-1].lower()
            for prev in reversed(self.sources):
                if prev.get("role") and head in prev["role"].lower() and prev.get("name"):
                    if src.get("country") in (None, prev.get("country")):
                        return prev
        short = (name or src.get("org") or "").strip()
        if short and len(short.split()) == 1 and not src.get("role"):
            # "According to HUR" after "Ukraine's military intelligence directorate (HUR)"
            for prev in reversed(self.sources):
                text = " ".join(str(prev.get(k) or "") for k in ("name", "org"))
                if re.search(rf"\b{re.escape(short)}\b", text) and prev is not src:
                    return prev
        if name:
            for prev in reversed(self.sources):
                if prev.get("name") == name:
                    merged = {k: src.get(k) or prev.get(k) for k in ("name", "role", "org", "country")}
                    prev.update(merged)
                    return prev
        if not any(src.values()):
            return None
        if src.get("country") is None and not _vague_speaker(attribution["text"]) and (not name or src.get("role")):
            # "the agency said", "the ministry added": the body named before, else the last source's side
            head = (src.get("role") or src.get("org") or "").split()[-1:] or [""]
            for prev in reversed(self.sources):
                text = " ".join(str(prev.get(k) or "") for k in ("name", "role", "org")).lower()
                if head[0] and head[0].lower().rstrip("s") in text and prev.get("country"):
                    if name:
                        src["country"] = prev["country"]  # "ministry spokesman Lysenko" after "Ukraine's ministry"
                        break
                    return prev
            for prev in reversed(self.sources):
                if prev.get("country") and src.get("country") is None:
                    src["country"] = prev["country"]
                    break
        self.sources.append(src)
        return src


class BorrowedSource:
    """Sources that a document's layout implies: the bullets after "Key findings:" belong to the source
    introduced before the colon; in a Q&A the answers are the interviewee's."""

    def __init__(self, qa_mode: bool) -> None:
        self.qa_mode = qa_mode
        self.list_source: tuple[dict | None, str | None] | None = None
        self.in_list = False
        self.bullet = False
        self.after_question = False
        self.question = False

    def see_sentence(self, text: str, start: int, end: int, ctx: "DocumentContext") -> None:
        line_start = text.rfind("\n", 0, start) + 1
        self.bullet = bool(_BULLET.match(text, line_start)) and text[line_start:start].strip(" \t•·▪*-–—0123456789.)") == ""
        sentence = text[start:end].rstrip()
        self.question = sentence.endswith("?")
        if self.question:
            self.after_question = True
        if self.list_source is not None and not self.bullet and not sentence.endswith(":") and self.in_list:
            self.list_source, self.in_list = None, False
        if self.bullet and self.list_source is not None:
            self.in_list = True
        if sentence.endswith(":") and ctx.sources:
            src = ctx.sources[-1]
            self.list_source = (src, ctx.said_on.get(_source_key(src) or ""))

    def source_for(self, ctx: "DocumentContext") -> tuple[dict | None, str | None]:
        if self.bullet and self.list_source is not None:
            return self.list_source
        if self.qa_mode and self.after_question and not self.question:
            for src in ctx.sources:
                if src.get("name"):
                    return src, ctx.said_on.get(_source_key(src) or "")
        return None, None


def _vague_speaker(text: str) -> bool:
    """"Western officials", "some analysts", "NATO officials": a speaker that stands for no single state."""
    words = set(text.lower().replace("'s", "").split())
    return bool(words & {"western", "foreign", "international", "independent", "some", "many", "several", "outside",
                         "nato", "eu", "un", "allied", "european", "open-source"})


def _source_key(src: dict | None) -> str | None:
    if not src:
        return None
    return "|".join(str(src.get(k) or "").lower() for k in ("name", "org", "role", "country"))


def _core(c: dict) -> tuple:
    return (c["kind"], c["supplier"], c["recipient"], c["actor"], c["item"])


def _values_close(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if (a["unit"], a["per"]) != (b["unit"], b["per"]):
        return False
    return abs(a["value"] - b["value"]) <= 0.01 * max(abs(a["value"]), 1e-12)


def merge_mentions(claims: list[dict]) -> list[dict]:
    """SCHEMA rule 4: repeats of one statement merge; quantity-less mentions merge into the quantified flow."""
    out: list[dict] = []
    body = [c for c in claims if not c.get("headline")]
    for c in claims:
        key = _source_key(c["source"])
        if c.get("headline") and any(_core(b) == _core(c) for b in body):
            continue
        duplicate = False
        for k in out:
            if _core(k) != _core(c) or k["polarity"] != c["polarity"]:
                continue
            same_source = _source_key(k["source"]) == key
            if c["quantity"] is None and (k["quantity"] is not None or same_source) and same_source:
                duplicate = True
            elif c["quantity"] is not None and _values_close(k["quantity"], c["quantity"]) and \
                    k["status"] == c["status"] and same_source:
                duplicate = True
            if duplicate:
                break
        if duplicate:
            continue
        if c["quantity"] is not None:
            # a quantity-less mention seen earlier of the same flow gives way to this one
            out = [k for k in out if not (k["quantity"] is None and _core(k) == _core(c)
                                          and k["polarity"] == c["polarity"]
                                          and _source_key(k["source"]) == key)]
        out.append(c)
    return out


def extract_claims(nlp: Language, document: Document, *, published: date | None) -> list[Claim]:
    """Claims of one document, in text order."""
    text = document.text
    sentences = split_sentences(text)
    candidate_re = _candidate_regex_cached()
    trigger_re = _trigger_regex_cached()
    is_candidate = [bool(candidate_re.search(text[s:e]) or _SPEECH_CUE.search(text[s:e]) or
                         (_FLOW_WITH_NUMBER.search(text[s:e]) and trigger_re.search(text[s:e])))
                    for s, e in sentences]
    qa_mode = sum(1 for s, e in sentences if text[s:e].rstrip().endswith("?")) >= 2
    dateline = _dateline_country(text, nlp.get_pipe("actors"), nlp)
    borrowed = BorrowedSource(qa_mode)
    actor_tagger = nlp.get_pipe("actors")
    docs: list[Doc] = []
    for (s, e), cand in zip(sentences, is_candidate):
        if cand:
            d = nlp.make_doc(text[s:e])
            d._.published = published
            docs.append(d)
    batch = int(get_setting("spacy_batch_size"))
    processed = iter(list(nlp.pipe(docs, batch_size=batch)))
    ctx = DocumentContext()
    raw: list[dict] = []
    first_line_end = text.find("\n")
    for idx, ((s, e), cand) in enumerate(zip(sentences, is_candidate)):
        if cand:
            sdoc = next(processed)
        else:
            sdoc = actor_tagger(nlp.make_doc(text[s:e]))
        actor_spans = list(sdoc.spans.get("actors", []))
        borrowed.see_sentence(text, s, e, ctx)
        if not cand:
            ctx.note_actors([a.label_ for a in actor_spans if a.label_ != "ANAPHOR"])
            continue
        headline = idx == 0 and first_line_end != -1 and e <= first_line_end and \
            not text[s:e].rstrip().endswith((".", "!", "?", '"', "”")) and len(sentences) > 1
        question = text[s:e].rstrip().endswith("?")
        attributions = [dict(a) for a in (sdoc._.attributions or [])]
        resolved_sources = [ctx.resolve_source(a) for a in attributions]
        for a, src in zip(attributions, resolved_sources):
            key = _source_key(src)
            if key and a["said_on"]:
                ctx.said_on[key] = a["said_on"]
        sentence_claims = []
        for c in sdoc._.claims or []:
            c = dict(c)
            anchor_pos = c["anchor"]
            before = [a.label_ for a in actor_spans if a.label_ != "ANAPHOR" and a.start < anchor_pos]
            src = resolved_sources[c["attribution"]] if c.get("attribution") is not None else None
            said = attributions[c["attribution"]]["said_on"] if c.get("attribution") is not None else None
            if src is None:
                src = ctx.labelled_speaker(text, s)
            if src is None:
                src, said = borrowed.source_for(ctx)
            for role, other in (("supplier", "recipient"), ("recipient", "supplier"), ("actor", None)):
                val = c.get(role)
                if val and val.startswith("@"):
                    avoid = {c.get(other)} if other else set()
                    src_country = (src or {}).get("country")
                    if val in ("@source", "@they") and src_country and src_country not in avoid:
                        c[role] = src_country
                    elif val == "@source":
                        c[role] = None
                    else:
                        c[role] = ctx.resolve_anaphor(val[1:], avoid, before)
            c["source"] = dict(src) if src else None
            if c["source"] and c["source"].get("country") is None and dateline and \
                    not (c["source"].get("name") and not c["source"].get("role")) and \
                    not _vague_speaker(" ".join(str(v) for v in c["source"].values() if v)):
                c["source"]["country"] = dateline  # "WASHINGTON, Dec 23 - …officials said": the dateline's state
            if c["kind"] == "transfer" and c["polarity"] == "denied" and c["supplier"] is None and src \
                    and src.get("country") and src["country"] != c["recipient"]:
                c["supplier"] = src["country"]  # "Pyongyang's foreign ministry denied supplying weapons"
            key = _source_key(src)
            c["said_on"] = said or (ctx.said_on.get(key) if key else None)
            c["evidence"] = (s, e)
            c["headline"] = headline
            if not headline and not question:
                sentence_claims.append(c)
        _inherit_rates(sentence_claims, text)
        raw.extend(sentence_claims)
        ctx.note_actors([a.label_ for a in actor_spans if a.label_ != "ANAPHOR"])
    _fill_from_context(raw)
    # a transfer with no quantity between nobody and nobody says nothing an analyst can use
    raw = [c for c in raw if not (c["kind"] == "transfer" and c["quantity"] is None and not c["supplier"]
                                  and not c["recipient"])]
    merged = merge_mentions([c for c in raw if c["item"]])
    return [_to_claim(document.name, text, c) for c in merged]


@lru_cache(maxsize=1)
def _candidate_regex_cached() -> re.Pattern:
    return _candidate_regex()


@lru_cache(maxsize=1)
def _trigger_regex_cached() -> re.Pattern:
    return _trigger_regex()


def _inherit_rates(claims: list[dict], text: str) -> None:
    """SCHEMA rule 8: "44,500 shells a day, compared with 14,600 fired by Ukraine" — both are daily."""
    for c in claims:
        q = c["quantity"]
        if q is None or q["per"] is not None or q["unit"] == "fraction":
            continue
        for other in claims:
            oq = other["quantity"]
            if other is c or oq is None or oq["per"] is None or other["kind"] != c["kind"]:
                continue
            lo, hi = sorted((other["qstart"] or 0, c["qstart"] or 0))
            if c["bare"] or _PARALLEL.search(text[lo:hi]):
                q["per"] = oq["per"]
                break


def _fill_from_context(claims: list[dict]) -> None:
    """Items, producers and flows a sentence leaves unsaid come from the document's earlier claims."""
    for i, c in enumerate(claims):
        earlier = claims[:i]
        if c.get("inherit_flow") == "figure":
            # "he raised the figure to 6,700 containers": the claim updates the flow named before, best one
            # counted in the same unit, else of the same item
            unit = (c["quantity"] or {}).get("unit")
            ranked = [p for p in reversed(earlier) if (p["quantity"] or {}).get("unit") == unit] + \
                [p for p in reversed(earlier) if p["item"] == c["item"]] + list(reversed(earlier))
            if unit in ("container", "rail_car", "shipment"):
                ranked = [p for p in ranked if p["kind"] == "transfer"]
            for prev in ranked:
                if prev["kind"] in ("transfer", "production", "consumption", "stockpile"):
                    for key in ("kind", "supplier", "recipient", "actor"):
                        c[key] = prev[key]
                    c["item"] = c["item"] or prev["item"]
                    break
        elif c.get("inherit_flow"):
            # "those containers could hold 4.8 million shells": the flow of the containers named before,
            # preferably one that carried the same materiel
            carriers = [p for p in reversed(earlier) if p["kind"] == "transfer" and p["quantity"]
                        and p["quantity"]["unit"] not in ("item",)]
            ranked = [p for p in carriers if p["item"] == c["item"]] + carriers
            if ranked:
                c["supplier"], c["recipient"] = ranked[0]["supplier"], ranked[0]["recipient"]
            else:
                for prev in reversed(earlier):
                    if prev["kind"] == "transfer" and (prev["supplier"] or prev["recipient"]):
                        c["supplier"], c["recipient"] = prev["supplier"], prev["recipient"]
                        break
        if c["item"] is None:
            for prev in reversed(earlier):
                if prev["item"] and (c["kind"] != "quality" or prev["kind"] == "transfer"):
                    c["item"] = prev["item"]
                    break
            else:
                c["item"] = "ammunition" if c["kind"] != "quality" else None
        if c["kind"] == "transfer" and not c.get("inherit_flow") and (c["supplier"] is None or c["recipient"] is None):
            _complete_flow(c, earlier, claims[i + 1:])
        if c["kind"] in ("production", "consumption", "stockpile") and c["actor"] is None:
            for prev in reversed(earlier):
                if prev["kind"] == c["kind"] and prev["actor"] and prev["item"] == c["item"]:
                    c["actor"] = prev["actor"]
                    break
        if c["kind"] == "quality" and c["actor"] is None:
            for prev in reversed(earlier):
                if prev["kind"] == "transfer" and prev["supplier"] and prev["item"] == c["item"]:
                    c["actor"] = prev["supplier"]
                    break


def _dateline_country(text: str, actor_tagger, nlp: Language) -> str | None:  # noqa: ANN001
    """The state of a wire story's dateline city ("SEOUL, Feb 26 (Wirewatch) -"), if there is one."""
    for line in text.split("\n")[:4]:
        m = _LEAD.match(line)
        if m and "," in m.group(0):
            city = m.group(0).split(",")[0].strip().title()
            city_doc = actor_tagger(nlp.make_doc(city))
            codes = [a.label_ for a in city_doc.spans.get("actors", []) if a.label_ not in ("ANAPHOR", "EU", "NATO", "UN")]
            if codes:
                return codes[0]
    return None


def _complete_flow(c: dict, earlier: list[dict], later: list[dict]) -> None:
    """A transfer that names one side only ("the North has sent 10,000 troops") takes the other side
    from the same sentence, else from the document's nearest transfer with the same known side; with
    neither side named, from the nearest earlier transfer, preferring one of the same item."""
    def complete(p: dict) -> bool:
        return p["kind"] == "transfer" and bool(p["supplier"]) and bool(p["recipient"])

    same_sentence = [p for p in reversed(earlier) if p["evidence"] == c["evidence"] and complete(p)]
    before = [p for p in reversed(earlier) if complete(p)]
    after = [p for p in later if complete(p)]
    if c["supplier"] and c["recipient"] is None:
        for prev in same_sentence + [p for p in before + after if p["supplier"] == c["supplier"]]:
            if prev["supplier"] == c["supplier"] or prev in same_sentence:
                c["recipient"] = prev["recipient"]
                return
        for prev in before:  # "Russia is paying in kind: oil, food…" — back to whoever supplies Russia
            if prev["recipient"] == c["supplier"]:
                c["recipient"] = prev["supplier"]
                return
    elif c["recipient"] and c["supplier"] is None:
        for prev in before:
            if prev["recipient"] == c["recipient"]:
                c["supplier"] = prev["supplier"]
                return
    elif c["supplier"] is None and c["recipient"] is None:
        for prev in [p for p in before if p["item"] == c["item"]] + before:
            c["supplier"], c["recipient"] = prev["supplier"], prev["recipient"]
            return


def _to_claim(doc_name: str, text: str, c: dict) -> Claim:
    s, e = c["evidence"]
    q = c["quantity"]
    quantity = None
    if q is not None:
        quantity = Quantity(value=q["value"], value_high=q["value_high"], qualifier=q["qualifier"], unit=q["unit"],
                            per=q["per"], text=q["text"])
    src = c["source"]
    source = Source(**{k: src.get(k) for k in ("name", "role", "org", "country")}) if src else None
    cues = list(dict.fromkeys(c.get("cues") or []))
    return Claim(
        doc=doc_name, kind=c["kind"], supplier=c["supplier"], recipient=c["recipient"], actor=c["actor"],
        item=c["item"], caliber_mm=c.get("caliber_mm"), quantity=quantity, status=c["status"],
        polarity=c["polarity"], hedged=bool(cues), cues=cues, certainty=c.get("certainty") if cues else None,
        source=source, said_on=c.get("said_on"), by=c.get("by"),
        evidence=Evidence(start=s, end=e, text=text[s:e]),
    )
