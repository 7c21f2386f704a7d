"""Extraction on a Dask cluster: start a local one or join a running one, send documents to its
workers in batches and get the outcomes back in input order.

    with DaskExtraction(workers=2) as extraction:          # or scheduler="tcp://10.0.0.5:8786"
        for batch in extraction.run((job, context) for ...):
            for context, outcome in batch: ...

Batches are submitted in order and at most `in_flight` of them wait at once (four per worker
thread: each worker has the next batches queued while the oldest one is collected), so memory stays
bounded however large the input. A batch whose worker dies is
retried by Dask on another worker; if it keeps failing (`KilledWorker`), its documents are sent
again one by one, so only the document that kills its worker is reported failed.
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from armsledger.errors import ClusterError
from armsledger.pipeline.tasks import (
    ExtractorFactory,
    Job,
    Outcome,
    close_worker_budget,
    extract_batch,
    warm,
)
from armsledger.settings import get_setting

if TYPE_CHECKING:
    from distributed import Client, Future

C = TypeVar("C")

#: seconds to wait for a scheduler to answer, and for a local cluster's workers to start
CONNECT_TIMEOUT = 60
#: batches waiting per worker thread (the results are collected in input order)
QUEUED_PER_THREAD = 4
# How often one document is sent alone before a worker's death is blamed on it
SINGLE_TRIES = 3
# how often a wait for a batch checks that the local cluster still has workers, and how long it may have none
POLL_SECONDS = 2.0
LOST_AFTER = 20.0


def _quiet_dask_logs() -> None:
    """Dask's own INFO lines are not the user's business; warnings and errors still show."""
    for name in (
        "distributed",
        "distributed.scheduler",
        "distributed.worker",
        "distributed.nanny",
        "distributed.core",
        "distributed.http.proxy",
    ):
        logging.getLogger(name).setLevel(logging.WARNING)


class DaskExtraction(Generic[C]):
    """A Dask client (and, without a scheduler address, a local cluster of `workers` processes)."""

    def __init__(
        self,
        *,
        workers: int | None = None,
        scheduler: str | None = None,
        batch_size: int | None = None,
        seconds: float | None = None,
        factory: ExtractorFactory | None = None,
    ) -> None:
        self.workers = workers
        self.scheduler = scheduler or (None if workers else get_setting("dask_scheduler"))
        if not self.scheduler and not workers:
            raise ClusterError("give --workers N (a local cluster) or --scheduler tcp://HOST:8786")
        self.batch_size = max(1, int(get_setting("dask_batch_size", batch_size)))
        self.seconds = float(get_setting("document_timeout", seconds))
        self.factory = factory
        self._cluster: Any = None
        self.client: Client | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def start(self) -> None:
        """Connect (or start the local cluster) and load the extractor on every worker."""
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise ClusterError(f"Dask is not installed ({exc}); pip install 'dask[distributed]'") from None
        _quiet_dask_logs()
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
            else:
                # workers fork the processes that enforce each document's time budget (see tasks.py);
                # a batch that kills its worker twice is given up, then retried document by document
                with dask.config.set({"distributed.worker.daemon": False, "distributed.scheduler.allowed-failures": 1}):
                    # on loopback only, ports chosen by the system: nothing outside this machine can
                    # send it work, and clusters of concurrent runs do not collide
                    self._cluster = LocalCluster(
                        n_workers=self.workers,
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        scheduler_port=0,
                        dashboard_address="127.0.0.1:0",
                        silence_logs=logging.WARNING,
                    )
                self.client = Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError, RuntimeError) as exc:  # RuntimeError: a nanny that failed to start
            self.close()
            where = self.scheduler or f"a local cluster of {self.workers} worker(s)"
            raise ClusterError(
                f"cannot reach the Dask scheduler at {where} ({type(exc).__name__}: {exc})", scheduler=self.scheduler
            ) from None
        self._warm_up()

    def _warm_up(self) -> None:
        assert self.client is not None
        addresses = list(self.client.scheduler_info()["workers"])
        if not addresses:
            try:
                self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError:
                self.close()
                raise ClusterError(f"the Dask scheduler at {self.scheduler} has no workers") from None
            addresses = list(self.client.scheduler_info()["workers"])
        futures = [
            self.client.submit(
                warm, self.seconds, self.factory, workers=[address], pure=False, allow_other_workers=False
            )
            for address in addresses
        ]
        self.client.gather(futures)

    @property
    def threads(self) -> int:
        """Tasks the cluster runs at once."""
        assert self.client is not None
        return max(1, sum(self.client.nthreads().values()))

    def close(self) -> None:
        """Close the client and stop the local cluster (a cluster joined by address keeps running)."""
        if self.client is not None:
            if self._cluster is not None:  # our own workers: stop their forked processes before they end
                with contextlib.suppress(Exception):
                    self.client.run(close_worker_budget)
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _submit(self, jobs: list[Job]) -> Future:
        assert self.client is not None
        return self.client.submit(extract_batch, jobs, self.seconds, self.factory, pure=False)

    def run(self, items: Iterable[tuple[Job, C]]) -> Iterator[list[tuple[C, Outcome]]]:
        """The outcome of every job with its context, batch by batch, in the order given."""
        in_flight = QUEUED_PER_THREAD * self.threads
        pending: deque[tuple[list[tuple[Job, C]], Future]] = deque()
        batch: list[tuple[Job, C]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.batch_size:
                pending.append((batch, self._submit([job for job, _ in batch])))
                batch = []
            while len(pending) >= in_flight:
                yield self._collect(*pending.popleft())
        if batch:
            pending.append((batch, self._submit([job for job, _ in batch])))
        while pending:
            yield self._collect(*pending.popleft())

    def _result(self, future: Future) -> list[Outcome]:
        """The future's result. A local cluster whose nannies could not restart a killed worker (it happens on a
        loaded machine) has no workers left and would wait for ever: after `LOST_AFTER` seconds without a worker
        it is started again, and the batch fails so that it is retried on the new workers."""
        assert self.client is not None
        without_workers = 0.0
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except TimeoutError:
                if self._cluster is None or self.client is None:
                    continue  # a cluster someone else runs: its workers may come back
                if self.client.scheduler_info().get("workers"):
                    without_workers = 0.0
                    continue
                without_workers += POLL_SECONDS
                if without_workers >= LOST_AFTER:
                    self.close()
                    self.start()
                    raise ClusterError("the local Dask cluster lost all its workers; started it again") from None

    def _collect(self, batch: list[tuple[Job, C]], future: Future, tries: int = 1) -> list[tuple[C, Outcome]]:
        try:
            outcomes: list[Outcome] = self._result(future)
        except Exception as exc:
            if len(batch) == 1 and tries < SINGLE_TRIES:
                # a document queued on a worker that another document killed is charged with that death too:
                # it gets another try, so only the document that kills its worker every time is reported
                return self._collect(batch, self._submit([batch[0][0]]), tries + 1)
            if len(batch) == 1:
                job, context = batch[0]
                return [
                    (
                        context,
                        Outcome(
                            job.index,
                            error=(
                                f"{job.location}: the Dask worker extracting it died or failed "
                                f"({type(exc).__name__}: {str(exc).strip()[:300]}), skipped"
                            ),
                        ),
                    )
                ]
            futures = [(item, self._submit([item[0]])) for item in batch]
            return [pair for item, single in futures for pair in self._collect([item], single)]
        return [(context, outcome) for (_, context), outcome in zip(batch, outcomes, strict=True)]
