"""Actor codes: states (ISO 3166-1 alpha-3), blocs, and the organisations and groups the
extractor knows, with every alias the extractor resolves (capitals, leaders, demonyms, ports)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pycountry

BLOCS = {"EU": "European Union", "NATO": "North Atlantic Treaty Organization", "UN": "United Nations"}


def _state_name(country: Any) -> str:
    return getattr(country, "common_name", None) or country.name


def actor_entries(entry: Callable[..., Any]) -> Iterator[Any]:
    """CodeEntry objects (made by `entry`) for every actor code: states, blocs, then the rest A–Z."""
    from armsledger.extract.reference import lexicon

    lex = lexicon()
    aliases: dict[str, list[str]] = {}
    for phrase, code in lex.actor_aliases.items():
        if phrase in lex.body_names:
            continue  # "U.S. Forces Korea" is a body of the United States, not a name for it
        names = aliases.setdefault(code, [])
        if phrase not in names and phrase.casefold() not in (n.casefold() for n in names):
            names.append(phrase)
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        names = [n for n in aliases.pop(country.alpha_3, []) if n != _state_name(country)]
        yield entry(country.alpha_3, _state_name(country), "state", tuple(names))
    for code, name in BLOCS.items():
        yield entry(code, name, "bloc", tuple(n for n in aliases.pop(code, []) if n != name))
    for code in sorted(aliases):
        names = aliases.get(code, [])
        name = names[0] if names else code.replace("_", " ").title()
        yield entry(code, name, "organization", tuple(n for n in names if n != name))
