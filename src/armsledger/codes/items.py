"""Item codes (SCHEMA.md) with the phrases the extractor reads as each, and quantity units
(count units, ISO 4217 currencies) with their unit words."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

UNIT_NAMES = {
    "item": "a count of the item itself",
    "container": "shipping container",
    "rail_car": "rail car",
    "shipment": "shipment",
    "flight": "cargo flight",
    "crate": "crate",
    "tonne": "metric tonne",
    "barrel": "barrel",
    "fraction": "a share between 0 and 1",
}


def item_entries(entry: Callable[..., Any]) -> Iterator[Any]:
    """CodeEntry objects (made by `entry`) for every SCHEMA item code, in SCHEMA order."""
    from armsledger.extract.reference import lexicon
    from armsledger.model import ITEM_CODES

    phrases: dict[str, list[str]] = {}
    for phrase, code in lexicon().items.items():
        phrases.setdefault(code, []).append(phrase)
    for code in ITEM_CODES:
        yield entry(code, code.replace("_", " "), "item", tuple(phrases.get(code, [])))


def unit_entries(entry: Callable[..., Any]) -> Iterator[Any]:
    """CodeEntry objects (made by `entry`) for the count units, then every ISO 4217 currency."""
    import pycountry

    from armsledger.extract.reference import lexicon
    from armsledger.model import COUNT_UNITS

    words: dict[str, list[str]] = {}
    for phrase, unit in lexicon().units.items():
        words.setdefault(unit, []).append(phrase)
    for phrase, currency in lexicon().units_file.money_words.items():
        words.setdefault(currency, []).append(phrase)
    for unit in COUNT_UNITS:
        yield entry(unit, UNIT_NAMES.get(unit, unit), "unit", tuple(words.get(unit, [])))
    for currency in sorted(pycountry.currencies, key=lambda c: c.alpha_3):
        code = currency.alpha_3.lower()
        yield entry(code, currency.name, "currency", tuple(w for w in words.get(code, []) if w != code))
