"""The three code tables (actors, items, units), each code with its display name and aliases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from armsledger.codes.actors import actor_entries
from armsledger.codes.items import item_entries, unit_entries

CODE_KINDS = ("actors", "items", "units")


@dataclass(frozen=True)
class CodeEntry:
    """One code: what claims store (`code`), a name for people, its type, and the names it is known by."""

    code: str
    name: str
    type: str
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def label(self) -> str:
        """`PRK (North Korea)`, or the bare code when the name adds nothing."""
        plain = self.code.replace("_", " ").casefold()
        return self.code if self.name.casefold() == plain else f"{self.code} ({self.name})"

    def matches(self, needle: str) -> bool:
        """Whether `needle` (folded) is part of the code, the name or an alias."""
        return any(needle in text.casefold() for text in (self.code, self.name, *self.aliases))


@lru_cache(maxsize=3)
def code_table(kind: str) -> dict[str, CodeEntry]:
    """Every code of `kind` ("actors", "items" or "units") by code, in a stable order."""
    builders = {"actors": actor_entries, "items": item_entries, "units": unit_entries}
    if kind not in builders:
        raise ValueError(f"unknown code kind {kind!r}; choose one of {', '.join(CODE_KINDS)}")
    entries: Iterable[CodeEntry] = builders[kind](CodeEntry)
    return {e.code: e for e in entries}


def search_codes(kind: str, text: str | None = None) -> list[CodeEntry]:
    """Codes of `kind` whose code, name or an alias contains `text` (case-insensitive); all without it."""
    table = code_table(kind)
    if not text or not text.strip():
        return list(table.values())
    needle = " ".join(text.split()).casefold()
    return [e for e in table.values() if e.matches(needle)]
