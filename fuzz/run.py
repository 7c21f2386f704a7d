"""The long fuzz run (not part of CI): a million or more hostile inputs through the targets of
fuzz/targets.py, counting crashes, hangs and schema violations.

    nice -n 19 python fuzz/run.py                         # 1,000,000 inputs, report in fuzz-report.json
    nice -n 19 python fuzz/run.py --jobs 2                # the same, split over two processes
    python fuzz/run.py --inputs 20000 --seed 7 --report /tmp/r.json

A crash is any exception other than a reader's InputError; a violation is an output that breaks the
contract (PropertyViolation, or a ValidationError of the schema); a hang is an input whose time is
over --hang-base seconds plus --hang-per-kb seconds per KB of input, or that overruns the extract
target's document budget (--budget). An input over that time is run again at once: when the second
run is within it, the first was a library loading data on first use (dateparser's locales, say) or
the run being starved of CPU, and it is counted as `slow_first_use`, not as a hang. Inputs come from
hypothesis in generate-only mode, in chunks with successive seeds, so a run is reproducible from its --seed.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.strategies import SearchStrategy
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from targets import (
    ANY_TEXT,
    READER_INPUTS,
    REPORT_TEXT,
    PropertyViolation,
    check_claims,
    check_document,
    run_document,
    run_numbers,
    run_reader,
)

from armsledger.budget import DocumentBudget
from armsledger.errors import BudgetExceededError
from armsledger.model import Document

SHARES = {"numbers": 0.45, "document": 0.35, "readers": 0.15, "extract": 0.05}
CHUNK = 5000


@dataclass
class TargetStats:
    inputs: int = 0
    crashes: int = 0
    hangs: int = 0
    violations: int = 0
    slow_first_use: int = 0
    seconds: float = 0.0
    max_seconds_per_kb: float = 0.0
    samples: list[dict[str, str]] = field(default_factory=list)


def _size_kb(value: Any) -> float:
    if isinstance(value, tuple):
        value = value[1]
    return max(len(value), 1) / 1024


def _sample(stats: TargetStats, what: str, value: Any, exc: BaseException | None) -> None:
    if len(stats.samples) < 20:
        stats.samples.append(
            {"outcome": what, "input": repr(value)[:500], "error": f"{type(exc).__name__}: {exc}"[:500] if exc else ""}
        )


def run_target(
    name: str,
    strategy: SearchStrategy[Any],
    fn: Callable[[Any], object],
    count: int,
    seed: int,
    args: argparse.Namespace,
    stats: TargetStats,
) -> None:
    """Feed `count` inputs from `strategy` to `fn`, counting outcomes into `stats`."""
    chunk_index = 0
    stalled = 0
    while stats.inputs < count and stalled < 3:
        todo = min(CHUNK, count - stats.inputs)
        before = stats.inputs

        @hypothesis_seed(seed * 100_003 + chunk_index)
        @settings(
            max_examples=todo,
            phases=[Phase.generate],
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def one(value: Any) -> None:
            stats.inputs += 1
            started = time.perf_counter()
            outcome, error = "ok", None
            try:
                fn(value)
            except BudgetExceededError as exc:
                outcome, error = "hang", exc
            except (PropertyViolation, ValidationError) as exc:
                outcome, error = "violation", exc
            except Exception as exc:  # a crash is what this run counts
                outcome, error = "crash", exc
            elapsed = time.perf_counter() - started
            stats.seconds += elapsed
            per_kb = elapsed / _size_kb(value)
            stats.max_seconds_per_kb = (
                max(stats.max_seconds_per_kb, per_kb) if _size_kb(value) >= 1 else stats.max_seconds_per_kb
            )
            limit = args.hang_base + args.hang_per_kb * _size_kb(value)
            if outcome == "ok" and elapsed > limit:
                again = time.perf_counter()
                with contextlib.suppress(Exception):  # the first run's outcome stands; only the time is asked
                    fn(value)
                if time.perf_counter() - again > limit:
                    outcome = "hang"
                else:
                    stats.slow_first_use += 1
                    _sample(stats, "slow_first_use", value, None)
            if outcome != "ok":
                setattr(
                    stats,
                    {"hang": "hangs", "violation": "violations", "crash": "crashes"}[outcome],
                    getattr(stats, {"hang": "hangs", "violation": "violations", "crash": "crashes"}[outcome]) + 1,
                )
                _sample(stats, outcome, value, error)

        one()
        chunk_index += 1
        stalled = stalled + 1 if stats.inputs == before else 0
        print(
            f"{name}: {stats.inputs:,}/{count:,} inputs, {stats.crashes} crashes, {stats.hangs} hangs, "
            f"{stats.violations} violations",
            file=sys.stderr,
            flush=True,
        )
        _write(args, STATS, started_at)


STATS: dict[str, TargetStats] = {}
started_at = time.time()


def _write(args: argparse.Namespace, stats: dict[str, TargetStats], since: float) -> None:
    total = {k: sum(getattr(s, k) for s in stats.values()) for k in ("inputs", "crashes", "hangs", "violations")}
    report = {
        "seed": args.seed,
        "requested_inputs": args.inputs,
        "elapsed_seconds": round(time.time() - since, 1),
        "hang_rule": f"> {args.hang_base} s + {args.hang_per_kb} s per KB, or over the {args.budget} s budget",
        "total": total,
        "targets": {k: asdict(v) for k, v in stats.items()},
    }
    Path(args.report).write_text(json.dumps(report, indent=2, ensure_ascii=True) + "\n", encoding="utf-8")


def run_jobs(args: argparse.Namespace) -> int:
    """Run `args.jobs` processes, each with its share of the inputs and its own seed; merge their reports."""
    procs, reports = [], []
    for k in range(args.jobs):
        report = f"{args.report}.job{k}"
        reports.append(Path(report))
        share = args.inputs // args.jobs + (1 if k < args.inputs % args.jobs else 0)
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--inputs",
                    str(share),
                    "--seed",
                    str(args.seed + k),
                    "--targets",
                    args.targets,
                    "--hang-base",
                    str(args.hang_base),
                    "--hang-per-kb",
                    str(args.hang_per_kb),
                    "--budget",
                    str(args.budget),
                    "--report",
                    report,
                ]
            )
        )
    try:
        for proc in procs:
            proc.wait()
    finally:  # stopped (Ctrl-C, SIGTERM): stop the jobs too
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
    merged: dict[str, Any] = {
        "seed": args.seed,
        "jobs": args.jobs,
        "requested_inputs": args.inputs,
        "elapsed_seconds": round(time.time() - started_at, 1),
        "targets": {},
    }
    for path in reports:
        part = json.loads(path.read_text(encoding="utf-8"))
        merged["hang_rule"] = part["hang_rule"]
        for name, stats in part["targets"].items():
            into = merged["targets"].setdefault(name, asdict(TargetStats()))
            for key in ("inputs", "crashes", "hangs", "violations", "slow_first_use", "seconds"):
                into[key] += stats[key]
            into["max_seconds_per_kb"] = max(into["max_seconds_per_kb"], stats["max_seconds_per_kb"])
            into["samples"] = (into["samples"] + stats["samples"])[:20]
        path.unlink()
    merged["total"] = {
        k: sum(t[k] for t in merged["targets"].values()) for k in ("inputs", "crashes", "hangs", "violations")
    }
    Path(args.report).write_text(json.dumps(merged, indent=2, ensure_ascii=True) + "\n", encoding="utf-8")
    print(json.dumps(merged["total"]))
    total = merged["total"]
    return 1 if total["crashes"] or total["hangs"] or total["violations"] else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1_000_000, help="inputs in all (split over the targets)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--targets", default=",".join(SHARES), help="comma-separated subset of " + ", ".join(SHARES))
    parser.add_argument("--hang-base", type=float, default=2.0)
    parser.add_argument("--hang-per-kb", type=float, default=1.0)
    parser.add_argument("--budget", type=float, default=60.0, help="document budget of the extract target (s)")
    parser.add_argument("--report", default="fuzz-report.json")
    parser.add_argument("--jobs", type=int, default=1, help="processes to split the inputs over (seeds differ)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` blocks stop the jobs
    if args.jobs > 1:
        sys.exit(run_jobs(args))
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damaged PDFs are the point here
    chosen = [t for t in args.targets.split(",") if t]
    share_sum = sum(SHARES[t] for t in chosen)
    counts = {t: round(args.inputs * SHARES[t] / share_sum) for t in chosen}

    from armsledger.extract import get_extractor

    extractor = get_extractor() if "extract" in chosen else None
    with DocumentBudget(seconds=args.budget, extractor=extractor) as budget:

        def extract(text: str) -> None:
            doc = Document(name="fuzz.txt", text=text)
            check_document(doc)
            check_claims(budget.extract("fuzz.txt", doc, None), doc)

        plan: dict[str, tuple[SearchStrategy[Any], Callable[[Any], object]]] = {
            "numbers": (ANY_TEXT, run_numbers),
            "document": (ANY_TEXT, run_document),
            "readers": (READER_INPUTS, lambda case: run_reader(*case)),
            "extract": (REPORT_TEXT, extract),
        }
        for name in chosen:
            STATS[name] = TargetStats()
            strategy, fn = plan[name]
            run_target(name, strategy, fn, counts[name], args.seed, args, STATS[name])
    _write(args, STATS, started_at)
    total = {k: sum(getattr(s, k) for s in STATS.values()) for k in ("inputs", "crashes", "hangs", "violations")}
    print(json.dumps(total))
    sys.exit(1 if total["crashes"] or total["hangs"] or total["violations"] else 0)


if __name__ == "__main__":
    main()
