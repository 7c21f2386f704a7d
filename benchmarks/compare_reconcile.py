"""Compare `estimate` of another checkout (the base, e.g. main) with this tree's, in one process.

    git worktree add /tmp/base main   # or: git archive main | tar -x -C /tmp/base
    python benchmarks/compare_reconcile.py /tmp/base/src [--claims 100000] [--pairs 10]

On a shared machine the same tree varies by 20-30 % from one process to the next (other jobs, memory
layout), more than a speed-up of a pass. Here both trees estimate the same 100,000 benchmark claims
(`bench_reconcile.synthetic_claims`: every claim in one flow), alternating, in one process: each pair of
runs sees the same claims and about the same load, and the ratio of the pair is the steadier figure.
The base package is copied as `armsledger_base` (its imports rewritten), and both estimates must agree.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_reconcile

import armsledger.reconcile as this


def _base_package(src: Path, into: Path) -> ModuleType:
    """The base checkout's `armsledger` package, imported as `armsledger_base`."""
    target = into / "armsledger_base"
    shutil.copytree(src / "armsledger", target, ignore=shutil.ignore_patterns("__pycache__"))
    for path in target.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\barmsledger(?=\.)", "armsledger_base", text)  # armsledger.x, not the word in messages
        text = re.sub(r"^(from|import) armsledger\b(?!\.)", r"\1 armsledger_base", text, flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")
    sys.path.insert(0, str(into))
    import armsledger_base.reconcile as base

    return base


def _result(module: Any, claims: list, ref: Any, flow: Any) -> dict:
    out = module.estimate(claims, flow, module.EstimateOptions(), ref).model_dump(mode="json")
    out["assumptions"].pop("reference_data")  # (each package's own data folder)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_src", type=Path, help="The base checkout's src folder (it holds armsledger/).")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=10, help="Runs of each tree, alternating.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = _base_package(args.base_src, Path(tmp))
        claims = bench_reconcile.synthetic_claims(args.claims)
        trees = {"base": base, "this": this}
        refs = {name: m.load_reference() for name, m in trees.items()}
        flows = {
            name: m.make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=refs[name])
            for name, m in trees.items()
        }
        if _result(base, claims, refs["base"], flows["base"]) != _result(this, claims, refs["this"], flows["this"]):
            sys.exit("the two trees' estimates differ")
        times: dict[str, list[float]] = {"base": [], "this": []}
        for k in range(args.pairs):
            for name in ("base", "this") if k % 2 == 0 else ("this", "base"):
                m = trees[name]
                started = time.process_time()
                m.estimate(claims, flows[name], m.EstimateOptions(), refs[name])
                times[name].append(time.process_time() - started)
    for name, runs in times.items():
        print(f"{name}: best {min(runs):.3f} s CPU, median {statistics.median(runs):.3f} s ({len(runs)} runs)")
    ratios = sorted(t / b for t, b in zip(times["this"], times["base"], strict=True))
    print(f"this / base, pair by pair: median {statistics.median(ratios):.2f}, range {ratios[0]:.2f}-{ratios[-1]:.2f}")
    with open("/proc/loadavg", encoding="ascii") as f:
        print("load average:", " ".join(f.read().split()[:3]))


if __name__ == "__main__":
    main()
