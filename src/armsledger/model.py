"""The typed data model: claims and documents, exactly as shared/SCHEMA.md (v1) defines them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["transfer", "production", "consumption", "stockpile", "quality", "meeting"]
Qualifier = Literal["exact", "approx", "at_least", "at_most", "range"]
Unit = Literal["item", "container", "rail_car", "shipment", "tonne", "barrel", "usd", "eur", "fraction"]
Per = Literal["day", "week", "month", "year"]
Status = Literal["actual", "committed", "target"]
Polarity = Literal["affirmed", "denied"]
Certainty = Literal[
    "almost_no_chance", "very_unlikely", "unlikely", "roughly_even", "likely", "very_likely", "almost_certain"
]

ITEM_CODES: tuple[str, ...] = (
    "artillery_shell", "mortar_round", "rocket", "ballistic_missile", "cruise_missile", "air_defense_missile",
    "anti_tank_missile", "drone", "small_arms_ammunition", "bomb", "ammunition", "artillery_system",
    "rocket_launcher", "air_defense_system", "tank", "armored_vehicle", "aircraft", "small_arms", "vessel",
    "vehicle", "protective_gear", "weapons", "troops", "oil", "food", "technology", "military_aid",
)


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
    item: str
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
    language: str | None = None
    content_type: str = "text/plain"
    path: str | None = None
