"""Benchmark: `armsledger ingest --workers 2` versus `--workers 1`, documents/s into PostgreSQL, memory per worker.

Run from the repository root::

    python benchmarks/bench_workers.py [--documents 1000] [--pg URL] [--json]

1. A corpus of `--documents` short wire stories is generated as JSON Lines (`gen_corpus.py`,
   seed 11: about one in eight a syndicated copy, one in twenty-five an exact copy).
2. `armsledger ingest --quiet --workers 1` and `--workers 2` each run once as a command into a new
   SQLite ledger; the wall time is end to end (cluster start, model load in every worker, reading,
   extraction, storing, shutdown). The ratio is time(1) / time(2); the goal is >= 1.7 on 2 cores.
3. With `--pg` (default: ARMSLEDGER_TEST_DATABASE_URL), `--workers 2` runs again into a fresh
   schema of that PostgreSQL database: documents/s end to end.
4. While each run goes, the resident memory of each Dask worker process (and of the forked
   processes that extract within a time budget, which share its pages) is sampled every 0.2 s; the
   peak per worker of the `--workers 2` run is reported. So is the CPU time of the armsledger
   process (reading, deduplication, writing, the local scheduler) and of the workers (model load
   and extraction), from which follows the best ratio two idle cores would allow, whatever the
   load of a shared machine does to the timed ratio.

Each phase runs once, or `--repeat N` times with the fastest run counting (the machine is shared);
this prints a report, or one JSON object with `--json`, and exits 0 whether or not the goals are met.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_corpus

GOAL_RATIO = 1.7


class MemorySampler(threading.Thread):
    """Peak RSS of each Dask worker process under `pid` (and the peak USS of their forked children)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.workers: dict[int, int] = {}
        self.forked: dict[int, int] = {}
        #: last CPU seconds seen: the armsledger process, each worker, each forked extraction process
        self.cpu_central = 0.0
        self.cpu: dict[int, float] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            try:
                root = psutil.Process(self.pid)
                times = root.cpu_times()
                self.cpu_central = times.user + times.system
                for proc in root.children(recursive=True):
                    try:
                        cmd = " ".join(proc.cmdline())
                        parent = proc.parent()
                        forked = parent is not None and "spawn_main" in " ".join(parent.cmdline())
                        if "spawn_main" in cmd:
                            times = proc.cpu_times()
                            self.cpu[proc.pid] = times.user + times.system
                        if "spawn_main" in cmd and not forked:  # a Dask worker process (spawned by its nanny)
                            self.workers[proc.pid] = max(self.workers.get(proc.pid, 0), proc.memory_info().rss)
                            for child in proc.children():
                                uss = child.memory_full_info().uss
                                self.forked[child.pid] = max(self.forked.get(child.pid, 0), uss)
                    except (psutil.NoSuchProcess, psutil.AccessDenied):
                        continue
            except psutil.NoSuchProcess:
                return
            time.sleep(0.2)


def run_ingest(db: str, corpus: Path, workers: int, sample: bool = True) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "armsledger",
        "ingest",
        "--quiet",
        "--json",
        "--db",
        db,
        "--workers",
        str(workers),
        str(corpus),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(proc.pid) if sample else None
    if sampler:
        sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    if sampler:
        sampler.done.set()
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"ingest --workers {workers} failed ({proc.returncode}): {err.strip()[-2000:]}")
    summary = json.loads(out.strip().splitlines()[-1])
    result = {
        "workers": workers,
        "seconds": round(seconds, 2),
        "summary": {k: summary[k] for k in ("new", "duplicate", "near_duplicate", "failed", "claims_added")},
    }
    if sampler:
        result["worker_peak_rss_mb"] = sorted(round(v / 2**20, 1) for v in sampler.workers.values())
        result["forked_peak_uss_mb"] = round(max(sampler.forked.values(), default=0) / 2**20, 1)
        result["cpu_seconds_central"] = round(sampler.cpu_central, 1)
        result["cpu_seconds_workers"] = round(sum(sampler.cpu.values()), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument(
        "--pg",
        default=os.environ.get("ARMSLEDGER_TEST_DATABASE_URL"),
        help="PostgreSQL URL for the documents/s figure (default: ARMSLEDGER_TEST_DATABASE_URL)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs of each of --workers 1 and 2; the fastest counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    args = parser.parse_args()
    report: dict = {"documents": args.documents, "cpus": os.cpu_count(), "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = gen_corpus.write(Path(tmp) / "wire.jsonl", args.documents, seed=11)
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for attempt in range(max(1, args.repeat)):
            for workers in (1, 2):
                runs[workers].append(run_ingest(f"sqlite:///{tmp}/w{workers}-{attempt}.db", corpus, workers))
        one, two = (min(runs[w], key=lambda r: r["seconds"]) for w in (1, 2))
        for run in (one, two):  # CPU seconds per document, all processes: what load cannot inflate
            run["cpu_ms_per_document"] = round(
                1000 * (run["cpu_seconds_central"] + run["cpu_seconds_workers"]) / args.documents, 1
            )
        # The best ratio two idle cores allow for the CPU work of --workers 1 (a bound, not a timing):
        # with one worker the armsledger process and the worker each have a core; with two, the
        # work is spread over both cores, but neither process can go faster than its own share.
        central, extraction = one["cpu_seconds_central"], one["cpu_seconds_workers"]
        alone = max(central, extraction)
        shared = max((central + extraction) / 2, central, extraction / 2)
        bound = alone / shared if shared else 0.0
        report.update(
            workers_1=one,
            workers_2=two,
            all_seconds={w: [r["seconds"] for r in rs] for w, rs in runs.items()},
            ratio=round(one["seconds"] / two["seconds"], 2),
            goal_ratio=GOAL_RATIO,
            same_counts=one["summary"] == two["summary"],
            ratio_bound_on_idle_cores=round(bound, 2),
        )
        if args.pg:
            from sqlalchemy import create_engine, text

            base = (
                args.pg
                if not args.pg.startswith(("postgresql://", "postgres://"))
                else ("postgresql+psycopg://" + args.pg.split("://", 1)[1])
            )
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            engine = create_engine(base)
            with engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                sep = "&" if "?" in base else "?"
                pg = run_ingest(f"{base}{sep}options={quote(f'-csearch_path={schema}')}", corpus, 2)
            finally:
                with engine.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                engine.dispose()
            report["postgresql_workers_2"] = pg
            report["postgresql_documents_per_second"] = round(args.documents / pg["seconds"], 1)
    report["load_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(report))
        return
    print(f"{args.documents} generated documents, {report['cpus']} CPUs (load {report['load_before']:.1f} before)")
    print(f"ingest --workers 1: {one['seconds']:.1f} s ({args.documents / one['seconds']:.1f} documents/s)")
    print(f"ingest --workers 2: {two['seconds']:.1f} s ({args.documents / two['seconds']:.1f} documents/s)")
    print(f"ratio: {report['ratio']:.2f} (goal >= {GOAL_RATIO}); same counts: {report['same_counts']}")
    print(
        f"all runs (s): {report['all_seconds']}; "
        f"load {report['load_before']:.1f} before, {report['load_after']:.1f} after"
    )
    print(
        f"CPU ms per document (all processes): --workers 1 {one['cpu_ms_per_document']}, "
        f"--workers 2 {two['cpu_ms_per_document']}; "
        f"armsledger process of --workers 2: {two['cpu_seconds_central']:.1f} s"
    )
    print(
        f"CPU seconds, --workers 1: armsledger process {one['cpu_seconds_central']:.1f}, workers "
        f"{one['cpu_seconds_workers']:.1f}; best ratio two idle cores allow: {report['ratio_bound_on_idle_cores']:.2f}"
    )
    print(
        f"peak RSS per worker: {', '.join(f'{v:.0f} MB' for v in two['worker_peak_rss_mb'])}; "
        f"forked extraction process: {two['forked_peak_uss_mb']:.0f} MB of its own (USS)"
    )
    if "postgresql_documents_per_second" in report:
        print(f"into PostgreSQL, --workers 2: {report['postgresql_documents_per_second']:.1f} documents/s end to end")


if __name__ == "__main__":
    main()
