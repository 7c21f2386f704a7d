"""Typed intermediates passed between the extraction steps.

`QuantityInfo` is what the quantities component finds (`span._.quantity`), `Attribution` what the
attribution component finds (`doc._.attributions`), and `SentenceClaim` a claim as the claim
assembler reads it off one sentence, completed by the document stage (sources, dates, flows)
before it becomes a SCHEMA `Claim`."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from armsledger.model import is_money_unit

SOURCE_FIELDS = ("name", "role", "org", "country")


@dataclass
class QuantityInfo:
    """A number and what it counts: an item (`counted_kind` "item"), a unit noun ("unit", with the items
    it holds as `contents`), nothing ("bare"), or a share ("fraction")."""

    value: float
    value_high: float | None
    qualifier: str
    unit: str
    per: str | None
    text: str
    fraction: bool = False
    counted_kind: str | None = None
    counted: tuple[int, int] | None = None
    counted_label: str | None = None
    contents: tuple[int, int] | None = None
    contents_label: str | None = None

    @property
    def is_money(self) -> bool:
        return is_money_unit(self.unit)

    def as_claim_quantity(self) -> ClaimQuantity:
        return ClaimQuantity(self.value, self.value_high, self.qualifier, self.unit, self.per, self.text)


@dataclass
class ClaimQuantity:
    """The quantity fields of a claim (SCHEMA `quantity`)."""

    value: float
    value_high: float | None
    qualifier: str
    unit: str
    per: str | None
    text: str

    def close_to(self, other: ClaimQuantity | None) -> bool:
        """Same unit and rate and values within 1 % (the scorer's tolerance)."""
        if other is None or (self.unit, self.per) != (other.unit, other.per):
            return False
        return abs(self.value - other.value) <= 0.01 * max(abs(self.value), 1e-12)


@dataclass
class SourceInfo:
    """Who asserts a claim, as read so far; `country` may be "@it" until the document stage resolves it."""

    name: str | None = None
    role: str | None = None
    org: str | None = None
    country: str | None = None
    canonical: str | None = None  # the organisation's canonical name when `org` is one of its aliases ("NIS")
    fallback_country: str | None = None  # the state a generic body's name usually means, when nothing else says

    def key(self) -> str:
        """Identity of the source within a document (for carried-over dates and merging)."""
        return "|".join(str(getattr(self, k) or "").lower() for k in ("name", "org", "role", "country"))

    def copy(self) -> SourceInfo:
        return replace(self)

    def is_empty(self) -> bool:
        return not any(getattr(self, k) for k in SOURCE_FIELDS)

    def words(self, *fields: str) -> str:
        """The given fields (all by default) joined by spaces, empty ones left out."""
        return " ".join(str(getattr(self, k)) for k in (fields or SOURCE_FIELDS) if getattr(self, k))

    def fill_from(self, other: SourceInfo) -> None:
        """Keep this source's fields and take the missing ones from `other`."""
        for k in (*SOURCE_FIELDS, "canonical", "fallback_country"):
            setattr(self, k, getattr(self, k) or getattr(other, k))

    def as_written_and_canonical(self) -> tuple[str | None, str | None]:
        """(name, org) for output: an organisation known by an alias keeps the alias as its name and gives its
        canonical name as org ("NIS" -> name "NIS", org "National Intelligence Service")."""
        if self.canonical and self.org and self.canonical.lower() not in self.org.lower():
            return self.name or self.org, self.canonical
        return self.name, self.org


@dataclass
class Attribution:
    """One attribution in a sentence: the speech token, the speaker's token range and the source read
    from it; a pronoun or partial name is resolved against earlier sources by the document stage."""

    verb: int
    speaker: tuple[int, int]
    how: str  # "verb" (X said) or "according" (according to X, citing X)
    source: SourceInfo
    pronoun: bool
    pronoun_text: str | None
    said_on: str | None
    lemma: str
    text: str


@dataclass
class SentenceClaim:
    """A claim read off one sentence (token indices refer to that sentence's Doc)."""

    kind: str
    item: str | None
    trigger: int
    anchor: int
    quantity: ClaimQuantity | None
    status: str = "actual"
    polarity: str = "affirmed"
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None
    caliber_mm: int | None = None
    bare: bool = False
    qstart: int | None = None  # character offset of the quantity in the sentence
    inherit_flow: str | bool = False  # "content" / "figure": converts or updates a flow named before; "list":
    # a list item whose kind, actors and status come from its list's frame; "deal": the worth of a deal named before
    deal_word: str | None = None  # that deal's noun ("contract", "package"), by lemma
    cues: list[str] = field(default_factory=list)
    certainty: str | None = None
    attribution: int | None = None
    by: str | None = None
    deadline: str | None = None  # a list item's own deadline, used if its list makes it a commitment
    actor_from: str = "sentence"  # where a quality claim's producer came from ("origin": the shells' nationality)
    financed_by: str | None = None
    deal: str | None = None
    item_definite: bool = False  # "the missiles": may refer back to a more specific item named before
    done: bool = False  # a past-tense transfer verb governs it ("has delivered a package")
    maker: str | None = None  # the company that makes the designation named ("Caesar": knds_france)
    approval: bool = False  # a government's approval of a possible sale (components/sales.py)
    requested: bool = False  # a purchase asked for ("has requested to buy"): a claim only if the document approves it
    # completed by the document stage
    source: SourceInfo | None = None
    said_on: str | None = None
    own_date: bool = False
    labelled: str | None = None  # the state the claim's line opens with as its label ("- Latvia: 2,000 drones …")
    origin: str | None = None  # a list item's own seller ("- Egypt: 200 K9 howitzers from Hanwha Aerospace")
    joint_supply: bool = False  # several suppliers named together, shares unknown: the supplier stays unknown
    to_all: bool = False  # a total over all recipients ("All countries (74)", "exports by year") or a buyer withheld
    # ("Undisclosed, Asia-Pacific"): no one recipient, none to be filled in from context
    evidence: tuple[int, int] = (0, 0)
    sentence: int = 0  # index of the sentence in the document
    headline: bool = False

    def core(self) -> tuple:
        return (self.kind, self.supplier, self.recipient, self.actor, self.item)

    def source_key(self) -> str | None:
        return self.source.key() if self.source is not None else None
