"""How fast does the ledger post, what does it cost in memory, and how fast does it verify?

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_ledger.py [--entries N] [--repeat R]

Each entry is what paying for an order costs the engine: two transfers, buyer available ->
order escrow and order escrow -> seller pending, under a fresh idempotency key, with amounts
that are prebuilt ``Money`` values (the engine computes a price once and reuses it). Buyers are
funded before the clock starts. Beside it runs a bare-dict baseline doing the same balance
updates: a dict of ``(account, currency) -> Decimal``, a set of idempotency keys and the same
overdraft check, and nothing else (no entries, no hash chain, no indexes). The ratio of the two
is what the ledger's guarantees cost.

Every measurement runs ``--repeat`` times and the best is reported, which is the least noisy
figure on a shared machine. Peak memory is measured in separate runs under ``tracemalloc``,
because tracing every allocation slows the code it measures; the keys and amounts are built
before tracing starts, so the figure is what the structures themselves hold.
"""

from __future__ import annotations

import argparse
import gc
import platform
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import pendulum
from moneyed import Money

from microjob.errors import InsufficientFunds
from microjob.ledger import WORLD, Ledger, Transfer, available, escrow, pending
from microjob.money import money

BUYERS = 1_000
SELLERS = 1_000
PRICES = tuple(money(f"{5 + n % 95}.{n % 100:02d}", "USD") for n in range(97))
AT = pendulum.datetime(2024, 5, 1, 12, tz="UTC")

State = TypeVar("State")
BaselineState = tuple[dict[tuple[str, str], Decimal], set[str]]


class Workload:
    """Keys, accounts and amounts, built once so no run pays for them."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self.keys = [f"order:{n}:pay" for n in range(entries)]
        self.causes = [f"order:{n}" for n in range(entries)]
        self.buyers = [available(f"b{n % BUYERS}") for n in range(entries)]
        self.escrows = [escrow(str(n)) for n in range(entries)]
        self.sellers = [pending(f"s{n % SELLERS}") for n in range(entries)]
        self.prices = [PRICES[n % len(PRICES)] for n in range(entries)]
        most = max(p.amount for p in PRICES) * (entries // BUYERS + 1)
        self.funding = money(most, "USD")  # enough for every order a buyer places


def fund_ledger(work: Workload) -> Ledger:
    ledger = Ledger()
    for n in range(BUYERS):
        account = available(f"b{n}")
        ledger.post(f"fund:{n}", f"deposit:{n}", [Transfer(WORLD, account, work.funding)], AT)
    return ledger


def post_engine(work: Workload, ledger: Ledger) -> None:
    post = ledger.post
    keys, causes, buyers, escrows, sellers, prices = (
        work.keys,
        work.causes,
        work.buyers,
        work.escrows,
        work.sellers,
        work.prices,
    )
    for n in range(work.entries):
        price = prices[n]
        box = escrows[n]
        post(
            keys[n],
            causes[n],
            (Transfer(buyers[n], box, price), Transfer(box, sellers[n], price)),
            AT,
        )


def fund_baseline(work: Workload) -> BaselineState:
    balances: dict[tuple[str, str], Decimal] = {}
    for n in range(BUYERS):
        balances[(available(f"b{n}"), "USD")] = work.funding.amount
        balances[(WORLD, "USD")] = balances.get((WORLD, "USD"), Decimal(0)) - work.funding.amount
    return balances, set()


def post_baseline(work: Workload, state: BaselineState) -> None:
    balances, seen = state
    zero = Decimal(0)
    keys, buyers, escrows, sellers, prices = (
        work.keys,
        work.buyers,
        work.escrows,
        work.sellers,
        work.prices,
    )
    for n in range(work.entries):
        key = keys[n]
        if key in seen:
            continue
        price: Money = prices[n]
        value = price.amount
        code = price.currency.code
        src, box, dst = (buyers[n], code), (escrows[n], code), (sellers[n], code)
        have = balances.get(src, zero)
        if have - value < zero:
            raise InsufficientFunds(f"{src[0]} holds {have}")
        balances[src] = have - value
        balances[box] = balances.get(box, zero) + value - value
        balances[dst] = balances.get(dst, zero) + value
        seen.add(key)


def best_time(repeat: int, setup: Callable[[], State], run: Callable[[State], None]) -> float:
    """Best wall time of ``run(setup())`` over ``repeat`` runs (setup is not timed)."""
    best = float("inf")
    for _ in range(repeat):
        state = setup()
        gc.collect()
        start = time.perf_counter()
        run(state)
        best = min(best, time.perf_counter() - start)
        del state
    return best


def peak_memory(setup: Callable[[], State], run: Callable[[State], None]) -> int:
    """Peak bytes allocated by setup and run together, traced in a run of its own."""
    gc.collect()
    tracemalloc.start()
    try:
        state = setup()
        run(state)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del state
    return peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=200_000, help="entries to post")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best wins)")
    args = parser.parse_args(argv)
    if args.entries < 1 or args.repeat < 1:
        parser.error("--entries and --repeat must be at least 1")

    work = Workload(args.entries)
    n = args.entries

    def engine_setup() -> Ledger:
        return fund_ledger(work)

    def engine_run(ledger: Ledger) -> None:
        post_engine(work, ledger)

    def baseline_setup() -> BaselineState:
        return fund_baseline(work)

    def baseline_run(state: BaselineState) -> None:
        post_baseline(work, state)

    engine_s = best_time(args.repeat, engine_setup, engine_run)
    baseline_s = best_time(args.repeat, baseline_setup, baseline_run)

    ledger = fund_ledger(work)
    post_engine(work, ledger)
    assert len(ledger) == n + BUYERS
    verify_s = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        summary = ledger.verify()
        verify_s = min(verify_s, time.perf_counter() - start)
    assert summary.entries == n + BUYERS
    verified = summary.entries
    del ledger

    engine_peak = peak_memory(engine_setup, engine_run)
    baseline_peak = peak_memory(baseline_setup, baseline_run)

    mib = 1024 * 1024
    rows = [
        ("Ledger.post", n / engine_s, engine_s, f"{engine_peak / mib:8.1f} MiB"),
        ("bare-dict baseline", n / baseline_s, baseline_s, f"{baseline_peak / mib:8.1f} MiB"),
        ("Ledger.verify", verified / verify_s, verify_s, f"{'-':>12}"),
    ]
    print(
        f"microjob ledger: {n:,} entries x 2 transfers, best of {args.repeat}, "
        f"Python {platform.python_version()}"
    )
    print(f"{'measurement':<20} {'entries/s':>12} {'seconds':>9} {'peak memory':>12}")
    print(f"{'-' * 20} {'-' * 12} {'-' * 9} {'-' * 12}")
    for name, rate, seconds, memory in rows:
        print(f"{name:<20} {rate:>12,.0f} {seconds:>9.3f} {memory}")
    print(f"{'-' * 20} {'-' * 12} {'-' * 9} {'-' * 12}")
    print(
        f"{'engine / baseline':<20} {engine_s / baseline_s:>11.1f}x {'(time)':>9} "
        f"{engine_peak / baseline_peak:>11.1f}x (memory)"
    )
    print(f"{'memory per entry':<20} {engine_peak / n:>10,.0f} B  (ledger)")


if __name__ == "__main__":
    main()
