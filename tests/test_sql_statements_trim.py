"""The ledger and the records in fewer statements, with every promise kept.

SQLite: a posting claims its idempotency key with the insert of its entry (no claim
``SELECT``), reads only the balances it debits (none for a payment from the outside world), a
seal batch is one ``UPDATE``, and a unit of work's record saves are one ``UPDATE`` (and one for
their moved index rows). Both databases: an idempotent re-post returns the stored entry, a
conflicting one is refused, an overdraft or a balance beyond 64 bits is refused with nothing
written, the sealed chain verifies, and saved records are seen by queries in the same unit of
work, kept only at the version read, and gone with a rollback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
import sqlalchemy as sa

import microjob.adapters.sql.ledger_chain as sql_chain
from microjob import ledger as accounts
from microjob.adapters.sql import SqlStore
from microjob.errors import Conflict, InsufficientFunds, ValidationError
from microjob.integrity import LedgerKey
from microjob.ledger import Entry, Transfer
from microjob.money import money
from tests.pg import Schema, pg_url
from tests.test_sql_statements import Trace

__all__ = ["pg_url"]

AT = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
NEAR_BIG_USD = "92233720368547753.07"  # 5.00 below 2**63 - 1 cents, the most a row holds


@attrs.frozen
class Note:
    id: str
    version: int
    owner: str
    state: str = "new"


def _notes(uow: Any) -> Any:
    return uow.records("note", Note, index=("owner", "state"))


def usd(amount: str) -> Any:
    return money(amount, "USD")


@pytest.fixture(params=["sqlite", "postgres"])
def opened(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A function opening stores (``seal_every`` and the like as keywords) on one database."""
    stores: list[SqlStore] = []
    if request.param == "sqlite":
        url, options = f"sqlite:///{tmp_path / 'l.db'}", {}
        schema = None
    else:
        schema = Schema(request.getfixturevalue("pg_url"))
        url, options = schema.url, schema.options

    def open_store(**kw: Any) -> SqlStore:
        store = SqlStore(url, **options, **kw)
        stores.append(store)
        return store

    yield open_store
    for store in stores:
        store.close()
    if schema is not None:
        schema.drop()


def _sqlite(tmp_path: Path, **kw: Any) -> SqlStore:
    return SqlStore(f"sqlite:///{tmp_path / 's.db'}", **kw)


KEY = LedgerKey("2026-03", b"k" * 32)
"""The posting counts below are a keyed store's: an unkeyed one also asks, once before each
commit that posts, whether a key was adopted since it opened (the last test here)."""


def post(store: SqlStore, key: str, cause: str, legs: list[Transfer], minutes: int = 0) -> Entry:
    with store.unit_of_work() as uow:
        entry = uow.ledger.post(key, cause, legs, AT.add(minutes=minutes), "")
        uow.commit()
    return entry


def deposit(store: SqlStore, key: str, user: str, amount: str) -> Entry:
    return post(store, key, f"deposit:{key}", [Transfer(accounts.WORLD, user, usd(amount))])


def state(store: SqlStore) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[Any]]:
    """Every entry, transfer and balance row: what "nothing written" compares."""
    with store.engine.connect() as conn:
        entries = [
            tuple(r)
            for r in conn.execute(
                sa.text("SELECT seq, entry_key, hash FROM microjob_ledger_entries ORDER BY seq")
            )
        ]
        transfers = [
            tuple(r)
            for r in conn.execute(
                sa.text("SELECT seq, leg, amount FROM microjob_ledger_transfers ORDER BY seq, leg")
            )
        ]
        balances = [
            tuple(r)
            for r in conn.execute(
                sa.text(
                    "SELECT account, currency, stripe, balance FROM microjob_ledger_balances "
                    "ORDER BY account, currency, stripe"
                )
            )
        ]
    return entries, transfers, balances


def verify(store: SqlStore) -> Any:
    with store.unit_of_work() as uow:
        return uow.ledger.verify()


def seqs(store: SqlStore) -> list[int]:
    return [int(row[0]) for row in state(store)[0]]


# -- the statements saved (SQLite) ---------------------------------------------------------------
def test_a_payment_from_outside_is_posted_with_no_select_at_all(tmp_path: Path) -> None:
    store = _sqlite(tmp_path, ledger_key=KEY)
    deposit(store, "d0", "user:ann:available", "1.00")  # the store learns the next seq
    trace = Trace(store)
    with store.unit_of_work() as uow:
        for n in range(2):  # the second one's seq is known from the first
            uow.ledger.post(
                f"fund{n}",
                f"order:{n}",
                [Transfer(accounts.WORLD, accounts.escrow(f"o{n}"), usd("14.08"))],
                AT,
            )
        uow.commit()
    lines = trace.take()
    assert [line.split()[0] for line in lines] == ["BEGIN", *["INSERT"] * 6, "COMMIT"]
    assert sum(1 for line in lines if line.startswith("INSERT INTO microjob_ledger_entries")) == 2
    assert seqs(store) == [0, 1, 2]
    verify(store)
    store.close()


def test_a_debit_reads_the_balances_it_debits_and_no_claim(tmp_path: Path) -> None:
    store = _sqlite(tmp_path, ledger_key=KEY)
    deposit(store, "d0", "user:ann:available", "100.00")
    trace = Trace(store)
    post(store, "o1", "order:1", [Transfer("user:ann:available", "order:1:escrow", usd("60.00"))])
    lines = trace.take()
    selects = [line for line in lines if line.startswith("SELECT")]
    assert len(selects) == 1
    assert "FROM microjob_ledger_balances" in selects[0]
    # the debited account only: the credited escrow's range is checked by the update itself
    assert "user:ann:available" in selects[0]
    assert "order:1:escrow" not in selects[0]
    assert len(lines) == 6  # BEGIN, the balances, entry, balances, transfers, COMMIT
    store.close()


def test_another_store_taking_the_expected_seq_costs_a_claim_and_leaves_no_gap(
    tmp_path: Path,
) -> None:
    first = _sqlite(tmp_path, ledger_key=KEY)
    second = _sqlite(tmp_path, ledger_key=KEY)
    deposit(first, "a0", "user:ann:available", "1.00")
    deposit(second, "b0", "user:bob:available", "1.00")
    trace = Trace(first)
    deposit(first, "a1", "user:ann:available", "1.00")  # expects seq 1, which second took
    lines = trace.take()
    assert sum(1 for line in lines if line.startswith("SELECT")) == 1  # the key and max + 1
    assert seqs(first) == [0, 1, 2]
    verify(first)
    first.close()
    second.close()


def test_a_rolled_back_posting_leaves_no_gap_on_sqlite(tmp_path: Path) -> None:
    store = _sqlite(tmp_path)
    deposit(store, "d0", "user:ann:available", "1.00")
    with store.unit_of_work() as uow:
        uow.ledger.post(
            "gone", "deposit:gone", [Transfer(accounts.WORLD, "user:x:available", usd("1"))], AT
        )  # not committed
    assert deposit(store, "d1", "user:ann:available", "1.00").seq == 1
    assert seqs(store) == [0, 1]
    store.close()


def test_a_seal_batch_is_one_update(tmp_path: Path) -> None:
    store = _sqlite(tmp_path, seal_every=1000)
    for n in range(7):
        deposit(store, f"d{n}", f"user:u{n}:available", "1.00")
    trace = Trace(store)
    assert store.seal() == 7
    lines = trace.take()
    updates = [line for line in lines if line.startswith("UPDATE microjob_ledger_entries")]
    assert len(updates) == 1
    # BEGIN, the head, the unsealed entries, their seals, the head again, COMMIT
    assert len(lines) == 6
    assert verify(store).entries == 7
    store.close()


def test_an_older_sqlite_seals_entry_by_entry(tmp_path: Path) -> None:
    store = _sqlite(tmp_path, seal_every=1000)
    store.update_from = False  # as on SQLite before 3.33
    for n in range(3):
        deposit(store, f"d{n}", f"user:u{n}:available", "1.00")
    trace = Trace(store)
    assert store.seal() == 3
    lines = trace.take()
    assert sum(1 for line in lines if line.startswith("UPDATE microjob_ledger_entries")) == 3
    assert verify(store).entries == 3
    store.close()


# -- the promises kept (SQLite and PostgreSQL) ---------------------------------------------------
def test_the_sealed_chain_verifies_in_batches_and_in_chunks(
    opened: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = opened(seal_every=1000)
    for n in range(5):
        deposit(store, f"d{n}", f"user:u{n}:available", "1.00")
    assert store.seal() == 5
    monkeypatch.setattr(sql_chain, "_SEAL_ROWS", 2)  # several statements for one batch
    for n in range(5, 12):
        deposit(store, f"d{n}", f"user:u{n}:available", "1.00")
    assert store.seal() == 7
    summary = verify(store)
    assert summary.entries == 12
    with store.unit_of_work() as uow:
        assert uow.ledger.sealed == 12
    with store.engine.connect() as conn:
        positions = conn.execute(
            sa.text("SELECT pos FROM microjob_ledger_entries ORDER BY pos")
        ).fetchall()
    assert [int(p[0]) for p in positions] == list(range(12))
    # a later store, reading the chain cold, agrees
    assert verify(opened()).entries == 12


def test_an_idempotent_repost_returns_the_entry_and_writes_nothing(opened: Any) -> None:
    store = opened()
    deposit(store, "d0", "user:ann:available", "100.00")
    legs = [Transfer("user:ann:available", "order:1:escrow", usd("60.00"))]
    first = post(store, "o1", "order:1", legs)
    before = state(store)
    again = post(store, "o1", "order:1", legs)
    assert again == first
    assert state(store) == before
    # also from a store that has never posted (it expects no seq), and after the money moved
    # on so the same entry could no longer be posted afresh: a replay is not a new posting
    post(store, "o2", "order:2", [Transfer("user:ann:available", "order:2:escrow", usd("40"))])
    before = state(store)
    assert post(opened(), "o1", "order:1", legs) == first
    assert state(store) == before


def test_a_conflicting_repost_is_refused_and_writes_nothing(opened: Any) -> None:
    store = opened()
    deposit(store, "d0", "user:ann:available", "100.00")
    post(store, "o1", "order:1", [Transfer("user:ann:available", "order:1:escrow", usd("60"))])
    before = state(store)
    with pytest.raises(Conflict, match="already used"):
        post(store, "o1", "order:1", [Transfer("user:ann:available", "order:1:escrow", usd("6"))])
    # the same, where the new content would also overdraw: still a Conflict, as in memory
    with pytest.raises(Conflict, match="already used"):
        post(store, "o1", "order:1", [Transfer("user:ann:available", "order:1:escrow", usd("99"))])
    with pytest.raises(Conflict, match="already used"):
        deposit(store, "o1", "user:ann:available", "1.00")  # no debit: claimed by the insert
    assert state(store) == before


def test_an_overdraft_is_refused_and_writes_nothing(opened: Any) -> None:
    store = opened()
    deposit(store, "d0", "user:ann:available", "10.00")
    before = state(store)
    with pytest.raises(InsufficientFunds):
        post(store, "o1", "order:1", [Transfer("user:ann:available", "order:1:escrow", usd("11"))])
    assert state(store) == before
    # the key is still free, and on SQLite the seq too
    entry = post(
        store, "o1", "order:1", [Transfer("user:ann:available", "order:1:escrow", usd("10"))]
    )
    if not store.is_postgres:
        assert entry.seq == 1
    verify(store)


def test_a_balance_beyond_64_bits_is_refused_and_writes_nothing(opened: Any) -> None:
    store = opened()
    deposit(store, "d0", "user:ann:available", NEAR_BIG_USD)
    deposit(store, "b0", "user:bob:available", "2.00")
    before = state(store)
    with pytest.raises(ValidationError, match="user:ann:available would hold more USD"):
        deposit(store, "d1", "user:ann:available", "10.00")
    assert state(store) == before
    # in one unit of work between two postings: they stay, the refused one leaves no trace
    with store.unit_of_work() as uow:
        uow.ledger.post(
            "d2", "gift:d2", [Transfer("user:bob:available", "user:cy:available", usd("1"))], AT
        )
        with pytest.raises(ValidationError, match="would hold more"):
            uow.ledger.post(
                "d1", "deposit:d1", [Transfer(accounts.WORLD, "user:ann:available", usd("10"))], AT
            )
        uow.ledger.post(
            "d3", "gift:d3", [Transfer("user:bob:available", "user:dan:available", usd("1"))], AT
        )
        uow.commit()
    keys = [row[1] for row in state(store)[0]]
    assert keys == ["d0", "b0", "d2", "d3"]
    if not store.is_postgres:
        assert seqs(store) == [0, 1, 2, 3]
    with store.unit_of_work() as uow:
        assert uow.ledger.balance("user:ann:available", "USD") == usd(NEAR_BIG_USD)
    assert verify(store).entries == 4


# -- records -------------------------------------------------------------------------------------
def _three_notes(store: SqlStore) -> None:
    with store.unit_of_work() as uow:
        for n, owner in enumerate(["ann", "bob", "cy"]):
            _notes(uow).add(Note(f"n{n}", 1, owner))
        uow.commit()


def test_a_unit_of_works_record_saves_are_one_update_and_one_for_their_index(
    tmp_path: Path,
) -> None:
    store = _sqlite(tmp_path)
    _three_notes(store)
    trace = Trace(store)
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        for n in range(3):
            note = notes.get(f"n{n}")
            changed = {"state": "done"} if n < 2 else {}  # the third moves no index row
            notes.save(attrs.evolve(note, version=2, **changed))
        uow.commit()
    lines = trace.take()
    assert sum(1 for line in lines if line.startswith("UPDATE microjob_records ")) == 1
    assert sum(1 for line in lines if line.startswith("UPDATE microjob_record_index ")) == 1
    with store.unit_of_work() as uow:
        assert sorted(n.id for n in _notes(uow).where(state="done")) == ["n0", "n1"]
        assert [n.id for n in _notes(uow).where(state="new")] == ["n2"]
        assert _notes(uow).get("n2").version == 2
    store.close()


def test_saved_records_are_seen_by_queries_in_the_same_unit_of_work(opened: Any) -> None:
    store = opened()
    _three_notes(store)
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        notes.save(attrs.evolve(notes.get("n0"), version=2, state="mid"))
        assert [n.id for n in notes.where(state="mid")] == ["n0"]
        # saved again after the query wrote it, and once more before the commit
        notes.save(attrs.evolve(notes.get("n0"), version=3, owner="dan"))
        notes.save(attrs.evolve(notes.get("n0"), version=4, state="done"))
        assert notes.where(owner="ann") == []
        assert notes.where(state="mid") == []
        assert [n.version for n in notes.where(owner="dan", state="done")] == [4]
        uow.commit()
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        assert notes.get("n0") == Note("n0", 4, "dan", "done")
        assert notes.where(state="mid") == []
        assert [n.id for n in notes.where(owner="dan", state="done")] == ["n0"]
        assert sorted(n.id for n in notes.where(state="new")) == ["n1", "n2"]


def test_a_rolled_back_save_leaves_the_record_and_its_index(opened: Any) -> None:
    store = opened()
    _three_notes(store)
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        notes.save(attrs.evolve(notes.get("n1"), version=2, owner="eve"))
        uow.rollback()
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        notes.save(attrs.evolve(notes.get("n2"), version=2, owner="eve"))
        # left without a commit
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        assert notes.get("n1") == Note("n1", 1, "bob")
        assert notes.get("n2") == Note("n2", 1, "cy")
        assert notes.where(owner="eve") == []
        uow.commit()  # nothing pending from before is written now


def test_a_record_changed_behind_the_unit_of_works_back_is_a_conflict(opened: Any) -> None:
    store = opened()
    _three_notes(store)
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        notes.save(attrs.evolve(notes.get("n0"), version=2, state="done"))
        notes.save(attrs.evolve(notes.get("n1"), version=2, state="done"))
        # what no lock allows, done on the unit of work's own connection
        uow.raw.execute("UPDATE microjob_records SET version = 7 WHERE kind = 'note' AND id = 'n1'")
        with pytest.raises(Conflict, match="changed since it was read"):
            uow.commit()
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        assert notes.get("n0") == Note("n0", 1, "ann")
        assert notes.where(state="done") == []


def test_an_older_sqlite_saves_record_by_record(tmp_path: Path) -> None:
    store = _sqlite(tmp_path)
    store.update_from = False  # as on SQLite before 3.33
    _three_notes(store)
    trace = Trace(store)
    with store.unit_of_work() as uow:
        notes = _notes(uow)
        for n in range(2):
            notes.save(attrs.evolve(notes.get(f"n{n}"), version=2, state="done"))
        assert sorted(n.id for n in notes.where(state="done")) == ["n0", "n1"]
        uow.commit()
    lines = trace.take()
    assert sum(1 for line in lines if line.startswith("UPDATE microjob_records ")) == 2
    store.close()


def test_an_unkeyed_store_asks_once_before_a_commit_that_posts_whether_a_key_was_adopted(
    tmp_path: Path,
) -> None:
    store = _sqlite(tmp_path)
    deposit(store, "d0", "user:ann:available", "1.00")
    trace = Trace(store)
    deposit(store, "d1", "user:ann:available", "1.00")
    lines = trace.take()
    assert [line.split()[0] for line in lines] == ["BEGIN", *["INSERT"] * 3, "SELECT", "COMMIT"]
    assert "FROM microjob_ledger_epochs" in lines[4]
    with store.unit_of_work() as uow:  # a command that posts nothing asks nothing
        uow.users.find("nobody")
        uow.commit()
    assert not any("microjob_ledger_epochs" in line for line in trace.take())
    store.close()
