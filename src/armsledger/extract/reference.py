"""Reference data for the extractor, loaded once from the YAML files in `data/` (analysts edit those)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pycountry
import yaml

from armsledger.errors import ReferenceDataError

DATA_PACKAGE = "armsledger.extract"


def load_yaml(name: str) -> dict:
    """Parse `data/<name>`; a missing or malformed file is a ReferenceDataError."""
    try:
        text = resources.files(DATA_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"reference data file {name}: {exc}", file=name) from None
    if not isinstance(data, dict):
        raise ReferenceDataError(f"reference data file {name}: expected a mapping at the top", file=name)
    return data


def _variants(phrase: str) -> set[str]:
    out = {phrase}
    if phrase[:1].islower():
        out.add(phrase[:1].upper() + phrase[1:])
    if phrase.startswith("the "):
        out.add("The " + phrase[4:])
    return out


@dataclass(frozen=True)
class Lexicon:
    """Everything the components look up, as plain dictionaries and sets."""

    actor_aliases: dict[str, str]                # phrase -> code
    anaphors: dict[str, tuple[str, ...]]         # phrase -> preferred codes
    organisations: dict[str, str]                # lower-cased org phrase -> country code
    organisation_names: dict[str, str]           # org phrase as written -> country code
    items: dict[str, str]                        # lower phrase -> item code
    not_items: frozenset[str]
    generic_items: frozenset[str]
    units: dict[str, str]                        # lower phrase -> unit
    rates: dict[str, str]                        # lower phrase -> per
    not_counted: frozenset[str]
    triggers: dict[str, list[tuple[str, str]]]   # lemma -> [(kind, frame)]
    weak_production: frozenset[str]
    hedges: dict[str, str]                       # lower cue -> certainty band
    committed: frozenset[str]
    target: frozenset[str]
    request: frozenset[str]
    denial: frozenset[str]
    cap: frozenset[str]
    speech_verbs: frozenset[str]
    attribution_phrases: tuple[str, ...]
    roles: frozenset[str]
    demonyms: frozenset[str] = field(default_factory=frozenset)
    home_countries: dict[str, str] = field(default_factory=dict)
    implicit_items: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)         # person name -> country
    conversion_cues: frozenset[str] = field(default_factory=frozenset)
    attributed_hedge_nouns: frozenset[str] = field(default_factory=frozenset)


def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value and "," not in value and "(" not in value:
                names[value] = c.alpha_3
    return names


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The extractor's lexicon, built from pycountry and the data files."""
    actors = load_yaml("actors.yaml")
    aliases: dict[str, str] = {}
    for name, code in _country_names().items():
        aliases[name] = code
    demonyms: set[str] = set()
    for code, phrases in (actors.get("aliases") or {}).items():
        for phrase in phrases:
            for v in sorted(_variants(str(phrase))):
                aliases[v] = str(code)
            if str(phrase).endswith(("an", "ans", "ese", "ish", "ch", "i")) and " " not in str(phrase):
                demonyms.add(str(phrase))
    for code, phrases in (actors.get("places") or {}).items():
        for phrase in phrases:
            aliases.setdefault(str(phrase), str(code))
    anaphors = {}
    for phrase, spec in (actors.get("anaphors") or {}).items():
        prefer = tuple((spec or {}).get("prefer") or ())
        for v in sorted(_variants(phrase)):
            anaphors[v] = prefer
    organisations = {}
    organisation_names = {}
    for code, phrases in (actors.get("organisations") or {}).items():
        for phrase in phrases:
            organisations[str(phrase).lower()] = str(code)
            organisation_names[str(phrase)] = str(code)

    items_data = load_yaml("items.yaml")
    items = {}
    for code, phrases in items_data["items"].items():
        for phrase in phrases:
            items[str(phrase).lower()] = code
    units_data = load_yaml("units.yaml")
    units = {str(p).lower(): u for u, ps in units_data["units"].items() for p in ps}
    rates = {str(p).lower(): r for r, ps in units_data["rates"].items() for p in ps}

    preds = load_yaml("predicates.yaml")
    triggers: dict[str, list[tuple[str, str]]] = {}
    for kind, frames in preds["triggers"].items():
        for frame, lemmas in frames.items():
            for lemma in lemmas:
                pair = (kind, frame)
                if pair not in triggers.setdefault(str(lemma), []):
                    triggers[str(lemma)].append(pair)
    hedge_data = load_yaml("hedges.yaml")
    hedges = {str(k).lower(): str(v) for k, v in hedge_data["cues"].items()}
    status = load_yaml("status.yaml")
    sources = load_yaml("sources.yaml")
    return Lexicon(
        actor_aliases=aliases, anaphors=anaphors, organisations=organisations,
        organisation_names=organisation_names, items=items,
        not_items=frozenset(str(p).lower() for p in items_data.get("not_items") or ()),
        generic_items=frozenset(items_data.get("generic") or ()), units=units, rates=rates,
        not_counted=frozenset(str(p).lower() for p in units_data.get("not_counted") or ()),
        triggers=triggers, weak_production=frozenset(preds.get("weak_production") or ()), hedges=hedges,
        committed=frozenset(status["committed"]), target=frozenset(status["target"]),
        request=frozenset(status["request"]), denial=frozenset(status["denial"]), cap=frozenset(status["cap"]),
        speech_verbs=frozenset(sources["speech_verbs"]),
        attribution_phrases=tuple(sources["attribution_phrases"]), roles=frozenset(sources["roles"]),
        demonyms=frozenset(demonyms),
        home_countries={str(k): str(v) for k, v in (actors.get("home_countries") or {}).items()},
        implicit_items={str(k): str(v) for k, v in (preds.get("implicit_items") or {}).items()},
        people={str(k): str(v) for k, v in (load_yaml("people.yaml").get("people") or {}).items()},
        conversion_cues=frozenset(str(c).lower() for c in hedge_data.get("conversion") or ()),
        attributed_hedge_nouns=frozenset(str(c).lower() for c in hedge_data.get("attributed_nouns") or ()),
    )
