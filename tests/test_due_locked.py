"""run_due against a SQLite database locked by another writer: a few waits a pass, not one an
item."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from microjob import BACK_OFFICE
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.payouts.methods import PayPal
from tests.test_due_hostile import T0, Db, completed, people


def test_a_locked_database_stops_run_due_after_a_few_waits_not_one_per_payout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer holds SQLite's write lock. `in_batches` stops its pass at the first
    `Busy`, but run_due then runs every other job, and the jobs with a loop of their own
    (approved payouts to send again, disputes, requests, subscriptions, orphan charges) catch
    `MarketplaceError` per item, `Busy` included: each item waits ``busy_timeout`` again (30 s
    by default), and the same lock is reported once per item."""
    from microjob.adapters.sql.unit_of_work import SqlUnitOfWork
    from microjob.errors import Conflict

    path = tmp_path / "locked.db"
    db = Db(f"sqlite:///{path}", {"busy_timeout": 0.05})
    clock = FrozenClock(T0)
    gateway = FakeGateway()
    market = db.market(clock, gateway=gateway)
    sellers = people(market, 6)
    completed(market, sellers, 6)
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
    assert {p.state for p in waiting} == {"approved"}  # each waits for run_due to send it
    waits = [0]
    enter = SqlUnitOfWork.__enter__

    def counted(self: SqlUnitOfWork) -> Any:
        try:
            return enter(self)
        except Conflict:
            waits[0] += 1
            raise

    monkeypatch.setattr(SqlUnitOfWork, "__enter__", counted)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        report = market.run_due()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert waits[0] <= 4, f"run_due waited busy_timeout {waits[0]} times: {report.errors}"
    market.store.close()
