"""``run_due`` against a SQLite database that another writer locks part-way through a pass."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from moneyed import Money

from microjob import BACK_OFFICE
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.payouts.methods import PayPal
from tests.test_due_hostile import T0, Db, completed, people


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
    the provider and recorded as sent is part of what the pass did, as ``in_batches`` keeps
    the orders it moved before a lock."""
    path = tmp_path / "locked.db"
    db = Db(f"sqlite:///{path}", {"busy_timeout": 0.05})
    clock = FrozenClock(T0)
    gateway = _LockingGateway()
    gateway.path = path
    market = db.market(clock, gateway=gateway)
    sellers = people(market, 3)
    completed(market, sellers, 3)
    clock.advance(days=4)
    market.run_due()
    market.users.register("root", name="Root", email="root@example.org", is_admin=True)
    waiting = []
    for seller in sellers:
        method = market.payouts.add_method(
            actor=seller, method=PayPal(email=f"{seller}@example.org")
        )
        available = market.wallet.balances(seller, viewer=BACK_OFFICE).available
        gateway.script(TimeoutError("provider timed out"))
        payout = market.payouts.request(actor=seller, method_id=method.id, amount=available)
        waiting.append(market.payouts.approve(payout.id, actor="root", reviewed=True))
    assert {p.state for p in waiting} == {"approved"}
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
