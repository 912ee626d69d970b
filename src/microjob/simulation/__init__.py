"""The revenue simulator: what an operator would earn under each fee model, before changing it.

Web Park asks to "see the ability of the aggregator to work (calculate the benefits)", from a
commission or from subscriptions. The simulator answers with the real engine: synthetic buyers
and sellers place, start, deliver, revise, accept, refuse, cancel and dispute orders through a
[`Marketplace`][microjob.Marketplace], and every figure is read back from its ledger.

::

    from microjob.simulation import load_scenario, simulate

    result = simulate(load_scenario("quick").replace(days=5), runs=2)
    result.model("fiverr-like").total("revenue")     # Estimate(mean, half, n)
    verdict(result).sentence                         # which model earns most, beyond noise?

Both sides of the market answer to the fees (`.response`), repeat pairs try to leave
through the engine's real chat (`.corpus`), and the report pairs fee models on common
random numbers (`.verdict`). ``microjob simulate --explain`` lists every assumption.

Scenarios are TOML files (`microjob.simulation.scenario`); several ship with microjob
(`scenario_names`). Runs use the memory adapter unless given another factory
(`StoreMarket` for a database URL). Plots and the HTML report (`write_report`)
need the ``sim`` extra (matplotlib); nothing here imports it until a report is written.
``microjob simulate`` (`microjob.cli`) is the command-line face; see docs/simulator.md.
"""

from __future__ import annotations

from microjob.simulation.demand import Arrival, Demand, draw_demand
from microjob.simulation.explain import explain
from microjob.simulation.report import result_json, write_report
from microjob.simulation.run import (
    METRICS,
    REVENUE_SOURCES,
    MarketFactory,
    RunResult,
    SimulationError,
    StoreMarket,
    memory_market,
    run_once,
)
from microjob.simulation.scenario import (
    FeeModel,
    Leakage,
    Response,
    Scenario,
    ScenarioError,
    Sweep,
    load_scenario,
    parse_scenario,
    parse_sweep,
    scenario_names,
)
from microjob.simulation.simulate import ModelResult, SimulationResult, SweepPoint, simulate
from microjob.simulation.stats import Estimate, estimate, t_quantile
from microjob.simulation.verdict import Comparison, Peak, Verdict, compare, paired, peak, verdict

__all__ = [
    "METRICS",
    "REVENUE_SOURCES",
    "Arrival",
    "Comparison",
    "Demand",
    "Estimate",
    "FeeModel",
    "Leakage",
    "MarketFactory",
    "ModelResult",
    "Peak",
    "Response",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "SimulationError",
    "SimulationResult",
    "StoreMarket",
    "Sweep",
    "SweepPoint",
    "Verdict",
    "compare",
    "draw_demand",
    "estimate",
    "explain",
    "load_scenario",
    "memory_market",
    "paired",
    "parse_scenario",
    "parse_sweep",
    "peak",
    "result_json",
    "run_once",
    "scenario_names",
    "simulate",
    "t_quantile",
    "verdict",
    "write_report",
]
