"""What runs on a Dask worker: extract a batch of documents, each within its time budget.

Each worker process loads the extractor once (on its first task, or when `warm` is sent to it)
and keeps a `DocumentBudget`, so every document is extracted in a process forked from the worker
and killed when the document's budget is spent, as in a single-process run. A document that fails,
crashes its forked process or overruns its budget comes back as an `Outcome` with the one-line
reason; the rest of the batch goes on.
"""

from __future__ import annotations

import atexit
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from armsledger.budget import DocumentBudget, Extracting
from armsledger.errors import ArmsledgerError
from armsledger.model import Claim, Document

#: builds the extractor on a worker; None means the installed armsledger extractor
ExtractorFactory = Callable[[], Extracting]


@dataclass(frozen=True)
class Job:
    """One document for a worker. `spent` is the part of its time budget already used reading it."""

    index: int
    location: str
    document: Document
    published: date | None
    spent: float = 0.0


@dataclass
class Outcome:
    """The claims of one job's document, or the one-line reason it has none."""

    index: int
    claims: list[Claim] = field(default_factory=list)
    error: str | None = None


_STATE: dict[str, Any] = {}


def _allow_children() -> None:
    """Let this worker fork the processes that enforce the time budget.

    Dask's nanny starts workers as daemonic multiprocessing processes, which multiprocessing
    forbids to have children. The forked process only ever runs one document's extraction and
    ends with its parent (it reads end-of-file on its pipe and arms its own kernel timer), so
    the rule protects nothing here. Local clusters are started with `distributed.worker.daemon`
    off; this covers workers started by hand (`dask worker`)."""
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # type: ignore[attr-defined]


def _installed_extractor() -> Extracting:
    from armsledger.extract import get_extractor

    return get_extractor()


def worker_budget(seconds: float | None, factory: ExtractorFactory | None = None) -> DocumentBudget:
    """This worker's budget (and extractor), made on first use and kept for the process's life."""
    key = (seconds, factory)
    budget: DocumentBudget | None = _STATE.get("budget")
    if budget is None or _STATE.get("key") != key:
        if budget is not None:
            budget.close()
        _allow_children()
        extractor = (factory or _installed_extractor)()
        budget = DocumentBudget(seconds=seconds, extractor=extractor)
        _STATE.update(budget=budget, key=key)
        if not _STATE.get("atexit"):
            atexit.register(close_worker_budget)
            _STATE["atexit"] = True
    return budget


def close_worker_budget() -> None:
    """Stop this worker's forked extraction process (sent to each worker before the cluster closes)."""
    budget = _STATE.pop("budget", None)
    if budget is not None:
        budget.close()


def warm(seconds: float | None, factory: ExtractorFactory | None = None) -> int:
    """Load the extractor on this worker (sent once to each worker before the first batch); returns its pid."""
    import os

    worker_budget(seconds, factory)
    return os.getpid()


def _reason(location: str, exc: BaseException) -> str:
    if isinstance(exc, ArmsledgerError):
        return str(exc)
    detail = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{type(exc).__name__}{': ' + detail if detail else ''}"


def extract_batch(jobs: list[Job], seconds: float | None, factory: ExtractorFactory | None = None) -> list[Outcome]:
    """The outcome of every job, in order; `seconds` is each document's time budget (the caller's
    `document_timeout`, so workers honour the budget of the machine that started the run)."""
    budget = worker_budget(seconds, factory)
    outcomes = []
    for job in jobs:
        started = time.monotonic() - job.spent
        try:
            claims = budget.extract(
                job.location, job.document, job.published or job.document.published, started=started
            )
        except Exception as exc:
            outcomes.append(Outcome(job.index, error=_reason(job.location, exc)))
            continue
        outcomes.append(Outcome(job.index, claims=claims))
    return outcomes
