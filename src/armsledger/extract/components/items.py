"""armsledger_items_v1: tag materiel (SCHEMA item codes), unit nouns and calibres.

`doc.spans["items"]` holds item mentions labelled with the item code (longest phrase wins;
"think tank" and the like are excluded), `doc.spans["units"]` the unit nouns (containers, rail
cars, tonnes…), and `doc._.calibers` maps token index → calibre in mm for "152 mm", "155mm",
"122-millimetre"."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from armsledger.extract.reference import lexicon

# "152 mm", "155mm", "122-millimetre", "5.56mm", "7.62x39 mm", "7.62 x 39 mm" (a cartridge's calibre and case length)
CALIBER_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:\.\d+)?)(?:\s?[x×]\s?\d{2,3})?\s?-?\s?(?:mm|millimet(?:re|er)s?)\b", re.I
)
# the first calibres of a list: "122 and 152 mm", "122, 152 or 155mm", "5.56 mm and 7.62 mm"
CALIBER_LIST_RE = re.compile(
    r"(?<![\w.,])(\d{2,3}|\d{1,2}\.\d{1,2})(?:\s?-?\s?(?:mm|millimet(?:re|er)s?))?"
    r"(?=\s*(?:,|/|and|or)\s*(?:\d{1,3}(?:\.\d+)?\s*(?:mm\s*)?(?:,|/|and|or)\s*)*\d{1,3}(?:\.\d+)?\s?-?\s?"
    r"(?:mm|millimet(?:re|er)s?)\b)",
    re.I,
)


# an aircraft or weapon type designation: "J-10CE", "F-16", "Su-35", "JF-17"
_MODEL_DESIGNATION = re.compile(r"^[A-Z][A-Za-z]{0,3}-?\d{1,3}[A-Z]{0,3}$")


def item_for_caliber(code: str, caliber: float | None, head: str) -> str:
    """Refine a generic ammunition item by calibre: ≥100 mm artillery, mortar words stay mortar, <20 mm small arms."""
    if caliber is not None and caliber < 20 and code == "artillery_shell" and "mortar" not in head:
        return "small_arms_ammunition"  # "2.4 million rounds of 5.56 mm": no shell is that small
    if caliber is None or code not in lexicon().items_file.caliber_specific:
        return code
    if caliber >= 100 and "mortar" not in head:
        return "artillery_shell"
    if caliber < 20:
        return "small_arms_ammunition"
    return code


class ItemTagger:
    def __init__(self, nlp: Language) -> None:
        lex = lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_code: dict[str, list] = {}
        for phrase, code in lex.items.items():
            by_code.setdefault(code, []).append(nlp.make_doc(phrase))
        for code, docs in by_code.items():
            self.matcher.add(code, docs)
        self.matcher.add("NOT_ITEM", [nlp.make_doc(p.lower()) for p in lex.items_file.not_items])
        self.interceptor_words = lex.items_file.interceptors_beside_air_defence
        self.armour_words = lex.items_file.armour_words
        self.round_words = lex.items_file.round_words
        self.rounds_of = lex.items_file.rounds_of
        words = sorted(lex.items_file.air_defence_words, key=len, reverse=True)
        self.air_defence_words = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
        self.unit_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_unit: dict[str, list] = {}
        for phrase, unit in lex.units.items():
            by_unit.setdefault(unit, []).append(nlp.make_doc(phrase))
        for unit, docs in by_unit.items():
            self.unit_matcher.add(unit, docs)

    def __call__(self, doc: Doc) -> Doc:
        calibers: dict[int, float] = {}
        text = doc.text  # built from the tokens on every access
        for pattern in (CALIBER_RE, CALIBER_LIST_RE):
            for m in pattern.finditer(text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None:
                    for tok in span:
                        calibers[tok.i] = float(m.group(1))
        doc._.calibers = calibers
        spans = [Span(doc, s, e, label=doc.vocab.strings[mid]) for mid, s, e in self.matcher(doc)]
        kept = [s for s in filter_spans(spans) if s.label_ != "NOT_ITEM"]
        # a unit noun ("rounds" in "rail cars") never doubles as an item
        units = filter_spans([Span(doc, s, e, label=doc.vocab.strings[mid]) for mid, s, e in self.unit_matcher(doc)])
        # "t" only counts as tonnes right after a number
        units = [
            u for u in units if u.text.lower() != "t" or (u.text == "t" and u.start > 0 and doc[u.start - 1].like_num)
        ]
        unit_tokens = {t.i for u in units for t in u}
        items = []
        for span in kept:
            if any(t.i in unit_tokens for t in span):
                continue
            if all(t.i in calibers for t in span):
                continue
            # an item word used as a verb ("arms", "shells" as verbs; "equipment" fine) is not an item
            if (
                len(span) == 1
                and span[0].pos_ in ("VERB", "AUX")
                and span[0].tag_ not in ("NNS", "NN")
                and not (span[0].is_upper and len(span[0]) > 3)  # "52 x GEPARD": a name in capitals
            ):
                prev = doc[span.start - 1] if span.start > 0 else None
                if prev is None or not (prev.like_num or prev.i in calibers or prev.pos_ == "ADJ"):
                    continue
            items.append(span)
        items = [
            Span(doc, s.start, s.end, label="aircraft")
            if s.label_ == "troops" and s.start > 0 and _MODEL_DESIGNATION.match(doc[s.start - 1].text)
            else s
            for s in items
        ]  # "20 J-10CE fighters": a type designation makes fighters aircraft
        items = [self._armoured(s) for s in items]
        items = self._rounds_of(items)
        items = self._system_missiles(doc, items)
        if any(s.label_ == "air_defense_system" for s in items) or self.air_defence_words.search(text):
            # "IRIS-T systems together with missiles", "AMRAAMs for NASAMS": missiles beside air defence are
            # its interceptors
            items = [
                Span(doc, s.start, s.end, label="air_defense_missile") if s.label_ in self.interceptor_words else s
                for s in items
            ]
        doc.spans["items"] = items
        doc.spans["units"] = units
        return doc

    def _rounds_of(self, items: list[Span]) -> list[Span]:
        """ "rounds" just after ammunition that is not artillery count it ("Small arms ammunition: 16 million
        rounds")."""
        out: list[Span] = []
        for s in items:
            before = [p for p in out if p.label_ in self.rounds_of and p.end <= s.start and s.start - p.end <= 8]
            if s.text.lower() in self.round_words and before:
                s = Span(s.doc, s.start, s.end, label=before[-1].label_)
            out.append(s)
        return out

    def _armoured(self, span: Span) -> Span:
        """Vehicles an armour word modifies are armoured vehicles: "Dingo protected vehicles", "Armoured Combat
        Support Vehicles", "M1074 Joint Assault Bridge vehicles"."""
        if span.label_ != "vehicle":
            return span
        doc = span.doc
        before = []  # the words just before the span, within its noun phrase ("Dingo protected vehicles")
        for t in reversed(doc[max(0, span.start - 3) : span.start]):
            if t.is_punct or t.like_num or t.pos_ in ("DET", "ADP", "VERB", "AUX", "CCONJ"):
                break
            before.append(t)
        root = span.root
        modifiers = [t for c in root.lefts if c.dep_ in ("amod", "compound", "nmod") for t in c.subtree]
        if any(t.lower_ in self.armour_words for t in [*span[:-1], *before, *modifiers]):
            return Span(span.doc, span.start, span.end, label="armored_vehicle")
        return span

    def _system_missiles(self, doc: Doc, items: list[Span]) -> list[Span]:
        """ "500 IRIS-T SL missiles", "NASAMS AMRAAM missiles": an air-defence system's name before the missiles
        of one noun phrase names its interceptors; the two mentions become one."""
        out: list[Span] = []
        for s in items:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.label_ == "air_defense_system"
                and (s.label_ in self.interceptor_words or s.label_ == "air_defense_missile")
                and 0 <= s.start - prev.end <= 2
                and all(t.pos_ in ("PROPN", "NOUN", "X", "NUM") and not t.is_punct for t in doc[prev.end : s.start])
                and s.root.pos_ == "NOUN"
            ):
                out[-1] = Span(doc, prev.start, s.end, label="air_defense_missile")
                continue
            out.append(s)
        return out


@Language.factory("armsledger_items_v1", assigns=["doc.spans", "doc._.calibers"], requires=["token.pos"])
def make_item_tagger(nlp: Language, name: str) -> ItemTagger:
    return ItemTagger(nlp)
