"""Estimates over the benchmark's synthetic claims are pinned: every figure, series point, claim line
and sentence of the explanation must equal what was recorded, so a speed-up cannot change a result
unnoticed. The recorded estimates are in tests/data/reconcile_pinned_*.json.

A deliberate change of the estimate's rules changes them: check the difference, then record them again
with `python tests/test_reconcile_pinned.py` and commit the new files with the change.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from armsledger.reconcile import EstimateOptions, estimate, load_reference, make_flow

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
_spec = importlib.util.spec_from_file_location("bench_reconcile", ROOT / "benchmarks" / "bench_reconcile.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

LIBRARY_CLAIMS = 5000
LEDGER_CLAIMS, LEDGER_FLOW_SHARE = 5000, 0.3
AS_OF = date(2025, 6, 30)


def _comparable(result: Any) -> dict[str, Any]:
    """The estimate as JSON, without the reference-data folder (it names the checkout)."""
    data = result.model_dump(mode="json")
    data["assumptions"].pop("reference_data", None)
    return data


def library_estimate() -> dict[str, Any]:
    """The estimate over the benchmark's first LIBRARY_CLAIMS synthetic claims, all in one flow."""
    ref = load_reference()
    flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=ref)
    return _comparable(estimate(bench.synthetic_claims(LIBRARY_CLAIMS), flow, EstimateOptions(), ref))


def ledger_estimate(folder: Path) -> dict[str, Any]:
    """The estimate of the PRK->RUS flow from the benchmark's ledger of LEDGER_CLAIMS claims."""
    from armsledger.reconcile.from_ledger import load_flow_claims, open_ledger

    url = f"sqlite:///{folder / 'pinned.db'}"
    bench._build_ledger(url, LEDGER_CLAIMS, LEDGER_FLOW_SHARE)
    ref = load_reference()
    db = open_ledger(url)
    try:
        claims = load_flow_claims(
            db,
            kind="transfer",
            supplier="PRK",
            recipient="RUS",
            actor=None,
            item="artillery_shell",
            as_of=AS_OF,
            ref=ref,
        )
    finally:
        db.dispose()
    flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=ref)
    return _comparable(estimate(claims, flow, EstimateOptions(as_of=AS_OF), ref))


def _differences(got: Any, want: Any, path: str = "$") -> list[str]:
    """Where two JSON values differ (paths), so a failure names the first figures that moved."""
    if isinstance(want, dict) and isinstance(got, dict):
        out = [f"{path}.{k}: missing or extra" for k in sorted(set(want) ^ set(got))]
        for k in want.keys() & got.keys():
            out += _differences(got[k], want[k], f"{path}.{k}")
        return out
    if isinstance(want, list) and isinstance(got, list):
        out = [] if len(got) == len(want) else [f"{path}: {len(got)} items, recorded {len(want)}"]
        for i, (g, w) in enumerate(zip(got, want, strict=False)):
            out += _differences(g, w, f"{path}[{i}]")
        return out
    return [] if got == want else [f"{path}: {got!r}, recorded {want!r}"]


def _recorded(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_estimate_over_synthetic_claims_equals_the_recorded_one():
    got, want = library_estimate(), _recorded("reconcile_pinned_library.json")
    assert got["central"] == want["central"]
    assert _differences(got, want)[:10] == []


def test_estimate_from_a_synthetic_ledger_equals_the_recorded_one(tmp_path):
    got, want = ledger_estimate(tmp_path), _recorded("reconcile_pinned_ledger.json")
    assert got["central"] == want["central"]
    assert _differences(got, want)[:10] == []


@pytest.mark.parametrize(
    ("got", "want", "where"),
    [
        ({"a": [1, 2]}, {"a": [1, 3]}, "$.a[1]: 2, recorded 3"),
        ({"a": [1]}, {"a": [1, 2]}, "$.a: 1 items, recorded 2"),
        ({"b": 1}, {"a": 1}, "$.a: missing or extra"),
    ],
)
def test_differences_name_the_figure_that_moved(got, want, where):
    assert where in _differences(got, want)


def _record() -> None:
    import tempfile

    (DATA / "reconcile_pinned_library.json").write_text(json.dumps(library_estimate(), indent=1) + "\n")
    with tempfile.TemporaryDirectory() as tmp:
        (DATA / "reconcile_pinned_ledger.json").write_text(json.dumps(ledger_estimate(Path(tmp)), indent=1) + "\n")
    print(f"recorded the pinned estimates in {DATA}", file=sys.stderr)


if __name__ == "__main__":
    _record()
