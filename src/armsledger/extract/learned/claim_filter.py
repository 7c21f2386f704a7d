"""The claim filter: a spaCy text classifier that keeps the proposed claims annotators would mark as claims.

It is stored as a spaCy pipeline folder (`model/`, a blank English pipeline with one `textcat`) beside
`filter.json` (threshold, what it was trained on, its cross-validated figures). The packaged filter lives in
`extract/data/claim_filter/`; `claim_filter_dir` points at another (one trained on your own reviewed corpora)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from armsledger.errors import ModelNotInstalledError
from armsledger.extract.learned.features import document_features
from armsledger.settings import get_setting

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TextCategorizer

    from armsledger.model import Claim

LABEL = "CLAIM"
OTHER = "NOT"


@dataclass
class ClaimFilter:
    nlp: Language
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    def scores(self, claims: list[dict[str, Any]], text: str) -> list[float]:
        """The probability, per proposed claim (SCHEMA dicts of one document), that it is a claim."""
        from spacy.tokens import Doc

        if not claims:
            return []
        textcat = cast("TextCategorizer", self.nlp.get_pipe("textcat"))
        docs = [Doc(self.nlp.vocab, words=f) for f in document_features(claims, text)]
        return [float(d.cats[LABEL]) for d in textcat.pipe(docs)]

    def apply(self, claims: list[Claim], text: str) -> list[Claim]:
        """The claims of one document that score at least the threshold (all of them when it is 0)."""
        if self.threshold <= 0 or not claims:
            return claims
        scores = self.scores([c.to_json_dict() for c in claims], text)
        return [c for c, s in zip(claims, scores, strict=True) if s >= self.threshold]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.nlp.to_disk(folder / "model")
        meta = {**self.meta, "threshold": self.threshold}
        (folder / "filter.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def packaged_filter_dir() -> Path:
    return Path(str(resources.files("armsledger.extract") / "data" / "claim_filter"))


def read_claim_filter(folder: Path, threshold: float | None = None) -> ClaimFilter:
    """Load a filter folder; `threshold` overrides the one it was trained with."""
    import spacy

    try:
        meta = json.loads((folder / "filter.json").read_text(encoding="utf-8"))
        nlp = spacy.load(folder / "model")
    except (OSError, ValueError) as exc:
        raise ModelNotInstalledError(
            f"claim filter in {folder} cannot be read ({exc}); rebuild it with `armsledger gold train-filter`",
            package=str(folder),
        ) from None
    return ClaimFilter(nlp, float(meta["threshold"] if threshold is None else threshold), meta)


def load_claim_filter(folder: str | None = None, threshold: float | None = None) -> ClaimFilter | None:
    """The configured filter (`claim_filter_dir`, else the packaged one) with the configured threshold
    (`claim_filter_threshold`; a negative value uses the trained one), or None when the threshold is 0."""
    chosen = float(get_setting("claim_filter_threshold", threshold))
    if chosen == 0:
        return None
    where = get_setting("claim_filter_dir", folder)
    return _cached_filter(str(Path(where) if where else packaged_filter_dir()), None if chosen < 0 else chosen)


@lru_cache(maxsize=4)
def _cached_filter(folder: str, threshold: float | None) -> ClaimFilter:
    return read_claim_filter(Path(folder), threshold)
