"""Errors of the model stage, under the project's ArmsledgerError base."""

from __future__ import annotations

from armsledger.errors import ArmsledgerError

__all__ = ["ChartError", "ModelError", "ScenarioError"]


class ModelError(ArmsledgerError):
    """Base of the stock-and-flow model's known conditions."""


class ScenarioError(ModelError):
    """A scenario file is missing, not YAML, or has a bad key or value (the message names it)."""


class ChartError(ModelError):
    """A chart cannot be written (unknown format or unwritable path)."""
