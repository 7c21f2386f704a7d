"""Regular expressions over long phrase lists, built as a prefix tree.

A plain alternation of a thousand phrases ("155mm shells|155mm rounds|…") makes Python's regex engine try
every phrase at every position; the same phrases factored by common prefix ("155mm (?:rounds|shells)") are
tried one character at a time and match the same text: at each position the longest phrase that fits."""

from __future__ import annotations

import re
from collections.abc import Iterable

from armsledger.extract.reference import derived, lexicon

_END = ""


def phrase_alternation(phrases: Iterable[str]) -> str:
    """A regex (without groups that capture) matching exactly the given phrases, longest first at a position.
    Build it from lower-cased phrases when the pattern is compiled with re.IGNORECASE."""
    trie: dict = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _node_regex(trie) or "(?!)"


def _node_regex(node: dict) -> str:
    ends = _END in node
    branches = [re.escape(ch) + _node_regex(child) for ch, child in sorted(node.items()) if ch != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if not ends:
        return body
    return (body if len(branches) > 1 else "(?:" + body + ")") + "?"


@derived
def organisation_regex() -> re.Pattern:
    """Every body the lexicon knows, over lower-cased text ("the nis", "sipri", "the air force of ukraine")."""
    return re.compile(r"(?<![a-z0-9])(?:" + phrase_alternation(lexicon().organisations) + r")(?![a-z0-9])")


def longest_organisation(text_lower: str) -> re.Match | None:
    """The longest body named in lower-cased text, the leftmost of equals."""
    found = list(organisation_regex().finditer(text_lower))
    return max(found, key=lambda m: (len(m.group(0)), -m.start())) if found else None
