"""``run_due`` against a SQLite database that another writer holds locked (a long import, a
stuck process): the pass stops at the lock after a few waits, not one wait per item, and what
it did before the lock still counts in its report."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.payouts.methods import PayPal
from tests.test_due_hostile import T0, Db, busy_waits, completed, people


def locked_db(path: Path) -> Db:
    """A SQLite database whose units of work wait 50 ms for a lock, not 30 s."""
    return Db(f"sqlite:///{path}", {"busy_timeout": 0.05})


def approved_payouts(market: Marketplace, gateway: FakeGateway, sellers: int) -> list[Any]:
    """``sellers`` sellers paid and cleared, each with a payout approved whose first send
    timed out: each waits for ``run_due`` to send it again."""
    clock = market.clock
    assert isinstance(clock, FrozenClock)
    names = people(market, sellers)
    completed(market, names, sellers)
    clock.advance(days=4)
    market.run_due()
    market.users.register("root", name="Root", email="root@example.org", is_admin=True)
    waiting = []
    for seller in names:
        method = market.payouts.add_method(
            actor=seller, method=PayPal(email=f"{seller}@example.org")
        )
        available = market.wallet.balances(seller, viewer=BACK_OFFICE).available
        gateway.script(TimeoutError("provider timed out"))
        payout = market.payouts.request(actor=seller, method_id=method.id, amount=available)
        waiting.append(market.payouts.approve(payout.id, actor="root", reviewed=True))
    assert {p.state for p in waiting} == {"approved"}
    return waiting


def test_a_locked_database_stops_run_due_after_a_few_waits_not_one_per_payout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer holds SQLite's write lock. The jobs with a loop of their own (approved
    payouts to send again, disputes, requests, subscriptions, kept provider events) caught
    `MarketplaceError` per item, `Busy` included: each item waited ``busy_timeout`` again (30 s
    by default), and the same lock was reported once per item (8 waits for six payouts)."""
    path = tmp_path / "locked.db"
    gateway = FakeGateway()
    market = Db(f"sqlite:///{path}", {"busy_timeout": 0.05}).market(
        FrozenClock(T0), gateway=gateway
    )
    approved_payouts(market, gateway, 6)
    waits = busy_waits(monkeypatch)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        report = market.run_due()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert waits[0] <= 4, f"run_due waited busy_timeout {waits[0]} times: {report.errors}"
    market.store.close()


class _LockingGateway(FakeGateway):
    """A provider whose answer to the ``lock_at``-th payout arrives while another process has
    just taken SQLite's write lock (a long import starting)."""

    lock_at = 0
    path: Path | None = None
    other: sqlite3.Connection | None = None

    def __init__(self) -> None:
        super().__init__()
        self.payouts_seen = 0

    def payout(self, subject: str, amount: Money, destination: str, idempotency_key: str) -> Any:
        result = super().payout(subject, amount, destination, idempotency_key)
        self.payouts_seen += 1
        if self.lock_at and self.payouts_seen == self.lock_at and self.other is None:
            assert self.path is not None
            self.other = sqlite3.connect(self.path, isolation_level=None)
            self.other.execute("BEGIN IMMEDIATE")
        return result

    def release(self) -> None:
        if self.other is not None:
            self.other.execute("ROLLBACK")
            self.other.close()
            self.other = None


def test_payouts_sent_before_the_database_locked_are_still_reported(tmp_path: Path) -> None:
    """Approved payouts waiting to be sent again: the first is sent and recorded, then another
    writer takes the lock. The pass stops there (``Busy``), but the payout already handed to
    the provider and recorded as sent is part of what the pass did (it was reported as
    nothing done)."""
    path = tmp_path / "locked.db"
    gateway = _LockingGateway()
    gateway.path = path
    market = Db(f"sqlite:///{path}", {"busy_timeout": 0.05}).market(
        FrozenClock(T0), gateway=gateway
    )
    waiting = approved_payouts(market, gateway, 3)
    gateway.lock_at = gateway.payouts_seen + 2  # the second payout of the pass
    try:
        report = market.run_due()
    finally:
        gateway.release()
    states = [market.payouts.get(p.id, viewer=BACK_OFFICE).state for p in waiting]
    sent = sum(1 for state in states if state != "approved")
    assert sent == 1, states
    assert report.errors, report
    assert report.moves.get("payout_sent") == sent, (
        f"{sent} payout sent and recorded before the lock, the report says {report}"
    )
    market.store.close()
