"""armsledger_quantities_v1: quantities with qualifier, unit, rate and what they count.

Each numeric expression (see `numbers.py`) becomes a span in `doc.spans["quantities"]` whose
`_.quantity` dict holds value, value_high, qualifier, unit, per, text and the token range of
what it counts: an item mention, a unit noun (with the items it holds) or nothing (a bare
number like "14,600 fired by Ukraine"). Numbers that count something else (people, km, days),
calibres, years, days of the month and hyphenated modifiers ("138-metre") are dropped."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from armsledger.extract.intermediates import QuantityInfo
from armsledger.extract.numbers import find_numbers
from armsledger.extract.reference import lexicon
from armsledger.ingest.published import MONTHS
from armsledger.model import is_money_unit

_LOOKAHEAD = 6


_RATIO = re.compile(r"\d+/\d+")
_CALIBRES = frozenset({"105", "120", "122", "125", "130", "152", "155", "203"})


def _token_index(doc: Doc, spans: list[Span]) -> dict[int, Span]:
    return {t.i: s for s in spans for t in s}


def _named_head(span: Span, items: dict[int, Span]) -> Span | None:
    """The item a count modifies across a long designation ("200 AIM-120C-8 Advanced Medium-Range Air-to-Air
    Missiles (AMRAAM)", "twenty (20) F-16 Block 70/72 aircraft"): the parser's head of the number when it is an item
    named within the same noun phrase, with no other number between."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].text == "(" and span.end < len(doc) and doc[span.end].text == ")":
        return None  # "(1) Bulletproof vests": a list's number
    root = span.root
    head = root.head
    while root.dep_ in ("appos", "dep", "prep") and head.i < span.end and head.i != root.i:
        root, head = head, head.head  # "twenty (20)": the bracketed figure hangs on the word
    if root.dep_ not in ("nummod", "compound", "quantmod") or head.i < span.end or head.i - span.end > 16:
        return None
    between = doc[span.end : head.i]
    if any(t.like_num and t.pos_ == "NUM" for t in between) or any(t.text in (";", ",") for t in between):
        return None
    return items.get(head.i)


class QuantityTagger:
    def __init__(self, nlp: Language) -> None:
        self.lex = lexicon()
        self.words = self.lex.words
        self.rate_adjectives = self.lex.units_file.rate_adjectives
        self.max_rate_len = max(len(r.split()) for r in self.lex.rates)

    def _rate_at(self, doc: Doc, i: int) -> tuple[str, int] | None:
        for n in range(self.max_rate_len, 0, -1):
            if i + n > len(doc):
                continue
            phrase = " ".join(t.lower_ for t in doc[i : i + n])
            per = self.lex.rates.get(phrase)
            if per:
                return per, i + n
        return None

    def _designation(self, doc: Doc, span: Span, n) -> bool:
        """ "2 ASC 890 aircraft", "20 Pbv 302 carriers", "RBS 70 missiles": the number of a model's name, after its
        short capitalised letters, when a count stands before the name or an item follows it."""
        if n.money or n.value_high is not None or len(span) != 1 or not span[0].text.isdigit() or len(span[0]) > 4:
            return False
        prev = doc[span.start - 1] if span.start > 0 else None
        if (
            prev is None
            or not prev.is_alpha
            or not prev.text[:1].isupper()
            or len(prev) > 5
            or prev.is_sent_start
            or prev.lower_.rstrip(".") in MONTHS
            or prev.ent_type_ in ("GPE", "NORP", "DATE")
            or prev.lower_ in self.words.label_markers
        ):
            return False
        counted_before = span.start >= 2 and doc[span.start - 2].like_num
        items = doc.spans.get("items", [])
        item_after = any(s.start in (span.end, span.end + 1) for s in items)
        return counted_before or item_after

    def _find_rate(self, doc: Doc, start: int, end: int) -> tuple[str | None, int]:
        """A rate phrase just after the counted noun ("a day", "per month") or a rate adjective before it."""
        i = end
        stop = min(len(doc), end + 5)
        while i < stop:
            tok = doc[i]
            hit = self._rate_at(doc, i)
            if hit:
                return hit
            if (
                (tok.is_punct and tok.text not in ("-",))
                or tok.pos_ in ("VERB", "AUX")
                or tok.lower_ in ("and", "but", "or", "compared", "while", "than", "versus", "vs")
            ):
                break
            i += 1
        for j in range(max(0, start - 4), start):
            if doc[j].lower_ in self.rate_adjectives:
                return self.rate_adjectives[doc[j].lower_], end
        for j in range(end, min(len(doc), end + 3)):
            if doc[j].lower_ in self.rate_adjectives and doc[j].lower_ != "annual":
                return self.rate_adjectives[doc[j].lower_], j + 1
        return None, end

    def _is_trap_number(self, doc: Doc, span: Span, n) -> bool:
        first, last = span[0], span[-1]
        calibers = doc._.calibers or {}
        if any(t.i in calibers for t in span):
            return True
        if self._designation(doc, span, n):
            return True
        if (
            first.i > 0
            and doc[first.i - 1].text == "("
            and (first.i == 1 or "\n" in doc[first.i - 2].text or doc[first.i - 2].is_space)
            and last.i + 1 < len(doc)
            and doc[last.i + 1].text.startswith(")")
        ):
            return True  # "(1) Vehicles: approximately 100": the number of a list's entry
        if len(span) == 1 and _RATIO.fullmatch(first.text):
            return True  # "Light trucks (1/2 t class)", "Block 70/72": a ratio or a model, not a count
        nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
        nxt2 = doc[last.i + 2] if last.i + 2 < len(doc) else None
        if (
            nxt is not None
            and nxt.text == "-"
            and nxt2 is not None
            and nxt2.is_alpha
            and nxt2.lower_ not in self.words.hyphen_counts
        ):
            return True  # "138-metre", "2,000-pound", "30-day"
        if nxt is not None and nxt.text in (":", "/") and nxt2 is not None and nxt2.like_num:
            return True
        if n.money or n.fraction or n.vague:
            return False
        prev = doc[first.i - 1] if first.i > 0 else None
        if self._time_of_day(doc, last, prev):
            return True
        if (
            prev is not None
            and first.text.isdigit()
            and len(first.text) == 1
            and prev.is_alpha
            and prev.text[:1].isupper()
            and first.idx == prev.idx + len(prev.text) + 1
            and prev.i > 0
            and not doc[prev.i - 1].is_punct
        ):
            return True  # a model designation: "WISENT 1 mine-clearing tanks", "Marder 1 A3"
        raw = n.text.strip()
        year = raw.split()[-1] if raw else raw
        if year.isdigit() and len(year) == 4 and 1800 <= int(year) <= 2100 and n.value_high is None:
            return True  # a year ("delivered to Ukraine over 2025": not "over 2,025")
        if (
            raw in _CALIBRES
            and prev is not None
            and prev.lower_ == "of"
            and prev.i > 0
            and doc[prev.i - 1].lemma_.lower() in ("round", "shell", "cartridge", "projectile")
        ):
            return True  # "tens of thousands of rounds of 155": the calibre said without "mm"
        prev = doc[first.i - 1] if first.i > 0 else None
        if prev is not None and prev.lower_.rstrip(".") in MONTHS and raw.isdigit() and int(raw) <= 31:
            return True
        if nxt is not None and nxt.lower_.rstrip(".") in MONTHS and raw.isdigit() and int(raw) <= 31:
            return True
        if raw.lower() in self.words.single_words:
            # "one anti-ship ballistic missile" counts; "one of the reasons" does not
            j = last.i + 1
            while (
                j < min(len(doc), last.i + 4)
                and doc[j].pos_ in ("ADJ", "PROPN", "NOUN")
                and not any(s.start == j for s in doc.spans.get("items", []))
            ):
                j += 1
            if not any(s.start == j for s in doc.spans.get("items", [])):
                return True
        markers = self.words.label_markers
        return bool(first.text.lower() in markers or (prev is not None and prev.lower_ in markers))

    @staticmethod
    def _adjective_hyphen(doc: Doc, i: int, end: int) -> bool:
        """A hyphen inside an adjective before the counted noun ("high-explosive"), not inside a name ("ANKA-S")."""
        return (
            doc[i].text == "-"
            and end < i < len(doc) - 1
            and doc[i].head.i > i
            and doc[i - 1].is_lower
            and doc[i + 1].is_lower
        )

    def _time_of_day(self, doc: Doc, last: Token, prev: Token | None) -> bool:
        """ "at 6 a.m.", "by ten o'clock", "at five in the morning": an hour, not a count."""
        after = [t.lower_ for t in doc[last.i + 1 : last.i + 4]]
        if after[:1] and after[0] in self.words.clock_words:
            return True
        return (
            prev is not None
            and prev.lower_ in ("at", "by", "until", "till", "from")
            and after[:2] == ["in", "the"]
            and len(after) > 2
            and after[2] in self.words.day_parts
        )

    def _counted(self, doc: Doc, end: int, items: dict[int, Span], units: dict[int, Span], money: bool):
        """What the number counts: ("item", span) / ("unit", span) / ("other", token) / ("bare", None)."""
        i = end
        stop = min(len(doc), end + _LOOKAHEAD)
        while i < stop:
            tok = doc[i]
            if i in units:
                return "unit", units[i]
            if i in items:
                span = items[i]
                j = span.end
                if j + 1 < len(doc) and doc[j].lower_ == "of":
                    k = j + 1
                    while k < min(len(doc), j + 5) and (
                        k in (doc._.calibers or {})
                        or doc[k].pos_ in ("ADJ", "NUM", "DET")
                        or doc[k].lower_ in ("-", "mm")
                    ):
                        k += 1
                    if k in items and items[k].label_ != span.label_ and span.text.lower() in self.words.piece_words:
                        return "item", items[k]
                if (
                    j < len(doc)
                    and j in items
                    and (items[j].label_ == span.label_ or items[j].label_ not in self.lex.items_file.generic_items)
                    and items[j].text.lower() not in self.words.kind_heads
                ):
                    # "Shahed-136 attack drones", "THAAD interceptors": the head noun carries the count, unless it
                    # only says what kind of thing the name is ("Storm Shadow missiles")
                    return "item", items[j]
                return "item", span
            lower = tok.lower_
            if tok.is_space:
                i += 1  # a blanked full stop ("210 thous. shells") or a double space
                continue
            if (
                i == end
                and tok.text in self.words.times_signs
                and "." not in doc[end - 1].text
                and not (i + 1 < len(doc) and doc[i + 1].like_num and _small(doc[end - 1].text))
            ):  # not "7.62 x 39 mm" or "30 x 173 mm", a calibre
                i += 1  # "4 x IRIS-T SLM air defence system": an official list's count
                continue
            if (
                lower in self.words.count_noun_skips
                or tok.pos_ in ("ADJ", "DET", "NUM", "ADV")
                or self._adjective_hyphen(doc, i, end)  # "155mm high-explosive projectiles"
                or i in (doc._.calibers or {})
                or (tok.dep_ == "amod" and tok.head.i > i)
            ):
                if tok.pos_ == "ADV" and lower in self.words.rate_determiners:
                    return "bare", None
                if self._rate_at(doc, i):
                    return "bare", None
                if i in (doc._.calibers or {}) or self._adjective_hyphen(doc, i, end):
                    stop = min(len(doc), stop + 1)  # a calibre's or a hyphen's tokens do not use up the lookahead
                i += 1
                continue
            if money and lower in self.words.money_links:
                i += 1
                continue
            if tok.pos_ == "CCONJ" and i > end and doc[i - 1].pos_ in ("NOUN", "ADJ", "PROPN"):
                i += 1  # coordinated modifiers: "4,198 attack and decoy drones"
                continue
            if tok.lower_ in self.words.piece_nouns:
                if i + 1 < len(doc) and doc[i + 1].lower_ == "of":
                    i += 1
                    continue  # "100,000 sets of body armor": the item follows
                return "bare", None  # "Gepard: 55 pcs.": pieces of the item named before
            if tok.pos_ in ("NOUN", "PROPN") and not tok.is_punct:
                if self._rate_at(doc, i):
                    return "bare", None
                if (
                    i + 2 < stop
                    and doc[i + 1].pos_ == "CCONJ"
                    and any(k in items for k in range(i + 2, min(stop, i + 4)))
                ):
                    i += 1  # "4,198 attack and decoy drones": the first of coordinated modifiers
                    continue
                # a compound modifier ("artillery" in "artillery crews", "bunker" in "bunker-busting bombs")
                if (
                    (tok.dep_ in ("compound", "npadvmod", "nmod") or (i + 1 < len(doc) and doc[i + 1].text == "-"))
                    and tok.head.i > i
                    and tok.head.i < stop + 2
                ):
                    i += 1
                    continue
                return "other", tok
            return "bare", None
        return "bare", None

    def _contents(self, doc: Doc, unit: Span, items: dict[int, Span]) -> Span | None:
        i = unit.end
        stop = min(len(doc), unit.end + 8)
        while i < stop:
            if i in items:
                return items[i]
            tok = doc[i]
            if (
                tok.lower_ in self.words.content_links
                or tok.pos_ in ("ADJ", "DET", "NUM", "ADV")
                or i in (doc._.calibers or {})
            ):
                i += 1
                continue
            break
        return None

    def __call__(self, doc: Doc) -> Doc:
        items = _token_index(doc, list(doc.spans.get("items", [])))
        units = _token_index(doc, list(doc.spans.get("units", [])))
        spans = []
        text = doc.text  # built from the tokens on every access
        for n in find_numbers(text):
            span = doc.char_span(n.start, n.end, alignment_mode="expand")
            if span is None or any(t.i in items for t in span):
                continue
            if self._is_trap_number(doc, span, n):
                continue
            if n.qualifier == "at_least" and span[0].lower_ == "over" and span[0].dep_ == "prt":
                # "handed over three Patriot systems": a verb particle, not "more than"
                span = doc[span.start + 1 : span.end]
                n.qualifier, n.text = "exact", span.text
            if (
                span.root.dep_ == "pobj"
                and span.root.head.lower_ == "of"
                and span.root.head.head.lemma_.lower() in self.words.non_materiel_heads
                and not (n.money and span.root.head.head.lemma_.lower() in self.words.money_value_heads)
            ):
                continue  # "a population of about 9 million", "a range of 300"
            q = QuantityInfo(
                value=n.value,
                value_high=n.value_high,
                qualifier=n.qualifier,
                unit="item",
                per=None,
                text=n.text,
                fraction=n.fraction,
            )
            after = doc[span.end] if span.end < len(doc) else None
            if (
                after is not None
                and not n.money
                and (
                    after.lower_ in self.lex.units_file.not_counted
                    or after.lemma_.lower() in self.lex.units_file.not_counted
                )
            ):
                continue  # "2,000 dead", "30 km", "12 people"
            if n.fraction:
                q.unit = "fraction"
                q.counted_kind = "fraction"
            else:
                kind, target = self._counted(doc, span.end, items, units, bool(n.money))
                if kind in ("other", "bare") and not n.money and (named := _named_head(span, items)) is not None:
                    kind, target = "item", named
                if kind == "other":
                    lemma = target.lemma_.lower()
                    not_counted = self.lex.units_file.not_counted
                    if target.lower_ in not_counted or lemma in not_counted or not n.money:
                        continue
                    kind, target = "bare", None
                q.counted_kind = kind
                if n.money:
                    if not is_money_unit(n.money):
                        continue
                    q.unit = n.money
                if kind == "unit":
                    if not n.money:
                        q.unit = target.label_
                    q.counted = (target.start, target.end)
                    q.counted_label = target.label_
                    contents = self._contents(doc, target, items)
                    q.contents = (contents.start, contents.end) if contents is not None else None
                    q.contents_label = contents.label_ if contents is not None else None
                elif kind == "item":
                    q.counted = (target.start, target.end)
                    q.counted_label = target.label_
                rate_from = target.end if target is not None else span.end
                per, rate_end = self._find_rate(doc, span.start, rate_from)
                q.per = per
                end_char = doc[max(rate_end, rate_from) - 1].idx + len(doc[max(rate_end, rate_from) - 1])
                if kind in ("unit", "item") or per:
                    q.text = text[span.start_char : end_char]
            qspan = Span(doc, span.start, span.end, label="QUANTITY")
            qspan._.quantity = q
            spans.append(qspan)
        self._orphan_rate(doc, spans)
        self._spread_rate(spans)
        doc.spans["quantities"] = spans
        return doc

    def _orphan_rate(self, doc: Doc, spans: list[Span]) -> None:
        """A rate phrase away from its number ("120 rail cars of ammunition have been arriving every week")
        goes to the one count in the sentence that has none."""
        open_counts = [
            s
            for s in spans
            if s._.quantity.per is None
            and not s._.quantity.fraction
            and not s._.quantity.is_money
            and s._.quantity.counted_kind != "bare"
        ]
        if len(open_counts) != 1 or any(s._.quantity.per for s in spans):
            return
        for i in range(open_counts[0].end, len(doc)):
            hit = self._rate_at(doc, i)
            if hit:
                open_counts[0]._.quantity.per = hit[0]
                return

    @staticmethod
    def _spread_rate(spans: list[Span]) -> None:
        """A figure after a rate that names no rate or thing of its own is the same rate ("from 1,500 per month
        in 2022 to 3,000 in 2023", "44,500 shells a day against 14,600 fired by Ukraine")."""
        rated: Span | None = None
        for s in spans:
            q = s._.quantity
            if q.is_money or q.fraction:
                continue
            if q.per:
                rated = s
            elif (
                rated is not None
                and not any(t.lower_ in INCREMENT_WORDS for t in s.doc[max(s.start - 2, 0) : s.end + 2])
            ) and (
                q.counted_kind == "bare"
                or (
                    q.counted_kind == "item"
                    and q.counted_label == rated._.quantity.counted_label
                    and not any(
                        (t.is_punct and t.text in ";:") or t.lower_ in TOTAL_WORDS for t in s.doc[rated.end : s.start]
                    )
                )
            ):
                q.per = rated._.quantity.per


# Words between a rate and a later figure that make the figure a total, not the same rate.
TOTAL_WORDS = frozenset({"total", "all", "since", "far", "altogether", "overall", "cumulative", "cumulatively"})


# Words beside a figure that make it more of something, not a rate like the one before ("it has received millions
# more from North Korea", "a contract for an additional 500 interceptors").
INCREMENT_WORDS = frozenset({"more", "additional", "another", "extra", "further"})


def _small(number: str) -> bool:
    """Whether a number written in digits is below 100 (a calibre's first figure: "30 x 173 mm")."""
    digits = number.replace(",", "")
    return digits.isdigit() and int(digits) < 100


@Language.factory("armsledger_quantities_v1", assigns=["doc.spans"], requires=["doc.spans", "token.pos"])
def make_quantity_tagger(nlp: Language, name: str) -> QuantityTagger:
    return QuantityTagger(nlp)
