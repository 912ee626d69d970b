"""Commands beside queries on one SQLite file: what a reader process costs the writer.

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_reads.py [--seconds S] [--readers N]

One process runs order lifecycles (place with its charge, start, deliver, accept) on a SQLite
file in WAL mode (``synchronous=NORMAL``) for ``--seconds``: alone first (the baseline), then
with ``--readers`` other processes on the same file, each asking ``--pages`` times a second
for what a console page asks: an order (`orders.get`), a user's balances (`wallet.balances`)
and a seller's dashboard (`orders.dashboard`). Queries open read-only units of work
(`Context.reads`): a deferred transaction that takes no write lock, so neither side should
wait for the other. It prints the writer's lifecycles/s alone and beside the readers (their
ratio: 1.0 means the readers cost the writer nothing), the writer's longest lifecycle (what a
command waited), each reader's pages a second and page latency (p50, p99), and each
process's peak resident memory.

Processes, not threads, so the figures are not the GIL's. The machine's cores are shared by
the writer and the readers: with two cores and one reader the writer keeps a core of its own.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_storage import POLICY, USERS, lifecycles, register
from microjob import BACK_OFFICE, Marketplace
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    RecordingNotifier,
    RecordingPublisher,
)


def open_market(path: Path, *, migrate: bool) -> Marketplace:
    return Marketplace.from_url(
        f"sqlite:///{path}",
        POLICY,
        clock=FrozenClock(),
        gateway=FakeGateway(),
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
        migrate=migrate,
        store_options={"synchronous": "NORMAL", "busy_timeout": 60.0},
    )


def write_for(market: Marketplace, start: int, seconds: float) -> tuple[int, float, float]:
    """(lifecycles, elapsed seconds, the longest lifecycle in seconds)."""
    done, longest = 0, 0.0
    began = time.perf_counter()
    while (now := time.perf_counter()) - began < seconds:
        lifecycles(market, start + done, 1)
        longest = max(longest, time.perf_counter() - now)
        done += 1
    return done, time.perf_counter() - began, longest


def reader(
    path: str, order_ids: list[str], rate: float, stop: Any, results: Any, slot: int
) -> None:
    """Ask one page's queries ``rate`` times a second until ``stop``; write down how long each
    page took (its latency, waiting for locks included)."""
    market = open_market(Path(path), migrate=False)
    waits: list[float] = []
    n = 0
    began = time.perf_counter()
    try:
        while not stop.is_set():
            due = began + n / rate
            if (ahead := due - time.perf_counter()) > 0:
                time.sleep(ahead)
            user = f"u{n % USERS}"
            asked = time.perf_counter()
            market.orders.get(order_ids[n % len(order_ids)], viewer=BACK_OFFICE)
            market.wallet.balances(user, viewer=user)
            market.orders.dashboard(user, viewer=user)
            waits.append(time.perf_counter() - asked)
            n += 1
    finally:
        waits.sort()
        results[slot] = len(waits) / (time.perf_counter() - began)
        results[slot + 1] = waits[len(waits) // 2] if waits else 0.0
        results[slot + 2] = waits[int(len(waits) * 0.99)] if waits else 0.0
        results[slot + 3] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        market.store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--readers", type=int, default=1)
    parser.add_argument(
        "--pages", type=float, default=50.0, help="pages a second each reader asks for"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "reads.db"
        market = open_market(path, migrate=True)
        register(market)
        lifecycles(market, 10_000, 40)  # warm-up, and the orders the readers ask for
        with market.unit_of_work(read_only=True) as uow:
            order_ids = [o.id for n in range(USERS) for o in uow.orders.for_user(f"u{n}", "buyer")]

        print(f"writer alone for {args.seconds:.0f} s ...", file=sys.stderr)
        write_for(market, 500_000, 1.0)  # the caches, the pool and the file warm
        alone, elapsed_alone, longest_alone = write_for(market, 0, args.seconds)

        context = multiprocessing.get_context("spawn")
        stop = context.Event()
        results = context.Array("d", 4 * args.readers)
        readers = [
            context.Process(
                target=reader, args=(str(path), order_ids, args.pages, stop, results, 4 * i)
            )
            for i in range(args.readers)
        ]
        for process in readers:
            process.start()
        time.sleep(2.0)  # the readers import and open the file first
        print(
            f"writer beside {args.readers} reader(s) for {args.seconds:.0f} s ...", file=sys.stderr
        )
        beside, elapsed_beside, longest_beside = write_for(market, 100_000, args.seconds)
        stop.set()
        for process in readers:
            process.join(timeout=60)
        market.admin.verify()
        market.store.close()

    rate_alone = alone / elapsed_alone
    rate_beside = beside / elapsed_beside
    mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'':28} {'lifecycles/s':>12} {'longest':>9} {'peak RSS':>9}")
    print(f"{'writer alone':28} {rate_alone:12.1f} {longest_alone * 1000:7.0f}ms {mine:7.0f}MB")
    print(
        f"{'writer beside the readers':28} {rate_beside:12.1f} "
        f"{longest_beside * 1000:7.0f}ms {mine:7.0f}MB"
    )
    print(f"ratio beside/alone: {rate_beside / rate_alone:.2f}")
    for i in range(args.readers):
        rate, p50, p99, rss = (results[4 * i + k] for k in range(4))
        print(
            f"reader {i + 1}: {rate:.1f} pages/s (asked {args.pages:.0f}), page latency "
            f"p50 {p50 * 1000:.1f}ms p99 {p99 * 1000:.1f}ms, peak RSS {rss / 1024:.0f}MB"
        )


if __name__ == "__main__":
    main()
