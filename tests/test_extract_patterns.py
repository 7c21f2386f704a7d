"""Phrase lists compiled as a prefix tree match what a plain alternation matches."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from armsledger.extract.patterns import phrase_alternation


def _plain(phrases):
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)


def _tree(phrases):
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(p.lower() for p in phrases)})(?![\w-])", re.I)


def test_longest_phrase_wins_and_boundaries_hold():
    rx = _tree(["155mm shell", "155mm shells", "shell", "HIMARS", "k9"])
    assert [m.group(0) for m in rx.finditer("Two HIMARS and 155mm shells, K9s, one shell-casing, k9.")] == [
        "HIMARS",
        "155mm shells",
        "k9",
    ]


def test_empty_list_matches_nothing():
    assert re.compile(phrase_alternation([])).search("anything") is None


words = st.text(alphabet="abc -.", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(phrases=st.lists(words, min_size=1, max_size=12), text=st.text(alphabet="abc -.X", max_size=40))
def test_same_matches_as_a_plain_alternation(phrases, text):
    phrases = [p for p in phrases if p.strip()] or ["a"]
    assert [m.span() for m in _tree(phrases).finditer(text)] == [m.span() for m in _plain(phrases).finditer(text)]
