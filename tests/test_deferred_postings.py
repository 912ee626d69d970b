"""Postings written together (`LedgerStore.deferred`): a clearance batch's entries, balance
deltas and transfers go out as one statement per table, and doing so keeps every promise a
posting made one at a time keeps: the same checks at the same moment, the same entries and
MACs, nothing written around them, nothing half-written."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, MemoryStore, RecordingNotifier
from microjob.adapters.sql import SqlStore
from microjob.errors import Conflict, InsufficientFunds, ValidationError
from microjob.ledger import WORLD, Transfer
from tests.pg import Schema, pg_store, pg_url
from tests.test_sql_statements import Trace

__all__ = ["pg_store", "pg_url"]

T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")


def usd(amount: str) -> Money:
    return Money(amount, "USD")


@pytest.fixture(params=["sqlite", "memory", "postgresql"])
def factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "memory":
        yield MemoryStore().unit_of_work
        return
    if request.param == "postgresql":
        schema = Schema(request.getfixturevalue("pg_url"))
        store = SqlStore(schema.url, **schema.options)
        yield store.unit_of_work
        store.close()
        schema.drop()
        return
    store = SqlStore(f"sqlite:///{tmp_path / 'd.db'}")
    yield store.unit_of_work
    store.close()


def _fund(factory: Any, account: str, amount: str) -> None:
    with factory() as uow:
        uow.ledger.post(f"fund:{account}", "test:fund", [Transfer(WORLD, account, usd(amount))], T0)
        uow.commit()


def test_a_posting_is_checked_at_once_against_the_batchs_earlier_ones(factory: Any) -> None:
    _fund(factory, "user:a:available", "10")
    with factory() as uow, uow.ledger.deferred():
        uow.ledger.post(
            "p1", "c:1", [Transfer("user:a:available", "user:b:available", usd("7"))], T0
        )
        with pytest.raises(InsufficientFunds):
            uow.ledger.post(
                "p2", "c:1", [Transfer("user:a:available", "user:c:available", usd("7"))], T0
            )
        # the batch's own moves are what a read inside it sees
        assert uow.ledger.balance("user:a:available", "USD") == usd("3")
        assert [e.key for e in uow.ledger.entries_for_cause("c:1")] == ["p1"]
        uow.commit()
    with factory() as uow:
        assert uow.ledger.balance("user:b:available", "USD") == usd("7")
        assert uow.ledger.verify() is not None


def test_a_key_posted_twice_in_one_batch_replays_or_conflicts(factory: Any) -> None:
    _fund(factory, "user:a:available", "10")
    legs = [Transfer("user:a:available", "user:b:available", usd("2"))]
    with factory() as uow, uow.ledger.deferred():
        first = uow.ledger.post("k", "c:1", legs, T0)
        assert uow.ledger.post("k", "c:1", legs, T0) == first
        with pytest.raises(Conflict, match="already used"):
            uow.ledger.post("k", "c:1", [Transfer("user:a:available", "x", usd("1"))], T0)
        uow.commit()
    with factory() as uow:
        assert uow.ledger.balance("user:b:available", "USD") == usd("2")
        assert len(uow.ledger) == 2


def test_an_error_inside_the_block_leaves_nothing(factory: Any) -> None:
    _fund(factory, "user:a:available", "10")

    def boom() -> None:
        with factory() as uow, uow.ledger.deferred():
            uow.ledger.post("p", "c:1", [Transfer("user:a:available", "b", usd("1"))], T0)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        boom()
    with factory() as uow:
        assert not uow.ledger.has_entry("p")
        assert uow.ledger.balance("user:a:available", "USD") == usd("10")


def test_deferred_entries_are_those_posted_one_by_one_in_three_statements(tmp_path: Path) -> None:
    """The same seqs, MACs and balances as postings written as they are made, in one INSERT
    per table (after one read of the next seq) instead of three statements per posting."""
    stores = [SqlStore(f"sqlite:///{tmp_path / f'{n}.db'}") for n in range(2)]
    for store in stores:
        _fund(store.unit_of_work, "user:a:pending", "100")
    trace = Trace(stores[1])
    entries = []
    for n, store in enumerate(stores):
        with store.unit_of_work() as uow:
            block = uow.ledger.deferred() if n else contextlib.nullcontext()
            with block:
                made = [
                    uow.ledger.post(
                        f"order:o{i}:clear",
                        f"order:o{i}",
                        [
                            Transfer("user:a:pending", "user:a:available", usd(f"{i}.25")),
                            Transfer(WORLD, "platform:fees", usd("0.10")),
                        ],
                        T0,
                        "clearance",
                    )
                    for i in range(1, 9)
                ]
            uow.commit()
        entries.append(made)
        with store.unit_of_work() as uow:
            assert uow.ledger.verify() is not None
    assert entries[0] == entries[1]
    lines = [line for line in trace.take() if line.startswith(("INSERT", "SELECT"))]
    assert sum(1 for line in lines if line.startswith("INSERT")) == 3, lines
    with stores[0].unit_of_work() as one, stores[1].unit_of_work() as other:
        for account in ("user:a:pending", "user:a:available", "platform:fees", WORLD):
            assert one.ledger.balance(account, "USD") == other.ledger.balance(account, "USD")
    for store in stores:
        store.close()


def test_a_cleared_batch_whose_key_was_stored_is_redone_one_by_one(tmp_path: Path) -> None:
    """Someone wrote one order's clearance entry by hand (the order not marked cleared): the
    batch's write fails, and the order redone alone replays the entry it finds, so every
    order of the batch clears and the books balance."""
    policy = attrs.evolve(presets.fiverr_like(), clearance_days=1)
    clock = FrozenClock(T0)
    market = Marketplace.from_url(
        f"sqlite:///{tmp_path / 'm.db'}",
        policy,
        clock=clock,
        gateway=FakeGateway(),
        notifier=RecordingNotifier(keep=False),
    )
    for user in ("ann", "bob", "cy"):
        market.users.register(user, name=user, email=f"{user}@example.org")
    ids = []
    for seller in ("bob", "cy", "bob"):
        order = market.orders.place(
            actor="ann", seller_id=seller, title="Logo", price="10", delivery_days=3
        )
        market.orders.start(order.id, actor=seller)
        market.orders.deliver(order.id, actor=seller, message="done")
        ids.append(market.orders.accept(order.id, actor="ann"))
    hand = ids[1]
    assert hand.seller_amount is not None
    with market.unit_of_work() as uow:
        uow.ledger.post(
            f"order:{hand.id}:clear",
            f"order:{hand.id}",
            [Transfer("user:cy:pending", "user:cy:available", hand.seller_amount)],
            clock.now(),
            "clearance",
        )
        uow.commit()
    clock.advance(days=2)
    report = market.run_due()
    assert report.errors == ()
    assert report.moves.get("clear") == 3
    for order in ids:
        assert market.orders.get(order.id, viewer=BACK_OFFICE).cleared
    assert market.admin.verify().totals == {"USD": 0}
    market.store.close()


def test_a_balance_read_once_per_batch_stays_right_across_a_write_in_between(
    factory: Any,
) -> None:
    """The batch reads an account once; a statement in between writes what it holds (the
    batch starts again from what is stored): later checks count every posting once."""
    _fund(factory, "user:a:available", "10")
    with factory() as uow, uow.ledger.deferred():
        move = [Transfer("user:a:available", "user:b:available", usd("4"))]
        uow.ledger.post("p1", "c:1", move, T0)
        uow.ledger.post("p2", "c:1", move, T0.add(seconds=1), "again")
        assert uow.ledger.has_entry("p1")  # another statement: the batch is written
        uow.ledger.post("p3", "c:1", [Transfer("user:a:available", "c", usd("2"))], T0)
        with pytest.raises(InsufficientFunds):
            uow.ledger.post("p4", "c:1", [Transfer("user:a:available", "c", usd("0.01"))], T0)
        uow.commit()
    with factory() as uow:
        assert uow.ledger.balance("user:a:available", "USD") == usd("0")
        assert uow.ledger.balance("user:b:available", "USD") == usd("8")
        assert uow.ledger.verify() is not None


# -- PostgreSQL: the same batch, its accounts locked -------------------------------------------
class PgRoundTrips:
    """The statements psycopg sends in this process (an ``executemany``, pipelined, counts once)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import psycopg

        self.lines: list[str] = []
        execute, executemany = psycopg.Cursor.execute, psycopg.Cursor.executemany

        def counted(original: Any, tag: str) -> Any:
            def run(cursor: Any, query: Any, *args: Any, **kw: Any) -> Any:
                self.lines.append(f"{tag}{' '.join(str(query).split())}")
                return original(cursor, query, *args, **kw)

            return run

        monkeypatch.setattr(psycopg.Cursor, "execute", counted(execute, ""))
        monkeypatch.setattr(psycopg.Cursor, "executemany", counted(executemany, "many: "))

    def take(self) -> list[str]:
        taken, self.lines = self.lines, []
        return taken


def _clearances(uow: Any, count: int) -> list[Any]:
    return [
        uow.ledger.post(
            f"order:o{i}:clear",
            f"order:o{i}",
            [Transfer(f"user:s{i % 3}:pending", f"user:s{i % 3}:available", usd(f"{i}.25"))],
            T0,
            "clearance",
        )
        for i in range(1, count + 1)
    ]


def test_postgres_writes_a_batch_in_one_round_trip_per_table(
    pg_store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nine clearances of three sellers: their accounts read (and locked) in one statement up
    front, a block of seqs in another, nothing more until the block ends, then the entries,
    the summed balance deltas and the transfers in one pipelined round trip each. Posted one
    at a time, each costs five (key and seq, lock, entry, balances, transfers)."""
    for seller in ("s0", "s1", "s2"):
        _fund(pg_store.unit_of_work, f"user:{seller}:pending", "100")
    named = [(f"user:s{n}:{side}", "USD") for n in range(3) for side in ("pending", "available")]
    trips = PgRoundTrips(monkeypatch)
    with pg_store.unit_of_work() as uow:
        block = uow.ledger.deferred(named)
        block.__enter__()
        ahead = trips.take()
        made = _clearances(uow, 9)
        during = trips.take()
        block.__exit__(None, None, None)
        written = trips.take()
        uow.commit()
    assert len(ahead) == 1, ahead
    assert "FOR UPDATE" in ahead[0]
    assert len(during) == 1, during  # the seqs, nothing else
    assert "nextval" in during[0]
    assert [line.split(" (")[0] for line in written] == [
        "many: INSERT INTO microjob_ledger_entries",
        "many: INSERT INTO microjob_ledger_balances",
        "many: INSERT INTO microjob_ledger_transfers",
    ], written
    with pg_store.unit_of_work() as uow:
        assert uow.ledger.verify() is not None
        assert [uow.ledger.entry(e.key) for e in made] == made
        assert uow.ledger.balance("user:s1:available", "USD") == usd("1.25") + usd("4.25") + usd(
            "7.25"
        )


def test_postgres_holds_the_named_accounts_locked_until_the_commit(pg_url: str) -> None:
    """What a batch checks its postings against is what it read: another writer cannot
    change those balances before the batch commits (it would wait; ``NOWAIT`` says so)."""
    import psycopg

    schema = Schema(pg_url)
    pg_store = SqlStore(schema.url, **schema.options)
    _fund(pg_store.unit_of_work, "user:s1:pending", "100")
    url = pg_store.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with pg_store.unit_of_work() as uow, uow.ledger.deferred([("user:s1:pending", "USD")]):
        with (
            psycopg.connect(url, options=f"-c search_path={schema.name}") as other,
            pytest.raises(psycopg.errors.LockNotAvailable),
        ):
            other.execute(
                "SELECT balance FROM microjob_ledger_balances WHERE account = %s FOR UPDATE NOWAIT",
                ("user:s1:pending",),
            )
        uow.ledger.post(
            "p", "c:1", [Transfer("user:s1:pending", "user:s1:available", usd("60"))], T0
        )
        uow.commit()
    with pg_store.unit_of_work() as uow:
        assert uow.ledger.balance("user:s1:pending", "USD") == usd("40")
    pg_store.close()
    schema.drop()


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_a_key_stored_before_fails_the_whole_unit_and_writes_nothing(
    where: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if where == "postgresql":
        schema = Schema(request.getfixturevalue("pg_url"))
        request.addfinalizer(schema.drop)
        pg_store = SqlStore(schema.url, **schema.options)
    else:
        pg_store = SqlStore(f"sqlite:///{tmp_path / 'd.db'}")
    request.addfinalizer(pg_store.close)
    _fund(pg_store.unit_of_work, "user:a:available", "10")
    legs = [Transfer("user:a:available", "user:b:available", usd("2"))]
    with pg_store.unit_of_work() as uow:
        uow.ledger.post("old", "c:1", legs, T0)
        uow.commit()
    with pg_store.unit_of_work() as uow:
        batch = uow.ledger.deferred()
        batch.__enter__()
        uow.ledger.post("new", "c:1", legs, T0)
        uow.ledger.post("old", "c:1", legs, T0)  # found only at the write
        with pytest.raises(Conflict, match="post them one per unit of work"):
            batch.__exit__(None, None, None)
    with pg_store.unit_of_work() as uow:
        assert not uow.ledger.has_entry("new")
        assert uow.ledger.balance("user:b:available", "USD") == usd("2")
        assert uow.ledger.balance("user:a:available", "USD") == usd("8")
        assert uow.ledger.verify() is not None


# -- a property: a batch posts what one posting at a time posts -------------------------------
_ACCOUNTS = ("world", "user:a:available", "user:b:available", "user:a:pending", "platform:fees")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),  # the key: a few, so some repeat (a replay or a conflict)
            st.sampled_from(_ACCOUNTS),
            st.sampled_from(_ACCOUNTS),
            st.integers(1, 3000),  # cents
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_batch_books_exactly_what_postings_one_at_a_time_book(
    moves: list[tuple[int, str, str, int]],
) -> None:
    """Whatever the postings (overdrafts refused, keys replayed or reused for other content),
    a deferred block on SQLite gives every posting the same outcome, and leaves the same
    entries and balances, as the same postings made one at a time."""
    results = []
    for deferred in (False, True):
        store = SqlStore("sqlite://")
        _fund(store.unit_of_work, "user:a:available", "10")
        outcomes: list[str] = []
        with store.unit_of_work() as uow:
            block = uow.ledger.deferred() if deferred else contextlib.nullcontext()
            with block:
                for key, source, destination, cents in moves:
                    legs = [Transfer(source, destination, Money(cents, "USD") / 100)]
                    try:
                        entry = uow.ledger.post(f"k{key}", "c:1", legs, T0)
                        outcomes.append(f"ok {entry.seq}")
                    except (InsufficientFunds, Conflict, ValidationError) as exc:
                        outcomes.append(type(exc).__name__)
            uow.commit()
        with store.unit_of_work() as uow:
            assert uow.ledger.verify() is not None
            balances = {a: uow.ledger.balance(a, "USD") for a in _ACCOUNTS}
            entries = [(e.seq, e.key, e.transfers, e.hash) for e in uow.ledger.entries()]
        store.close()
        results.append((outcomes, balances, entries))
    assert results[0] == results[1]
