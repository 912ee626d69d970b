"""Simulated orders per second, against the engine's own lifecycle cost in the same process.

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_simulation.py [--orders N] [--profile]

Five measurements:

1. **The simulation** of ``--orders`` orders (default 100,000) on one fee model, with the
   ``quick`` scenario's behaviour (late deliveries, revisions, refusals, disputes and rulings,
   cancellations, weekly payouts) and ``run_due`` every simulated hour. Every call into the
   Marketplace is timed, so the run splits into *engine* time and the simulator's *own* time
   (drawing the demand, the event queue, reading the results back from the ledger).
2. **The engine's lifecycle baseline**, as in ``bench_orders.py``: place (gateway charge) →
   start → deliver → accept → clearance through the facade, nothing else.
3. **The simulation with lifecycle-only behaviour** (nobody late, no revision, no dispute, no
   cancellation, no payouts): the same steps as the baseline, driven by the simulator, so
   ``(3) / (2)`` is the simulator's overhead on equal work.
4. **The spread run**: ``--orders`` orders over ``2 * --jobs`` runs on ``--jobs`` processes
   through :func:`~microjob.simulation.simulate`, as ``microjob simulate --jobs`` runs them
   (wall time, orders/s beside the engine's lifecycle rate).
5. Peak memory per order under tracemalloc, in separate runs so tracing does not slow (1)-(4).

The full simulation now also sends chat messages through the engine's contact filter (leak
attempts of repeat pairs and ordinary messages) and answers to the fees on both sides; the
lifecycle-only run (3) turns that off so it does the same work as the baseline.

The baseline and (3) use at most 20,000 orders: the engine's cost per order is flat in the
number of orders (``bench_orders.py`` shows it), so more would only take longer.
``--profile`` adds a cProfile of a 5,000-order simulation, grouped by where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import platform
import pstats
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from microjob import Marketplace
from microjob.adapters.memory import FrozenClock, RecordingNotifier, RecordingPublisher
from microjob.simulation import (
    Leakage,
    Response,
    Scenario,
    draw_demand,
    load_scenario,
    simulate,
)
from microjob.simulation.run import _Run

DAYS = 50
BASELINE_MAX = 20_000


def bench_scenario(orders: int, *, lifecycle_only: bool = False) -> Scenario:
    """``orders`` expected orders over 50 days, one buyer per 10 and one seller per 100."""
    base = load_scenario("quick")
    scenario = base.replace(
        name="bench",
        days=DAYS,
        runs=1,
        sweep=None,
        fee_models=base.fee_models[:1],
        demand=attrs.evolve(
            base.demand,
            buyers=max(100, orders // 10),
            sellers=max(20, orders // 100),
            orders_per_day=orders / DAYS,
            weekend_factor=1.0,
        ),
    )
    if lifecycle_only:
        nobody = {field.name: 0.0 for field in attrs.fields(type(base.behaviour))}
        scenario = scenario.replace(
            behaviour=type(base.behaviour)(**nobody),
            payouts=attrs.evolve(base.payouts, every_days=0),
            response=Response(0, 0, 0, Decimal(0), 0, Decimal("0.10"), 0),
            leakage=Leakage(enabled=False),
        )
    return scenario


NAMESPACES = frozenset(
    {"users", "orders", "disputes", "wallet", "payouts", "chat", "listings", "requests"}
    | {"reviews", "reputation", "subscriptions", "admin"}
)


class EngineTimer:
    """Wraps a Marketplace and adds up the time spent inside its methods (those of its
    capability namespaces too, named ``orders.place`` and so on)."""

    def __init__(self, market: Any, totals: EngineTimer | None = None, prefix: str = "") -> None:
        self._market = market
        self._totals = totals or self
        self._prefix = prefix
        self.seconds = 0.0
        self.calls = 0
        self.by_method: dict[str, float] = {}

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._market, name)
        if not callable(attribute):
            if name in NAMESPACES:
                return EngineTimer(attribute, self._totals, f"{name}.")
            return attribute
        totals = self._totals
        name = self._prefix + name

        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return attribute(*args, **kwargs)
            finally:
                spent = time.perf_counter() - began
                totals.seconds += spent
                totals.calls += 1
                totals.by_method[name] = totals.by_method.get(name, 0.0) + spent

        return timed


def quiet_market(policy: Any, clock: FrozenClock) -> Marketplace:
    return Marketplace.in_memory(
        policy,
        clock=clock,
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )


def simulate_timed(scenario: Scenario, methods: dict[str, float] | None = None) -> dict[str, float]:
    """One run, split into demand draw, engine calls, the simulator's loop and the read-back."""
    gc.collect()
    timers: list[EngineTimer] = []

    def factory(policy: Any, clock: FrozenClock) -> Any:
        timers.append(EngineTimer(quiet_market(policy, clock)))
        return timers[-1]

    began = time.perf_counter()
    demand = draw_demand(scenario, scenario.seed)
    drawn = time.perf_counter()
    run = _Run(scenario, scenario.fee_models[0], demand, factory)
    run.run()
    ran = time.perf_counter()
    result = run.measure()
    measured = time.perf_counter()
    engine = timers[0].seconds
    if methods is not None:
        methods.update(timers[0].by_method)
    return {
        "orders": float(result.totals["orders_placed"]),
        "total": measured - began,
        "draw": drawn - began,
        "loop": ran - drawn - engine,
        "engine": engine,
        "measure": measured - ran,
        "calls": float(timers[0].calls),
    }


def baseline(count: int) -> float:
    """Seconds for ``count`` bare lifecycles through the facade (as in bench_orders.py)."""
    scenario = bench_scenario(count)
    clock = FrozenClock(scenario.start)
    market = quiet_market(scenario.fee_models[0].policy, clock)
    users = scenario.demand.buyers + scenario.demand.sellers
    for n in range(users):
        market.users.register(f"u{n}", name=f"User {n}", email=f"u{n}@example.org")
    gc.collect()
    began = time.perf_counter()
    place = market.orders.place
    for n in range(count):
        order = place(
            actor=f"u{n % users}",
            seller_id=f"u{(n + 1) % users}",
            title="Logo",
            price=f"{10 + n % 90}.{n % 100:02d}",
            delivery_days=3,
        )
        market.orders.start(order.id, actor=order.seller_id)
        market.orders.deliver(order.id, actor=order.seller_id, message="done")
        market.orders.accept(order.id, actor=order.buyer_id)
    clock.advance(days=30)
    report = market.run_due(limit=count + 10)
    elapsed = time.perf_counter() - began
    assert report.moves.get("clear") == count, report
    return elapsed


def spread(orders: int, jobs: int) -> tuple[float, float]:
    """(orders placed, wall seconds) for ``orders`` over ``2 * jobs`` runs on ``jobs``
    processes, through :func:`simulate` as ``microjob simulate --jobs`` runs them."""
    runs = 2 * jobs
    scenario = bench_scenario(orders // runs)
    began = time.perf_counter()
    result = simulate(scenario, runs=runs, jobs=jobs)
    return float(result.orders), time.perf_counter() - began


def peak_per_order(fn: Callable[[], float]) -> float:
    """Peak traced bytes per order of ``fn`` (which returns its order count)."""
    gc.collect()
    tracemalloc.start()
    orders = fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / orders


def profile(orders: int) -> None:
    scenario = bench_scenario(orders)
    profiler = cProfile.Profile()
    demand = draw_demand(scenario, 1)
    run = _Run(scenario, scenario.fee_models[0], demand, quiet_market)
    profiler.enable()
    run.run()
    run.measure()
    profiler.disable()
    stats = pstats.Stats(profiler)
    groups: dict[str, float] = {}
    raw: Any = stats.stats  # type: ignore[attr-defined]
    for (filename, _, _), (_, _, tottime, _, _) in raw.items():
        if "microjob/simulation" in filename:
            group = "simulator (microjob.simulation)"
        elif "reputation" in filename:
            group = "engine: seller levels re-evaluated in run_due"
        elif "microjob" in filename:
            group = "engine: the rest of microjob"
        elif "pendulum" in filename:
            group = "pendulum"
        elif "moneyed" in filename:
            group = "py-moneyed"
        elif "attr" in filename:
            group = "attrs"
        else:
            group = "builtins and the rest"
        groups[group] = groups.get(group, 0.0) + tottime
    whole = sum(groups.values())
    print(f"\ncProfile of a {orders:,}-order simulation, own time by group:")
    for group, seconds in sorted(groups.items(), key=lambda item: -item[1]):
        print(f"  {group:<50}{seconds:>8.2f} s{seconds / whole * 100:>7.1f} %")
    print("\ntop functions by own time:")
    stats.sort_stats("tottime").print_stats(12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000, help="orders to simulate")
    parser.add_argument("--profile", action="store_true", help="add a cProfile breakdown")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the spread run")
    args = parser.parse_args()
    n = args.orders
    small = min(n, BASELINE_MAX)
    print(f"microjob revenue simulator on the memory adapter, Python {platform.python_version()}")

    sim_methods: dict[str, float] = {}
    plain_methods: dict[str, float] = {}
    sim = simulate_timed(bench_scenario(n), sim_methods)
    base = baseline(small)
    plain = simulate_timed(bench_scenario(small, lifecycle_only=True), plain_methods)

    def row(name: str, orders: float, seconds: float) -> None:
        print(
            f"{name:<46}{orders:>9,.0f}{seconds:>9.2f}{orders / seconds:>11,.0f}"
            f"{seconds / orders * 1e6:>10.1f}"
        )

    print(f"{'run':<46}{'orders':>9}{'seconds':>9}{'orders/s':>11}{'µs each':>10}")
    row("simulation (quick behaviour, hourly run_due)", sim["orders"], sim["total"])
    row("engine lifecycle baseline", small, base)
    row("simulation, lifecycle-only behaviour", plain["orders"], plain["total"])
    print(
        f"\nsimulation with lifecycle-only behaviour / engine baseline (time per order): "
        f"{plain['total'] / plain['orders'] / (base / small):.2f}x"
    )
    own = sim["draw"] + sim["loop"] + sim["measure"]
    print(f"where the {sim['total']:.2f} s of the full simulation went:")
    for label, key in (
        ("inside Marketplace calls (the engine)", "engine"),
        ("drawing the demand", "draw"),
        ("the simulator's event loop", "loop"),
        ("reading the results from the ledger", "measure"),
    ):
        print(f"  {label:<44}{sim[key]:>8.2f} s{sim[key] / sim['total'] * 100:>7.1f} %")
    print(
        f"  simulator's own share: {own / sim['total'] * 100:.1f} % "
        f"({own / sim['orders'] * 1e6:.0f} µs per order; "
        f"{sim['calls'] / sim['orders']:.1f} engine calls per order)"
    )
    print("  engine time by Marketplace method (full simulation):")
    for name, seconds in sorted(sim_methods.items(), key=lambda item: -item[1])[:6]:
        print(f"    {name:<42}{seconds:>8.2f} s{seconds / sim['total'] * 100:>7.1f} %")
    due = plain_methods.get("run_due", 0.0)
    print(
        f"lifecycle-only simulation: {plain['engine'] / plain['total'] * 100:.1f} % inside the "
        f"engine, of which run_due (every simulated hour) {due:.2f} s = "
        f"{due / plain['orders'] * 1e6:.0f} µs per order"
    )
    engine_rate = small / base
    print(
        f"full simulation per order / engine lifecycle per order: "
        f"{sim['total'] / sim['orders'] / (base / small):.2f}x "
        f"({sim['orders'] / sim['total']:,.0f} simulated orders/s beside the engine's "
        f"{engine_rate:,.0f} lifecycles/s)"
    )
    placed, wall = spread(n, args.jobs)
    aim = 20.0
    verdict = "met" if wall <= aim * placed / 100_000 else "not met"
    print(
        f"\n{placed:,.0f} orders over {2 * args.jobs} runs on {args.jobs} processes "
        f"(simulate(..., jobs={args.jobs})): {wall:.2f} s, {placed / wall:,.0f} orders/s "
        f"beside the engine's {engine_rate:,.0f} lifecycles/s on one process"
    )
    print(
        f"aim: 100,000 orders in {aim:.0f} s ({100_000 / aim:,.0f} orders/s): {verdict} "
        f"at {placed / wall:,.0f} orders/s"
    )

    memory = min(n, 10_000)
    sim_peak = peak_per_order(lambda: simulate_timed(bench_scenario(memory))["orders"])
    plain_peak = peak_per_order(lambda: (baseline(memory), float(memory))[1])
    print(
        f"\npeak memory per order: simulation {sim_peak / 1024:.2f} KiB, engine baseline "
        f"{plain_peak / 1024:.2f} KiB ({sim_peak / plain_peak:.2f}x)"
    )
    if args.profile:
        profile(min(n, 5_000))


if __name__ == "__main__":
    main()
