"""The extractor's data files, typed: one pydantic model per YAML file under `extract/data/`.

Unknown keys are refused (`extra="forbid"`) so a misspelt key in an analyst's override is an
error, not a silently ignored list. Every field is language data some rule reads; the test
`test_extract_datafiles.py` fails when a loaded field is never read during extraction
(reads are recorded while `record_reads()` is active)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from armsledger.model import COUNT_UNITS, ITEM_CODES

_READS: set[str] | None = None


@contextmanager
def record_reads() -> Iterator[set[str]]:
    """Record which data-file fields are read (as "file.field") while the block runs."""
    global _READS
    previous, _READS = _READS, set()
    try:
        yield _READS
    finally:
        _READS = previous


def recording() -> bool:
    """Whether field reads are being recorded (then data files are loaded as recording subclasses)."""
    return _READS is not None


class DataFile(BaseModel):
    """A data file: strict and immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class _Recorded:
    """Mixed into a data file class while reads are recorded: every field read is noted."""

    def __getattribute__(self, name: str) -> Any:
        if _READS is not None and not name.startswith("_") and name in type(self).model_fields:  # type: ignore[attr-defined]
            _READS.add(f"{type(self).__mro__[2].__name__}.{name}")
        return super().__getattribute__(name)


_RECORDED: dict[type, type] = {}


def recorded(cls: type[DataFile]) -> type[DataFile]:
    """The recording subclass of a data file class (made once)."""
    if cls not in _RECORDED:
        _RECORDED[cls] = type(f"Recorded{cls.__name__}", (_Recorded, cls), {})
    return _RECORDED[cls]


Words = frozenset[str]
Phrases = list[str]
Frame = Literal["give", "receive", "move", "noun", "deal", "actor"]
ClaimKind = Literal["transfer", "production", "consumption", "stockpile", "quality"]
Band = Literal[
    "almost_no_chance", "very_unlikely", "unlikely", "roughly_even", "likely", "very_likely", "almost_certain"
]
PerName = Literal["day", "week", "month", "year"]


def _check_items(codes: list[str]) -> list[str]:
    bad = [c for c in codes if c not in ITEM_CODES]
    if bad:
        raise ValueError(f"not item codes of SCHEMA.md: {', '.join(bad)}")
    return codes


class Anaphor(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    prefer: tuple[str, ...] = ()


class ProcurementInitiative(BaseModel):
    """A buying scheme named after the state that runs it ("the Czech-led initiative"): what it buys is that state's
    supply, of `item`, for `recipient`; whoever pays in finances it (SCHEMA rule 18)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    state: str
    item: str
    recipient: str | None = None

    @field_validator("item")
    @classmethod
    def _known_item(cls, item: str) -> str:
        return _check_items([item])[0]


class ActorsFile(DataFile):
    aliases: dict[str, Phrases]
    places: dict[str, Phrases]
    anaphors: dict[str, Anaphor]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Country(_Entry):
    names: Phrases = []
    capitals: Phrases = []
    demonyms: Phrases = []
    metonyms: Phrases = []


class CountriesFile(DataFile):
    countries: dict[str, Country]


class Organisation(_Entry):
    name: str
    country: str | None = None
    aliases: Phrases = []
    kind: str | None = None
    host: str | None = None
    note: str | None = None


class OrganisationsFile(DataFile):
    organisations: list[Organisation]


class Company(_Entry):
    names: Phrases
    home_country: str | None = None
    parent: str | None = None
    note: str | None = None
    slug_aliases: Phrases = []
    makes: Phrases = []  # designations of what it makes ("K9", "Caesar"): the supplier of a purchase of them


class CompaniesFile(DataFile):
    companies: dict[str, Company]


class Group(_Entry):
    names: Phrases
    base_country: str | None = None
    kind: str | None = None
    parent: str | None = None
    note: str | None = None


class GroupsFile(DataFile):
    groups: dict[str, Group]


class Person(_Entry):
    name: str
    aliases: Phrases = []
    surname: str | None = None
    country: str | None = None
    role: str | None = None


class PeopleFile(DataFile):
    people: list[Person]


class ItemsFile(DataFile):
    items: dict[str, Phrases]
    not_items: Words
    munitions: Words
    quality_items: Words
    caliber_specific: Words
    interceptors_beside_air_defence: Words
    armour_words: Words
    round_words: Words
    rounds_of: Words
    air_defence_words: Words
    support_items: Words
    generic_items: Words
    specific_kinds: dict[str, Phrases]

    @field_validator("items")
    @classmethod
    def _codes(cls, value: dict[str, Phrases]) -> dict[str, Phrases]:
        _check_items(list(value))
        return value

    @field_validator(
        "munitions",
        "quality_items",
        "caliber_specific",
        "interceptors_beside_air_defence",
        "support_items",
        "generic_items",
    )
    @classmethod
    def _item_lists(cls, value: Words) -> Words:
        _check_items(list(value))
        return value


class UnitsFile(DataFile):
    units: dict[str, Phrases]
    money_words: dict[str, str]
    rates: dict[PerName, Phrases]
    rate_adjectives: dict[str, PerName]
    dollar_countries: dict[str, str]
    carrier_units: Words
    not_counted: Words

    @field_validator("units", "carrier_units")
    @classmethod
    def _units(cls, value: Any) -> Any:
        names = list(value)
        bad = [u for u in names if u not in COUNT_UNITS]
        if bad:
            raise ValueError(f"not units of SCHEMA.md: {', '.join(bad)}")
        return value


class PredicatesFile(DataFile):
    triggers: dict[ClaimKind, dict[Frame, Phrases]]
    implicit_items: dict[str, str]
    weak_production: Words


class StatusFile(DataFile):
    committed: Words
    target: Words
    capacity: Words
    interdicted: Words
    request: Words
    stop: Words
    denial: Words
    cap: Words


class HedgesFile(DataFile):
    cues: dict[str, Band]
    conversion: Words
    attributed_nouns: Words


class SourcesFile(DataFile):
    speech_verbs: Words
    reporting_verbs: Words
    citing_verbs: Words
    attribution_phrases: Words
    attribution_nouns: Words
    interview_nouns: Words
    interview_verbs: Words
    roles: Words

    @model_validator(mode="after")
    def _reporting_are_speech(self) -> SourcesFile:
        speech = object.__getattribute__(self, "speech_verbs")
        extra = sorted(v for v in object.__getattribute__(self, "reporting_verbs") if v not in speech)
        if extra:
            raise ValueError(f"reporting_verbs must also be speech_verbs: {', '.join(extra)}")
        return self


class WordsFile(DataFile):
    content_verbs: Words
    path_prepositions: Words
    level_verbs: Words
    estimate_verbs: Words
    location_verbs: Words
    location_prepositions: Words
    figure_nouns: Words
    cargo_nouns: Words
    supplier_prepositions: Words
    recipient_prepositions: Words
    destination_prepositions: Words
    origin_prepositions: Words
    battle_prepositions: Words
    object_pronouns: Words
    actor_prepositions: Words
    counterpart_prepositions: Words
    awarding_verbs: Words
    deal_verbs_needing_party: Words
    counter_flow_nouns: Words
    receiving_nouns: Words
    agent_nouns: Words
    option_nouns: Words
    arrival_verbs: Words
    delivery_taking_verbs: Words
    purpose_verbs: Words
    pronoun_references: dict[str, str]
    enemy_of: dict[str, str]
    enemy_side_unknown: str | None = None
    sale_nouns: Words
    approval_modifiers: Words
    anaphoric_determiners: Words
    estimate_words: Words
    list_separators: Words
    production_particles: Words
    leader_government_nouns: Words
    approval_verbs: Words
    purchase_verbs: Words
    request_verbs: Words
    unnamed_equipment: str
    body_nouns: Words
    state_nouns: Words
    record_bodies: Words
    shared_languages: Words
    financing_verbs: Words
    procurement_initiatives: list[ProcurementInitiative]
    initiative_items: Words
    institution_nouns: Words
    actor_nouns: Words
    relative_pronouns: Words
    parallel_actor_prepositions: Words
    purpose_prepositions: Words
    gap_separators: Words
    casualty_words: Words
    share_nouns: Words
    hypothetical_words: Words
    destruction_particles: dict[str, str]
    limit_context_words: Words
    indefinite_determiners: Words
    generic_capacity_verbs: Words
    value_words: Words
    production_stems: Words
    commitment_modals: Words
    possibility_modals: Words
    expectation_modals: Words
    ability_modals: Words
    capacity_modals: Words
    conditional_capacity_modals: Words
    permission_modals: Words
    loss_words: Words
    package_nouns: Words
    list_kinds: dict[str, Words]
    aid_nouns: Words
    announcing_verbs: Words
    change_words: Words
    rejection_verbs: Words
    subject_keeping_speech_verbs: Words
    plan_nouns: Words
    quality_negated_verbs: Words
    dud_particle_verbs: dict[str, str]
    failure_verbs: Words
    comparison_words: Words
    definite_determiners: Words
    count_noun_skips: Words
    content_links: Words
    non_materiel_heads: Words
    money_value_heads: Words
    piece_words: Words
    times_signs: Words
    vague_source_cells: Words
    home_adjectives: Words
    single_carrier_determiners: Words
    kind_heads: Words
    piece_nouns: Words
    rate_determiners: Words
    money_links: Words
    label_markers: Words
    clock_words: Words
    day_parts: Words
    single_words: Words
    hyphen_counts: Words
    irregular_verb_forms: Words
    speaker_pronouns: Words
    state_possessives: Words
    owner_possessives: dict[str, str]
    role_modifiers_dropped: Words
    source_determiners: Words
    vague_speaker_words: Words
    company_words: Words
    generic_bodies: Words
    institution_words: Words
    non_speaker_labels: Words
    speaker_titles: Words
    rank_prefixes: Words
    company_officer_words: Words
    unit_words: Words
    guest_offices: Words
    site_nouns: Words
    entry_supplier_labels: Words
    entry_value_labels: Words
    interviewer_labels: Words
    answer_day_cues: Words
    ceiling_verbs: Words
    commitment_nouns: Words
    deal_nouns: Words
    person_role_words: Words
    not_name_words: Words
    price_words: Words
    company_name_words: Words
    own_forces_nouns: Words
    target_verbs: Words
    verb_only_triggers: Words
    forms_of_address: Words
    aid_deal_nouns: Words
    coverage_verbs: Words
    common_capitalised: Words
    non_government_kinds: Words
    person_words: Words


class TablesFile(DataFile):
    roles: dict[str, Words]
    skip_columns: Words
    permit_columns: Words
    count_columns: Words
    index_columns: Words
    range_columns: dict[str, Words]
    count_scales: dict[str, float]
    source_columns: Words
    date_columns: Words
    kinds: dict[str, Words]
    caption_kinds: dict[str, Words]
    weak_kind_cues: Words
    statuses: dict[str, Words]
    caption_statuses: dict[str, Words]
    money_words: Words
    scales: dict[str, float]
    cell_rates: dict[str, str]
    note_columns: Words
    aggregate_columns: Words
    estimate_marks: Words
    unstated_values: Words
    residual_rows: Words
    uncounted_nouns: Words
    total_words: Words


FILES: dict[str, type[DataFile]] = {
    "actors": ActorsFile,
    "countries": CountriesFile,
    "organisations": OrganisationsFile,
    "companies": CompaniesFile,
    "groups": GroupsFile,
    "people": PeopleFile,
    "items": ItemsFile,
    "units": UnitsFile,
    "predicates": PredicatesFile,
    "status": StatusFile,
    "hedges": HedgesFile,
    "sources": SourcesFile,
    "words": WordsFile,
    "tables": TablesFile,
}
