"""Who says so: source names cleaned for reading, and variants of one name told apart from
independent sources.

Extracted names carry words that are not part of them ("Sunday South Korea's Defense
Intelligence Agency", "Defence Minister Shin Won-sik"); `clean_name` drops them with the rules
of data/sources.yaml. `SourceResolver` then maps every claim to one key per source: a name whose
words are all part of exactly one longer name ("Won-sik", "Shin" → "Shin Won-sik"), or that is
its initials ("DIA" → "Defense Intelligence Agency"), is the same source. Claims without a named
source keep the key they came with (their country, publisher or document: the document's own
voice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.refdata import SourceRules

_SPACES = re.compile(r"\s+")


def _patterns(rules: SourceRules) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    return _compiled(tuple(rules.leading_words), tuple(rules.titles), rules.possessive_words)


@lru_cache(maxsize=8)
def _compiled(
    leading_words: tuple[str, ...], titles_: tuple[str, ...], possessive_words: int
) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    leading = re.compile(r"^(?:" + "|".join(re.escape(w) for w in leading_words) + r")\b[\s,]*", re.IGNORECASE)
    titles = re.compile(
        r"^(?:" + "|".join(re.escape(t) for t in sorted(titles_, key=len, reverse=True)) + r")\.?\s+(?=\S)",
        re.IGNORECASE,
    )
    before = max(possessive_words - 1, 0)
    possessive = re.compile(r"^(?:[\w.-]+\s+){0," + str(before) + r"}?[\w.-]+['’]s\s+(?=\S)")
    return leading, titles, possessive


_OWNED_THING = re.compile(r"^(?P<owner>.+?)['’]s(?:\s+[a-z][\w-]*)+$")


def clean_name(name: str | None, rules: SourceRules) -> str | None:
    """A source name without leading day words, a possessive of its country, a title, and a trailing
    thing it owns ("the Monitoring Team's first report" is the Monitoring Team)."""
    if not name:
        return None
    text = _SPACES.sub(" ", name).strip(" ,.;:")
    owned = _OWNED_THING.match(text)
    if owned:
        text = owned.group("owner")
    leading, titles, possessive = _patterns(rules)
    for _ in range(6):
        before = text
        text = leading.sub("", text)
        text = possessive.sub("", text)
        text = titles.sub("", text)
        if text == before:
            break
    return text or _SPACES.sub(" ", name).strip()


def _words(name: str, stop: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in name.casefold().replace(",", " ").split() if w not in stop)


def _initials(name: str, stop: frozenset[str]) -> str:
    return "".join(w[0] for w in name.split() if w.casefold() not in stop and w[:1].isalpha()).upper()


SourcePair = tuple[str | None, str | None]


def source_pair(rc: ReconcileClaim) -> SourcePair | None:
    """The (name, organisation) of the claim's source, None without one. (Read from the models'
    `__dict__`: a pydantic attribute costs several times a dict item, and every claim is read.)"""
    src = rc.claim.__dict__["source"]
    if src is None:
        return None
    fields = src.__dict__
    return fields["name"], fields["org"]


class SourceResolver:
    """One key and one readable name per source, over a set of claims (see the module doc)."""

    def __init__(
        self,
        claims: Iterable[ReconcileClaim],
        rules: SourceRules,
        pairs: list[SourcePair | None] | None = None,
    ) -> None:
        """A resolver over `claims`; `pairs` are their sources' (name, organisation), in the same order,
        when the caller has read them already (`source_pair`)."""
        self.rules = rules
        self._stop = frozenset(w.casefold() for w in rules.stop_words)
        self._cleaned: dict[SourcePair, str | None] = {}
        self._named: dict[SourcePair, tuple[str, str]] = {}
        self._claims = list(claims)
        self._pairs = [source_pair(rc) for rc in self._claims] if pairs is None else pairs  # for `keys_and_labels`
        names: dict[str, frozenset[str]] = {}
        # each distinct (name, organisation) once, in first-seen order (many claims share a source)
        for key in dict.fromkeys(pair for pair in self._pairs if pair is not None):
            name = self._cleaned[key] = clean_name(key[0], self.rules) or clean_name(key[1], self.rules)
            if name and name not in names:
                names[name] = _words(name, self._stop)
        self._canonical = self._merge(names)

    def _name(self, rc: ReconcileClaim) -> str | None:
        src = rc.claim.source
        if src is None:
            return None
        key = (src.name, src.org)
        found = self._cleaned.get(key, "")
        if found == "":
            found = self._cleaned[key] = clean_name(src.name, self.rules) or clean_name(src.org, self.rules)
        return found

    def _merge(self, names: dict[str, frozenset[str]]) -> dict[str, str]:
        canonical: dict[str, str] = {}
        initials: dict[str, str] = {}  # of each name, found when a name could be an acronym
        for name, words in names.items():
            # (the conditions that depend on `name` alone are tested once, not once per other name)
            longer = [other for other, ow in names.items() if words < ow and other != name] if words else []
            acronym = []
            if name.isupper() and 2 <= len(name) <= 6:
                if not initials:
                    initials = {other: _initials(other, self._stop) for other in names}
                acronym = [other for other in names if other != name and initials[other] == name]
            # the longest names a shorter one is part of; merge only when they are all one source
            tops = {o for o in longer if not any(names[o] < names[p] for p in longer)} | set(acronym)
            canonical[name] = next(iter(tops)) if len(tops) == 1 else name
        return canonical

    def key_and_label(self, rc: ReconcileClaim) -> tuple[str, str]:
        """The claim's source key and readable name (see `key` and `label`), found once per name."""
        src = rc.claim.__dict__["source"]
        if src is None:  # no named source: the key it came with
            return rc.source_key, self.label(rc)
        s = src.__dict__
        pair = (s["name"], s["org"])
        found = self._named.get(pair)
        return found if found is not None else self._found(rc, pair)

    def named(self, pair: SourcePair) -> tuple[str, str] | None:
        """The key and label of a source by its (name, organisation), when the name is not empty once
        cleaned (else they depend on the claim: `key_and_label`)."""
        found = self._named.get(pair)
        if found is None:
            name = self._cleaned.get(pair, "")
            if name == "":
                name = self._cleaned[pair] = clean_name(pair[0], self.rules) or clean_name(pair[1], self.rules)
            if not name:
                return None
            canonical = self._canonical.get(name, name)
            found = self._named[pair] = "src:" + canonical.casefold(), canonical
        return found

    def keys_and_labels(self) -> list[tuple[str, str]]:
        """`key_and_label` of every claim the resolver was built with, in order (their sources were
        read once, when it was built)."""
        named = self._named
        out: list[tuple[str, str]] = []
        append = out.append
        for rc, pair in zip(self._claims, self._pairs, strict=True):
            if pair is None:
                append((rc.source_key, self.label(rc)))
            else:
                found = named.get(pair)
                append(found if found is not None else self._found(rc, pair))
        return out

    def _found(self, rc: ReconcileClaim, pair: tuple[str | None, str | None]) -> tuple[str, str]:
        """`key_and_label` of a source name not seen yet (remembered for the next claims)."""
        name = self._name(rc)
        if not name:
            return rc.source_key, self.label(rc)
        canonical = self._canonical.get(name, name)
        found = "src:" + canonical.casefold(), canonical
        self._named[pair] = found
        return found

    def key(self, rc: ReconcileClaim) -> str:
        """The claim's source key: its cleaned, merged name, else the key it came with."""
        name = self._name(rc)
        if not name:
            return rc.source_key
        return "src:" + self._canonical.get(name, name).casefold()

    def label(self, rc: ReconcileClaim) -> str:
        """The source as a reader wants it: its name, or whose own voice the claim is."""
        name = self._name(rc)
        if name:
            return self._canonical.get(name, name)
        src = rc.claim.source
        if src is not None and src.country:
            return f"a {src.country} source"
        return f"own voice of {rc.doc_label}"
