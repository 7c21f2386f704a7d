"""Benchmark: the server's CPU per estimate, in process: `Workbench.estimate_json` (no answer cache) over
random transfer flows and as-of dates of `bench_api.py`'s mix, against an existing ledger.

    python benchmarks/bench_estimate_flow.py /tmp/copy-of-api-bench.db [--estimates 200] [--runs 3]
    python benchmarks/bench_estimate_flow.py /tmp/copy.db --dump out.jsonl --estimates 50   # the answers

Each run estimates the same flows (seeded), after one warm-up pass over a few of them; the best run's CPU
milliseconds per estimate are printed with the machine's load average. `--profile FILE` writes a cProfile
of one run instead. Build a ledger with `bench_api.py --db PATH` (it keeps the file) or `bench_ledger.py`.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import estimate_params

from armsledger.ledger import connect
from armsledger.present.workbench import Axes, Workbench


def requests(n: int, seed: int = 29) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [estimate_params(rng) for _ in range(n)]


def run(bench: Workbench, params: list[dict[str, str]]) -> list[bytes]:
    out = []
    for p in params:
        as_of = date.fromisoformat(p["as_of"]) if p.get("as_of") else None
        out.append(
            bench.estimate_json(
                item=p["item"], supplier=p["supplier"], recipient=p["recipient"], axes=Axes(as_of=as_of)
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="An existing ledger (SQLite file); it is only read.")
    parser.add_argument("--estimates", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="Runs over the same flows; the best is printed.")
    parser.add_argument("--profile", type=Path, help="Write a cProfile of one run to this file.")
    parser.add_argument("--dump", type=Path, help="Write each answer (JSON) as one line to this file.")
    args = parser.parse_args()
    bench = Workbench(connect(f"sqlite:///{args.db}", create=False), cache_entries=0)
    bench.warm()
    params = requests(args.estimates)
    run(bench, params[:5])  # warm-up: code tables, reference data, the database's pages
    if args.dump:
        with args.dump.open("wb") as out:
            for answer in run(bench, params):
                out.write(answer + b"\n")
        return
    if args.profile:
        import cProfile

        cProfile.runctx("run(bench, params)", globals(), {"run": run, "bench": bench, "params": params}, args.profile)
        return
    best = float("inf")
    for _ in range(args.runs):
        c0 = time.process_time()
        run(bench, params)
        best = min(best, time.process_time() - c0)
    print(
        f"estimate_json: {len(params)} estimates, {best / len(params) * 1000:.2f} ms CPU per estimate "
        f"(best of {args.runs}; load {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
