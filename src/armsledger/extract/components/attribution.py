"""armsledger_attribution_v1: who says so.

For each attribution in a sentence ("X said", "X told reporters", "according to X", "citing X",
"X believes") `doc._.attributions` gets an `Attribution`: the speech token, the speaker's token range,
a parsed source (name, role, org, country), whether the speaker is a pronoun or a partial name
to resolve against earlier sources, and the day it was said when a date hangs off the verb."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from armsledger.extract.intermediates import Attribution, SourceInfo
from armsledger.extract.patterns import longest_organisation, phrase_alternation
from armsledger.extract.reference import lexicon


def strip_determiners(text: str) -> str:
    determiners = lexicon().words.source_determiners
    words = text.split()
    while words and words[0].lower() in determiners:
        words = words[1:]
    return " ".join(words).strip(" ,")


class AttributionTagger:
    def __init__(self, nlp: Language) -> None:
        self.lex = lexicon()
        self.words = self.lex.words
        self.sources = self.lex.sources
        self.role_words = {r for r in self.sources.roles if " " not in r}
        self.phrases = [tuple(p.lower().split()) for p in self.sources.attribution_phrases]
        self.people_pattern = re.compile(r"(?<![\w-])(?:" + phrase_alternation(self.lex.people) + r")(?![\w-])")

    def _known_person(self, span: Span, exclude: set[int]) -> Span | None:
        """The longest person the people list knows named in the span, when the recogniser found none (it runs
        only where an unknown name may be cited): "President Volodymyr Zelensky said"."""
        found = [m for m in self.people_pattern.finditer(span.text)]
        if not found:
            return None
        m = max(found, key=lambda m: (len(m.group(0)), -m.start()))
        person = span.char_span(m.start(), m.end())
        return person if person is not None and not any(t.i in exclude for t in person) else None

    def _attribution_phrase(self, tok: Token) -> Span | None:
        """The attribution phrase ("according to", "citing") that starts at this token, if any."""
        doc = tok.doc
        for words in self.phrases:
            if tok.lower_ == words[0] and tuple(t.lower_ for t in doc[tok.i : tok.i + len(words)]) == words:
                return doc[tok.i : tok.i + len(words)]
        return None

    def _role(self, span: Span, exclude: set[int]) -> str | None:
        for tok in reversed(list(span)):
            if tok.lower_ in self.role_words or tok.lemma_.lower() in self.role_words:
                if tok.i in exclude:
                    continue
                left = [
                    c
                    for c in tok.lefts
                    if c.dep_ in ("compound", "amod")
                    and c.i not in exclude
                    and c.pos_ != "DET"
                    and c.lower_ not in self.words.role_modifiers_dropped
                ]
                # the whole modifier: "air force spokesman", not "force spokesman"
                start = min([tok.i] + [min(c.i, c.left_edge.i) for c in left if c.left_edge.i >= span.start])
                while span.doc[start].pos_ == "DET" or span.doc[start].i in exclude:
                    start += 1
                words = [t.text for t in span.doc[start : tok.i + 1] if t.i not in exclude and not t.is_punct]
                return " ".join(words) or None
        return None

    def parse_source(self, span: Span) -> SourceInfo:
        """Split a speaker phrase into SCHEMA's source fields."""
        doc = span.doc
        actors = [a for a in doc.spans.get("actors", []) if a.start >= span.start and a.end <= span.end]
        persons = [e for e in doc.ents if e.label_ == "PERSON" and e.start >= span.start and e.end <= span.end]
        orgs = [
            e
            for e in doc.ents
            if e.label_ in ("ORG", "NORP") and e.start >= span.start and e.end <= span.end and e.label_ == "ORG"
        ]
        if not persons:
            known = self._known_person(span, {t.i for e in doc.ents for t in e})
            persons = [known] if known is not None else []
        exclude = {t.i for e in persons for t in e} | {t.i for a in actors for t in a}
        name = max(persons, key=len).text if persons else None
        if name:
            name = name.strip(" ,'’")
            if name.endswith(("'s", "’s")):
                name = name[:-2]
        text_lower = span.text.lower()
        org = None
        country = None
        canonical = fallback = alias = None
        m = longest_organisation(text_lower)
        if m is not None:
            phrase = m.group(0)
            org = alias = span.text[m.start() : m.end()]
            country = self.lex.organisations[phrase]
            canonical = self.lex.organisation_canonical.get(phrase)
            fallback = self.lex.organisation_fallback.get(phrase)
        if org is None and orgs:
            org = strip_determiners(max(orgs, key=len).text)
        if org is not None and name is None:
            # keep the whole body as written: "Ukraine's military intelligence directorate (HUR)"
            whole = strip_determiners(span.text)
            if len(whole) <= 90:
                org = whole
        if org is None:
            # "the chief executive of KNDS France": a company the actor lexicon knows is the speaker's organisation
            companies = [a for a in actors if a.label_ != "ANAPHOR" and a.label_.islower()]
            org = strip_determiners(companies[0].text) if companies else None
        role = self._role(span, exclude)
        if role and org and role.lower() in org.lower():
            role = None  # "a new NGO study": one phrase, not a role and an organisation
        states = [
            a.label_
            for a in actors
            if a.label_ != "ANAPHOR"
            and a.label_ not in ("EU", "NATO", "UN")
            and (a.text.lower() not in self.lex.organisations or a.label_ != country)
        ]
        if states:
            # "South Korea's Defense Intelligence Agency": the state named beats the organisation list
            country = states[0]
        if country in self.lex.home_countries:
            country = self.lex.home_countries[country]
        blocs = [a for a in actors if a.label_ in ("EU", "NATO", "UN")]
        if blocs and strip_determiners(span.text) == strip_determiners(blocs[0].text):
            country = blocs[0].label_  # "Brussels says", "NATO said": the bloc speaks for itself
        elif country in ("EU", "NATO", "UN") and alias and strip_determiners(span.text) == strip_determiners(alias):
            pass  # "a U.N. panel of experts said": a body of the bloc speaks for the bloc
        elif country in ("EU", "NATO", "UN") or blocs:
            country = None  # "NATO officials": people of many states
            role = role or "officials"
        if country is None and any(t.lower_ in self.words.state_possessives and t.dep_ == "poss" for t in span):
            country = "@it"  # "Its defence ministry said": the state named before
        if name is None and org is None and role is None:
            if actors and actors[0].label_ != "ANAPHOR":
                name = actors[0].text
            else:
                words = [t for t in span if not t.is_punct and t.lower_ not in self.words.source_determiners]
                if (
                    words
                    and words[0].text[:1].isupper()
                    and len(words) <= 4
                    and not any(t.pos_ in ("VERB", "PRON") for t in words)
                ):
                    name = strip_determiners(span.text)
        if country is None and name:
            country = self._person_country(name)
        return SourceInfo(
            name=name, role=role, org=org, country=country, canonical=canonical, fallback_country=fallback
        )

    def _person_country(self, name: str) -> str | None:
        """The state a person listed in data/people.yaml speaks for ("Kyrylo Budanov", "Budanov" -> UKR)."""
        people = self.lex.people
        clean = name.strip(" ,.'’")
        if clean in people:
            return people[clean]
        words = clean.replace("-", " ").split()
        for n in range(len(words), 0, -1):  # "Lt. Gen. Kyrylo Budanov": the longest known tail
            tail = " ".join(clean.split()[-n:]) if n <= len(clean.split()) else clean
            if tail in people:
                return people[tail]
        return None

    @staticmethod
    def _place(verb: Token) -> str | None:
        """ "In Washington, officials said…": the capital a statement was made in speaks for its state."""
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "in":
                for a in verb.doc.spans.get("actors", []):
                    if a.root.head.i == child.i and a.label_ not in ("ANAPHOR", "EU", "NATO", "UN"):
                        return a.label_
        return None

    def _said_date(self, verb: Token) -> str | None:
        """The day a date phrase hanging off the speech verb names: "said on Friday", "Asked on Thursday, X
        said", "gave an interview that was broadcast on Sunday", "X on Friday called… and denied…"."""
        heads = {verb.i}
        if verb.dep_ == "conj":
            heads.add(verb.head.i)
        for span in verb.doc.spans.get("said_dates", []):
            node = span.root
            steps = 0
            while node.head.i != node.i and steps < 6:
                node = node.head
                steps += 1
                if node.i in heads:
                    return span._.date_value
                if node.pos_ in ("VERB", "AUX") and not (
                    node.dep_ in ("advcl", "relcl", "acl") and node.tag_ in ("VBN", "VBG", "VBD")
                ):
                    break
        return None

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for tok in doc:
            speaker: Token | None = None
            how = None
            lemma = tok.lemma_.lower()
            # "an estimated $425 million", "the reported 10,000 containers": a participle that qualifies a figure
            # names no one who speaks
            qualifies_figure = tok.dep_ == "amod" and (
                tok.head.like_num or any(c.dep_ in ("nummod", "quantmod") for c in tok.head.children)
            )
            if lemma in self.sources.speech_verbs and tok.pos_ in ("VERB", "AUX") and not qualifies_figure:
                subj = [c for c in tok.children if c.dep_ in ("nsubj",)]
                if not subj and tok.dep_ == "conj":  # "called the report a fake and denied that…"
                    subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
                passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
                late = self._speaker_before(tok) if lemma in self.sources.reporting_verbs and subj else None
                if (
                    subj
                    and late is not None
                    and not (late.start <= subj[0].i < late.end)
                    and subj[0].i < late.start
                    and any(e.label_ == "PERSON" for e in late.ents)
                ):
                    # "…to protect Pyongyang, South Korea's adviser, Shin Won-sik, said": the parser took
                    # the claim's subject for the speaker
                    found.append(self._record(tok, (late.start, late.end), "verb", late, False))
                    continue
                if subj:
                    speaker, how = subj[-1], "verb"  # of two subjects ("Question (Yonhap): the NIS stated") the nearer
                elif (
                    lemma in self.sources.reporting_verbs
                    and not passive
                    and (fallback := self._speaker_before(tok)) is not None
                ):
                    span = fallback
                    found.append(self._record(tok, (span.start, span.end), "verb", span, False))
                    continue
                elif (
                    tok.dep_ == "acl"
                    and tok.tag_ in ("VBD", "VBN")
                    and tok.head.i == tok.i - 1
                    and tok.head.pos_ in ("NOUN", "PROPN")
                    and tok.head.left_edge.i > 0
                    and doc[tok.head.left_edge.i - 1].text == ","
                ):
                    # "…since February 2022, Lithuania's military intelligence estimated on Tuesday": a closing
                    # attribution the parser read as a participle on the speaker
                    speaker, how = tok.head, "verb"
                elif lemma in self.sources.citing_verbs or tok.lower_ == "citing":
                    obj = [c for c in tok.children if c.dep_ in ("dobj",)]
                    if obj:
                        speaker, how = obj[0], "according"
            elif (
                lemma in self.sources.speech_verbs
                and tok.pos_ == "NOUN"
                and tok.lower_.endswith("s")
                and tok.left_edge.i < tok.i
                and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children)
            ):
                # "Estonian intelligence estimates that Russia produced…": the parser read the verb as a noun
                # and its subject as a compound; the words before it speak
                span = doc[tok.left_edge.i : tok.i]
                found.append(self._record(tok, (span.start, span.end), "verb", span, False))
                continue
            elif lemma in self.sources.interview_verbs and any(
                c.dep_ == "dobj" and c.lemma_.lower() in self.sources.interview_nouns for c in tok.children
            ):
                subj = [c for c in tok.children if c.dep_ == "nsubj"]  # "Budanov gave an interview"
                if subj:
                    speaker, how = subj[0], "verb"
            elif (
                lemma in self.sources.attribution_nouns
                and tok.pos_ == "NOUN"
                and tok.dep_ in ("nsubj", "nsubjpass")
                and any(c.dep_ == "poss" for c in tok.children)
            ):
                # "Its central finding is that…", "the agency's assessment is that…": the possessor says so
                owner = next(c for c in tok.children if c.dep_ == "poss")
                pronoun = owner.lower_ in self.words.owner_possessives
                record = self._record(tok.head, (owner.i, owner.i + 1), "verb", doc[owner.i : owner.i + 1], pronoun)
                if pronoun:
                    record.pronoun_text = self.words.owner_possessives[owner.lower_]
                found.append(record)
                continue
            elif (phrase := self._attribution_phrase(tok)) is not None:
                # "according to X", "citing X", "as reported by X": the object of the phrase speaks
                obj = [c for t in phrase for c in t.children if c.dep_ in ("pobj", "dobj") and c.i >= phrase.end]
                if obj:  # the nearest: "according to the Air Force, the enemy used…" parsed with two objects
                    speaker, how = min(obj, key=lambda c: c.i), "according"
            if speaker is None or how is None:  # the two are set together
                continue
            if any(c.dep_ == "neg" for c in tok.children):
                continue  # "officials would not say how many" attributes nothing
            left, right = speaker.left_edge.i, speaker.right_edge.i + 1
            breaks = [
                t.i
                for t in doc[left : speaker.i]
                if t.dep_ == "punct" and t.whitespace_ and (t.text in ("—", "–", "-", ".", "|") or t.text.endswith(":"))
            ]
            if breaks:
                # "SEOUL, July 13 (Interwire) - India's army said", "Question (…): the NIS stated"
                left = breaks[-1] + 1
            # do not let the speaker phrase swallow a relative clause with the claim
            for child in speaker.rights:
                if child.dep_ in ("relcl", "acl") and child.i < right:
                    right = child.i
                    break
            span = doc[left:right]
            pronoun = speaker.lower_ in self.words.speaker_pronouns and len(span) == 1
            record = self._record(tok, (left, right), how, span, pronoun)
            if how == "verb" and not pronoun and record.source.is_empty():
                # "…send about 12,000 troops …, South Korea's National Intelligence Service said": the parser took
                # the claim's object for the subject; whoever is named just before the verb speaks
                before = self._speaker_before(tok)
                if before is not None:
                    record = self._record(tok, (before.start, before.end), how, before, False)
            elif how == "according" and record.source.is_empty():
                # "according to export documents reviewed by The Washington Post": who reviewed them
                whole = (speaker.left_edge.i, speaker.right_edge.i + 1)
                fuller = self._record(tok, whole, how, doc[whole[0] : whole[1]], False)
                if not fuller.source.is_empty():
                    record = fuller
            found.append(record)
        doc._.attributions = found
        return doc

    def _record(self, verb: Token, bounds: tuple[int, int], how: str, span: Span, pronoun: bool) -> Attribution:
        source = self.parse_source(span)
        if source.country is None:
            source.country = self._place(verb)
        return Attribution(
            verb=verb.i,
            speaker=bounds,
            how=how,
            source=source,
            pronoun=pronoun,
            pronoun_text=span[0].lower_ if pronoun else None,
            said_on=self._said_date(verb),
            lemma=verb.lemma_.lower(),
            text=span.text,
        )

    @staticmethod
    def _speaker_before(verb: Token) -> Span | None:
        """A speech verb the parser left without a subject ("…, South Korea's spy agency said"): the
        nearest person or organisation named before it, else the phrase between the last comma and it."""
        doc = verb.doc
        commas = [t.i for t in doc[: verb.i] if t.text == ","]
        comma = commas[-1] if commas else -1
        if commas and comma == verb.i - 1:
            comma = commas[-2] if len(commas) > 1 else -1  # "…, Shin Won-sik, said"
        ents = [e for e in doc.ents if comma < e.start and e.end <= verb.i and e.label_ in ("PERSON", "ORG")]
        orgs = [
            a
            for a in doc.spans.get("actors", [])
            if comma < a.start and a.end <= verb.i and a.text.lower() in lexicon().organisations
        ]
        named = sorted(ents + orgs, key=lambda s: s.end)
        if named and verb.i - named[-1].end <= 8:
            last = named[-1]
            start = last.start
            while (start > 0 and doc[start - 1].dep_ in ("compound", "poss", "case", "amod")) or (
                start > 0 and doc[start - 1].tag_ == "POS"
            ):
                start -= 1
            return doc[start : last.end]
        if (
            comma >= 0
            and verb.i - (comma + 1) >= 1
            and any(t.pos_ in ("PROPN", "NOUN") for t in doc[comma + 1 : verb.i])
        ):
            return doc[comma + 1 : verb.i]
        return None


@Language.factory(
    "armsledger_attribution_v1", assigns=["doc._.attributions"], requires=["token.dep", "doc.ents", "doc.spans"]
)
def make_attribution_tagger(nlp: Language, name: str) -> AttributionTagger:
    return AttributionTagger(nlp)
