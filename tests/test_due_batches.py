"""`run_due` moves orders and re-evaluates sellers in batches, one unit of work (one commit)
per batch, and a failure inside a batch still stays with the one order or seller it belongs to:
the batch is redone one by one, nothing is booked twice, the others move."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, MemoryUnitOfWork
from microjob.context import DUE_BATCH
from microjob.errors import MarketplaceError
from microjob.events import FundsCleared
from microjob.services import order_closing
from microjob.services import reputation as service
from tests.conftest import World

POLICY = attrs.evolve(presets.fiverr_like(), clearance_days=2)
SELLERS = 10
ORDERS = 2 * DUE_BATCH + 10  # three batches, the last one short


def completed(w: World, count: int = ORDERS) -> list[str]:
    for n in range(SELLERS):
        w.market.users.register(f"s{n}", name=f"Seller {n}", email=f"s{n}@example.org")
    ids = []
    for n in range(count):
        seller = f"s{n % SELLERS}"
        order = w.market.orders.place(
            actor="buyer", seller_id=seller, title="Logo", price=f"{10 + n}", delivery_days=3
        )
        w.market.orders.start(order.id, actor=seller)
        w.market.orders.deliver(order.id, actor=seller, message="done")
        w.market.orders.accept(order.id, actor="buyer")
        ids.append(order.id)
    return ids


@pytest.fixture
def commits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many units of work committed (memory adapter), counted as they happen."""
    counted = [0]
    real = MemoryUnitOfWork.commit

    def commit(self: MemoryUnitOfWork) -> None:
        counted[0] += 1
        real(self)

    monkeypatch.setattr(MemoryUnitOfWork, "commit", commit)
    return counted


def test_due_orders_clear_in_one_commit_per_batch(commits: list[int]) -> None:
    w = World(POLICY)
    ids = completed(w)
    w.clock.advance(days=3)
    market = w.market
    due = market.orders.due_orders(w.clock.now(), 10_000)
    assert sorted(due) == sorted(ids)
    before = commits[0]
    moves, errors = market.orders.move_due(due, w.clock.now())
    assert errors == []
    assert moves == {"clear": ORDERS}
    assert commits[0] - before == 3  # 64 + 64 + 10, one commit each
    assert all(market.orders.get(i, viewer=BACK_OFFICE).cleared for i in ids)
    assert len(w.publisher.of(FundsCleared)) == ORDERS
    assert sum(1 for n in w.notifier.sent if n.kind == "funds.cleared") == ORDERS
    assert market.admin.verify() is not None


def test_one_failing_order_does_not_hold_up_its_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    w = World(POLICY)
    ids = completed(w)
    bad = ids[5]  # in the first batch
    real_clear = order_closing.escrow.clear

    def clear(ledger: Any, order: Any, at: Any) -> None:
        if order.id == bad:
            raise MarketplaceError(f"the ledger refused order {order.id}")
        real_clear(ledger, order, at)

    monkeypatch.setattr(order_closing.escrow, "clear", clear)
    w.clock.advance(days=3)
    entries = len(w.market.store.ledger)
    report = w.market.run_due()
    assert report.moves.get("clear") == ORDERS - 1
    assert report.errors == (f"order {bad}: the ledger refused order {bad}",)
    # every other order cleared exactly once: one ledger entry and one event each
    assert len(w.market.store.ledger) - entries == ORDERS - 1
    assert len(w.publisher.of(FundsCleared)) == ORDERS - 1
    assert not w.market.orders.get(bad, viewer=BACK_OFFICE).cleared
    monkeypatch.setattr(order_closing.escrow, "clear", real_clear)
    assert w.market.run_due().moves.get("clear") == 1
    assert w.market.orders.get(bad, viewer=BACK_OFFICE).cleared
    assert len(w.publisher.of(FundsCleared)) == ORDERS
    assert w.market.admin.verify() is not None


def test_dirty_sellers_are_evaluated_in_batches_and_a_failure_stays_theirs(
    monkeypatch: pytest.MonkeyPatch, commits: list[int]
) -> None:
    w = World(POLICY)
    sellers = 2 * DUE_BATCH + 3
    for n in range(sellers):
        seller = f"v{n}"
        w.market.users.register(seller, name=f"Seller {n}", email=f"{seller}@example.org")
        order = w.market.orders.place(
            actor="buyer", seller_id=seller, title="Logo", price="20", delivery_days=3
        )
        w.market.orders.start(order.id, actor=seller)
        w.market.orders.deliver(order.id, actor=seller, message="done")
        w.market.orders.accept(order.id, actor="buyer")
    levels = w.market.store.records["seller_level"]
    assert sum(1 for r in levels.values() if r.dirty) == sellers
    bad = "v7"
    original_stats = service.ReputationService._stats

    def stats(self: Any, uow: Any, user_id: str, now: Any, user: Any = None) -> Any:
        if user_id == bad:
            raise MarketplaceError("tally unreadable")
        return original_stats(self, uow, user_id, now, user)

    monkeypatch.setattr(service.ReputationService, "_stats", stats)
    before = commits[0]
    _done, errors = w.market.reputation.due(w.clock.now())
    assert errors == [f"level of {bad}: tally unreadable"]
    # three batches; the first fails and is redone one seller per unit of work
    assert commits[0] - before == 2 + (DUE_BATCH - 1)
    dirty = {r.id for r in levels.values() if r.dirty}
    assert dirty == {bad}
    monkeypatch.setattr(service.ReputationService, "_stats", original_stats)
    w.market.reputation.due(w.clock.now())
    assert not any(r.dirty for r in levels.values())


def test_batched_clearance_on_sqlite_commits_once_per_batch(tmp_path: Path) -> None:
    clock = FrozenClock()
    market = Marketplace.from_url(
        f"sqlite:///{tmp_path / 'due.db'}", POLICY, clock=clock, gateway=FakeGateway()
    )
    w = World.__new__(World)
    w.market, w.clock = market, clock
    market.users.register("buyer", name="Buyer", email="buyer@example.org")
    ids = completed(w, DUE_BATCH + 5)
    clock.advance(days=3)
    report = market.run_due()
    assert report.errors == ()
    assert report.moves == {"clear": DUE_BATCH + 5}
    reopened = Marketplace.from_url(
        f"sqlite:///{tmp_path / 'due.db'}", POLICY, clock=clock, gateway=FakeGateway()
    )
    assert all(reopened.orders.get(i, viewer=BACK_OFFICE).cleared for i in ids)
    assert reopened.admin.verify() is not None
    market.store.close()
    reopened.store.close()
