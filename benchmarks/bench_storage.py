"""Full order lifecycles per second on each storage adapter, in one run.

Run it from the repository root::

    PYTHONPATH=src python benchmarks/bench_storage.py [--lifecycles N] [--no-postgres]

A lifecycle is place with its gateway charge → start → deliver → accept: four commands, four
transactions that write (the placing also reads the users and terms in a short one of its own,
and stores the order with the provider's answer in one). It runs on

* the memory adapter (the baseline every ratio is against),
* SQLite, a file in WAL mode, with ``synchronous=FULL`` (the default: survives power loss) and
  ``NORMAL`` (survives a crashed process; the OS may lose the last commits on power loss),
* PostgreSQL over loopback with 1, 2 and 4 worker processes, each with its own store: the server
  ``MICROJOB_POSTGRES_URL`` names, or a throwaway cluster started from the server binaries (as
  the tests do, with the server's default durability); skipped with a message when neither.

On SQLite it also counts the statements the database runs per lifecycle and per clearance
(``sqlite3``'s trace callback: every statement SQLite executes, ``BEGIN``/``COMMIT`` included,
each row of an ``executemany`` once), by verb, and times lifecycles with their clearance
(``run_due`` once the clearance days have passed) beside a bare ``sqlite3`` loop that runs the
same number of statements and commits per lifecycle on a table of its own, in the same
``synchronous`` mode: the ratio is what the engine costs above the database's own work. And it
counts the Python calls a lifecycle with its clearance makes (``sys.setprofile``: function and
builtin calls), a figure that, unlike the time, does not move with the machine's load.

It prints lifecycles/s, peak Python memory (tracemalloc, in a separate small run so tracing
does not slow the timed ones), the ratio to the memory adapter, and where the time goes on
SQLite (the top of a cProfile run). For PostgreSQL it also prints each worker count's ratio to
one worker and the share of the workers' backend time spent waiting on a lock: a sampler
reads ``pg_stat_activity`` every few milliseconds during the timed run and counts, over the
samples where a worker's backend is inside a transaction (``active`` or ``idle in
transaction``), those whose ``wait_event_type`` is ``Lock``. ``--postgres-only`` skips the
memory and SQLite runs.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import multiprocessing
import os
import pstats
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from microjob import Marketplace, presets
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.context import DUE_BATCH

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/pg.py starts servers

POLICY = attrs.evolve(presets.fiverr_like(), clearance_days=1)
USERS = 50


def quiet(market_factory: Callable[..., Marketplace], *args: Any, **kw: Any) -> Marketplace:
    return market_factory(
        *args,
        clock=FrozenClock(),
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
        **kw,
    )


def register(market: Marketplace) -> None:
    for n in range(USERS):
        market.users.register(f"u{n}", name=f"User {n}", email=f"u{n}@example.org")


def lifecycles(market: Marketplace, start: int, count: int, stride: int = 1) -> None:
    for n in range(start, start + count * stride, stride):
        buyer, seller = f"u{n % USERS}", f"u{(n + 1) % USERS}"
        order = market.orders.place(
            actor=buyer, seller_id=seller, title="Logo", price=f"{10 + n % 90}.50", delivery_days=3
        )
        market.orders.start(order.id, actor=seller)
        market.orders.deliver(order.id, actor=seller, message="done")
        market.orders.accept(order.id, actor=buyer)


def clear_all(market: Marketplace) -> None:
    """Let the clearance days pass and run what is due: every completed order clears."""
    clock = market.clock
    assert isinstance(clock, FrozenClock)
    clock.advance(days=POLICY.clearance_days + 1)
    report = market.run_due()
    if report.errors:
        raise RuntimeError(f"run_due failed: {report.errors[:3]}")


_WARM = 2 * DUE_BATCH
"""Lifecycles a timed run with clearance is warmed with: two clearance batches."""


def rate_with_clearance(market: Marketplace, count: int) -> float:
    """Lifecycles per second, each with its clearance (``run_due`` once for the lot). The
    warm-up clears more than a full batch of ``run_due``: every statement size a batch uses
    is compiled (once per process) before the timing starts."""
    lifecycles(market, 20_000, _WARM)
    clear_all(market)
    gc.collect()
    began = time.perf_counter()
    lifecycles(market, 30_000, count)
    clear_all(market)
    elapsed = time.perf_counter() - began
    market.admin.verify()
    return count / elapsed


def clearance_rate(market: Marketplace, count: int) -> float:
    """Orders cleared per second by one ``run_due`` over ``count`` completed orders (its
    batches of 64: postings written together, orders saved together). A first run of the same
    size goes untimed: it compiles, once per process, the statements a full batch uses (its
    balances and records read in one go), which would otherwise be counted against one run."""
    lifecycles(market, 40_000, count)
    clear_all(market)
    lifecycles(market, 60_000, count)
    gc.collect()
    began = time.perf_counter()
    clear_all(market)
    return count / (time.perf_counter() - began)


def rate(market: Marketplace, count: int) -> float:
    lifecycles(market, 10_000, 20)  # warm the caches and the connection pool
    gc.collect()
    began = time.perf_counter()
    lifecycles(market, 0, count)
    elapsed = time.perf_counter() - began
    market.admin.verify()
    return count / elapsed


def peak(build: Callable[[], Marketplace], count: int) -> float:
    """Peak traced memory (MiB) of building a marketplace and running ``count`` lifecycles."""
    gc.collect()
    tracemalloc.start()
    market = build()
    register(market)
    lifecycles(market, 0, count)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if market.store is not None and hasattr(market.store, "close"):
        market.store.close()
    return top / 2**20


# -- the adapters ---------------------------------------------------------------------------------
def memory_market() -> Marketplace:
    return quiet(Marketplace.in_memory, POLICY)


_FILES = itertools.count()


def sqlite_market(directory: str, synchronous: str) -> Callable[[], Marketplace]:
    def build() -> Marketplace:
        path = Path(directory) / f"bench-{synchronous}-{next(_FILES)}.db"
        return quiet(
            Marketplace.from_url,
            f"sqlite:///{path}",
            POLICY,
            gateway=FakeGateway(),
            store_options={"synchronous": synchronous},
        )

    return build


# -- statements and commits per lifecycle (SQLite) -----------------------------------------------
@attrs.frozen
class Statements:
    """What SQLite ran per lifecycle: statements (``BEGIN``/``COMMIT`` included) and commits,
    for the lifecycle itself and for its clearance, and the statements by verb."""

    lifecycle: float
    lifecycle_commits: float
    clearance: float
    clearance_commits: float
    verbs: dict[str, float]

    @property
    def total(self) -> float:
        return self.lifecycle + self.clearance

    @property
    def commits(self) -> float:
        return self.lifecycle_commits + self.clearance_commits


def count_statements(build: Callable[[], Marketplace], count: int) -> Statements:
    """Count, with ``sqlite3``'s trace callback, what SQLite executes for ``count`` lifecycles
    and then for their clearance."""
    import sqlalchemy as sa

    seen: list[str] = []
    market = build()
    engine = market.store.engine

    @sa.event.listens_for(engine, "connect")
    def _trace(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.set_trace_callback(seen.append)

    engine.dispose()  # every connection from now on is traced
    register(market)
    lifecycles(market, 10_000, 20)
    clear_all(market)
    seen.clear()
    lifecycles(market, 0, count)
    life = list(seen)
    seen.clear()
    clear_all(market)
    clearance = list(seen)
    market.store.close()

    def commits(lines: list[str]) -> int:
        return sum(1 for line in lines if line.strip().upper() == "COMMIT")

    verbs: dict[str, float] = {}
    for line in life + clearance:
        verb = line.split(None, 1)[0].upper() if line.strip() else "?"
        verbs[verb] = verbs.get(verb, 0.0) + 1 / count
    return Statements(
        len(life) / count, commits(life) / count, len(clearance) / count,
        commits(clearance) / count, verbs,
    )  # fmt: skip


def count_calls(build: Callable[[], Marketplace], count: int) -> tuple[float, float]:
    """Python function calls and builtin calls per lifecycle with its clearance, as
    ``sys.setprofile`` sees them (``call`` and ``c_call`` events): exact and repeatable where
    the time is not (the same count as ``tests/test_call_budget.py`` takes on the memory path)."""
    market = build()
    register(market)
    lifecycles(market, 10_000, count)  # the measured shape: every statement size compiled
    clear_all(market)
    seen = {"call": 0, "c_call": 0}

    def tally(frame: Any, event: str, arg: Any) -> None:
        if event in seen:
            seen[event] += 1

    sys.setprofile(tally)
    try:
        lifecycles(market, 0, count)
        clear_all(market)
    finally:
        sys.setprofile(None)
    market.store.close()
    return seen["call"] / count, seen["c_call"] / count


def bare_rate(path: Path, synchronous: str, statements: Statements, count: int) -> float:
    """Lifecycles/s of a bare ``sqlite3`` loop running, per lifecycle, as many statements and
    commits as the engine did (``BEGIN IMMEDIATE`` … ``COMMIT`` around small indexed inserts
    and reads, in the same journal and ``synchronous`` mode)."""
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, v TEXT)")
    conn.execute("CREATE INDEX t_k ON t (k)")
    total = round(statements.total * count)
    commits = max(1, round(statements.commits * count))
    work = total - 2 * commits  # BEGIN and COMMIT are statements too
    began = time.perf_counter()
    done = 0
    for c in range(commits):
        conn.execute("BEGIN IMMEDIATE")
        share = work * (c + 1) // commits - work * c // commits
        for i in range(share):
            n = done + i
            if i % 3 == 2:
                conn.execute("SELECT v FROM t WHERE k = ?", (f"k{n - 1}",)).fetchone()
            else:
                conn.execute("INSERT INTO t (k, v) VALUES (?, ?)", (f"k{n}", "x" * 200))
        done += share
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - began
    conn.close()
    return count / elapsed


class WorkerGateway(FakeGateway):
    """A fake provider per worker process whose charge references never repeat across workers
    (the engine handles each reference's confirmation once)."""

    def __init__(self, worker: int) -> None:
        super().__init__()
        self._refs = itertools.count(worker * 10**9 + 1)


def _pg_worker(url: str, options: dict[str, Any], worker: int, workers: int, count: int,
               barrier: Any, out: Any) -> None:  # fmt: skip
    try:
        market = quiet(
            Marketplace.from_url, url, POLICY, migrate=False, gateway=WorkerGateway(worker),
            store_options=options,
        )  # fmt: skip
        lifecycles(market, 10_000 + worker, 5, workers)
        barrier.wait(timeout=120)
        began = time.perf_counter()
        lifecycles(market, worker, count, workers)
        out.put((began, time.perf_counter()))
        market.store.close()
    except BaseException as exc:
        out.put(exc)
        raise


class LockSampler:
    """Samples ``pg_stat_activity`` in a thread: how often a backend inside a transaction is
    waiting for a lock (``wait_event_type = 'Lock'``), and on what (the query, cut short)."""

    def __init__(self, url: str, every: float = 0.003) -> None:
        import sqlalchemy as sa

        self._engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        self._every = every
        self._stop = threading.Event()
        self.busy = 0
        self.waiting = 0
        self.on: dict[str, int] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> LockSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._engine.dispose()

    def _run(self) -> None:
        query = (
            "SELECT wait_event_type, left(query, 60) FROM pg_stat_activity "
            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
            "AND state IN ('active', 'idle in transaction') "
            "AND strpos(query, 'pg_stat_activity') = 0"
        )
        with self._engine.connect() as conn:
            while not self._stop.is_set():
                for kind, text in conn.exec_driver_sql(query).fetchall():
                    self.busy += 1
                    if kind == "Lock":
                        self.waiting += 1
                        self.on[text] = self.on.get(text, 0) + 1
                conn.rollback()
                time.sleep(self._every)

    @property
    def share(self) -> float:
        return self.waiting / self.busy if self.busy else 0.0


def postgres_rates(url: str, count: int) -> dict[int, tuple[float, LockSampler]]:
    from tests.pg import Schema

    rates: dict[int, tuple[float, LockSampler]] = {}
    context = multiprocessing.get_context("fork")
    for workers in (1, 2, 4):
        schema = Schema(url)
        market = quiet(
            Marketplace.from_url, url, POLICY, gateway=FakeGateway(), store_options=schema.options
        )
        register(market)
        market.store.close()
        barrier = context.Barrier(workers)
        out = context.Queue()
        each = count // workers
        procs = [
            context.Process(
                target=_pg_worker, args=(url, schema.options, w, workers, each, barrier, out)
            )
            for w in range(workers)
        ]
        for p in procs:
            p.start()
        with LockSampler(url) as sampler:
            spans = [out.get(timeout=600) for _ in procs]
        failed = [s for s in spans if isinstance(s, BaseException)]
        if failed:
            raise RuntimeError(f"a PostgreSQL worker failed: {failed[0]!r}")
        for p in procs:
            p.join()
        elapsed = max(end for _, end in spans) - min(start for start, _ in spans)
        rates[workers] = (each * workers / elapsed, sampler)
        check = quiet(
            Marketplace.from_url,
            url,
            POLICY,
            migrate=False,
            gateway=FakeGateway(),
            store_options=schema.options,
        )
        check.admin.verify()
        check.store.close()
        schema.drop()
    return rates


def postgres_url() -> tuple[str | None, Callable[[], None], str]:
    given = os.environ.get("MICROJOB_POSTGRES_URL")
    if given:
        return given, lambda: None, "MICROJOB_POSTGRES_URL"
    from tests.pg import Cluster, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        return None, lambda: None, "no MICROJOB_POSTGRES_URL and no PostgreSQL server binaries"
    cluster = Cluster(bin_dir, durable=True).start()
    return cluster.url, cluster.stop, f"throwaway cluster from {bin_dir}, default durability"


def profile_top(build: Callable[[], Marketplace], count: int, lines: int = 12) -> str:
    market = build()
    register(market)
    lifecycles(market, 10_000, 20)
    profiler = cProfile.Profile()
    profiler.enable()
    lifecycles(market, 0, count)
    profiler.disable()
    market.store.close()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(lines)
    body = text.getvalue()
    return body[body.find("   ncalls") :].rstrip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lifecycles", type=int, default=600, help="per SQL run (memory: x5)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    args = parser.parse_args()
    n = args.lifecycles

    base = memory_market()
    register(base)
    memory_rate = rate(base, n * 5)
    rows: list[tuple[str, float, float | None]] = [
        ("memory", memory_rate, None if args.postgres_only else peak(memory_market, 200))
    ]
    top = ""
    counted: Statements | None = None
    calls = (0.0, 0.0)
    cleared: list[tuple[str, float, float]] = []
    clearance = 0.0
    if not args.postgres_only:
        with tempfile.TemporaryDirectory(prefix="microjob-bench-") as directory:
            counted = count_statements(sqlite_market(directory, "NORMAL"), 100)
            calls = count_calls(sqlite_market(directory, "NORMAL"), 100)
            for mode in ("FULL", "NORMAL"):
                build = sqlite_market(directory, mode)
                market = build()
                register(market)
                rows.append((f"sqlite file WAL {mode}", rate(market, n), peak(build, 200)))
                market.store.close()
                market = build()
                register(market)
                with_clearance = rate_with_clearance(market, n)
                market.store.close()
                bare = bare_rate(Path(directory) / f"bare-{mode}.db", mode, counted, n)
                cleared.append((mode, with_clearance, bare))
            market = sqlite_market(directory, "NORMAL")()
            register(market)
            clearance = clearance_rate(market, n)
            market.store.close()
            top = profile_top(sqlite_market(directory, "NORMAL"), n // 2)

    url, stop, where = (None, lambda: None, "--no-postgres")
    if not args.no_postgres:
        url, stop, where = postgres_url()
    try:
        pg: dict[int, tuple[float, LockSampler]] = {}
        if url is None:
            print(f"PostgreSQL skipped: {where}")
        else:
            pg = postgres_rates(url, n)
            for workers, (value, _) in pg.items():
                rows.append((f"postgresql loopback, {workers} worker(s)", value, None))
    finally:
        stop()

    print(f"lifecycles (place+charge, start, deliver, accept); Python {sys.version.split()[0]}")
    if url is not None:
        print(f"PostgreSQL: {where}")
    print(f"{'adapter':38} {'lifecycles/s':>13} {'vs memory':>10} {'peak MiB':>9}")
    for name, value, mib in rows:
        shown = f"{mib:9.1f}" if mib is not None else f"{'-':>9}"
        print(f"{name:38} {value:13,.0f} {value / memory_rate:10.3f} {shown}")
    if pg:
        one = pg[1][0]
        print(f"\n{'PostgreSQL workers':38} {'vs 1 worker':>13} {'lock waits':>10} {'samples':>9}")
        for workers, (value, sampler) in pg.items():
            print(f"{workers:<38} {value / one:13.2f} {sampler.share:10.1%} {sampler.busy:9,}")
        for workers, (_, sampler) in pg.items():
            for text, times in sorted(sampler.on.items(), key=lambda kv: -kv[1])[:3]:
                print(f"  {workers} workers, waiting on: {times:5,} x {text!r}")
    if counted is not None:
        c = counted
        print(
            f"\nSQLite statements per lifecycle (BEGIN/COMMIT included): {c.lifecycle:.1f} "
            f"with {c.lifecycle_commits:.2f} commits; its clearance {c.clearance:.1f} with "
            f"{c.clearance_commits:.2f} commits; together {c.total:.1f} statements, "
            f"{c.commits:.2f} commits"
        )
        print("  by verb: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(c.verbs.items())))
        print(
            f"SQLite Python calls per lifecycle with its clearance (sys.setprofile): "
            f"{calls[0]:,.0f} function calls, {calls[1]:,.0f} builtin calls"
        )
        print(f"\n{'lifecycle + clearance, SQLite WAL':38} {'lifecycles/s':>13} {'bare loop':>10} "
              f"{'engine/bare':>11}")  # fmt: skip
        for mode, value, bare in cleared:
            print(f"{mode:38} {value:13,.0f} {bare:10,.0f} {value / bare:11.3f}")
        print(
            f"run_due clearing {n} completed orders, SQLite WAL NORMAL: {clearance:,.0f} orders/s"
        )
    if top:
        print("\nwhere the time goes on SQLite (WAL, NORMAL), by own time:")
        print(top)


if __name__ == "__main__":
    main()
