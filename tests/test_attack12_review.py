"""Attack 12: review of the clearance batch's read-ahead, the unit of work's refusal to commit,
the level re-evaluation's prefetch and the module splits.

Failing tests (defects), both PostgreSQL, where a failed statement aborts the transaction:

* a batch posting (`SqlLedger.deferred`, new on PostgreSQL) whose balance read hits a lock
  timeout or deadlock raises psycopg's ``InFailedSqlTransaction``, not ``Conflict``:
  `SqlLedger.post` looks its key up on the aborted transaction;
* `records.upsert` does the same after a ``Conflict`` from ``add`` that was a failed statement.

Tests marked ``HELD UP`` check suspicions that held.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pendulum
import pytest
from moneyed import Money

from microjob import BACK_OFFICE
from microjob.adapters.sql import SqlStore
from microjob.errors import Conflict
from microjob.ledger import WORLD, Transfer
from tests.pg import Schema, pg_store, pg_url

__all__ = ["pg_store", "pg_url"]

T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")


def usd(amount: str) -> Money:
    return Money(amount, "USD")


def _fund(store: SqlStore, account: str, amount: str) -> None:
    with store.unit_of_work() as uow:
        uow.ledger.post(
            f"fund:{account}:{amount}", "test:fund", [Transfer(WORLD, account, usd(amount))], T0
        )
        uow.commit()


# -- defects -----------------------------------------------------------------------------------
@pytest.mark.parametrize("batch", [False, True], ids=["one_at_a_time", "deferred"])
def test_pg_a_lock_timeout_in_a_batch_posting_is_a_conflict_not_the_drivers_error(
    pg_store: SqlStore, batch: bool
) -> None:
    """`LedgerStore.deferred` promises each posting inside it raises "the same errors". On
    PostgreSQL a posting in a batch has no seq claimed (``seq is None``), so when its balance
    read fails with a lock timeout (or a deadlock: ``Conflict``, retryable) `SqlLedger.post`'s
    ``except MarketplaceError`` looks the key up (``_find``) on the transaction the failure
    aborted: the caller gets psycopg's ``InFailedSqlTransaction`` instead of ``Conflict``.
    One at a time (a seq claimed) the ``Conflict`` comes through."""
    _fund(pg_store, "user:a:available", "10")
    legs = [Transfer("user:a:available", "user:b:available", usd("2"))]
    with pg_store.unit_of_work() as holder:
        holder.ledger.post("hold", "c:hold", legs, T0)  # holds a's balance row locked
        with pg_store.unit_of_work() as uow:
            uow.raw.execute("SET LOCAL lock_timeout = '200ms'")
            block = uow.ledger.deferred() if batch else contextlib.nullcontext()
            with pytest.raises(Conflict), block:
                uow.ledger.post("k", "c:k", legs, T0)


def test_pg_upsert_losing_an_insert_race_to_a_lock_timeout_is_a_conflict(
    pg_store: SqlStore,
) -> None:
    """`records.upsert` catches ``Conflict`` from ``add`` ("another unit of work created it")
    and reads the record again. When that ``Conflict`` is a failed statement (PostgreSQL: the
    insert waited on another transaction's uncommitted insert of the same id until a lock
    timeout, or was chosen as a deadlock's victim), the transaction is aborted and the
    re-read raises psycopg's ``InFailedSqlTransaction``: the retryable ``Conflict`` is lost.
    (`orphan_charges._first_claim` re-reads after ``Conflict`` the same way.)"""
    from microjob.records import upsert
    from microjob.services.reputation import SellerLevel, _levels

    with pg_store.unit_of_work() as uow:  # the kind is stored: the race is the record's
        _levels(uow).add(SellerLevel("other", "new"))
        uow.commit()
    with pg_store.unit_of_work() as holder:
        _levels(holder).add(SellerLevel("x", "new"))  # not committed: its id row is locked
        with pg_store.unit_of_work() as uow:
            uow.raw.execute("SET LOCAL lock_timeout = '200ms'")

            def build(current: SellerLevel | None) -> SellerLevel:
                if current is None:
                    return SellerLevel("x", "new")
                return SellerLevel("x", "top", version=current.version + 1)

            with pytest.raises(Conflict):
                upsert(_levels(uow), "x", build)


# -- clearance batches: many sellers, auto-complete and clearance in one tick -------------------
def _market(where: str, tmp_path: Path, request: pytest.FixtureRequest) -> tuple[Any, Any]:
    import attrs

    from microjob import Marketplace, presets
    from microjob.adapters.memory import FakeGateway, FrozenClock

    clock = FrozenClock()
    policy = attrs.evolve(presets.fiverr_like(), clearance_days=3)
    if where == "postgresql":
        schema = Schema(request.getfixturevalue("pg_url"))
        request.addfinalizer(schema.drop)
        market = Marketplace.from_url(
            schema.url, policy, clock=clock, gateway=FakeGateway(), store_options=schema.options
        )
    else:
        market = Marketplace.from_url(
            f"sqlite:///{tmp_path / 'm.db'}", policy, clock=clock, gateway=FakeGateway()
        )
    request.addfinalizer(market.store.close)
    return market, clock


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_held_up_a_clearance_batch_of_more_sellers_than_one_balance_read_holds(
    where: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HELD UP: 70 sellers clearing in one batch (140 account pairs: two `_BALANCES_READ`
    parts), two more whose delivered orders auto-complete with no clearance in the same tick
    (accounts the batch did not name), all land exactly as stored."""
    import attrs

    from microjob import ledger as accounts
    from microjob import presets
    from microjob.services import order_closing

    market, clock = _market(where, tmp_path, request)
    now_available = attrs.evolve(presets.fiverr_like(), clearance_days=0)
    market.users.register("buyer", name="buyer", email="buyer@example.org")
    sellers = [f"s{n}" for n in range(72)]
    orders = {}
    for n, seller in enumerate(sellers):
        market.users.register(seller, name=seller, email=f"{seller}@example.org")
        auto = n >= 70
        order = market.orders.place(
            actor="buyer",
            seller_id=seller,
            title="Logo",
            price=str(10 + n),
            delivery_days=3,
            **({"policy": now_available} if auto else {}),
        )
        market.orders.start(order.id, actor=seller)
        order = market.orders.deliver(order.id, actor=seller, message="done")
        if not auto:
            order = market.orders.accept(order.id, actor="buyer")
        orders[seller] = order
    clock.advance(days=20)
    monkeypatch.setattr(order_closing, "DUE_BATCH", 200)
    calls: list[tuple[int, str]] = []
    tick_many = order_closing.OrderClosing._tick_many

    def spy(self: Any, ids: Any, at: Any) -> list[str]:
        try:
            done = tick_many(self, ids, at)
        except Exception as exc:
            calls.append((len(ids), type(exc).__name__))
            raise
        calls.append((len(ids), "ok"))
        return done

    monkeypatch.setattr(order_closing.OrderClosing, "_tick_many", spy)
    report = market.run_due()
    assert calls == [(72, "ok")]  # one batch, not redone one order at a time
    assert report.errors == ()
    assert report.moves.get("clear") == 70
    assert report.moves.get("auto_complete") == 2
    with market.unit_of_work() as uow:
        for seller, order in orders.items():
            got = market.orders.get(order.id, viewer=BACK_OFFICE)
            assert got.cleared
            assert uow.ledger.balance(accounts.available(seller), "USD") == got.seller_amount
            assert uow.ledger.balance(accounts.pending(seller), "USD") == usd("0")
    assert market.admin.verify().totals == {"USD": 0}


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_held_up_levels_re_evaluated_in_a_batch_with_an_unknown_seller(
    where: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """HELD UP: a dirty level whose seller is not stored fails the batch (`NotFound`, as one
    seller at a time); the batch is redone one seller at a time, every known seller's level is
    stored clean, with the same level as `standing` computes, and the unknown one is reported."""
    from microjob.services.reputation import SellerLevel, _levels

    market, _clock = _market(where, tmp_path, request)
    market.users.register("buyer", name="buyer", email="buyer@example.org")
    sellers = ["s0", "s1", "s2"]
    for seller in sellers:
        market.users.register(seller, name=seller, email=f"{seller}@example.org")
        order = market.orders.place(
            actor="buyer", seller_id=seller, title="Logo", price="30", delivery_days=3
        )
        market.orders.start(order.id, actor=seller)
        market.orders.deliver(order.id, actor=seller, message="done")
        market.orders.accept(order.id, actor="buyer")
    with market.unit_of_work() as uow:
        _levels(uow).add(SellerLevel("ghost", "new"))
        uow.commit()
    with market.unit_of_work() as uow:
        assert sorted(r.id for r in _levels(uow).where(dirty=True)) == ["ghost", *sellers]
    report = market.run_due()
    assert [e for e in report.errors if "ghost" in e], report.errors
    assert all("ghost" in e for e in report.errors), report.errors
    with market.unit_of_work() as uow:
        stored = {r.id: r for r in _levels(uow).where()}
    for seller in sellers:
        assert not stored[seller].dirty
        assert stored[seller].level == market.reputation.standing(seller).level
    assert stored["ghost"].dirty
