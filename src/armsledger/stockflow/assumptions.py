"""The model's default assumptions (data/assumptions.yaml), validated on load."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from armsledger import yamltext
from armsledger.errors import ReferenceDataError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Share(_Strict):
    low: float = Field(ge=0)
    central: float = Field(ge=0)
    high: float = Field(ge=0)


class Assumptions(_Strict):
    target_attainment: Share
    stale_after_months: int = Field(ge=0)


@lru_cache(maxsize=1)
def load_assumptions() -> Assumptions:
    """The packaged defaults."""
    text = (resources.files("armsledger.stockflow") / "data" / "assumptions.yaml").read_text(encoding="utf-8")
    try:
        return Assumptions.model_validate(yamltext.safe_load(text))
    except ValidationError as exc:
        raise ReferenceDataError(f"stockflow/data/assumptions.yaml: {exc.errors()[0]['msg']}") from None
