"""Learned steps beside the rules: a claim filter trained with spaCy on the gold corpora.

The rules propose claims; `ClaimFilter` (a spaCy text classifier over each proposed claim's fields and the words
around its figure) keeps those that look like what annotators marked as claims. `training` rebuilds it from the
gold corpora (`armsledger gold train-filter`)."""

from armsledger.extract.learned.claim_filter import ClaimFilter, load_claim_filter

__all__ = ["ClaimFilter", "load_claim_filter"]
