"""Resolve what a user typed ("North Korea", "prk", "shells") to the code claims store.

A value resolves when it is a code or a name of exactly one code, ignoring case (and a leading
"the"); for actors also an ISO alpha-2 code or any name pycountry knows; for items also the
singular or plural of a known phrase. Anything else raises UnknownCodeError (AmbiguousCodeError
when it names several codes) whose message suggests the closest codes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

from armsledger.codes.tables import CodeEntry, code_table
from armsledger.errors import AmbiguousCodeError, UnknownCodeError

NOUNS = {"actors": "an actor", "items": "an item", "units": "a unit"}
MAX_SUGGESTIONS = 4
_WORD = re.compile(r"[\w']+")


def _fold(text: str) -> str:
    folded = " ".join(text.replace("_", " ").split()).casefold()
    return folded.removeprefix("the ")


@lru_cache(maxsize=3)
def _index(kind: str) -> dict[str, tuple[str, ...]]:
    """Folded code, name or alias → the codes it names (in table order)."""
    index: dict[str, list[str]] = {}
    for entry in code_table(kind).values():
        for text in (entry.code, entry.name, *entry.aliases):
            codes = index.setdefault(_fold(text), [])
            if entry.code not in codes:
                codes.append(entry.code)
    return {key: tuple(codes) for key, codes in index.items()}


@lru_cache(maxsize=3)
def _codes(kind: str) -> dict[str, str]:
    """Folded code → the code (the first in table order), so a code is found without a scan of the table."""
    codes: dict[str, str] = {}
    for code in code_table(kind):
        codes.setdefault(_fold(code), code)
    return codes


def _variants(kind: str, folded: str) -> list[str]:
    if kind != "items":
        return [folded]
    out = [folded]
    if folded.endswith("es"):
        out.append(folded[:-2])
    if folded.endswith("s"):
        out.append(folded[:-1])
    else:
        out.append(folded + "s")
    return out


def _pycountry_actor(value: str) -> str | None:
    import pycountry

    try:
        return pycountry.countries.lookup(value.strip()).alpha_3
    except LookupError:
        return None


def suggestions(kind: str, value: str) -> list[CodeEntry]:
    """Codes a mistyped or partial `value` probably meant: codes with a name holding all its words,
    else the closest spellings."""
    table = code_table(kind)
    words = set(_WORD.findall(_fold(value)))
    found: list[str] = []
    if words:
        for key, codes in _index(kind).items():
            if words <= set(_WORD.findall(key)):
                found.extend(c for c in codes if c not in found)
    if not found:
        keys = list(_index(kind))
        for key in difflib.get_close_matches(_fold(value), keys, n=MAX_SUGGESTIONS * 2, cutoff=0.7):
            found.extend(c for c in _index(kind)[key] if c not in found)
    order = {code: i for i, code in enumerate(table)}
    ranked = [table[c] for c in sorted(found, key=order.__getitem__)]
    states = [e for e in ranked if e.type in ("state", "bloc")]
    return (states or ranked)[:MAX_SUGGESTIONS]  # "Korea": the two Koreas, not every Korean company


def _or_list(entries: list[CodeEntry]) -> str:
    labels = [e.label() for e in entries]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def resolve_code(kind: str, value: str, *, option: str | None = None, also: Iterable[str] = ()) -> str:
    """The code of `kind` that `value` names; `also` lists extra values accepted as they are."""
    label = option or kind[:-1]
    text = value.strip()
    if text in also:
        return text
    table = code_table(kind)
    folded = _fold(text)
    if folded in _codes(kind):
        return _codes(kind)[folded]
    for variant in _variants(kind, folded):
        codes = _index(kind).get(variant)
        if codes and len(codes) == 1:
            return codes[0]
        if codes:
            entries = [table[c] for c in codes]
            raise AmbiguousCodeError(
                f"{label} {text!r} names several {kind}: {_or_list(entries)}; give one code",
                option=label,
                value=text,
                suggestions=list(codes),
            )
    if kind == "actors":
        found = _pycountry_actor(text)
        if found in table:
            return found
    close = suggestions(kind, text)
    hint = f"; did you mean {_or_list(close)}?" if close else ""
    word = max(_WORD.findall(text) or [text], key=len)
    raise UnknownCodeError(
        f"{label} {text!r} is not {NOUNS[kind]} name or code{hint} (see `armsledger codes {kind} --search {word}`)",
        option=label,
        value=text,
        suggestions=[e.code for e in close],
    )


def resolve_actor(value: str, *, option: str | None = None) -> str:
    """The actor code (PRK, NATO, wagner) of a code or name ("North Korea", "Pyongyang", "prk")."""
    return resolve_code("actors", value, option=option)


def resolve_item(value: str, *, option: str | None = None) -> str:
    """The item code of a code or phrase ("shells" → artillery_shell)."""
    return resolve_code("items", value, option=option)


def resolve_unit(value: str, *, option: str | None = None, also: Iterable[str] = ()) -> str:
    """The unit code of a code or unit word ("containers" → container, "dollars" → usd)."""
    return resolve_code("units", value, option=option, also=also)
