"""Full order lifecycles per second through the Marketplace facade, beside a bare-dict floor.

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_orders.py [--orders N]

A lifecycle is what every completed order costs the engine: place + fund (gateway charge
confirmed) → start → deliver → accept → clearance to available, each step one command with its
unit of work, ledger entry, domain events and notifications. The floor does the same steps in
plain Python (a dict per order, the state table as a dict, Decimal fees, a balances dict and a
set of idempotency keys): what the steps cost with no guarantees at all.

Cost per order must stay flat as orders accumulate, so the engine is also timed in slices of
1,000 lifecycles after 1,000, 10,000 and 100,000 orders already exist. Peak memory is measured
in a separate run under tracemalloc so tracing does not slow the timed runs; so are the Python
calls a lifecycle makes (``sys.setprofile``, the figure ``tests/test_call_budget.py`` holds to a
budget). The engine's line also says how much of its time Python's cyclic garbage collector
took (``gc.callbacks``): the collector traverses every live order, entry and record of the
in-memory store, so its share grows with the store.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
import tracemalloc
from decimal import ROUND_HALF_EVEN, Decimal

import attrs

from microjob import Marketplace, presets
from microjob.adapters.memory import FrozenClock, RecordingNotifier, RecordingPublisher

POLICY = attrs.evolve(presets.fiverr_like(), clearance_days=1)
USERS = 200
PRICES = [f"{10 + n % 90}.{n % 100:02d}" for n in range(97)]


def make_market() -> tuple[Marketplace, FrozenClock]:
    clock = FrozenClock()
    market = Marketplace.in_memory(
        POLICY,
        clock=clock,
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )
    for n in range(USERS):
        market.users.register(f"u{n}", name=f"User {n}", email=f"u{n}@example.org")
    return market, clock


def engine_lifecycles(market: Marketplace, clock: FrozenClock, start: int, count: int) -> None:
    """``count`` full lifecycles, clearance included."""
    place = market.orders.place
    for n in range(start, start + count):
        order = place(
            actor=f"u{n % USERS}",
            seller_id=f"u{(n + 1) % USERS}",
            title="Logo",
            price=PRICES[n % len(PRICES)],
            delivery_days=3,
        )
        market.orders.start(order.id, actor=order.seller_id)
        market.orders.deliver(order.id, actor=order.seller_id, message="done")
        market.orders.accept(order.id, actor=order.buyer_id)
    clock.advance(days=1)
    report = market.run_due(limit=count + 10)
    assert report.moves.get("clear") == count, report


# The floor: the same steps with dicts and Decimals, no guarantees.
TABLE = {
    ("awaiting_payment", "paid"): "pending",
    ("pending", "start"): "active",
    ("active", "deliver"): "delivered",
    ("delivered", "accept"): "completed",
}
CENT = Decimal("0.01")


def floor_lifecycles(count: int) -> None:
    orders: dict[int, dict[str, object]] = {}
    balances: dict[str, Decimal] = {}
    keys: set[str] = set()
    fee_rate, commission_rate = Decimal("0.055"), Decimal("0.20")

    def move(order: dict[str, object], trigger: str) -> None:
        order["state"] = TABLE[(str(order["state"]), trigger)]

    def transfer(key: str, src: str, dst: str, amount: Decimal) -> None:
        if key in keys:
            return
        if src != "world" and balances.get(src, Decimal(0)) < amount:
            raise ValueError("overdraft")
        balances[src] = balances.get(src, Decimal(0)) - amount
        balances[dst] = balances.get(dst, Decimal(0)) + amount
        keys.add(key)

    for n in range(count):
        price = Decimal(PRICES[n % len(PRICES)])
        fee = (price * fee_rate).quantize(CENT, ROUND_HALF_EVEN)
        order: dict[str, object] = {"state": "awaiting_payment", "price": price, "fee": fee}
        orders[n] = order
        transfer(f"{n}:fund", "world", f"escrow:{n}", price + fee)
        move(order, "paid")
        move(order, "start")
        move(order, "deliver")
        move(order, "accept")
        commission = (price * commission_rate).quantize(CENT, ROUND_HALF_EVEN)
        transfer(f"{n}:release", f"escrow:{n}", f"pending:{n % USERS}", price - commission)
        transfer(f"{n}:commission", f"escrow:{n}", "platform", commission + fee)
        transfer(f"{n}:clear", f"pending:{n % USERS}", f"available:{n % USERS}", price - commission)


def timed(fn: object, *args: object) -> float:
    gc.collect()
    began = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return time.perf_counter() - began


def peak_bytes(count: int) -> float:
    market, clock = make_market()
    gc.collect()
    tracemalloc.start()
    engine_lifecycles(market, clock, 0, count)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / count


def calls_per_lifecycle(count: int) -> float:
    """Python calls (functions and builtins) per lifecycle, clearance included."""
    market, clock = make_market()
    engine_lifecycles(market, clock, 0, 500)  # warm: scanners built, handlers resolved
    calls = 0

    def counted(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call" or event == "c_call":
            calls += 1

    sys.setprofile(counted)
    try:
        engine_lifecycles(market, clock, 500, count)
    finally:
        sys.setprofile(None)
    return calls / count


class GcClock:
    """Adds up the time the cyclic garbage collector runs (``gc.callbacks``; a few microseconds
    per collection, far below the noise of the timed runs it watches)."""

    def __init__(self) -> None:
        self.spent = 0.0
        self._began = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.spent += time.perf_counter() - self._began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000, help="lifecycles per timed run")
    parser.add_argument(
        "--slices",
        default="1000,10000,100000",
        help="live-order counts at which a 1,000-lifecycle slice is timed",
    )
    args = parser.parse_args()
    n = args.orders
    print(f"microjob order lifecycles on the memory adapter, Python {platform.python_version()}")

    market, clock = make_market()
    runs = []
    for i in range(2):
        collector = GcClock()
        gc.callbacks.append(collector)
        try:
            runs.append((timed(engine_lifecycles, market, clock, i * n, n), collector.spent))
        finally:
            gc.callbacks.remove(collector)
    engine, in_gc = min(runs)
    del market
    floor = min(timed(floor_lifecycles, n) for _ in range(3))
    print(f"{'run':<34}{'lifecycles/s':>14}{'µs each':>10}")
    print(f"{'engine (facade, memory adapter)':<34}{n / engine:>14,.0f}{engine / n * 1e6:>10.1f}")
    print(f"{'  of which garbage collection':<34}{in_gc / engine:>14.0%}{in_gc / n * 1e6:>10.1f}")
    print(f"{'bare-dict floor':<34}{n / floor:>14,.0f}{floor / n * 1e6:>10.1f}")
    print(f"{'engine / floor (time)':<34}{engine / floor:>14.1f}x")

    print("\ncost per lifecycle as orders accumulate (slices of 1,000):")
    market, clock = make_market()
    done = 0
    for target in (int(s) for s in args.slices.split(",")):
        if target > done:
            engine_lifecycles(market, clock, done, target - done)
            done = target
        seconds = timed(engine_lifecycles, market, clock, done, 1000)
        done += 1000
        print(
            f"  after {target:>7,} live orders: {1000 / seconds:>9,.0f} lifecycles/s "
            f"({seconds * 1e3:.1f} µs each)"
        )
    del market
    per_order = peak_bytes(min(n, 10_000))
    print(f"\npeak memory per lifecycle (orders, ledger, indexes): {per_order / 1024:.2f} KiB")
    print(f"Python calls per lifecycle: {calls_per_lifecycle(2_000):,.0f}")


if __name__ == "__main__":
    main()
