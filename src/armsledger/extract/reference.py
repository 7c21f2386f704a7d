"""Reference data for the extractor, loaded once from the YAML files in `data/` (analysts edit those).

Each file is validated by its model in `datafiles.py`. A folder given by the `extract_data_dir`
setting (`--data-dir` on the CLI) overrides the packaged files one file at a time."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import pycountry
import yaml
from pydantic import ValidationError

from armsledger import yamltext
from armsledger.errors import ReferenceDataError
from armsledger.extract.datafiles import (
    FILES,
    ActorsFile,
    CompaniesFile,
    CountriesFile,
    DataFile,
    GroupsFile,
    HedgesFile,
    ItemsFile,
    OrganisationsFile,
    PeopleFile,
    PredicatesFile,
    SourcesFile,
    StatusFile,
    UnitsFile,
    WordsFile,
    recorded,
    recording,
)
from armsledger.settings import SETTINGS

DATA_PACKAGE = "armsledger.extract"
_DATA_DIR_ENV = next(s.env for s in SETTINGS if s.name == "extract_data_dir")
F = TypeVar("F", bound=Callable[..., Any])
_DERIVED: list[Any] = []


def derived(fn: F) -> F:
    """Cache something built from the lexicon (a regex, an index) until `reset_lexicon()`."""
    cached = lru_cache(maxsize=4)(fn)
    _DERIVED.append(cached)
    return cached  # type: ignore[return-value]


def reset_lexicon() -> None:
    """Forget the loaded data files and everything built from them (after changing the data folder)."""
    _lexicon.cache_clear()
    for cached in _DERIVED:
        cached.cache_clear()


def _read_text(name: str, override: Path | None) -> tuple[str, str]:
    if override is not None and (override / name).is_file():
        path = override / name
        return path.read_text(encoding="utf-8"), str(path)
    return resources.files(DATA_PACKAGE).joinpath("data", name).read_text(encoding="utf-8"), f"data/{name}"


def load_data_file(stem: str, override: Path | None = None) -> DataFile:
    """Parse and validate `data/<stem>.yaml` (or the override folder's copy); a missing, malformed or
    invalid file is a ReferenceDataError naming the file and the key."""
    name = f"{stem}.yaml"
    try:
        text, where = _read_text(name, override)
        raw = yamltext.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"reference data file {name}: {exc}", file=name) from None
    if not isinstance(raw, dict):
        raise ReferenceDataError(f"reference data file {where}: expected a mapping at the top", file=name)
    model = FILES[stem]
    try:
        return (recorded(model) if recording() else model).model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        raise ReferenceDataError(f"reference data file {where}: {key}: {first['msg']}", file=name, key=key) from None


def _model_plural(phrase: str) -> str | None:
    """The plural of a model name ("SM-6" -> "SM-6s", "Bohdana" -> "Bohdanas"), None for common words."""
    last = phrase.split()[-1]
    if last.endswith(("s", "S")) or not (any(ch.isdigit() for ch in last) or last[:1].isupper()):
        return None
    return phrase + "s"


def _variants(phrase: str) -> set[str]:
    out = {phrase}
    if phrase[:1].islower():
        out.add(phrase[:1].upper() + phrase[1:])
    if phrase.startswith("the "):
        out.add("The " + phrase[4:])
    return out


def actor_slug(name: str) -> str:
    """SCHEMA's code for an actor that is no state: lower case, words joined by `_` ("Hyundai Rotem")."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


@dataclass(frozen=True)
class Lexicon:
    """Everything the components look up: the data files as typed models, and indexes built from them."""

    actors_file: ActorsFile
    items_file: ItemsFile
    units_file: UnitsFile
    predicates_file: PredicatesFile
    status: StatusFile
    hedges_file: HedgesFile
    sources: SourcesFile
    words: WordsFile
    actor_aliases: dict[str, str]  # phrase -> code
    anaphors: dict[str, tuple[str, ...]]  # phrase -> preferred codes
    organisations: dict[str, str | None]  # lower-cased org phrase -> country code (None: no single state)
    organisation_names: dict[str, str]  # org phrase as written -> country code, for the actor matcher
    organisation_canonical: dict[str, str]  # lower-cased org phrase -> the body's canonical name
    organisation_fallback: dict[str, str]  # lower-cased generic org phrase -> the one state that uses it
    shared_bodies: dict[str, frozenset[str]]  # lower-cased name several states' bodies have -> those states
    home_countries: dict[str, str]  # company or group slug -> its state
    makers: dict[str, str]  # designation as written ("K9", "Caesar") -> slug of the company that makes it
    armed_groups: frozenset[str]  # slugs of armed groups (not companies)
    body_names: frozenset[str]  # actor phrases that name a state body, not the state itself
    outside_bodies: frozenset[str]  # bodies that speak for no government (research, media, NGOs)
    items: dict[str, str]  # lower phrase -> item code
    units: dict[str, str]  # lower phrase -> unit
    rates: dict[str, str]  # lower phrase -> per
    triggers: dict[str, list[tuple[str, str]]]  # lemma -> [(kind, frame)]
    hedges: dict[str, str]  # lower cue -> certainty band
    demonyms: frozenset[str] = field(default_factory=frozenset)
    people: dict[str, str] = field(default_factory=dict)  # person name -> country
    person_names: dict[str, str] = field(default_factory=dict)  # person name, alias or surname -> name
    person_companies: dict[str, str] = field(default_factory=dict)  # person name -> the company their role names


def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value and "(" not in value:
                names[value] = c.alpha_3
    return names


def lexicon() -> Lexicon:
    """The extractor's lexicon, built from pycountry and the data files (packaged, or overridden file by file
    from the `extract_data_dir` setting). Called on hot paths, so the setting is read straight from its
    environment variable (validated once, when the folder is loaded)."""
    chosen = os.environ.get(_DATA_DIR_ENV) or None
    return _lexicon(chosen, recording())


@lru_cache(maxsize=4)
def _lexicon(data_dir: str | None, _recording: bool) -> Lexicon:
    override = Path(data_dir) if data_dir else None
    if override is not None and not override.is_dir():
        raise ReferenceDataError(f"extractor data folder not found: {override}", path=str(override))
    files = {stem: load_data_file(stem, override) for stem in FILES}
    actors: ActorsFile = files["actors"]  # type: ignore[assignment]
    words: WordsFile = files["words"]  # type: ignore[assignment]
    aliases, demonyms = _state_aliases(files["countries"])  # type: ignore[arg-type]
    items_file: ItemsFile = files["items"]  # type: ignore[assignment]
    items = {str(phrase).lower(): code for code, phrases in items_file.items.items() for phrase in phrases}
    for code, phrases in items_file.items.items():
        for phrase in phrases:
            plural = _model_plural(phrase)
            if plural:
                items.setdefault(plural.lower(), code)  # "SM-6s", "Bohdanas", "K9s"
    orgs = _organisations(files["organisations"], words, items)  # type: ignore[arg-type]
    body_names = set()
    for phrase, code in orgs.actor_names.items():
        if phrase not in aliases:
            aliases[phrase] = code
            body_names.add(phrase)
    home: dict[str, str] = {}
    makers: dict[str, str] = {}
    companies: CompaniesFile = files["companies"]  # type: ignore[assignment]
    groups: GroupsFile = files["groups"]  # type: ignore[assignment]
    for slug, company in companies.companies.items():
        for name in company.names:
            aliases[name] = slug
        if company.home_country:
            home[slug] = company.home_country
        for designation in company.makes:
            makers[str(designation)] = slug
    for slug, group in groups.groups.items():
        for name in group.names:
            aliases[name] = slug
        if group.base_country:
            home[slug] = group.base_country
    for code, phrases in actors.aliases.items():
        for phrase in phrases:
            for v in sorted(_variants(str(phrase))):
                aliases[v] = str(code)
            if str(phrase).endswith(("an", "ans", "ese", "ish", "ch", "i")) and " " not in str(phrase):
                demonyms.add(str(phrase))
    for code, phrases in actors.places.items():
        for phrase in phrases:
            aliases.setdefault(str(phrase), str(code))
    anaphors = {}
    for phrase, spec in actors.anaphors.items():
        for v in sorted(_variants(phrase)):
            anaphors[v] = tuple(spec.prefer)
    units_file: UnitsFile = files["units"]  # type: ignore[assignment]
    units = {str(p).lower(): u for u, ps in units_file.units.items() for p in ps}
    rates: dict[str, str] = {str(p).lower(): r for r, ps in units_file.rates.items() for p in ps}
    preds: PredicatesFile = files["predicates"]  # type: ignore[assignment]
    triggers: dict[str, list[tuple[str, str]]] = {}
    for kind, frames in preds.triggers.items():
        for frame, lemmas in frames.items():
            for lemma in lemmas:
                pair = (kind, frame)
                if pair not in triggers.setdefault(str(lemma), []):
                    triggers[str(lemma)].append(pair)
    hedge_file: HedgesFile = files["hedges"]  # type: ignore[assignment]
    people = _people(files["people"])  # type: ignore[arg-type]
    words_file: WordsFile = files["words"]  # type: ignore[assignment]
    for person in files["people"].people:  # type: ignore[attr-defined]
        state = person.country or ""
        if person.surname and len(state) == 3 and state.isupper():
            for noun in words_file.leader_government_nouns:
                aliases.setdefault(f"{person.surname} {noun}", state)  # "the Albanese Government will provide…"
    return Lexicon(
        actors_file=actors,
        items_file=items_file,
        units_file=units_file,
        predicates_file=preds,
        status=files["status"],  # type: ignore[arg-type]
        hedges_file=hedge_file,
        sources=files["sources"],  # type: ignore[arg-type]
        words=files["words"],  # type: ignore[arg-type]
        actor_aliases=aliases,
        anaphors=anaphors,
        organisations=orgs.countries,
        organisation_names=orgs.actor_names,
        organisation_canonical=orgs.canonical,
        organisation_fallback=orgs.fallback,
        shared_bodies=orgs.shared,
        home_countries=home,
        makers=makers,
        armed_groups=frozenset(groups.groups),
        body_names=frozenset(body_names),
        outside_bodies=orgs.outside,
        items=items,
        units=units,
        rates=rates,
        triggers=triggers,
        hedges={str(k).lower(): str(v) for k, v in hedge_file.cues.items()},
        demonyms=frozenset(demonyms),
        people=people,
        person_companies={
            person.name: m.group(1)
            for person in files["people"].people  # type: ignore[attr-defined]
            if (m := _ROLE_COMPANY.search(person.role or "")) and aliases.get(m.group(1), "").islower()
        },
        person_names={
            alias: person.name
            for person in files["people"].people  # type: ignore[attr-defined]
            for alias in (person.name, *person.aliases, *([person.surname] if person.surname else []))
        },
    )


# "Chief executive of Rheinmetall (2013–)": the company a person's role is at
_ROLE_COMPANY = re.compile(r"\bof ([A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,2})")


def _state_aliases(countries: CountriesFile) -> tuple[dict[str, str], set[str]]:
    """Phrases naming states (pycountry's names, then countries.yaml's names, capitals, demonyms and
    metonyms) and the demonyms among them."""
    aliases: dict[str, str] = dict(_country_names())
    demonyms: set[str] = set()
    for code, country in countries.countries.items():
        for phrase in (*country.names, *country.capitals, *country.metonyms, *country.demonyms):
            for v in sorted(_variants(phrase)):
                aliases[v] = code
        demonyms.update(country.demonyms)
    return aliases, demonyms


@dataclass
class _Organisations:
    countries: dict[str, str | None]
    canonical: dict[str, str]
    actor_names: dict[str, str]
    fallback: dict[str, str]
    outside: frozenset[str]
    shared: dict[str, frozenset[str]]


def _organisations(data: OrganisationsFile, words: WordsFile, items: dict[str, str]) -> _Organisations:
    """Index the bodies that speak for states: every alias to its country (None where the alias is generic
    or several states use it) and canonical name; distinctive aliases of state bodies also name the state
    as an actor ("the Pentagon", "HUR"). Aliases for people ("NATO officials") are left out, and an alias
    that ends in materiel ("North Korean troops") names no actor, so the materiel stays an item."""
    generic = words.institution_words
    seen: dict[str, set[str | None]] = {}
    canonical: dict[str, str] = {}
    outside: set[str] = set()
    for org in data.organisations:
        if org.kind in words.non_government_kinds:
            outside.update((org.name, *org.aliases))
        bare = re.sub(r"\s*\([^)]*\)$", "", org.name)  # "Defense Intelligence Agency (South Korea)": also the bare name
        for phrase in dict.fromkeys((org.name, bare, *org.aliases)):
            last = phrase.split()[-1].lower() if phrase.split() else ""
            if last in words.person_words:
                continue
            seen.setdefault(phrase, set()).add(org.country)
            canonical.setdefault(phrase.lower(), org.name)
    countries: dict[str, str | None] = {}
    actor_names: dict[str, str] = {}
    fallback: dict[str, str] = {}
    for phrase, codes in seen.items():
        is_generic = all(w.strip(",.").lower() in generic for w in phrase.replace("'s", " 's").split())
        code = next(iter(codes)) if len(codes) == 1 and not is_generic else None
        countries[phrase.lower()] = code
        if is_generic and len(codes) == 1 and next(iter(codes)):
            fallback[phrase.lower()] = str(next(iter(codes)))  # "the Ministry of Defence": Britain's, if nothing else
        last = phrase.split()[-1].lower()
        if code is not None and len(phrase) > 2 and last not in items and phrase.lower() not in items:
            actor_names[phrase] = code
    shared = {
        phrase.lower(): frozenset(str(c) for c in codes if c)
        for phrase, codes in seen.items()
        if len({c for c in codes if c}) > 1
    }
    return _Organisations(countries, canonical, actor_names, fallback, frozenset(outside), shared)


def _people(data: PeopleFile) -> dict[str, str]:
    """Person names, aliases and distinctive surnames -> the state or bloc they speak for."""
    out: dict[str, str] = {}
    for person in data.people:
        if person.country is None:
            continue
        for name in (person.name, *person.aliases, *([person.surname] if person.surname else [])):
            out[name] = person.country
    return out


@derived
def _maker_regex() -> re.Pattern | None:
    designations = sorted(lexicon().makers, key=len, reverse=True)
    if not designations:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(d) for d in designations) + r")(?![\w-])")


def maker_of(mention: str) -> str | None:
    """The company that makes the designation an item mention names ("K9A1 howitzers" -> hanwha_aerospace by "K9A1"),
    else None."""
    pattern = _maker_regex()
    found = pattern.search(mention) if pattern is not None else None
    return lexicon().makers[found.group(0)] if found else None


def general_item(codes: Collection[str | None]) -> str:
    """SCHEMA rule 7: the most general code covering several items moved as one load ("shells and rockets" are
    `ammunition`; anything more mixed, or not known, is `weapons`)."""
    munitions = lexicon().items_file.munitions
    return "ammunition" if all(code in munitions for code in codes) else "weapons"
