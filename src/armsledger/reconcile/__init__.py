"""Reconcile: from many claims to estimates with ranges, contradictions and plausibility checks.

    claims = load_claims("claims.jsonl")                      # or from_ledger.load_flow_claims(db, ...)
    flow = make_flow(supplier="PRK", recipient="RUS", item="artillery_shell", ref=load_reference())
    estimate(claims, flow, EstimateOptions(as_of=date(2024, 6, 30)))
    find_contradictions(claims); run_checks(claims); list_flows(claims)

Everything works on plain `ReconcileClaim`s (a Claim plus its document's date, source key,
grade and near-duplicate link) and returns pydantic results that serialize to JSON.
"""

from armsledger.reconcile.checks import list_checks, run_checks
from armsledger.reconcile.contradictions import find_contradictions
from armsledger.reconcile.estimate import EstimateOptions, estimate
from armsledger.reconcile.explain import ClaimUse, Contradiction, Estimate, Finding, FlowKey, FlowSummary, SeriesPoint
from armsledger.reconcile.flows import make_flow
from armsledger.reconcile.inputs import ReconcileClaim, make_claim
from armsledger.reconcile.jsonl import load_claims, read_claims
from armsledger.reconcile.overview import list_flows
from armsledger.reconcile.refdata import Reference, load_reference

__all__ = [
    "ClaimUse",
    "Contradiction",
    "Estimate",
    "EstimateOptions",
    "Finding",
    "FlowKey",
    "FlowSummary",
    "ReconcileClaim",
    "Reference",
    "SeriesPoint",
    "estimate",
    "find_contradictions",
    "list_checks",
    "list_flows",
    "load_claims",
    "load_reference",
    "make_claim",
    "make_flow",
    "read_claims",
    "run_checks",
]
