"""The typed data model: claims and documents, exactly as shared/SCHEMA.md (v1.1) defines them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from functools import lru_cache

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Kind = Literal["transfer", "production", "consumption", "stockpile", "quality", "meeting"]
Qualifier = Literal["exact", "approx", "at_least", "at_most", "range"]
SCHEMA_VERSION = "1.1"

#: units that are not money; money is any ISO 4217 code in lower case (SCHEMA v1.1)
COUNT_UNITS: tuple[str, ...] = ("item", "container", "rail_car", "shipment", "flight", "crate", "tonne", "barrel",
                                "fraction")
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
    "artillery_shell", "mortar_round", "rocket", "ballistic_missile", "cruise_missile", "air_defense_missile",
    "anti_tank_missile", "drone", "small_arms_ammunition", "bomb", "ammunition", "artillery_system",
    "rocket_launcher", "air_defense_system", "tank", "armored_vehicle", "aircraft", "small_arms", "vessel",
    "vehicle", "protective_gear", "weapons", "troops", "oil", "food", "technology", "military_aid",
    "missile", "air_to_air_missile", "radar", "mine", "medical",
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
    """How much a claim says: the number as stated, its qualifier, unit and rate period."""

    model_config = ConfigDict(extra="forbid")

    value: float
    value_high: float | None = None
    qualifier: Qualifier = "exact"
    unit: Unit = "item"
    per: Per | None = None
    text: str = ""


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
    """A report as read: its decoded text and what is known about it."""

    model_config = ConfigDict(extra="forbid")

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
