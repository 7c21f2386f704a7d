"""Plausibility checks: a registry of small, documented checks over claims and reference data.

Each check is a function `(claims, ref) -> list[Finding]` registered under a namespaced,
versioned name (`armsledger.container_loading.v1`). `run_checks` runs all or some of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from armsledger.reconcile.errors import UnknownCheckError
from armsledger.reconcile.explain import Finding
from armsledger.reconcile.inputs import ReconcileClaim
from armsledger.reconcile.refdata import Reference, load_reference

CheckFn = Callable[[list[ReconcileClaim], Reference], list[Finding]]


@dataclass(frozen=True)
class Check:
    """A registered check: its name, a one-line summary, and the function."""

    name: str
    summary: str
    fn: CheckFn


REGISTRY: dict[str, Check] = {}


def register(name: str, summary: str) -> Callable[[CheckFn], CheckFn]:
    """Decorator adding a check to the registry under `name`."""

    def wrap(fn: CheckFn) -> CheckFn:
        REGISTRY[name] = Check(name, summary, fn)
        return fn

    return wrap


def _load_builtin() -> None:
    from armsledger.reconcile.checks import (  # noqa: F401
        capacity,
        container_loading,
        exhaustion,
        fractions,
        magnitude,
    )


def list_checks() -> list[Check]:
    """Every registered check, by name."""
    _load_builtin()
    return [REGISTRY[k] for k in sorted(REGISTRY)]


def run_checks(
    claims: Iterable[ReconcileClaim], *, names: Iterable[str] | None = None, ref: Reference | None = None
) -> list[Finding]:
    """Findings of the named checks (all when `names` is None) over `claims`."""
    _load_builtin()
    ref = ref or load_reference()
    chosen = list(names) if names else sorted(REGISTRY)
    unknown = [n for n in chosen if n not in REGISTRY]
    if unknown:
        raise UnknownCheckError(
            f"unknown check(s): {', '.join(unknown)}; known: {', '.join(sorted(REGISTRY))}", unknown=unknown
        )
    selected = [rc for rc in claims if rc.duplicate_of is None]
    findings: list[Finding] = []
    for name in chosen:
        findings.extend(REGISTRY[name].fn(selected, ref))
    return findings
