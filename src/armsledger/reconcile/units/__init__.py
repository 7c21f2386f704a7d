"""Unit conversion with uncertainty: carriers and tonnes to items through a loading model."""

from armsledger.reconcile.units.loading import (
    CalibreMix,
    LoadingModel,
    items_per_carrier,
    loading_model,
    parse_calibre_mix,
)

__all__ = ["CalibreMix", "LoadingModel", "items_per_carrier", "loading_model", "parse_calibre_mix"]
