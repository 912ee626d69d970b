"""What the source-of-funds check before a payout costs, against the seller's own history and
against the size of the whole ledger.

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_payouts.py [--sizes 10,1000,10000] [--noise 20000]

Before paying, :meth:`Marketplace.check_sources` traces every credit to the seller's cash
account back to a confirmed charge or deposit, through the ledger's entry-key and account
indexes. Its cost must grow with what it traces (the seller's own orders), not with the
ledger: so each seller is measured twice, once alone and once after ``--noise`` orders between
other users were added to the same ledger. The baseline, in the same process, is the obvious
alternative: a scan of every ledger entry for the transfers that touch the seller.

Peak memory is the tracemalloc peak of building one seller's history and checking it.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable

import attrs

from microjob import Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FrozenClock, RecordingNotifier, RecordingPublisher

POLICY = attrs.evolve(presets.fiverr_like(), clearance_days=0)


def make_market() -> Marketplace:
    market = Marketplace.in_memory(
        POLICY,
        clock=FrozenClock(),
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )
    for user in ("buyer", "other-buyer", "other-seller"):
        market.users.register(user, name=user, email=f"{user}@example.org")
    return market


def add_seller(market: Marketplace, seller: str, orders: int, buyer: str = "buyer") -> None:
    market.users.register(seller, name=seller, email=f"{seller}@example.org")
    for n in range(orders):
        order = market.orders.place(
            actor=buyer, seller_id=seller, title="Logo", price=f"{10 + n % 50}.00", delivery_days=3
        )
        market.orders.start(order.id, actor=seller)
        market.orders.deliver(order.id, actor=seller, message="done")
        market.orders.accept(order.id, actor=buyer)


def timed(call: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` calls."""
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def naive_scan(market: Marketplace, seller: str) -> int:
    """The baseline: walk the whole ledger for transfers into the seller's accounts."""
    mine = {accounts.available(seller), accounts.pending(seller)}
    found = 0
    for entry in market.store.ledger.entries():
        for transfer in entry.transfers:
            if transfer.destination in mine:
                found += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,1000,10000", help="orders per measured seller")
    parser.add_argument("--noise", type=int, default=20_000, help="other users' orders")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"python {platform.python_version()} on {platform.machine()}")

    market = make_market()
    began = time.perf_counter()
    for size in sizes:
        add_seller(market, f"s{size}", size)
    print(f"built sellers {sizes} in {time.perf_counter() - began:.1f} s")

    def row(label: str) -> dict[int, float]:
        ledger_size = len(market.store.ledger)
        print(f"\n{label}: ledger holds {ledger_size:,} entries")
        print(f"{'orders':>8} {'traced':>8} {'check ms':>10} {'scan ms':>10} {'scan/check':>11}")
        result = {}
        for size in sizes:
            seller = f"s{size}"
            check = market.wallet.check_sources(seller, viewer=seller)
            assert check.ok, check.problems
            t_check = timed(lambda s=seller: market.wallet.check_sources(s, viewer=s), args.repeat)
            t_scan = timed(lambda s=seller: naive_scan(market, s), max(1, args.repeat // 2))
            result[size] = t_check
            print(
                f"{size:>8,} {check.entries_traced:>8,} {t_check * 1e3:>10.2f} "
                f"{t_scan * 1e3:>10.2f} {t_scan / t_check:>10.1f}x"
            )
        return result

    alone = row("sellers alone")
    began = time.perf_counter()
    add_seller(market, "noisy-seller", args.noise, buyer="other-buyer")
    spent = time.perf_counter() - began
    print(f"\nadded {args.noise:,} orders between other users in {spent:.1f} s")
    crowded = row("same sellers in a crowded ledger")
    print("\ncheck time crowded / alone (1.0 = independent of the ledger's size):")
    for size in sizes:
        print(f"  {size:>8,} orders: {crowded[size] / alone[size]:.2f}")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(
            f"check time {large:,} / {small:,} orders: {alone[large] / alone[small]:.0f}x "
            f"for {large / small:.0f}x the history"
        )

    tracemalloc.start()
    traced_market = make_market()
    add_seller(traced_market, "s", 1000)
    traced_market.wallet.check_sources("s", viewer="s")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\npeak memory, 1,000-order seller built and checked: {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
