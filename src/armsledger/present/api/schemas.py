"""Request bodies of the API's writes, as pydantic models (they document themselves in OpenAPI)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ClaimReviewIn(BaseModel):
    """Confirm, reject or correct a claim. `changes` (correct only) maps fields to values, e.g.
    `{"quantity.value": 10000, "item": "shells"}`; names are read as codes. `expected_latest` is the
    id of the newest review you saw (0 for none): if someone reviewed the claim since, the answer
    is 409 and nothing is written."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["confirm", "reject", "correct"]
    reason: str = Field(min_length=1, max_length=4000)
    changes: dict[str, Any] | None = None
    expected_latest: int | None = Field(default=None, ge=0)


class GradeIn(BaseModel):
    """An Admiralty reliability grade (A completely reliable … E unreliable, F cannot be judged)."""

    model_config = ConfigDict(extra="forbid")

    grade: Literal["A", "B", "C", "D", "E", "F", "a", "b", "c", "d", "e", "f"]
    reason: str = Field(min_length=1, max_length=4000)


class MergeIn(BaseModel):
    """Sources (names, aliases or ids) to merge into the source of the URL; their claims move to it."""

    model_config = ConfigDict(extra="forbid")

    others: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1, max_length=4000)
