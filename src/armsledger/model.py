"""The typed data model: claims and documents, exactly as shared/SCHEMA.md (v1.1) defines them."""

from __future__ import annotations

import math
from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from armsledger.normalize import (
    clean_text,
    collapse_punctuation_runs,
    describe_repairs,
    replace_invalid_characters,
)

Kind = Literal["transfer", "production", "consumption", "stockpile", "quality", "meeting"]
Qualifier = Literal["exact", "approx", "at_least", "at_most", "range"]
SCHEMA_VERSION = "1.1"

#: units that are not money; money is any ISO 4217 code in lower case (SCHEMA v1.1)
COUNT_UNITS: tuple[str, ...] = (
    "item",
    "container",
    "rail_car",
    "shipment",
    "flight",
    "crate",
    "tonne",
    "barrel",
    "fraction",
)
Per = Literal["day", "week", "month", "year"]
Status = Literal["actual", "committed", "target", "capacity", "interdicted"]
Deal = Literal["sale", "donation", "loan"]
Polarity = Literal["affirmed", "denied"]
#: where a document's publication date came from: given by the user or the corpus line, the page's
#: metadata (HTML), its own text (a dateline), or set by hand in the ledger
DateSource = Literal["given", "metadata", "text", "hand"]
Certainty = Literal[
    "almost_no_chance", "very_unlikely", "unlikely", "roughly_even", "likely", "very_likely", "almost_certain"
]

ITEM_CODES: tuple[str, ...] = (
    "artillery_shell",
    "mortar_round",
    "rocket",
    "ballistic_missile",
    "cruise_missile",
    "air_defense_missile",
    "anti_tank_missile",
    "drone",
    "small_arms_ammunition",
    "bomb",
    "ammunition",
    "artillery_system",
    "rocket_launcher",
    "air_defense_system",
    "tank",
    "armored_vehicle",
    "aircraft",
    "small_arms",
    "vessel",
    "vehicle",
    "protective_gear",
    "weapons",
    "troops",
    "oil",
    "food",
    "technology",
    "military_aid",
    "missile",
    "air_to_air_missile",
    "radar",
    "mine",
    "medical",
)


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """ISO 4217 currency codes in lower case ("usd", "eur", "krw"…), from pycountry's data."""
    import pycountry

    return frozenset(c.alpha_3.lower() for c in pycountry.currencies)


def is_money_unit(unit: str | None) -> bool:
    """Whether a quantity unit is a currency (an ISO 4217 code in lower case)."""
    return unit is not None and unit not in COUNT_UNITS and unit in currency_codes()


def _check_unit(unit: str) -> str:
    if unit in COUNT_UNITS or unit in currency_codes():
        return unit
    raise ValueError(f"unit {unit!r} is neither one of {', '.join(COUNT_UNITS)} nor an ISO 4217 currency code")


def _check_item(item: str) -> str:
    if item not in ITEM_CODES:
        raise ValueError(f"item {item!r} is not an item code of SCHEMA.md")
    return item


Unit = Annotated[str, AfterValidator(_check_unit)]
ItemCode = Annotated[str, AfterValidator(_check_item)]


class Quantity(BaseModel):
    """How much a claim says: the number as stated, its qualifier, unit and rate period.

    Values are finite and not negative, a fraction lies between 0 and 1, and the upper end of a
    range is not below its lower end; anything else is refused (ValidationError)."""

    model_config = ConfigDict(extra="forbid")

    value: float
    value_high: float | None = None
    qualifier: Qualifier = "exact"
    unit: Unit = "item"
    per: Per | None = None
    text: str = ""

    @model_validator(mode="after")
    def _check_values(self) -> Quantity:
        for name in ("value", "value_high"):
            v = getattr(self, name)
            if v is None:
                continue
            if not math.isfinite(v):
                raise ValueError(f"quantity {name} {v} is not a finite number")
            if v < 0:
                raise ValueError(f"quantity {name} {v:g} is negative")
            if self.unit == "fraction" and v > 1:
                raise ValueError(f"quantity {name} {v:g} is a fraction above 1")
        if self.value_high is not None and self.value_high < self.value:
            raise ValueError(f"quantity value_high {self.value_high:g} is below value {self.value:g}")
        return self


class Source(BaseModel):
    """Who asserts a claim: a person or body, its role, organisation and country."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    role: str | None = None
    org: str | None = None
    country: str | None = None


class Evidence(BaseModel):
    """Character offsets into the decoded document text and the sentence(s) carrying the claim."""

    model_config = ConfigDict(extra="forbid")

    start: int
    end: int
    text: str


class Claim(BaseModel):
    """One assertion made in one place of one document (SCHEMA.md, "Fields")."""

    model_config = ConfigDict(extra="forbid")

    doc: str
    kind: Kind
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None
    item: ItemCode
    caliber_mm: int | None = None
    quantity: Quantity | None = None
    status: Status = "actual"
    polarity: Polarity = "affirmed"
    hedged: bool = False
    cues: list[str] = Field(default_factory=list)
    certainty: Certainty | None = None
    source: Source | None = None
    said_on: str | None = None
    by: str | None = None
    published: str | None = None
    financed_by: str | None = None
    deal: Deal | None = None
    evidence: Evidence

    def to_json_dict(self) -> dict:
        """The claim as the JSON object SCHEMA.md prints (integers stay integers)."""
        data = self.model_dump(mode="json")
        quantity = data.get("quantity")
        if quantity:
            for key in ("value", "value_high"):
                v = quantity.get(key)
                if isinstance(v, float) and v.is_integer() and quantity.get("unit") != "fraction":
                    quantity[key] = int(v)
        return data


class Document(BaseModel):
    """A report as read: its decoded text and what is known about it.

    Every text field is normalised on construction and on assignment (see `armsledger.normalize`):
    lone surrogates and NUL become U+FFFD, and overlong punctuation runs in `text` are cut. What
    was changed is listed by `repairs`, so a reader can report it once."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: date | None = None
    published_source: DateSource | None = None
    language: str | None = None
    content_type: str = "text/plain"
    path: str | None = None

    _repairs: dict[str, Counter[str]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _normalise(self) -> Document:
        for name, value in list(self.__dict__.items()):
            if not isinstance(value, str):
                continue
            cleaned, counts = replace_invalid_characters(value)
            if name == "text":
                cleaned, runs = collapse_punctuation_runs(cleaned)
                if runs:
                    counts["punctuation run cut"] += runs
            if counts:
                # set through __dict__: assigning would validate (and call this) again
                self.__dict__[name] = cleaned
                self._repairs.setdefault(name, Counter()).update(counts)
        return self

    @property
    def repairs(self) -> list[str]:
        """What normalisation changed, one entry per field ("text: 1 NUL character"); empty when nothing."""
        return [f"{name}: {describe_repairs(counts)}" for name, counts in sorted(self._repairs.items())]


def repairs_note(location: str, doc: Document) -> str:
    """One line saying what normalisation changed in a document ("a.txt: characters replaced or cut:
    text: 2 NUL characters")."""
    return f"{clean_text(location)}: characters replaced or cut: {'; '.join(doc.repairs)}"
