"""Benchmark: how long the installed `armsledger` command takes to answer `--help` and `--version`.

    python benchmarks/bench_startup.py [--runs 7]

Each command runs as a fresh process (as a user types it); the report gives the median and best
wall time of the runs and the modules that matter for startup that the CLI imported. The target is
under 0.5 s for both, which holds only while command modules keep spaCy, SQLAlchemy models, pyarrow,
pandas and followthemoney out of their top-level imports.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.5
HEAVY = ("spacy", "sqlalchemy", "pyarrow", "pandas", "followthemoney", "datasketch", "armsledger.ledger.tables")


def _command() -> list[str]:
    installed = shutil.which("armsledger", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "armsledger"]


def time_command(args: list[str], runs: int) -> list[float]:
    """Wall seconds of `runs` fresh runs of the CLI with `args` (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def heavy_imports() -> list[str]:
    """The heavy modules importing armsledger.cli pulls in (should be none)."""
    code = f"import sys, armsledger.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes per command")
    args = parser.parse_args()
    time_command(["--version"], 1)  # warm the file cache and bytecode
    for label, argv in (("--help", ["--help"]), ("--version", ["--version"])):
        times = time_command(argv, args.runs)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_SECONDS else "OVER TARGET"
        print(
            f"armsledger {label:<10} median {median:.3f} s  best {min(times):.3f} s  "
            f"({args.runs} runs; target < {TARGET_SECONDS} s: {verdict})"
        )
    heavy = heavy_imports()
    print("heavy modules imported by armsledger.cli: " + (", ".join(heavy) if heavy else "none"))


if __name__ == "__main__":
    main()
