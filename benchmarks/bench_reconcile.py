"""Benchmark: `estimate` over 100,000 claims of one flow, in memory and through a SQLite ledger.

    python benchmarks/bench_reconcile.py [--claims 100000] [--flow-share 0.1] [--runs 3]

1. library: all claims in one flow (the worst case for the sweep), timed from ReconcileClaims
   to a finished Estimate with its series, fusion and explanation. The claims mix what real
   reporting holds: running totals from 60 sources, increments, containers converted by the
   loading model, capacities ("could hold"), and recaps of earlier figures (said_on in the past);
2. ledger: a temporary SQLite ledger of N claims over many flows, timed from the query to
   the Estimate, as `armsledger estimate --supplier PRK --recipient RUS --item artillery_shell` runs.
Each is run `--runs` times; the best wall-clock and CPU times are printed (the machine may be shared).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from armsledger.model import Claim, Evidence, Quantity, Source
from armsledger.reconcile import (
    EstimateOptions,
    estimate,
    load_reference,
    make_claim,
    make_flow,
)

QUALIFIERS = ("exact", "approx", "at_least", "at_most")
SOURCES = [f"Source {i}" for i in range(60)]
START = date(2023, 9, 1)


def _sentence(value: int, rnd: random.Random) -> str:
    tail = rnd.choice(("since September", "so far", "in recent weeks", "", "to date", "in June"))
    return f"Officials said {value:,} shells had been sent to Russia {tail}."


def _figure(day_index: int, rnd: random.Random) -> tuple[float, str, str]:
    """(value, unit, sentence): mostly shell counts, some containers and capacities."""
    shells = int(day_index * 15_000 * rnd.uniform(0.6, 1.4)) + 1000
    kind = rnd.random()
    if kind < 0.10:
        containers = max(1, shells // 400)
        return (
            containers,
            "container",
            (f"Officials said {containers:,} containers had been sent to Russia since September."),
        )
    if kind < 0.15:
        return shells, "item", f"Those containers could hold {shells:,} shells, the agency said."
    return shells, "item", _sentence(shells, rnd)


def synthetic_claims(n: int, seed: int = 7) -> list:
    """`n` ReconcileClaims on the PRK->RUS shell flow over two years, growing running totals."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        day = START + timedelta(days=rnd.randrange(700))
        value, unit, sentence = _figure((day - START).days, rnd)
        said = None
        if rnd.random() < 0.05:  # a recap of a figure said earlier
            said = (day - timedelta(days=rnd.randrange(1, 120))).isoformat()
        c = Claim(
            doc=f"doc{i // 3}",
            kind="transfer",
            supplier="PRK",
            recipient="RUS",
            item="artillery_shell",
            quantity=Quantity(value=value, qualifier=rnd.choice(QUALIFIERS), unit=unit, text=f"{value:,}"),
            hedged=rnd.random() < 0.3,
            source=Source(name=rnd.choice(SOURCES)),
            said_on=said,
            evidence=Evidence(start=0, end=len(sentence), text=sentence),
        )
        c = c.model_copy(update={"certainty": "likely" if c.hedged else None})
        out.append(make_claim(c, published=day, claim_id=str(i), grade=rnd.choice("ABCDF")))
    return out


def _best(runs: int, fn) -> tuple[float, float, object]:
    """(best wall seconds, best CPU seconds, last result) of `runs` calls of `fn`."""
    wall = cpu = float("inf")
    result = None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        wall, cpu = min(wall, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    return wall, cpu, result


def bench_library(n: int, runs: int) -> float:
    ref = load_reference()
    claims = synthetic_claims(n)
    flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=ref)
    wall, cpu, result = _best(runs, lambda: estimate(claims, flow, EstimateOptions(), ref))
    print(
        f"library: {n:,} claims in one flow -> central {result.central:,.0f}, {len(result.series)} series points, "
        f"{len(result.used)} used: {wall:.3f} s wall, {cpu:.3f} s CPU (best of {runs})"
    )
    return wall


def _build_ledger(url: str, n: int, flow_share: float) -> None:
    from armsledger.ledger import connect
    from armsledger.ledger.records import claim_values
    from armsledger.ledger.tables import ClaimRow, DocumentRow, SourceRow

    db = connect(url)
    rnd = random.Random(11)
    now = datetime.combine(START, datetime.min.time())  # recorded early, so every as-of date sees it
    others = [
        ("RUS", "PRK", "oil"),
        ("IRN", "RUS", "drone"),
        ("USA", "UKR", "artillery_shell"),
        ("DEU", "UKR", "tank"),
        ("CZE", "UKR", "artillery_shell"),
        ("KOR", "USA", "artillery_shell"),
    ]
    with db.write() as session, session.begin():
        session.execute(
            insert(SourceRow),
            [
                {"id": i + 1, "key": s.casefold(), "name": s, "grade": rnd.choice("ABCDF"), "first_seen": START}
                for i, s in enumerate(SOURCES)
            ],
        )
        docs = n // 20
        session.execute(
            insert(DocumentRow),
            [
                {
                    "id": d + 1,
                    "name": f"doc{d}.txt",
                    "content_hash": f"{d:064x}",
                    "text": "x",
                    "published_on": START + timedelta(days=d * 700 // docs),
                    "retrieved_at": now,
                    "recorded_at": now,
                    "content_type": "text/plain",
                }
                for d in range(docs)
            ],
        )
        rows = []
        flow_claims = synthetic_claims(int(n * flow_share))
        for i in range(n):
            doc = i % docs
            if i < len(flow_claims):
                claim = flow_claims[i].claim
            else:
                supplier, recipient, item = rnd.choice(others)
                claim = flow_claims[0].claim.model_copy(
                    update={"supplier": supplier, "recipient": recipient, "item": item}
                )
            rows.append(
                claim_values(
                    claim,
                    document_id=doc + 1,
                    source_id=rnd.randrange(len(SOURCES)) + 1,
                    extractor_version="bench",
                    published_on=START + timedelta(days=doc * 700 // docs),
                    syndicated=False,
                    recorded_at=now,
                )
            )
        session.execute(insert(ClaimRow), rows)
    db.dispose()


def bench_ledger(n: int, flow_share: float, runs: int) -> float:
    from armsledger.reconcile.from_ledger import load_flow_claims, open_ledger

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        _build_ledger(url, n, flow_share)
        ref = load_reference()
        db = open_ledger(url)
        flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=ref)

        def run() -> tuple:
            claims = load_flow_claims(
                db,
                kind="transfer",
                supplier="PRK",
                recipient="RUS",
                actor=None,
                item="artillery_shell",
                as_of=date(2025, 6, 30),
                ref=ref,
                plain=True,  # as `estimate_flow` reads them (plain records: reconcile/plain.py)
            )
            return claims, estimate(claims, flow, EstimateOptions(as_of=date(2025, 6, 30)), ref)

        wall, cpu, (claims, result) = _best(runs, run)  # type: ignore[misc]
        db.dispose()
    print(
        f"ledger: {n:,} claims, {len(claims):,} in the flow -> central {result.central:,.0f}: {wall:.3f} s wall, "
        f"{cpu:.3f} s CPU (best of {runs})"
    )
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--flow-share", type=float, default=0.1, help="Share of ledger claims in the estimated flow.")
    parser.add_argument("--runs", type=int, default=3, help="Runs of each measurement; the best is printed.")
    args = parser.parse_args()
    bench_library(args.claims, args.runs)
    bench_ledger(args.claims, args.flow_share, args.runs)


if __name__ == "__main__":
    main()
