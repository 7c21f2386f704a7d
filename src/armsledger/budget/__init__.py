"""A time budget per document: reading (parsing HTML, PDF, feeds, corpus lines) and extraction of
one document run in a worker process and are stopped when the document's budget is spent.

    with DocumentBudget(extractor=get_extractor()) as budget:
        started = budget.start()
        doc = budget.run("report.html", read_path, "report.html", started=started)
        claims = budget.extract("report.html", doc, None, started=started)

The budget is the `document_timeout` setting (default 30 s); reading and extracting one
document share it. A document over budget raises BudgetExceededError, a worker that dies
WorkerCrashedError; both name the document, and the caller reports them and goes on. With the
setting at 0, or where the platform cannot fork, calls run in this process without a limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from armsledger.budget.worker import (
    CHILD_STATE,
    UnpicklableError,
    Worker,
    WorkerDied,
    WorkerTimeout,
    fork_available,
)
from armsledger.errors import (
    BudgetExceededError,
    UnreadableDocumentError,
    WorkerCrashedError,
)
from armsledger.model import Claim, Document
from armsledger.settings import get_setting

T = TypeVar("T")

__all__ = ["DocumentBudget", "Extracting"]


class Extracting(Protocol):
    """What the budget needs of an extractor: `extract(doc, published=...)`."""

    def extract(self, doc: Document, *, published: date | None = None) -> list[Claim]: ...


def _extract_in_worker(doc: Document, published: date | None) -> list[Claim]:
    extractor: Extracting = CHILD_STATE["extractor"]
    return extractor.extract(doc, published=published)


class DocumentBudget:
    """Runs the steps of one document within the document's time budget (see the module's docstring)."""

    def __init__(self, *, seconds: float | None = None, extractor: Extracting | None = None) -> None:
        """`extractor` must be loaded before the first call: the worker inherits it through the fork."""
        self.seconds = float(get_setting("document_timeout", seconds))
        self.extractor = extractor
        self.isolated = self.seconds > 0 and fork_available()
        self._worker = Worker({"extractor": extractor}) if self.isolated else None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker process (a new call would start another)."""
        if self._worker is not None:
            self._worker.close()

    @staticmethod
    def start() -> float:
        """The moment a document's budget starts (pass it as `started` to each of its steps)."""
        return time.monotonic()

    def over_budget(self, location: str) -> BudgetExceededError:
        return BudgetExceededError(
            f"{location}: over the time budget of {self.seconds:g} s per document, skipped "
            "(set ARMSLEDGER_DOCUMENT_TIMEOUT to raise it)",
            location=location,
            seconds=self.seconds,
        )

    def run(self, location: str, fn: Callable[..., T], *args: Any, started: float | None = None, **kwargs: Any) -> T:
        """fn(*args, **kwargs) within what is left of the budget of the document started at `started`.

        `fn` must be a module-level function; its own exceptions are raised here unchanged, except
        one that cannot cross the process boundary (raised as UnreadableDocumentError)."""
        if self._worker is None:
            return fn(*args, **kwargs)
        begun = time.monotonic() if started is None else started
        remaining = self.seconds - (time.monotonic() - begun)
        if remaining <= 0:
            raise self.over_budget(location)
        try:
            return self._worker.call(fn, args, kwargs, remaining)
        except WorkerTimeout:
            raise self.over_budget(location) from None
        except WorkerDied as exc:
            raise WorkerCrashedError(
                f"{location}: the worker process reading it died ({exc}), skipped",
                location=location,
                exitcode=exc.exitcode,
            ) from None
        except UnpicklableError as exc:
            raise UnreadableDocumentError(f"{location}: {exc}", location=location) from None

    def extract(
        self, location: str, doc: Document, published: date | None, *, started: float | None = None
    ) -> list[Claim]:
        """The claims of `doc`, extracted within the document's budget."""
        if self.extractor is None:
            raise ValueError("this DocumentBudget was made without an extractor")
        if self._worker is None:
            return self.extractor.extract(doc, published=published)
        return self.run(location, _extract_in_worker, doc, published, started=started)
