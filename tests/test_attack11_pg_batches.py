"""Attack 11: PostgreSQL deferred (batched) postings, compared with posting one at a time and
with SQLite.

Failing tests (defects):

* a key posted twice in one `deferred` block, with any statement in between, fails the unit
  with ``Conflict`` instead of replaying its entry (one at a time it replays);
* a failed deferred write (a ``Conflict`` at an autoflush) leaves the unit of work
  committable: ``commit()`` then reports success while postings the batch accepted are gone
  (PostgreSQL: the aborted transaction is rolled back silently; SQLite: the batch's rows are
  dropped and the rest of the unit commits);
* PostgreSQL: an account with no balance row when the batch first read it is not locked, yet
  the batch keeps "no row" for the rest of the block, so money another unit committed to it
  meanwhile is not seen (one at a time it is).

Passing tests (suspicions that held up) are marked ``HELD UP``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pendulum
import pytest
from moneyed import Money

from microjob.adapters.sql import SqlStore
from microjob.errors import Conflict, InsufficientFunds, MarketplaceError
from microjob.ledger import WORLD, Transfer
from tests.pg import Schema, pg_store, pg_url

__all__ = ["pg_store", "pg_url"]

T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")


def usd(amount: str) -> Money:
    return Money(amount, "USD")


@pytest.fixture(params=["postgresql", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "postgresql":
        schema = Schema(request.getfixturevalue("pg_url"))
        pg = SqlStore(schema.url, **schema.options)
        yield pg
        pg.close()
        schema.drop()
        return
    lite = SqlStore(f"sqlite:///{tmp_path / 'd.db'}")
    yield lite
    lite.close()


def _fund(store: SqlStore, account: str, amount: str, key: str | None = None) -> None:
    with store.unit_of_work() as uow:
        uow.ledger.post(
            key or f"fund:{account}:{amount}",
            "test:fund",
            [Transfer(WORLD, account, usd(amount))],
            T0,
        )
        uow.commit()


def _block(uow: Any, batch: bool, accounts: Any = ()) -> Any:
    return uow.ledger.deferred(accounts) if batch else contextlib.nullcontext()


# -- defects -----------------------------------------------------------------------------------
@pytest.mark.parametrize("batch", [False, True], ids=["one_at_a_time", "deferred"])
def test_a_key_posted_twice_in_a_batch_replays_even_after_a_statement_in_between(
    store: SqlStore, batch: bool
) -> None:
    """`Deferred.posted` promises "a key posted twice in one batch replays its entry", and one
    at a time the second post replays. But any statement between the two posts (here a
    ledger read: the autoflush) writes the batch and forgets its keys (`Deferred.take` empties
    ``posted``); the second post is then not looked up (keys are found only at the write), is
    held as a new entry under the same key, and the block's end fails the whole unit with
    ``Conflict``."""
    _fund(store, "user:a:available", "10")
    legs = [Transfer("user:a:available", "user:b:available", usd("2"))]
    with store.unit_of_work() as uow:
        with _block(uow, batch, [("user:a:available", "USD"), ("user:b:available", "USD")]):
            first = uow.ledger.post("k", "c:1", legs, T0)
            assert uow.ledger.has_entry("k")  # another statement: the batch is written
            again = uow.ledger.post("k", "c:1", legs, T0)
        uow.commit()
    assert again == first
    with store.unit_of_work() as uow:
        assert uow.ledger.balance("user:b:available", "USD") == usd("2")
        assert uow.ledger.balance("user:a:available", "USD") == usd("8")
        assert len(uow.ledger) == 2
        assert uow.ledger.verify() is not None


def test_a_failed_deferred_write_does_not_leave_the_unit_committable(store: SqlStore) -> None:
    """The port says a key stored before "fails the whole unit of work". A caller that catches
    the ``Conflict`` of the write (here raised by an autoflush; `records.upsert` and
    `orphan_charges._first_claim` catch ``Conflict`` around statements that autoflush) can
    still commit: on PostgreSQL the transaction is aborted, and psycopg's ``commit()`` rolls it
    back without a word, so the unit reports success and nothing is kept; on SQLite the batch's
    rows were taken and not written, and the rest of the unit commits. Either way a posting
    the ledger accepted (it returned its entry) is gone while ``commit()`` succeeded."""
    _fund(store, "user:a:available", "10")
    legs = [Transfer("user:a:available", "user:b:available", usd("2"))]
    with store.unit_of_work() as uow:
        uow.ledger.post("old", "c:1", legs, T0)
        uow.commit()
    committed = False
    with store.unit_of_work() as uow:
        with uow.ledger.deferred([("user:a:available", "USD")]):
            accepted = uow.ledger.post("new", "c:1", legs, T0)
            uow.ledger.post("old", "c:1", legs, T0)  # found only at the write
            with pytest.raises(Conflict):
                uow.ledger.has_entry("new")  # the autoflush fails
        with contextlib.suppress(MarketplaceError, RuntimeError):
            uow.commit()
            committed = True
    with store.unit_of_work() as uow:
        if committed:  # a unit that says it committed kept what its ledger accepted
            assert uow.ledger.entry("new") == accepted
        assert uow.ledger.balance("user:a:available", "USD") + uow.ledger.balance(
            "user:b:available", "USD"
        ) == usd("10")
        assert uow.ledger.verify() is not None


@pytest.mark.parametrize("batch", [False, True], ids=["one_at_a_time", "deferred"])
def test_pg_batch_sees_money_committed_to_an_account_it_found_no_row_for(
    pg_store: SqlStore, batch: bool
) -> None:
    """A batch reads (``FOR UPDATE``) the accounts it names when it begins and keeps what it
    read for the rest of the block (`Deferred.stored`), trusting the lock. An account with no
    balance row has nothing to lock: another unit can credit it and commit meanwhile, yet the
    batch still takes it for empty and refuses a debit that posting one at a time (which reads
    the committed balance, READ COMMITTED) accepts."""
    _fund(pg_store, "user:x:available", "1")  # the store has a balances table in use
    with pg_store.unit_of_work() as uow:
        with _block(uow, batch, [("user:z:available", "USD"), ("user:x:available", "USD")]):
            uow.ledger.post(
                "p1", "c:1", [Transfer("user:x:available", "user:y:available", usd("1"))], T0
            )
            # another unit of work (another worker) pays z meanwhile; nothing waits for it
            done: list[BaseException | None] = []

            def pay() -> None:
                try:
                    _fund(pg_store, "user:z:available", "10")
                    done.append(None)
                except BaseException as exc:  # pragma: no cover - reported below
                    done.append(exc)

            payer = threading.Thread(target=pay)
            payer.start()
            payer.join(timeout=30)
            assert done == [None]
            uow.ledger.post(
                "p2", "c:1", [Transfer("user:z:available", "user:y:available", usd("5"))], T0
            )
        uow.commit()
    with pg_store.unit_of_work() as uow:
        assert uow.ledger.balance("user:z:available", "USD") == usd("5")
        assert uow.ledger.balance("user:y:available", "USD") == usd("6")
        assert uow.ledger.verify() is not None


# -- HELD UP: suspicions that turned out fine ---------------------------------------------------
def _hot_and_refused(store: SqlStore, batch: bool) -> tuple[list[str], dict[str, Money], int]:
    """Hot accounts debited and credited inside one block, refused postings the caller steps
    over, a key stored before whose check now fails (it replays), and a read mid-block."""
    _fund(store, "platform:commission", "5")
    _fund(store, "user:a:available", "10")
    with store.unit_of_work() as uow:
        uow.ledger.post(
            "old", "c:0", [Transfer("user:a:available", "user:b:available", usd("8"))], T0
        )
        uow.commit()
    outcome: list[str] = []
    plan = [
        ("h1", "platform:commission", "user:x:available", "3"),
        ("h2", "platform:commission", "user:x:available", "3"),  # 2 left: refused
        ("h3", WORLD, "platform:commission", "4"),
        ("h4", "platform:commission", "user:x:available", "6"),
        ("h5", "platform:commission", "user:x:available", "0.01"),  # refused
        ("old", "user:a:available", "user:b:available", "8"),  # replays (a holds 2)
        ("p1", "user:a:available", "user:c:available", "2.01"),  # refused
        ("read", "", "", ""),
        ("p2", "user:a:available", "user:c:available", "2"),
        ("p3", "user:a:available", "user:c:available", "0.01"),  # refused
    ]
    with store.unit_of_work() as uow:
        with _block(uow, batch, [("user:a:available", "USD"), ("platform:commission", "USD")]):
            for key, source, destination, amount in plan:
                if key == "read":
                    outcome.append(str(uow.ledger.balance("platform:commission", "USD")))
                    continue
                cause = "c:0" if key == "old" else "c:1"
                try:
                    uow.ledger.post(key, cause, [Transfer(source, destination, usd(amount))], T0)
                    outcome.append(f"{key} ok")
                except InsufficientFunds:
                    outcome.append(f"{key} refused")
        uow.commit()
    with store.unit_of_work() as uow:
        balances = {
            account: uow.ledger.balance(account, "USD")
            for account in (
                "platform:commission",
                "user:a:available",
                "user:b:available",
                "user:c:available",
                "user:x:available",
            )
        }
        assert uow.ledger.verify() is not None
        return outcome, balances, len(uow.ledger)


def test_held_up_hot_debits_and_refusals_in_a_batch_match_one_at_a_time(
    store: SqlStore, tmp_path: Path
) -> None:
    """HELD UP: the same outcomes, balances and entry count in a batch as one at a time."""
    other = SqlStore(f"sqlite:///{tmp_path / 'one.db'}")
    try:
        alone = _hot_and_refused(other, batch=False)
    finally:
        other.close()
    assert _hot_and_refused(store, batch=True) == alone
    assert alone[0].count("h2 refused") == 1
    assert alone[1]["platform:commission"] == usd("0")
