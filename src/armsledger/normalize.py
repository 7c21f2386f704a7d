"""Text normalisation for untrusted input: characters no encoder or database accepts, and runs of
punctuation that make a tokenizer quadratic.

A lone surrogate ("\\ud800", from a JSON escape, an XML character reference or a file name that is
not UTF-8) cannot be encoded as UTF-8, and PostgreSQL refuses NUL in text: both become U+FFFD.
A run of more than `MAX_PUNCTUATION_RUN` punctuation or symbol characters ("=" * 8000) is cut to
that length, which no report needs and which keeps spaCy's tokenizer linear.
"""

from __future__ import annotations

import re
from collections import Counter

REPLACEMENT = "\ufffd"
#: longest run of punctuation/symbol characters (no letter, digit or space) kept in a document's text
MAX_PUNCTUATION_RUN = 64

_INVALID = re.compile("[\x00\ud800-\udfff]")
_PUNCTUATION_RUN = re.compile(rf"[^\w\s]{{{MAX_PUNCTUATION_RUN + 1},}}")


def replace_invalid_characters(value: str) -> tuple[str, Counter[str]]:
    """`value` with lone surrogates and NUL replaced by U+FFFD, and how many of each were replaced."""
    counts: Counter[str] = Counter()
    if _INVALID.search(value) is None:
        return value, counts

    def swap(match: re.Match[str]) -> str:
        counts["NUL character" if match.group() == "\x00" else "lone surrogate"] += 1
        return REPLACEMENT

    return _INVALID.sub(swap, value), counts


def collapse_punctuation_runs(value: str) -> tuple[str, int]:
    """`value` with every run of punctuation longer than MAX_PUNCTUATION_RUN cut to that length, and how many."""
    runs = 0

    def cut(match: re.Match[str]) -> str:
        nonlocal runs
        runs += 1
        return match.group()[:MAX_PUNCTUATION_RUN]

    return _PUNCTUATION_RUN.sub(cut, value), runs


def clean_text(value: str) -> str:
    """`value` safe to encode and store anywhere (lone surrogates and NUL replaced)."""
    return replace_invalid_characters(value)[0]


def describe_repairs(counts: Counter[str]) -> str:
    """ "2 NUL characters, 1 lone surrogate" (plural where needed), in a stable order."""
    parts = []
    for what in sorted(counts):
        n = counts[what]
        parts.append(f"{n} {what}{'' if n == 1 else 's'}")
    return ", ".join(parts)
