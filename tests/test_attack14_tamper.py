"""Attack review 14: ways around the fixes of review 13 (docs/security.md, "Tamper evidence
against a database writer"): a writer with full database access and without the host's key."""

from __future__ import annotations

import contextlib
from pathlib import Path

from microjob import ledger as accounts
from microjob.adapters.sql import SqlStore
from microjob.errors import LedgerIntegrityError, ValidationError
from microjob.ledger import Transfer
from tests.pg import pg_url
from tests.test_attack13_tamper import post
from tests.test_attack13_tamper import problems_of as problems
from tests.test_integrity import (
    KEY,
    Db,
    db,
    forge_without_the_key,
    post_three,
    sql,
    usd,
)

__all__ = ["db", "pg_url"]


def test_a_keyed_ledger_rewritten_whole_as_unkeyed_is_adopted_again(db: Db) -> None:
    """Review 13 refuses to adopt a ledger that still holds a keyed entry. The writer rewrites
    every entry as unkeyed instead (plain SHA-256 MACs and links, which need no key), forges
    one of them on the way (ann's deposit becomes 1,000.00), fixes the balances and deletes
    the epochs: nothing keyed is left, so the next keyed open seals the forgery under the key
    and ``verify()`` passes."""
    store = db.store(ledger_key=KEY)
    post_three(store)
    assert store.seal() == 3
    assert problems(store) == []
    forge_without_the_key(store, None)  # every entry: key_id '', SHA-256 MAC and link
    sql(store, "DELETE FROM microjob_ledger_epochs")
    assert problems(store) != []  # caught while this store is open...
    try:
        reopened = db.store(ledger_key=KEY)  # ...the host restarts
    except LedgerIntegrityError:
        return  # refused: fixed
    with reopened.unit_of_work() as uow:
        assert uow.ledger.balance("user:ann:available", "USD") == usd("940.00")
    assert problems(reopened) != []


def unreadable_junk(db: Db, store: SqlStore, seq: int) -> None:
    """An entry row the driver cannot even read back: SQLite, a memo that is not UTF-8;
    PostgreSQL, a time of ``infinity`` (a valid ``TIMESTAMP`` no Python datetime holds)."""
    sqlite = db.url.startswith("sqlite")
    sql(
        store,
        "INSERT INTO microjob_ledger_entries (seq, entry_key, cause, at, memo, key_id, hash) "
        + (
            "VALUES (:s, 'junk', 'x:1', '2026-03-02 09:00:00.000000', CAST(x'ff' AS TEXT), :k, :h)"
            if sqlite
            else "VALUES (:s, 'junk', 'x:1', 'infinity', '', :k, :h)"
        ),
        s=seq,
        k=KEY.id,
        h="0" * 64,
    )
    sql(
        store,
        "INSERT INTO microjob_ledger_transfers (seq, leg, source, destination, currency, amount) "
        "VALUES (:s, 0, 'x:a', 'x:b', 'USD', 1)",
        s=seq,
    )


def test_an_entry_the_driver_cannot_read_still_stops_all_sealing(db: Db) -> None:
    """Review 13 makes the sealer pass over an entry it cannot seal, "so one bad row does not
    leave the rest of the history unsealed". But an entry row the driver cannot decode makes
    the sealer's whole read fail, and the automatic seal after a commit swallows that error
    without a word: from then on nothing is sealed (``seal_every=1`` here), so the writer later
    deletes a payout entry whole, then the junk, and the chain is intact."""
    store = db.store(ledger_key=KEY, seal_every=1)
    post(store, "d1", "deposit:1", [Transfer(accounts.WORLD, "user:ann:available", usd("100.00"))])
    with store.unit_of_work() as uow:
        assert uow.ledger.sealed == 1
    unreadable_junk(db, store, 500)
    post(store, "w1", "payout:1", [Transfer("user:ann:available", accounts.WORLD, usd("60.00"))])
    post(store, "d2", "deposit:2", [Transfer(accounts.WORLD, "user:bob:available", usd("5.00"))])
    post(store, "d3", "deposit:3", [Transfer(accounts.WORLD, "user:bob:available", usd("5.00"))])
    # the writer cleans up: the junk, and the payout entry (ann gets her 60.00 back)
    w1 = sql(store, "SELECT seq FROM microjob_ledger_entries WHERE entry_key = 'w1'")[0][0]
    for table in ("microjob_ledger_transfers", "microjob_ledger_entries"):
        sql(store, f"DELETE FROM {table} WHERE seq IN (500, :w)", w=w1)
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance + 6000 "
        "WHERE account = 'user:ann:available'",
    )
    stripe = sql(store, "SELECT min(stripe) FROM microjob_ledger_balances WHERE account = 'world'")
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance - 6000 "
        "WHERE account = 'world' AND stripe = :s",
        s=stripe[0][0],
    )
    with store.unit_of_work() as uow:
        assert not uow.ledger.has_entry("w1")
        assert uow.ledger.balance("user:ann:available", "USD") == usd("100.00")
    assert problems(store) != []


def test_a_store_opened_before_the_key_was_adopted_keeps_posting_unkeyed(db: Db) -> None:
    """False positive, and a ledger that can never verify again: the docs say that once a key
    is adopted "a store opened without the key may read and verify ... but may not post". The
    store only asks at open (``refuse_unkeyed``), so in a rolling deploy that adds a key the
    processes not restarted yet keep posting unkeyed entries (and their automatic seal links
    them into the keyed chain), each reported as forged from then on, with no way back (a keyed
    ledger is never adopted again). Either such a posting is refused, or it is not reported."""
    old = db.store(seal_every=1)  # a process still running the configuration without a key
    post_three(old)
    # the first process restarted with the key adopts it (an unkeyed history: on request)
    new = db.store(ledger_key=KEY, adopt_ledger_key=True)
    assert problems(new) == []
    with contextlib.suppress(ValidationError, LedgerIntegrityError):  # refused: fixed
        post(old, "d9", "deposit:9", [Transfer(accounts.WORLD, "user:cy:available", usd("1.00"))])
    assert problems(new) == []


def test_a_leg_amount_stored_as_text_makes_every_later_commit_raise(tmp_path: Path) -> None:
    """The automatic seal after a commit is meant to fail quietly ("a failure here leaves the
    entries for the next sealer"), but it only catches driver and marketplace errors: a junk
    row whose amount is text (SQLite keeps ``'abc'`` in a ``BIGINT`` column) makes the
    sealer's ``int()`` raise ``ValueError`` out of ``commit()`` after the transaction has
    committed. Every later command then reports a failure for a posting that was kept, and
    nothing after the junk is sealed. The sealer should pass over the row it cannot read."""
    store = SqlStore(f"sqlite:///{tmp_path / 'm.db'}", ledger_key=KEY, seal_every=1)
    post(store, "d1", "deposit:1", [Transfer(accounts.WORLD, "user:ann:available", usd("100.00"))])
    sql(
        store,
        "INSERT INTO microjob_ledger_entries (seq, entry_key, cause, at, memo, key_id, hash) "
        "VALUES (500, 'junk', 'x:1', '2026-03-02 09:00:00.000000', '', :k, :h)",
        k=KEY.id,
        h="0" * 64,
    )
    sql(
        store,
        "INSERT INTO microjob_ledger_transfers (seq, leg, source, destination, currency, amount) "
        "VALUES (500, 0, 'x:a', 'x:b', 'USD', 'abc')",
    )
    post(store, "d2", "deposit:2", [Transfer(accounts.WORLD, "user:bob:available", usd("5.00"))])
    with store.unit_of_work() as uow:
        assert uow.ledger.has_entry("d2")
        assert uow.ledger.sealed == 2
