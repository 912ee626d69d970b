"""Monte Carlo over seeds, every fee model and every sweep point on the same demand."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from decimal import Decimal
from typing import Any

import attrs

from microjob.money import minor_places
from microjob.simulation.demand import Demand, draw_demand
from microjob.simulation.run import (
    COUNTS,
    LEVELS,
    METRICS,
    MONEY,
    MarketFactory,
    RunResult,
    run_once,
)
from microjob.simulation.scenario import FeeModel, Scenario, Sweep, parse_sweep
from microjob.simulation.stats import Estimate, estimate
from microjob.simulation.units import RATIOS, quantized

__all__ = ["ModelResult", "Progress", "SimulationResult", "SweepPoint", "simulate"]

Progress = Callable[[str, int, int], None]
"""Called after every run with (what just ran, runs done, runs in all)."""


@attrs.frozen
class ModelResult:
    """All runs of one fee model (one per seed)."""

    model: FeeModel
    runs: tuple[RunResult, ...]

    @property
    def name(self) -> str:
        return self.model.name

    def values(self, metric: str) -> list[Decimal]:
        """The metric's run totals, one per seed."""
        return [run.totals[metric] for run in self.runs]

    def total(self, metric: str, confidence: float = 0.95) -> Estimate:
        """Mean over the runs ± the confidence interval's half-width."""
        return estimate(self.values(metric), confidence)

    def daily(self, metric: str) -> tuple[Decimal, ...]:
        """The metric's mean over runs, day by day."""
        n = Decimal(len(self.runs))
        days = len(self.runs[0].series[metric])
        return tuple(sum(run.series[metric][d] for run in self.runs) / n for d in range(days))

    def cumulative(self, metric: str) -> tuple[Decimal, ...]:
        running = Decimal(0)
        out = []
        for value in self.daily(metric):
            running += value
            out.append(running)
        return tuple(out)


@attrs.frozen
class SweepPoint:
    value: str
    result: ModelResult


@attrs.frozen
class SimulationResult:
    """Every run of a scenario; query it by fee model, metric and day."""

    scenario: Scenario
    seeds: tuple[int, ...]
    models: tuple[ModelResult, ...]
    sweep: Sweep | None
    points: tuple[SweepPoint, ...]
    seconds: float

    def model(self, name: str) -> ModelResult:
        for result in self.models:
            if result.name == name:
                return result
        raise KeyError(f"no fee model {name!r}; have {', '.join(m.name for m in self.models)}")

    @property
    def orders(self) -> int:
        """Orders placed over every run (fee models and sweep points)."""
        runs = [r for m in self.models for r in m.runs]
        runs += [r for p in self.points for r in p.result.runs]
        return int(sum(run.totals["orders_placed"] for run in runs))

    def to_json(self) -> dict[str, Any]:
        """Everything as JSON-ready data: amounts as decimal strings at the currency's places,
        shares at six places, counts at two (means over runs)."""
        scenario = self.scenario
        places = minor_places(scenario.currency)

        def est(metric: str, value: Estimate) -> dict[str, Any]:
            return _estimate_json(metric, value, places)

        def q(metric: str, value: Decimal) -> str:
            return str(quantized(metric, value, places))

        def model_data(result: ModelResult) -> dict[str, Any]:
            policy = result.model.policy
            return {
                "name": result.name,
                "preset": policy.name,
                "commission_rate": str(policy.commission_rate),
                "buyer_fee_rate": str(policy.buyer_fee_rate),
                "booking_fee_rate": str(policy.booking_fee_rate),
                "payment_mode": policy.payment_mode.value,
                "subscription": (
                    None
                    if result.model.subscription is None
                    else str(result.model.subscription.amount)
                ),
                "contact_filter": policy.contact_filter.value,
                "totals": {
                    metric: est(metric, result.total(metric)) for metric in (*METRICS, *RATIOS)
                },
                "daily_mean": {
                    metric: [q(metric, v) for v in result.daily(metric)] for metric in METRICS
                },
                "runs": [
                    {"seed": run.seed, "totals": {k: q(k, v) for k, v in run.totals.items()}}
                    for run in result.runs
                ],
            }

        return {
            "scenario": scenario.name,
            "description": scenario.description,
            "currency": scenario.currency,
            "days": scenario.days,
            "start": scenario.start.to_date_string(),
            "seeds": list(self.seeds),
            "seconds": round(self.seconds, 3),
            "orders": self.orders,
            "fee_models": [model_data(m) for m in self.models],
            "sweep": None
            if self.sweep is None
            else {
                "field": self.sweep.field,
                "fee_model": self.sweep.fee_model,
                "points": [
                    {
                        "value": point.value,
                        "totals": {
                            metric: est(metric, point.result.total(metric))
                            for metric in (*MONEY, *LEVELS, *COUNTS, *RATIOS)
                        },
                    }
                    for point in self.points
                ],
            },
        }


def _estimate_json(metric: str, value: Estimate, places: int) -> dict[str, Any]:
    return {
        "mean": str(quantized(metric, value.mean, places)),
        "low": str(quantized(metric, value.low, places)),
        "high": str(quantized(metric, value.high, places)),
        "n": value.n,
        "confidence": value.confidence,
    }


def _one(
    scenario: Scenario,
    model: FeeModel,
    run_seed: int,
    factory: MarketFactory | None,
    verify: bool,
) -> RunResult:
    """One run in a worker process (the seed's demand is drawn again there: it is cheap and
    the same draw)."""
    return run_once(
        scenario, model, draw_demand(scenario, run_seed), factory=factory, verify=verify
    )


def simulate(
    scenario: Scenario,
    *,
    runs: int | None = None,
    seed: int | None = None,
    sweep: Sweep | str | None = None,
    factory: MarketFactory | None = None,
    progress: Progress | None = None,
    verify: bool = False,
    jobs: int = 1,
) -> SimulationResult:
    """Run every fee model (and every sweep point) of ``scenario`` over ``runs`` seeds.

    Seeds are ``seed, seed + 1, ...`` (the scenario's own unless given). Each seed's demand is
    drawn once and replayed under every fee model and sweep point (common random numbers).
    ``sweep`` may be a `Sweep` or ``"FIELD=START:STOP:STEP"``; by default the scenario's
    own ``[sweep]`` runs, if it has one. ``jobs`` > 1 spreads the runs over that many
    processes (then ``factory`` must be picklable: a module-level function); the results do
    not depend on it.
    """
    began = time.perf_counter()
    scenario = scenario.replace(
        runs=scenario.runs if runs is None else runs,
        seed=scenario.seed if seed is None else seed,
    )
    if isinstance(sweep, str):
        sweep = parse_sweep(sweep, scenario)
    elif sweep is None:
        sweep = scenario.sweep
    seeds = tuple(scenario.seed + n for n in range(scenario.runs))
    points: list[FeeModel] = []
    if sweep is not None:
        base = scenario.fee_model(sweep.fee_model)
        points = [base.with_value(sweep.field, value) for value in sweep.values]
    work = [*scenario.fee_models, *points]
    total = len(work) * len(seeds)
    results: dict[tuple[int, int], RunResult] = {}

    def tell(index: int, run_seed: int) -> None:
        if progress is not None:
            progress(f"{work[index].name} · seed {run_seed}", len(results), total)

    if jobs > 1 and total > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, total)) as pool:
            futures = {
                pool.submit(_one, scenario, model, run_seed, factory, verify): (index, run_seed)
                for run_seed in seeds
                for index, model in enumerate(work)
            }
            for future in as_completed(futures):
                index, run_seed = futures[future]
                results[index, run_seed] = future.result()
                tell(index, run_seed)
    else:
        for run_seed in seeds:
            demand: Demand = draw_demand(scenario, run_seed)
            for index, model in enumerate(work):
                results[index, run_seed] = run_once(
                    scenario, model, demand, factory=factory, verify=verify
                )
                tell(index, run_seed)

    def runs_of(index: int) -> tuple[RunResult, ...]:
        return tuple(results[index, run_seed] for run_seed in seeds)

    models = tuple(ModelResult(model, runs_of(i)) for i, model in enumerate(scenario.fee_models))
    offset = len(scenario.fee_models)
    swept = tuple(
        SweepPoint(value, ModelResult(points[i], runs_of(offset + i)))
        for i, value in enumerate(sweep.values if sweep is not None else ())
    )
    return SimulationResult(scenario, seeds, models, sweep, swept, time.perf_counter() - began)
