"""Duplicate detection: exact copies by content hash, syndicated copies by MinHash/LSH over word shingles.

A document's MinHash signature is cut into bands; each band becomes one integer key (band
number included) stored in `document_bands`. Two documents sharing any band key are candidates; a candidate is a
near-duplicate when the exact Jaccard similarity of their shingle sets reaches the
`near_duplicate_threshold` setting. Storing the keys (not an in-memory index) keeps the
check correct across runs, processes and crashes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from datasketch import MinHash

from armsledger.settings import get_setting

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Text with Unicode normalised (NFKC) and whitespace collapsed, for exact-copy hashing."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text: equal for copies that differ only in spacing or line ends."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int | None = None) -> set[str]:
    """The set of `size`-word shingles of the lower-cased text (the whole text when shorter)."""
    n = int(get_setting("shingle_words", size))
    words = _WORD.findall(unicodedata.normalize("NFKC", text).lower())
    if len(words) <= n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0.0 for two empty sets)."""
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Fingerprint:
    """What dedup needs of a document: its content hash, shingles and LSH band keys."""

    content_hash: str
    shingles: frozenset[str]
    band_keys: tuple[int, ...]


def band_keys(
    shingle_set: set[str] | frozenset[str], *, permutations: int | None = None, bands: int | None = None
) -> tuple[int, ...]:
    """One signed 63-bit key per LSH band of the MinHash signature (fits a BIGINT column)."""
    num_perm = int(get_setting("minhash_permutations", permutations))
    num_bands = int(get_setting("lsh_bands", bands))
    if num_perm % num_bands:
        raise ValueError(f"lsh_bands ({num_bands}) must divide minhash_permutations ({num_perm})")
    rows = num_perm // num_bands
    mh = MinHash(num_perm=num_perm, seed=1, permutations=_permutations(num_perm))
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    values = mh.hashvalues
    keys = []
    for band in range(num_bands):
        # The band number is hashed in, so a key identifies its band and one IN lookup finds candidates.
        chunk = band.to_bytes(2, "big") + values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big") >> 1)
    return tuple(keys)


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    """MinHash permutations for `num_perm` (seed 1), computed once per process."""
    return MinHash(num_perm=num_perm, seed=1).permutations


def fingerprint(text: str) -> Fingerprint:
    """The dedup fingerprint of a document's text."""
    sh = frozenset(shingles(text))
    return Fingerprint(content_hash(text), sh, band_keys(sh) if sh else ())


def near_duplicate_threshold(override: float | None = None) -> float:
    """The Jaccard similarity at or above which two documents count as one story."""
    return float(get_setting("near_duplicate_threshold", override))
