"""Reference data of the reconcile stage: the YAML files under reconcile/data, typed.

`load_reference()` reads them once per folder. A folder given by `--data-dir` or the
`reconcile_data_dir` setting overrides the packaged files one file at a time, so an analyst
can change the interval rules without touching the loading model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from armsledger import yamltext
from armsledger.errors import ReferenceDataError
from armsledger.settings import get_setting

PACKAGED_DATA = Path(__file__).parent / "data"
FILES = ("intervals", "cumulative", "loading", "checks", "flows", "fusion", "sources")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Multipliers(_Strict):
    low: float
    central: float = 1.0
    high: float


class WordRule(Multipliers):
    words: list[str]
    floor_only: bool = False


class Band(_Strict):
    probability: tuple[float, float]
    weight: float
    widen: float


class Unhedged(_Strict):
    weight: float
    widen: float


class IntervalRules(_Strict):
    qualifiers: dict[str, Multipliers]
    qualifier_words: list[WordRule]
    certainty: dict[str, Band]
    unhedged: Unhedged
    hedged_default: str
    grades: dict[str, float]
    ungraded: float
    discount_grades: list[str]
    floor_min_weight: float
    credibility_single_source: dict[str, int]


class CueRules(_Strict):
    window_chars: int
    preceding_penalty: float
    default_role: str
    total: list[str]
    increment: list[str]
    rate: list[str]
    rate_words: dict[str, str]
    per_days: dict[str, float]


class Range3(_Strict):
    low: float
    central: float
    high: float


class Munition(_Strict):
    kg: float
    note: str = ""


class Limit(_Strict):
    name: str
    kg: float


class Carrier(_Strict):
    payload_kg: Range3
    volume_m3: float | None = None
    note: str = ""
    limits: list[Limit] = []


class LoadingData(_Strict):
    munitions: dict[str, dict[int, Munition]]
    default_calibre_mix: dict[str, dict[int, float]]
    carrier_contents: dict[str, dict[str, Range3]] = {}
    packing_factor: Range3
    carriers: dict[str, Carrier]


class ContainerLoadingParams(_Strict):
    packing_factors: list[float]


class CapacityParams(_Strict):
    lead_months: int


class ExhaustionParams(_Strict):
    margin_days: int


class MagnitudeParams(_Strict):
    years_of_output: float
    world_annual_output: dict[str, float]
    unit_ceiling: dict[str, float]
    ceiling: float


class CheckParams(_Strict):
    container_loading: ContainerLoadingParams
    production_capacity: CapacityParams
    stockpile_exhaustion: ExhaustionParams
    magnitude: MagnitudeParams


class FlowData(_Strict):
    unit_families: dict[str, str]
    item_groups: dict[str, list[str]]
    convertible: dict[str, list[str]]


class CapacityRules(_Strict):
    multipliers: Range3
    window_chars: int
    cues: list[str]


class FigureWeights(_Strict):
    count: float
    carrier: float
    capacity: float


class OutlierRules(_Strict):
    min_agreeing_reports: int


class FusionRules(_Strict):
    figure_weights: FigureWeights
    capacity: CapacityRules
    statement_gap_chars: int
    outliers: OutlierRules


class SourceRules(_Strict):
    leading_words: list[str]
    titles: list[str]
    possessive_words: int
    stop_words: list[str]


@dataclass(frozen=True)
class Reference:
    """All reconcile reference data, typed, with the item-group index and cue regexes ready."""

    intervals: IntervalRules
    cues: CueRules
    loading: LoadingData
    checks: CheckParams
    flows: FlowData
    fusion: FusionRules
    source_rules: SourceRules
    sources: dict[str, str]
    _groups: dict[str, str] = field(default_factory=dict, repr=False)
    _memos: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._groups.update({item: group for group, items in self.flows.item_groups.items() for item in items})

    def memo(self, name: str) -> dict:
        """A cache kept with this reference data (answers that depend only on it and a text)."""
        return self._memos.setdefault(name, {})

    def compiled(self, role: str) -> list[re.Pattern]:
        """The compiled cue patterns of `role` (total, increment or rate)."""
        return _compile(tuple(getattr(self.cues, role)))

    def cue_pattern(self) -> re.Pattern:
        """One regex finding total and increment cues; `match.lastgroup` names the role."""
        return _combined(tuple(self.cues.total), tuple(self.cues.increment))

    def capacity_pattern(self) -> re.Pattern:
        """One regex finding any capacity cue ("could hold", "enough", "if calculated as")."""
        return _any_of(tuple(self.fusion.capacity.cues))

    def item_group(self, item: str) -> str:
        """The item group an item code belongs to (itself when no group lists it)."""
        return self._groups.get(item, item)

    def unit_family(self, unit: str) -> str:
        """The unit family of a SCHEMA unit; every ISO 4217 currency is a family of its own."""
        return self.flows.unit_families.get(unit, unit)


@lru_cache(maxsize=8)
def _combined(total: tuple[str, ...], increment: tuple[str, ...]) -> re.Pattern:
    alternatives = {"total": total, "increment": increment}
    body = "|".join(f"(?P<{role}>" + "|".join(f"(?:{p})" for p in pats) + ")" for role, pats in alternatives.items())
    letters = _first_letters(total + increment)
    # A lookahead on the letters cues can start with lets the engine skip most positions fast.
    return re.compile((f"(?=[{''.join(sorted(letters))}])(?:{body})" if letters else body), re.IGNORECASE)


def _first_letters(patterns: tuple[str, ...]) -> set[str] | None:
    """The letters every match of `patterns` starts with, or None when a pattern's start is not plain."""
    letters: set[str] = set()
    for pattern in patterns:
        rest = pattern.removeprefix(r"\b")
        if rest.startswith("("):
            group = rest[1 : rest.find(")")]
            starts = [alt[:1] for alt in group.removeprefix("?:").split("|")]
        else:
            starts = [rest[:1]]
        if not all(c.isalpha() for c in starts):
            return None
        letters.update(c.lower() for c in starts)
    return letters


@lru_cache(maxsize=8)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


_MODELS: dict[str, type[BaseModel]] = {
    "intervals": IntervalRules,
    "cumulative": CueRules,
    "loading": LoadingData,
    "checks": CheckParams,
    "flows": FlowData,
    "fusion": FusionRules,
    "sources": SourceRules,
}


def _read(path: Path, name: str) -> BaseModel:
    try:
        raw = yamltext.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"cannot read reference data {path}: {exc}", path=str(path)) from exc
    try:
        return _MODELS[name].model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ReferenceDataError(f"malformed reference data {path}: {where}: {first['msg']}", path=str(path)) from exc


@lru_cache(maxsize=8)
def _load(data_dir: str | None) -> Reference:
    parts: dict[str, Any] = {}
    sources: dict[str, str] = {}
    override = Path(data_dir) if data_dir else None
    if override is not None and not override.is_dir():
        raise ReferenceDataError(f"reference data folder not found: {override}", path=str(override))
    for name in FILES:
        path = PACKAGED_DATA / f"{name}.yaml"
        if override is not None and (override / f"{name}.yaml").is_file():
            path = override / f"{name}.yaml"
        parts[name] = _read(path, name)
        sources[name] = str(path)
    for pattern in (
        *parts["cumulative"].total,
        *parts["cumulative"].increment,
        *parts["cumulative"].rate,
        *parts["fusion"].capacity.cues,
    ):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ReferenceDataError(f"bad cue pattern {pattern!r}: {exc}", pattern=pattern) from exc
    return Reference(
        intervals=parts["intervals"],
        cues=parts["cumulative"],
        loading=parts["loading"],
        checks=parts["checks"],
        flows=parts["flows"],
        fusion=parts["fusion"],
        source_rules=parts["sources"],
        sources=sources,
    )


def load_reference(data_dir: str | Path | None = None) -> Reference:
    """The reference data: packaged defaults, overridden file by file from `data_dir`
    (else the `reconcile_data_dir` setting)."""
    chosen = data_dir if data_dir is not None else get_setting("reconcile_data_dir")
    return _load(str(chosen) if chosen else None)
