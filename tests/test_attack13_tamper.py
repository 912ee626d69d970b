"""Attack review 13: ways a database writer without the ledger key gets past ``verify()``
and ``cross_check`` that docs/security.md says are detected (each test fails before the fix)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pendulum
import pytest
import sqlalchemy as sa

from microjob import ledger as accounts
from microjob.adapters.sql import SqlStore
from microjob.errors import LedgerIntegrityError, ValidationError
from microjob.integrity import LedgerKey, entry_digest, entry_text, link_digest
from microjob.ledger import Transfer
from microjob.money import money

AT = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
KEY = LedgerKey("2026-03", b"k" * 32)


def usd(amount: str) -> Any:
    return money(amount, "USD")


def sql(store: SqlStore, text: str, **params: Any) -> list[Any]:
    with store.engine.begin() as conn:
        result = conn.execute(sa.text(text), params)
        return list(result.fetchall()) if result.returns_rows else []


def post(store: SqlStore, key: str, cause: str, legs: list[Transfer], memo: str = "") -> None:
    with store.unit_of_work() as uow:
        uow.ledger.post(key, cause, legs, AT, memo)
        uow.commit()


def problems_of(store: SqlStore) -> list[str]:
    """What ``verify()`` reports ([]: it passes)."""
    try:
        with store.unit_of_work() as uow:
            uow.ledger.verify()
    except LedgerIntegrityError as exc:
        return list(exc.problems)
    return []


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'm.db'}"


def test_a_leg_deleted_and_folded_into_the_memo_keeps_a_valid_mac(url: str) -> None:
    """The canonical text joins memo and legs with 0x1F and nothing stops a stored memo from
    holding it: a writer deletes the entry's first leg and writes that leg's text into the memo
    (text, MAC and link unchanged), then fixes the cached balances. The payout below never left
    ann's wallet."""
    store = SqlStore(url, ledger_key=KEY)
    post(store, "d1", "deposit:1", [Transfer(accounts.WORLD, "user:ann:available", usd("100.00"))])
    payout = [
        Transfer("user:ann:available", accounts.WORLD, usd("90.00")),
        Transfer("user:ann:available", accounts.PLATFORM_PAYOUT_FEES, usd("1.00")),
    ]
    post(store, "p1", "payout:1", payout)
    store.seal()
    assert problems_of(store) == []
    before = sql(store, "SELECT hash, link FROM microjob_ledger_entries WHERE entry_key = 'p1'")
    # the forgery: no key needed
    seq = sql(store, "SELECT seq FROM microjob_ledger_entries WHERE entry_key = 'p1'")[0][0]
    # the memo was "": it becomes "" + separator + the first leg's text
    folded = "\x1f" + entry_text(0, "k", "c:1", "t", "", payout[:1]).split("\x1f", 5)[5]
    sql(store, "DELETE FROM microjob_ledger_transfers WHERE seq = :s AND leg = 0", s=seq)
    sql(store, "UPDATE microjob_ledger_entries SET memo = :m WHERE seq = :s", m=folded, s=seq)
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance + 9000 "
        "WHERE account = 'user:ann:available'",
    )
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance - 9000 WHERE account = 'world'",
    )
    after = sql(store, "SELECT hash, link FROM microjob_ledger_entries WHERE entry_key = 'p1'")
    assert after == before  # not a byte of the MAC or the chain was touched
    with store.unit_of_work() as uow:
        assert uow.ledger.balance("user:ann:available", "USD") == usd("99.00")
    assert problems_of(store) != []


def test_a_keyed_history_is_not_adopted_again_after_its_epoch_row_is_deleted(url: str) -> None:
    """Adopting a key is trust on first use, but "first" is read from the epochs table, which
    the writer controls: deleting its row makes the next keyed open re-adopt. The writer edits
    one keyed entry (amount), rewrites only that entry as unkeyed SHA-256 (MAC and its link),
    fixes the balances and deletes the epoch row; opening the store with the key then MACs and
    seals the forgery under the key, and ``verify()`` passes. A ledger that holds keyed
    entries was keyed before: it must never be adopted again."""
    store = SqlStore(url, ledger_key=KEY)
    post(store, "d1", "deposit:1", [Transfer(accounts.WORLD, "user:ann:available", usd("100.00"))])
    post(store, "d2", "deposit:2", [Transfer(accounts.WORLD, "user:bob:available", usd("5.00"))])
    store.seal()
    assert sql(store, "SELECT count(*) FROM microjob_ledger_epochs WHERE key_id != ''") == [(1,)]
    # the forgery: ann's deposit becomes 1,000.00
    sql(store, "UPDATE microjob_ledger_transfers SET amount = 100000 WHERE seq = 0")
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance + 90000 "
        "WHERE account = 'user:ann:available'",
    )
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance - 90000 WHERE account = 'world'",
    )
    with store.unit_of_work() as uow:
        entry = uow.ledger.entry("d1")
    digest = entry_digest(None, entry.seq, entry.key, entry.cause, entry.at, "", entry.transfers)
    link = link_digest(None, "0" * 64, 0, entry.seq, digest)
    sql(
        store,
        "UPDATE microjob_ledger_entries SET key_id = '', hash = :h, link = :l WHERE seq = 0",
        h=digest,
        l=link,
    )
    sql(store, "DELETE FROM microjob_ledger_epochs")
    assert problems_of(store) != []  # caught while the store is open...
    reopened = None
    try:
        reopened = SqlStore(url, ledger_key=KEY)  # ...the host restarts
    except LedgerIntegrityError:
        return  # refused to adopt: fixed
    with reopened.unit_of_work() as uow:
        assert uow.ledger.balance("user:ann:available", "USD") == usd("1000.00")
    assert problems_of(reopened) != []


def test_a_transfer_currency_rewritten_in_another_case_is_reported(url: str) -> None:
    """A leg's stored currency is normalised (``usd`` reads as USD) before the MAC is checked,
    so ``UPDATE ... SET currency = 'usd'`` leaves the MAC, the chain and the balances valid
    while the SQL lookups by account and currency (``entries_for``: the payout source-of-funds
    trace, the wallet statement) no longer find the entry: a credit from an unconfirmed source
    disappears from the trace without the key."""
    store = SqlStore(url, ledger_key=KEY)
    post(store, "d1", "deposit:1", [Transfer(accounts.WORLD, "user:ann:available", usd("100.00"))])
    post(store, "g1", "gift:1", [Transfer(accounts.WORLD, "user:ann:available", usd("7.00"))])
    store.seal()
    sql(
        store,
        "UPDATE microjob_ledger_transfers SET currency = 'usd' WHERE seq = "
        "(SELECT seq FROM microjob_ledger_entries WHERE entry_key = 'g1')",
    )
    with store.unit_of_work() as uow:
        seen = [e.key for e in uow.ledger.entries_for("user:ann:available", "USD")]
    if seen == ["d1", "g1"]:
        return  # the lookups still find it: nothing hidden
    assert problems_of(store) != []


def test_one_unsealable_entry_does_not_leave_every_later_entry_deletable(url: str) -> None:
    """Sealing stops for good before an entry it cannot seal, and the automatic seal after a
    commit swallows that silently. A writer inserts one junk row: from then on nothing is
    sealed, however many entries commit (``seal_every=1`` here, documented as the most that
    can be unsealed), so after removing the junk the writer deletes any later entry whole (a
    payout below) and the chain is intact. Either sealing must carry on past an entry it
    reports (so the deletion breaks the chain), or it must fail loudly."""
    store = SqlStore(url, ledger_key=KEY, seal_every=1)
    post(store, "d1", "deposit:1", [Transfer(accounts.WORLD, "user:ann:available", usd("100.00"))])
    assert problems_of(store) == []
    sql(
        store,
        "INSERT INTO microjob_ledger_entries (seq, entry_key, cause, at, memo, key_id, hash) "
        "VALUES (1, 'junk', 'x:1', '2026-03-02 09:00:00.000000', '', :k, :h)",
        k=KEY.id,
        h="0" * 64,
    )
    sql(
        store,
        "INSERT INTO microjob_ledger_transfers (seq, leg, source, destination, currency, amount) "
        "VALUES (1, 0, 'x:a', 'x:b', 'USD', 1)",
    )
    out = [Transfer("user:ann:available", accounts.WORLD, usd("60.00"))]
    post(store, "w1", "payout:1", out)
    post(store, "d2", "deposit:2", [Transfer(accounts.WORLD, "user:bob:available", usd("5.00"))])
    post(store, "d3", "deposit:3", [Transfer(accounts.WORLD, "user:bob:available", usd("5.00"))])
    try:
        store.seal()
    except LedgerIntegrityError:
        return  # sealing refuses loudly: the operator hears of it while it is going on
    # the writer cleans up: the junk, and the payout entry (ann gets her 60.00 back)
    sql(store, "DELETE FROM microjob_ledger_transfers WHERE seq IN (1, 2)")
    sql(store, "DELETE FROM microjob_ledger_entries WHERE seq IN (1, 2)")
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance + 6000 "
        "WHERE account = 'user:ann:available'",
    )
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance - 6000 WHERE account = 'world'",
    )
    with store.unit_of_work() as uow:
        assert not uow.ledger.has_entry("w1")
    assert problems_of(store) != []


def test_a_memo_holding_the_separator_cannot_be_split_into_a_new_leg(url: str) -> None:
    """The other direction: posting accepts a memo with 0x1F in it (say text a user or a
    provider chose), and a writer turns its tail into a leg of its own: 9.00 from ``world`` to
    eve, under the entry's valid MAC, balances fixed to match."""
    store = SqlStore(url, ledger_key=KEY)
    memo = "note\x1fworld>user:eve:available:9.00:USD"
    leg = [Transfer(accounts.WORLD, accounts.PLATFORM_SUBSCRIPTIONS, usd("9.00"))]
    try:
        post(store, "s1", "subscription:1", leg, memo)
    except ValidationError:
        return  # refused at posting: fixed
    store.seal()
    sql(store, "UPDATE microjob_ledger_entries SET memo = 'note'")
    sql(store, "UPDATE microjob_ledger_transfers SET leg = 1")
    sql(
        store,
        "INSERT INTO microjob_ledger_transfers (seq, leg, source, destination, currency, amount) "
        "VALUES (0, 0, 'world', 'user:eve:available', 'USD', 900)",
    )
    sql(
        store,
        "INSERT INTO microjob_ledger_balances (account, currency, stripe, balance) "
        "VALUES ('user:eve:available', 'USD', 0, 900)",
    )
    sql(
        store, "UPDATE microjob_ledger_balances SET balance = balance - 900 WHERE account = 'world'"
    )
    with store.unit_of_work() as uow:
        assert uow.ledger.balance("user:eve:available", "USD") == usd("9.00")
    assert problems_of(store) != []
