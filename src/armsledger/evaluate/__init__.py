"""Evaluate the extractor against a gold corpus (SCHEMA.md "Gold files")."""

from armsledger.evaluate.gold import load_gold_corpus
from armsledger.evaluate.run import evaluate_corpora, evaluate_corpus
from armsledger.evaluate.scoring import score

__all__ = ["evaluate_corpora", "evaluate_corpus", "load_gold_corpus", "score"]
