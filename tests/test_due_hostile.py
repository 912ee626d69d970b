"""``run_due`` (clearance batches, expiry, refunds to resend, sealing) when processes crash, run
at the same time, or meet a database edited by hand, on SQLite and PostgreSQL.

Defects, each test failing before its fix:

* one record the scheduler cannot read (a pending refund or a hidden review whose document does
  not decode) makes every ``run_due`` raise before any order moves: clearance and expiry stop
  for the whole marketplace until someone repairs the row;
* two schedulers running ``run_due`` at the same moment on PostgreSQL: one of them raises
  ``Conflict`` (from revealing the same reviews) and skips every move after it, the orders'
  included;
* orders that are due but never move (a document that does not decode, a disputed order whose
  wake time was left in the past) are read first on every pass: with ``limit`` no larger than
  their number, no other order ever moves;
* a failure after a batch committed (the notifier raising for one notification) is taken for
  the batch failing: the pass reports no moves and no errors for orders it did clear, and the
  batch's other notifications are never sent;
* ``limit`` values below zero or beyond 64 bits mean something different on each adapter
  (nothing, everything, or a driver error out of ``run_due``);
* a database locked by another writer: every batch waits ``busy_timeout``, fails, and is redone
  one order per unit of work, each waiting ``busy_timeout`` again (one wait per due order).

Guarantees that held before are marked ``HELD``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
import sqlalchemy as sa
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingNotifier
from microjob.money import zero
from microjob.orders import Order, OrderState
from microjob.policies import RefundTo
from microjob.services import reviews as reviews_service
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]

T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
POLICY = attrs.evolve(
    presets.fiverr_like(),
    clearance_days=3,
    reviews_double_blind=True,  # a review waits hidden until the window ends: run_due reveals it
    refund_to=RefundTo.ORIGINAL,  # a cancellation's refund goes to the card: run_due resends it
)


@attrs.frozen
class Db:
    url: str
    options: dict[str, Any]

    def market(self, clock: FrozenClock, **kw: Any) -> Marketplace:
        kw.setdefault("gateway", FakeGateway())
        return Marketplace.from_url(self.url, POLICY, clock=clock, store_options=self.options, **kw)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    if request.param == "sqlite":
        yield Db(f"sqlite:///{tmp_path / 'due.db'}", {})
        return
    schema = Schema(request.getfixturevalue("pg_url"))
    yield Db(schema.url, schema.options)
    schema.drop()


@pytest.fixture
def lite(tmp_path: Path) -> Db:
    return Db(f"sqlite:///{tmp_path / 'due.db'}", {})


def people(market: Marketplace, sellers: int) -> list[str]:
    market.users.register("ann", name="Ann", email="ann@example.org")
    names = [f"s{n}" for n in range(sellers)]
    for name in names:
        market.users.register(name, name=name.upper(), email=f"{name}@example.org")
    return names


def completed(market: Marketplace, sellers: list[str], count: int) -> list[str]:
    """``count`` orders accepted now, their sellers' money in clearance for three days."""
    ids = []
    for n in range(count):
        seller = sellers[n % len(sellers)]
        order = market.orders.place(
            actor="ann", seller_id=seller, title="Logo", price=f"{10 + n % 7}", delivery_days=3
        )
        market.orders.start(order.id, actor=seller)
        market.orders.deliver(order.id, actor=seller, message="done")
        ids.append(market.orders.accept(order.id, actor="ann").id)
    return ids


def sql(market: Marketplace, statement: str, **params: Any) -> None:
    """A change made around the engine (an operator's hand edit, a botched migration)."""
    with market.store.engine.begin() as conn:
        conn.execute(sa.text(statement), params)


def owed_to(orders: Iterable[Order]) -> Money:
    """What these completed orders earned their seller."""
    total = zero("USD")
    for order in orders:
        if order.seller_amount is not None:
            total += order.seller_amount
    return total


def busy_waits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A counter of the units of work that waited out the busy timeout and failed to begin
    (``[count]``, counted from now on)."""
    from microjob.adapters.sql.unit_of_work import SqlUnitOfWork
    from microjob.errors import Conflict

    waits = [0]
    enter = SqlUnitOfWork.__enter__

    def counted(self: SqlUnitOfWork) -> Any:
        try:
            return enter(self)
        except Conflict:
            waits[0] += 1
            raise

    monkeypatch.setattr(SqlUnitOfWork, "__enter__", counted)
    return waits


def cleared(market: Marketplace, ids: list[str]) -> list[str]:
    return [i for i in ids if market.orders.get(i, viewer=BACK_OFFICE).cleared]


# -- defects, fixed -----------------------------------------------------------------------------
@pytest.mark.run_due_job_fails
@pytest.mark.parametrize("kind", ["pending_refund", "review"])
def test_a_record_that_does_not_decode_does_not_stop_every_order_from_moving(
    lite: Db, kind: str
) -> None:
    """Failed before. ``run_due`` runs each capability's job (``Marketplace.run_due``,
    src/microjob/marketplace.py: ``for job in self._ctx.wiring.due``), then
    ``admin.due_refunds``, then the orders' moves, with nothing around any of them. The jobs
    guard each item against ``MarketplaceError`` only, and read their lists outside that guard
    (``AdminService.unsent_refunds``, ``ReviewService.due``'s one unit of work): one row whose
    document does not decode raises ``JSONDecodeError`` out of ``run_due`` on every pass, and
    the clearance of every order in the marketplace never runs again."""
    clock = FrozenClock(T0)
    gateway = FakeGateway()
    market = lite.market(clock, gateway=gateway)
    sellers = people(market, 2)
    ids = completed(market, sellers, 4)
    if kind == "pending_refund":
        order = market.orders.place(
            actor="ann", seller_id="s0", title="Logo", price="10", delivery_days=3
        )
        gateway.script(ConnectionError("provider unreachable"))  # the refund call fails
        market.orders.cancel(order.id, actor="ann", reason="changed my mind")
        assert list(market.admin.unsent_refunds) == [f"order:{order.id}:refund"]
    else:
        review = market.reviews.write(ids[0], actor="ann", stars=5, text="Great work")
        assert not review.visible  # revealed by run_due when the window ends
    sql(market, "UPDATE microjob_records SET data = '{broken' WHERE kind = :kind", kind=kind)
    clock.advance(days=30)

    try:
        report = market.run_due()
    except Exception as exc:  # what it does today, on every pass
        pytest.fail(f"run_due raised {type(exc).__name__}: {exc}; no order moved")
    assert report.moves.get("clear") == 4
    assert cleared(market, ids) == ids
    assert any(kind.replace("_", " ") in e or "JSONDecodeError" in e for e in report.errors), (
        report.errors
    )
    market.store.close()


def test_two_schedulers_at_once_on_postgresql_both_finish(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failed before. ``run_due`` is documented as "safe to call from any scheduler". Two
    schedulers start a pass at the same moment while a hidden review is due: both read it
    (``ReviewService.due``, src/microjob/services/reviews.py: ``repo.where(visible=False)``
    takes no row lock) and both save it; the second save fails with ``Conflict`` and, as
    nothing in ``run_due`` catches it, the whole pass raises: that scheduler's refunds,
    payouts, subscriptions, sealing and order moves are all skipped. (The two reads are lined
    up with a barrier; without it the window is narrower, not closed.)"""
    schema = Schema(pg_url)
    try:
        db = Db(schema.url, schema.options)
        clock = FrozenClock(T0)
        market = db.market(clock)
        sellers = people(market, 2)
        ids = completed(market, sellers, 4)
        market.reviews.write(ids[0], actor="ann", stars=5, text="Great work")
        market.store.close()
        clock.advance(days=30)
        both = threading.Barrier(2, timeout=20)
        reviews_of = reviews_service._reviews

        def lined_up(uow: Any) -> Any:
            repo = reviews_of(uow)

            class Lined:  # both schedulers have read the hidden reviews before either saves
                def __getattr__(self, name: str) -> Any:
                    return getattr(repo, name)

                def where(self, **fields: Any) -> Any:
                    found = repo.where(**fields)
                    if fields == {"visible": False}:
                        both.wait()
                    return found

            return Lined()

        monkeypatch.setattr(reviews_service, "_reviews", lined_up)
        outcomes: dict[int, Any] = {}

        def scheduler(n: int) -> None:
            mine = db.market(clock)
            try:
                outcomes[n] = mine.run_due()
            except Exception as exc:
                outcomes[n] = exc
            finally:
                mine.store.close()

        threads = [threading.Thread(target=scheduler, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        raised = [o for o in outcomes.values() if isinstance(o, Exception)]
        assert not raised, f"a scheduler's run_due raised {raised[0]!r}"
        market = db.market(clock)
        assert cleared(market, ids) == ids
        assert market.admin.verify().totals == {"USD": 0}
        market.store.close()
    finally:
        schema.drop()


@pytest.mark.parametrize("stuck", ["document_does_not_decode", "disputed_with_a_wake_time"])
def test_orders_that_never_move_do_not_hold_back_every_order_due_after_them(
    lite: Db, stuck: str
) -> None:
    """Failed before. ``run_due(limit=N)`` moves the N orders due first
    (src/microjob/adapters/sql/statements.py ``order_due``: ``ORDER BY wake_at, seq``). An
    order that is due but does not move keeps its ``wake_at`` (nothing saves it), so it is
    first again on the next pass, and the next: a row whose document does not decode (its
    error reported every pass), or a disputed order whose ``wake_at`` column was left in the
    past (silently: ``_time_move`` finds nothing to do, and the memory adapter drops such a
    stale wake time, `MemoryOrderRepository.due`). With as many such orders as ``limit``, no
    later order ever clears."""
    clock = FrozenClock(T0)
    market = lite.market(clock)
    sellers = people(market, 2)
    if stuck == "document_does_not_decode":
        first = completed(market, sellers, 2)
    else:  # disputed orders: nothing wakes them until a ruling
        first = []
        for seller in sellers:
            order = market.orders.place(
                actor="ann", seller_id=seller, title="Logo", price="10", delivery_days=3
            )
            market.orders.start(order.id, actor=seller)
            market.orders.deliver(order.id, actor=seller, message="done")
            market.disputes.open(order.id, actor="ann", reason="not what we agreed")
            assert market.orders.get(order.id, viewer=BACK_OFFICE).state == OrderState.DISPUTED
            first.append(order.id)
    clock.advance(hours=1)
    later = completed(market, sellers, 2)
    edit = (
        "UPDATE microjob_orders SET data = '{broken' WHERE id IN (:a, :b)"
        if stuck == "document_does_not_decode"
        else "UPDATE microjob_orders SET wake_at = :w WHERE id IN (:a, :b)"
    )
    sql(market, edit, w=market.store.time_in(T0.add(days=1)), a=first[0], b=first[1])
    clock.advance(days=10)

    for _ in range(5):  # a scheduler calling every minute, bounded to 2 orders a pass
        market.run_due(limit=2)
    assert cleared(market, later) == later, "orders due after the stuck ones never cleared"
    market.store.close()


def test_reading_past_an_order_that_fails_still_moves_no_more_than_the_limit(lite: Db) -> None:
    """A pass reads one more due order for each that fails, and only one: the orders that
    moved are no longer due, so a second read holds more new ones than failed, and taking
    them all moved three orders in a pass limited to two."""
    clock = FrozenClock(T0)
    market = lite.market(clock)
    sellers = people(market, 2)
    stuck = completed(market, sellers, 1)
    clock.advance(hours=1)
    later = completed(market, sellers, 3)
    sql(market, "UPDATE microjob_orders SET data = '{broken' WHERE id = :a", a=stuck[0])
    clock.advance(days=10)
    report = market.run_due(limit=2)
    assert report.moves == {"clear": 2}
    assert cleared(market, later) == later[:2]
    assert any(stuck[0] in error for error in report.errors)
    market.store.close()


class _FlakyNotifier(RecordingNotifier):
    """A notifier whose channel fails for one user (a mail relay refusing one address)."""

    def send(self, notification: Any) -> None:
        if notification.kind == "funds.cleared" and notification.user_id == "s2":
            raise ConnectionError("mail relay refused s2@example.org")
        super().send(notification)


def test_a_failure_after_a_batch_committed_is_not_reported_as_nothing_done(lite: Db) -> None:
    """Failed before. ``in_batches`` (src/microjob/context.py) redoes a batch one order at a
    time when ``work`` raises, "rolled back whole". But ``_tick_many`` commits through the bus
    (``MessageBus.commit``, src/microjob/bus.py), which commits and only then publishes and
    sends the notifications, without a guard: a notifier raising for one order's note escapes
    after the commit. The batch is taken for failed, each order is redone alone and finds
    nothing left to do, so the pass reports no clearance and no error for ten orders it
    cleared, and the notifications after the failing one (other sellers' "funds cleared") are
    never sent."""
    clock = FrozenClock(T0)
    notifier = _FlakyNotifier()
    market = lite.market(clock, notifier=notifier)
    sellers = people(market, 5)
    ids = completed(market, sellers, 10)
    clock.advance(days=4)

    report = market.run_due()

    assert cleared(market, ids) == ids  # the batch did commit
    told = sorted(n.user_id for n in notifier.sent if n.kind == "funds.cleared")
    assert report.moves.get("clear") == 10 or report.errors, (
        f"ten orders cleared, the report says {report}"
    )
    assert told == sorted(s for s in sellers * 2 if s != "s2"), told
    market.store.close()


@pytest.mark.parametrize("limit", [-1, 2**63], ids=["negative", "beyond_64_bits"])
def test_limit_means_the_same_on_every_adapter(
    limit: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Failed before. ``run_due(limit=...)`` passes ``limit`` to each adapter's ``due`` as is
    (src/microjob/marketplace.py ``run_due``; ``SqlOrderRepository.due``): a negative limit
    moves nothing on the memory adapter, every due order on SQLite (``LIMIT -1`` is no limit)
    and raises the driver's ``InvalidRowCountInLimitClause`` out of ``run_due`` on
    PostgreSQL; one beyond 64 bits works on memory and raises ``OverflowError`` (SQLite) or a
    driver error (PostgreSQL). One meaning everywhere (or a ``ValidationError`` before anything
    runs) is expected."""
    schema = Schema(request.getfixturevalue("pg_url"))
    request.addfinalizer(schema.drop)
    outcomes: dict[str, str] = {}
    for where in ("memory", "sqlite", "postgresql"):
        clock = FrozenClock(T0)
        if where == "memory":
            market = Marketplace.in_memory(POLICY, clock=clock, gateway=FakeGateway())
        elif where == "sqlite":
            market = Db(f"sqlite:///{tmp_path / 'limit.db'}", {}).market(clock)
        else:
            market = Db(schema.url, schema.options).market(clock)
        sellers = people(market, 1)
        completed(market, sellers, 3)
        clock.advance(days=4)
        try:
            outcomes[where] = f"moved {market.run_due(limit=limit).moves}"
        except Exception as exc:
            outcomes[where] = f"raised {type(exc).__name__}"
        if where != "memory":
            market.store.close()
    assert len(set(outcomes.values())) == 1, outcomes


def test_a_database_locked_by_another_writer_costs_a_pass_a_few_waits_not_one_per_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Failed before. Another process holds SQLite's write lock (a long import, a stuck
    process). Each unit of work waits ``busy_timeout`` for it, then fails with ``Conflict``.
    ``in_batches`` (src/microjob/context.py) takes that for the batch's failure and redoes the
    batch one order per unit of work, each waiting ``busy_timeout`` again: a pass over 70 due
    orders waits 72 times (2 batches + 70 orders), 36 minutes at the default 30 s, about three
    days for a 10,000-order backlog, while reporting the same lock 70 times. A failure to
    begin the unit of work is no order's fault: the pass should stop (or the batch give up)
    after a few waits."""
    from microjob.errors import Busy

    path = tmp_path / "locked.db"
    db = Db(f"sqlite:///{path}", {"busy_timeout": 0.05})
    clock = FrozenClock(T0)
    market = db.market(clock)
    sellers = people(market, 3)
    ids = completed(market, sellers, 70)
    clock.advance(days=4)
    due = market.orders.due_orders(clock.now(), 10_000)
    assert len(due) == 70
    waits = busy_waits(monkeypatch)
    import sqlite3

    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer, holding the lock
    try:
        # nothing moved: the pass stops at the lock (`Busy`), for run_due to stop there too
        with pytest.raises(Busy):
            market.orders.move_due(due, clock.now())
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert waits[0] <= 4, f"the pass waited busy_timeout {waits[0]} times"
    assert market.run_due().moves == {"clear": 70}  # the lock gone, the next pass clears all
    assert cleared(market, ids) == ids
    market.store.close()


# -- HELD ---------------------------------------------------------------------------------------
CRASHING_CHILD = r"""
import json, os, signal, sys
import pendulum
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.adapters.sql import ledger_chain
from microjob.adapters.sql.repositories import SqlOrderRepository
from microjob.adapters.sql.unit_of_work import SqlUnitOfWork
from microjob.services import order_closing
from tests.test_due_hostile import Db

url, options, point, at = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "postings_and_saves_written":  # the batch's rows are written, not committed
    save_many = SqlOrderRepository.save_many
    def saving(self, orders):
        save_many(self, orders)
        die()
    SqlOrderRepository.save_many = saving
elif point == "committed_not_sealed":  # the batch committed, its sealing not begun
    SqlUnitOfWork._seal_after_commit = lambda self: die()
elif point == "seals_written_not_committed":
    write_seals = ledger_chain.write_seals
    def sealing(ledger, updates):
        write_seals(ledger, updates)
        die()
    ledger_chain.write_seals = sealing
order_closing.DUE_BATCH = 8
market = Db(url, {**options, "seal_every": 1}).market(FrozenClock(pendulum.parse(at)))
market.run_due()
"""


@pytest.mark.parametrize(
    "point", ["postings_and_saves_written", "committed_not_sealed", "seals_written_not_committed"]
)
def test_held_a_scheduler_killed_mid_batch_leaves_each_order_cleared_once_or_not_at_all(
    db: Db, point: str
) -> None:
    """HELD. A process running ``run_due`` is killed with ``SIGKILL`` inside its first
    clearance batch: after the batch's postings and order saves were written but before the
    commit; after the commit, before its sealing; with the seals written, not committed. On
    restart the books verify, each order is cleared (one clearance entry) or not (none), the
    sellers' pending and available balances match, and the next pass clears the rest."""
    clock = FrozenClock(T0)
    market = db.market(clock)
    sellers = people(market, 3)
    ids = completed(market, sellers, 20)
    market.store.seal()
    market.store.close()
    clock.advance(days=4)
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            CRASHING_CHILD,
            db.url,
            json.dumps(db.options),
            point,
            clock.now().isoformat(),
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=120,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL

    market = db.market(clock)
    assert market.admin.verify().totals == {"USD": 0}

    def consistent() -> list[str]:
        done = cleared(market, ids)
        orders = [market.orders.get(i, viewer=BACK_OFFICE) for i in ids]
        with market.unit_of_work(read_only=True) as uow:
            for order in orders:
                keys = [e.key for e in uow.ledger.entries_for_cause(f"order:{order.id}")]
                assert keys.count(f"order:{order.id}:clear") == (1 if order.cleared else 0)
            for seller in sellers:
                mine = [o for o in orders if o.seller_id == seller]
                pending = owed_to(o for o in mine if not o.cleared)
                available = owed_to(o for o in mine if o.cleared)
                assert uow.ledger.balance(accounts.pending(seller), "USD") == pending
                assert uow.ledger.balance(accounts.available(seller), "USD") == available
        return done

    before = consistent()
    expected = 8 if point != "postings_and_saves_written" else 0
    assert len(before) == expected
    report = market.run_due()
    assert report.errors == ()
    assert report.moves.get("clear") == len(ids) - expected
    assert consistent() == ids
    assert market.run_due().total == 0
    market.store.seal()  # what the killed sealer left is sealed now
    with market.store.unit_of_work(read_only=True) as uow:
        assert uow.ledger.sealed == len(uow.ledger)
    assert market.admin.verify().totals == {"USD": 0}
    market.store.close()


def _racer(db: Db, at: str, role: str, barrier: Any, results: Any) -> None:
    import traceback

    from microjob.payouts import BankAccount
    from microjob.services import order_closing

    try:
        order_closing.DUE_BATCH = 4  # type: ignore[attr-defined]  # many batches, each racing the others
        time_move = order_closing.OrderClosing._time_move

        def slow_move(self: Any, *args: Any) -> Any:
            import time

            time.sleep(0.003)  # each batch holds its locks a moment: the others meet them
            return time_move(self, *args)

        order_closing.OrderClosing._time_move = slow_move  # type: ignore[method-assign,assignment]
        clock = FrozenClock(pendulum.parse(at))  # type: ignore[arg-type]
        market = db.market(clock)
        market.store.reserve_ids()
        barrier.wait(timeout=60)
        outcome: list[str] = []
        if role == "due":
            for _ in range(3):
                report = market.run_due()
                outcome.append(f"{report.moves.get('clear', 0)} cleared, errors {report.errors}")
        elif role == "payouts":
            import time

            methods = {
                seller: market.payouts.add_method(
                    actor=seller,
                    method=BankAccount(
                        iban="DE89370400440532013000", bic="DEUTDEFF", holder=seller
                    ),
                ).id
                for seller in ("s0", "s1", "s2")
            }
            paid = dict.fromkeys(methods, 0)
            deadline = time.monotonic() + 10
            while min(paid.values()) < 3 and time.monotonic() < deadline:
                for seller, method in methods.items():
                    if paid[seller] >= 3:
                        continue
                    try:
                        market.payouts.request(actor=seller, method_id=method, amount="20")
                        paid[seller] += 1
                        outcome.append("paid")
                    except Exception as exc:  # refused while the money is still clearing
                        outcome.append(type(exc).__name__)
            outcome = [f"{outcome.count('paid')} paid", *sorted(set(outcome) - {"paid"})]
        else:  # new orders accepted meanwhile, their money in clearance
            for n in range(6):
                seller = f"s{n % 3}"
                try:
                    completed_one = market.orders.place(
                        actor="ann", seller_id=seller, title="More", price="10", delivery_days=3
                    )
                    market.orders.start(completed_one.id, actor=seller)
                    market.orders.deliver(completed_one.id, actor=seller, message="done")
                    market.orders.accept(completed_one.id, actor="ann")
                    outcome.append("sold")
                except Exception as exc:
                    outcome.append(type(exc).__name__)
        market.store.close()
        results.put((role, "ok", outcome))
    except BaseException:
        results.put((role, "crash", traceback.format_exc()))


def test_held_three_schedulers_racing_payouts_and_sales_clear_each_order_once(db: Db) -> None:
    """HELD. Three processes run ``run_due`` three times each over 48 due clearances of three
    sellers (batches of 8), while a fourth asks for payouts from the money that clears and a
    fifth sells and completes more orders for the same sellers. Whatever a race refuses is
    redone or left for the next pass: afterwards every order has cleared exactly once, nothing
    was overdrawn, each seller's money adds up to what they earned, and the books verify."""
    import multiprocessing

    clock = FrozenClock(T0)
    market = db.market(clock)
    sellers = people(market, 3)
    ids = completed(market, sellers, 60)
    market.store.close()
    clock.advance(days=4)
    roles = ["due", "due", "due", "payouts", "sales"]
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(roles))
    results = context.Queue()
    processes = [
        context.Process(target=_racer, args=(db, clock.now().isoformat(), role, barrier, results))
        for role in roles
    ]
    for process in processes:
        process.start()
    found = [results.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    crashed = [text for _, status, text in found if status == "crash"]
    assert not crashed, crashed[0]
    outcomes = {role: outcome for role, _, outcome in found}
    assert outcomes["sales"] == ["sold"] * 6, outcomes
    assert outcomes["payouts"][0] == "9 paid", outcomes
    market = db.market(clock)
    final = market.run_due()
    assert final.errors == ()
    assert cleared(market, ids) == ids
    assert market.admin.verify().totals == {"USD": 0}
    with market.unit_of_work(read_only=True) as uow:
        clears = [
            e.key
            for order_id in ids
            for e in uow.ledger.entries_for_cause(f"order:{order_id}")
            if e.key.endswith(":clear")
        ]
    assert sorted(clears) == sorted(f"order:{i}:clear" for i in ids)
    for seller in sellers:
        balances = market.wallet.balances(seller, viewer=seller)
        with market.unit_of_work(read_only=True) as uow:
            orders = uow.orders.for_user(seller, "seller")
        earned = owed_to(o for o in orders if o.cleared)
        waiting = owed_to(o for o in orders if not o.cleared)
        assert balances.available >= zero("USD")
        assert balances.available + balances.reserved == earned, (seller, balances)
        assert balances.clearing == waiting
    market.store.close()


def test_held_bad_orders_in_a_batch_are_reported_each_pass_and_the_rest_move(db: Db) -> None:
    """HELD. One batch holds 20 clearances and three orders edited by hand: a document that
    does not decode, a version column that no longer matches the document, and a delivered
    order due for auto-completion whose escrow was emptied. The batch is redone one order at
    a time: the 20 clear, each bad order is reported under its id, nothing is booked for it,
    and the next pass reports them again rather than dropping them."""
    clock = FrozenClock(T0)
    market = db.market(clock)
    sellers = people(market, 3)
    good = completed(market, sellers, 20)
    broken, stale = completed(market, sellers, 2)
    emptied = market.orders.place(
        actor="ann", seller_id="s0", title="Logo", price="10", delivery_days=3
    )
    market.orders.start(emptied.id, actor="s0")
    market.orders.deliver(emptied.id, actor="s0", message="done")
    sql(market, "UPDATE microjob_orders SET data = '{broken' WHERE id = :i", i=broken)
    sql(market, "UPDATE microjob_orders SET version = version + 5 WHERE id = :i", i=stale)
    sql(
        market,
        "UPDATE microjob_ledger_balances SET balance = 0 WHERE account = :a",
        a=accounts.escrow(emptied.id),
    )
    clock.advance(days=30)

    for _ in range(2):
        report = market.run_due()
        assert report.moves.get("clear") in (20, None)
        named = sorted(e.split(":")[0] for e in report.errors)
        assert named == sorted(f"order {i}" for i in (broken, stale, emptied.id)), report.errors
    assert cleared(market, good) == good
    with market.unit_of_work(read_only=True) as uow:
        for order_id, move in ((broken, "clear"), (stale, "clear"), (emptied.id, "release")):
            assert not uow.ledger.has_entry(f"order:{order_id}:{move}")
    market.store.close()


def test_held_an_order_due_exactly_now_moves_and_a_clock_gone_back_moves_nothing(db: Db) -> None:
    """HELD. Clearance is due at ``clears_at`` itself (a microsecond before: not yet), on the
    stored ``wake_at`` as in the rules; a pass whose clock went back afterwards (a second
    host behind by a day) books nothing and moves nothing again."""
    clock = FrozenClock(T0.add(microseconds=123_457))
    market = db.market(clock)
    sellers = people(market, 1)
    (order_id,) = completed(market, sellers, 1)
    due = market.orders.get(order_id, viewer=BACK_OFFICE).clears_at
    assert due is not None
    assert market.run_due(due.subtract(microseconds=1)).total == 0
    assert market.run_due(due).moves == {"clear": 1}
    with market.store.unit_of_work(read_only=True) as uow:
        entries = len(uow.ledger)
    assert market.run_due(due.subtract(days=1)).total == 0
    assert market.run_due(due.add(days=1)).total == 0
    with market.store.unit_of_work(read_only=True) as uow:
        assert len(uow.ledger) == entries
    assert market.admin.verify().totals == {"USD": 0}
    market.store.close()
