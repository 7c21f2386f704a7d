"""Scenario files: YAML that gives or overrides any input of a projection.

    actor: RUS
    item: artillery_shell
    as_of: 2024-06-30          # ledger estimates as of this date
    start: 2024-07             # first projected month
    months: 24
    inputs:
      initial_stock: {low: 3000000, central: 4000000, high: 6000000, note: "Estonian estimate"}
      consumption: {value: 10000, per: day}
      imports:
        PRK: {low: 200000, central: 300000, high: 400000, per: month, dud: {value: 0.2}, end: 2025-06}

Every key is checked (pydantic, unknown keys refused); a bad file raises ScenarioError with
one line naming the key and what is wrong. Inputs the file leaves out come from the ledger.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal, Union

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from armsledger import yamltext
from armsledger.stockflow.distributions import SHAPES, Range, Shape
from armsledger.stockflow.errors import ScenarioError
from armsledger.stockflow.months import parse_month, per_month_factor

Period = Literal["day", "week", "month", "year"]
MAX_SCENARIO_BYTES = 1024 * 1024


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _month(value: Any) -> date | None:
    if value is None:
        return None
    try:
        return parse_month(str(value) if not isinstance(value, date) else value)
    except ValueError as exc:
        raise ValueError(str(exc)) from None


class RangeSpec(_Strict):
    """A figure: `value` alone (no uncertainty), or low / central / high (central defaults to
    the midpoint), with an optional shape and a note saying where it comes from."""

    value: float | None = Field(default=None, ge=0)
    low: float | None = Field(default=None, ge=0)
    central: float | None = Field(default=None, ge=0)
    high: float | None = Field(default=None, ge=0)
    shape: Shape | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _complete(self) -> RangeSpec:
        ends = (self.low, self.central, self.high)
        if self.value is not None:
            if any(v is not None for v in ends):
                raise ValueError("give either value or low/central/high, not both")
            return self
        if self.low is None or self.high is None:
            missing = "low" if self.low is None else "high"
            raise ValueError(f"{missing} is missing (give value, or low and high with an optional central)")
        central = (self.low + self.high) / 2 if self.central is None else self.central
        if self.low > self.high:
            raise ValueError(f"low {self.low:g} is above high {self.high:g}")
        if not self.low <= central <= self.high:
            raise ValueError(f"need low <= central <= high, got {self.low:g}, {central:g}, {self.high:g}")
        return self

    def to_range(self, default_shape: Shape, factor: float = 1.0) -> Range:
        if self.value is not None:
            return Range.point(self.value * factor)
        assert self.low is not None and self.high is not None
        central = (self.low + self.high) / 2 if self.central is None else self.central
        return Range(self.low * factor, central * factor, self.high * factor, self.shape or default_shape)


class ShareSpec(RangeSpec):
    """A share between 0 and 1 (dud fraction, target attainment)."""

    @model_validator(mode="after")
    def _share(self) -> ShareSpec:
        top = self.value if self.value is not None else self.high
        if top is not None and top > 1:
            raise ValueError(f"a share must lie between 0 and 1, not {top:g}")
        return self


class RateSpec(RangeSpec):
    """A rate: the figure per `per` (day, week, month or year; default month)."""

    per: Period = "month"

    def monthly(self, default_shape: Shape) -> Range:
        return self.to_range(default_shape, per_month_factor(self.per))


class TradeSpec(RateSpec):
    """Imports from one supplier or exports to one recipient; `dud` is the share of imports
    that does not work; `start` and `end` (YYYY-MM) bound the months it runs."""

    dud: ShareSpec | None = None
    start: date | None = None
    end: date | None = None

    _months = field_validator("start", "end", mode="before")(_month)

    @model_validator(mode="after")
    def _order(self) -> TradeSpec:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end:%Y-%m} is before start {self.start:%Y-%m}")
        return self


class TargetSpec(RateSpec):
    """A production target: the rate aimed at, due `by` (YYYY, YYYY-MM or a date), and the
    share of the gap closed by then (default: target_attainment)."""

    by: date
    attainment: ShareSpec | None = None

    _by = field_validator("by", mode="before")(_month)


class InputsSpec(_Strict):
    initial_stock: RangeSpec | None = None
    consumption: RateSpec | None = None
    production: RateSpec | None = None
    targets: list[TargetSpec] | None = None
    imports: dict[str, TradeSpec] = Field(default_factory=dict)
    exports: dict[str, TradeSpec] = Field(default_factory=dict)

    @field_validator("targets")
    @classmethod
    def _one_a_month(cls, targets: list[TargetSpec] | None) -> list[TargetSpec] | None:
        seen: set[date] = set()
        for t in targets or []:
            if t.by in seen:
                raise ValueError(f"two targets due {t.by:%Y-%m}; give one per month")
            seen.add(t.by)
        return targets


class ScenarioFile(_Strict):
    """A whole scenario file; every key is optional."""

    actor: str | None = None
    item: str | None = None
    as_of: date | None = None
    start: date | None = None
    months: int | None = Field(default=None, ge=1, le=600)
    draws: int | None = Field(default=None, ge=1, le=1_000_000)
    seed: int | None = Field(default=None, ge=0)
    distribution: Shape | None = None
    target_attainment: ShareSpec | None = None
    inputs: InputsSpec = Field(default_factory=InputsSpec)

    _start = field_validator("start", mode="before")(_month)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation (Optional, list or dict of it), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType, list, dict):
        for arg in typing.get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def _allowed(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where `loc` points (its last part is the bad key)."""
    model: type[BaseModel] | None = ScenarioFile
    for part in loc[:-1]:
        if model is None:
            return []
        field = model.model_fields.get(str(part))
        if field is not None:
            model = _model_of(field.annotation)
    return list(model.model_fields) if model is not None else []


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def describe_error(exc: ValidationError) -> str:
    """One line: the first problem, naming its key, and how many more there are."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    if first["type"] == "extra_forbidden":
        allowed = _allowed(loc)
        what = "unknown key" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    elif first["type"] == "literal_error" and loc and loc[-1] in ("shape", "distribution"):
        what = f"must be one of {', '.join(SHAPES)}, not {first.get('input')!r}"
    else:
        what = str(first["msg"]).removeprefix("Value error, ")
        given = first.get("input")
        if isinstance(given, (str, int, float)) and repr(given) not in what:
            what += f" (got {given!r})"
    more = len(errors) - 1
    return f"{_where(loc)}: {what}" + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def parse_scenario(text: str, name: str = "scenario") -> ScenarioFile:
    """A scenario from YAML text; ScenarioError names the key at fault."""
    try:
        data = yamltext.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        raise ScenarioError(f"{name}: not valid YAML{where}: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(f"{name}: expected a mapping of keys (actor, item, inputs...), got {type(data).__name__}")
    try:
        return ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(f"{name}: {describe_error(exc)}") from None


def load_scenario(path: str | Path) -> ScenarioFile:
    """A scenario file, read and validated."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_SCENARIO_BYTES:
            raise ScenarioError(f"{p}: larger than {MAX_SCENARIO_BYTES:,} bytes; not a scenario file")
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{p}: no such scenario file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{p}: cannot be read ({exc.__class__.__name__})") from None
    return parse_scenario(text, str(p))
