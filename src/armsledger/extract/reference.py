"""Reference data for the extractor, loaded once from the YAML files in `data/` (analysts edit those).

Each file is validated by its model in `datafiles.py`. A folder given by the `extract_data_dir`
setting (`--data-dir` on the CLI) overrides the packaged files one file at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar
from importlib import resources
from pathlib import Path

import pycountry
import yaml
from pydantic import ValidationError

from armsledger.errors import ReferenceDataError
from armsledger.extract.datafiles import (
    FILES, ActorsFile, DataFile, HedgesFile, ItemsFile, PeopleFile, PredicatesFile, SourcesFile, StatusFile, UnitsFile,
    WordsFile, recorded, recording,
)
from armsledger.settings import get_setting

DATA_PACKAGE = "armsledger.extract"
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
        raw = yaml.safe_load(text)
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


def _variants(phrase: str) -> set[str]:
    out = {phrase}
    if phrase[:1].islower():
        out.add(phrase[:1].upper() + phrase[1:])
    if phrase.startswith("the "):
        out.add("The " + phrase[4:])
    return out


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
    actor_aliases: dict[str, str]                # phrase -> code
    anaphors: dict[str, tuple[str, ...]]         # phrase -> preferred codes
    organisations: dict[str, str]                # lower-cased org phrase -> country code
    organisation_names: dict[str, str]           # org phrase as written -> country code
    items: dict[str, str]                        # lower phrase -> item code
    units: dict[str, str]                        # lower phrase -> unit
    rates: dict[str, str]                        # lower phrase -> per
    triggers: dict[str, list[tuple[str, str]]]   # lemma -> [(kind, frame)]
    hedges: dict[str, str]                       # lower cue -> certainty band
    demonyms: frozenset[str] = field(default_factory=frozenset)
    people: dict[str, str] = field(default_factory=dict)         # person name -> country


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
    from the `extract_data_dir` setting)."""
    chosen = get_setting("extract_data_dir")
    return _lexicon(str(chosen) if chosen else None, recording())


@lru_cache(maxsize=4)
def _lexicon(data_dir: str | None, _recording: bool) -> Lexicon:
    override = Path(data_dir) if data_dir else None
    if override is not None and not override.is_dir():
        raise ReferenceDataError(f"extractor data folder not found: {override}", path=str(override))
    files = {stem: load_data_file(stem, override) for stem in FILES}
    actors: ActorsFile = files["actors"]  # type: ignore[assignment]
    aliases: dict[str, str] = dict(_country_names())
    demonyms: set[str] = set()
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
    organisations = {}
    organisation_names = {}
    for code, phrases in actors.organisations.items():
        for phrase in phrases:
            organisations[str(phrase).lower()] = str(code)
            organisation_names[str(phrase)] = str(code)
    items_file: ItemsFile = files["items"]  # type: ignore[assignment]
    items = {str(phrase).lower(): code for code, phrases in items_file.items.items() for phrase in phrases}
    units_file: UnitsFile = files["units"]  # type: ignore[assignment]
    units = {str(p).lower(): u for u, ps in units_file.units.items() for p in ps}
    rates = {str(p).lower(): r for r, ps in units_file.rates.items() for p in ps}
    preds: PredicatesFile = files["predicates"]  # type: ignore[assignment]
    triggers: dict[str, list[tuple[str, str]]] = {}
    for kind, frames in preds.triggers.items():
        for frame, lemmas in frames.items():
            for lemma in lemmas:
                pair = (kind, frame)
                if pair not in triggers.setdefault(str(lemma), []):
                    triggers[str(lemma)].append(pair)
    hedge_file: HedgesFile = files["hedges"]  # type: ignore[assignment]
    people: PeopleFile = files["people"]  # type: ignore[assignment]
    return Lexicon(
        actors_file=actors, items_file=items_file, units_file=units_file, predicates_file=preds,
        status=files["status"], hedges_file=hedge_file, sources=files["sources"],  # type: ignore[arg-type]
        words=files["words"],  # type: ignore[arg-type]
        actor_aliases=aliases, anaphors=anaphors, organisations=organisations,
        organisation_names=organisation_names, items=items, units=units, rates=rates, triggers=triggers,
        hedges={str(k).lower(): str(v) for k, v in hedge_file.cues.items()},
        demonyms=frozenset(demonyms), people={str(k): str(v) for k, v in people.people.items()},
    )
