"""The model stage (stock and flow), after reconcile: how long a stock lasts and what drives
the uncertainty.

(`armsledger.model` is the claim data model; this package is the pipeline's model stage.)

    scenario = build_scenario(BuildOptions(actor="RUS", item="artillery_shell", as_of=date(2024, 6, 30)),
                              load_scenario("rus.yaml"))
    result = project(scenario, draws=10_000, seed=1)     # a Projection (pydantic, JSON)
    days_of_fire(qualifier_range(5e6, "nearly", shape="pert"), Range.point(10_000))

Inputs come from the ledger's reconcile estimates (ledger_inputs.py, the only module that
talks to reconcile) or from a YAML scenario file (scenario.py); the Monte Carlo engine is
simulate.py, the summaries project.py and sensitivity.py, the charts charts.py.
"""

from armsledger.stockflow.build import BuildOptions, build_scenario
from armsledger.stockflow.distributions import Range
from armsledger.stockflow.inputs import Origin, Quantity, Scenario, Target, Trade
from armsledger.stockflow.ledger_inputs import LedgerQuery, qualifier_range
from armsledger.stockflow.project import project
from armsledger.stockflow.results import Projection
from armsledger.stockflow.scenario import ScenarioFile, load_scenario, parse_scenario

__all__ = [
    "BuildOptions",
    "LedgerQuery",
    "Origin",
    "Projection",
    "Quantity",
    "Range",
    "Scenario",
    "ScenarioFile",
    "Target",
    "Trade",
    "build_scenario",
    "load_scenario",
    "parse_scenario",
    "project",
    "qualifier_range",
]
