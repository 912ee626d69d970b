"""Tamper evidence against someone who can write to the database: each forgery the issue names
is detected, on the memory ledger, SQLite and PostgreSQL.

* a changed amount whose MACs and seals were recomputed without the key;
* the tail of the ledger cut off and the seal head rewritten to match (a checkpoint kept
  elsewhere shows it);
* aggregates out of step with their accounts (``microjob.integrity.cross_check``): a closed
  order still holding escrow, a payout or deposit whose state does not match its account;
* and what keeps the scheme honest: keys rotate, the history of a database that had no key is
  sealed under one once (recorded), a keyed database refuses writers without the key, and a
  posting on PostgreSQL waits for no other posting that moves other accounts.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
import pytest
import sqlalchemy as sa
from moneyed import Money

from microjob import Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    MemoryStore,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.adapters.sql import SqlStore, upgrade
from microjob.errors import LedgerIntegrityError, ValidationError
from microjob.integrity import (
    Checkpoint,
    Keyring,
    LedgerKey,
    cross_check,
    entry_digest,
    entry_text,
    link_digest,
)
from microjob.ledger import Ledger, Transfer
from microjob.money import money
from microjob.payouts import Deposit, PayoutRequest, PayPal
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]

AT = pendulum.datetime(2026, 3, 2, 9, tz="UTC")
KEY = LedgerKey("2026-03", b"k" * 32)
NEXT_KEY = LedgerKey("2026-09", b"n" * 32)
QUICK = attrs.evolve(presets.fiverr_like(), clearance_days=0)


def usd(amount: str) -> Any:
    return money(amount, "USD")


# -- stores ---------------------------------------------------------------------------------------
@attrs.frozen
class Db:
    url: str
    options: dict[str, Any]

    def store(self, **kw: Any) -> SqlStore:
        return SqlStore(self.url, **self.options, **kw)

    def engine(self) -> sa.Engine:
        return sa.create_engine(self.url, poolclass=sa.pool.NullPool, **self.options)


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    if request.param == "sqlite":
        yield Db(f"sqlite:///{tmp_path / 'm.db'}", {})
        return
    schema = Schema(request.getfixturevalue("pg_url"))
    yield Db(schema.url, schema.options)
    schema.drop()


def post_three(store: SqlStore) -> None:
    """A deposit, a payment into escrow, and its release (seller and commission)."""
    posts = [
        ("d1", "deposit:1", [Transfer(accounts.WORLD, "user:ann:available", usd("100.00"))]),
        ("o1", "order:1", [Transfer("user:ann:available", "order:1:escrow", usd("60.00"))]),
        (
            "o1:release",
            "order:1",
            [
                Transfer("order:1:escrow", "user:bob:pending", usd("54.00")),
                Transfer("order:1:escrow", accounts.PLATFORM_COMMISSION, usd("6.00")),
            ],
        ),
    ]
    for n, (key, cause, legs) in enumerate(posts):
        with store.unit_of_work() as uow:
            uow.ledger.post(key, cause, legs, AT.add(minutes=n), "")
            uow.commit()


def sql(store: SqlStore, text: str, **params: Any) -> list[Any]:
    with store.engine.begin() as conn:
        result = conn.execute(sa.text(text), params)
        return list(result.fetchall()) if result.returns_rows else []


def verify(store: SqlStore, checkpoint: Checkpoint | None = None) -> Any:
    with store.unit_of_work() as uow:
        return uow.ledger.verify(checkpoint)


def problems_of(store: SqlStore, checkpoint: Checkpoint | None = None) -> str:
    with pytest.raises(LedgerIntegrityError) as caught:
        verify(store, checkpoint)
    return "; ".join(caught.value.problems)


def entries_as_stored(store: SqlStore) -> list[Any]:
    with store.unit_of_work() as uow:
        return [uow.ledger.entry(key) for key in ("d1", "o1", "o1:release")]


def forge_without_the_key(store: SqlStore, key: LedgerKey | None = None) -> None:
    """Make the deposit 1,000.00 instead of 100.00, fix the cached balances, and recompute the
    entry's MAC and every link under ``key`` (``None``: plain SHA-256): what a writer who has
    the database but not the ledger's key can do."""
    sql(store, "UPDATE microjob_ledger_transfers SET amount = 100000 WHERE seq = 0")
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance + 90000 "
        "WHERE account = 'user:ann:available'",
    )
    stripe = sql(store, "SELECT min(stripe) FROM microjob_ledger_balances WHERE account = 'world'")[
        0
    ][0]
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = balance - 90000 "
        "WHERE account = 'world' AND stripe = :s",
        s=stripe,
    )
    prev = "0" * 64
    for position, entry in enumerate(entries_as_stored(store)):
        digest = entry_digest(
            key, entry.seq, entry.key, entry.cause, entry.at, entry.memo, entry.transfers
        )
        prev = link_digest(key, prev, position, entry.seq, digest)
        sql(
            store,
            "UPDATE microjob_ledger_entries SET hash = :h, link = :l, key_id = :k WHERE seq = :s",
            h=digest,
            l=prev,
            k="" if key is None else key.id,
            s=entry.seq,
        )
    sql(store, "UPDATE microjob_ledger_head SET hash = :h", h=prev)


# -- 1. a recomputed chain without the key --------------------------------------------------------
def test_an_unkeyed_chain_is_forgeable_and_says_so(db: Db) -> None:
    store = db.store()
    post_three(store)
    assert store.seal() == 3
    summary = verify(store)
    assert not summary.keyed
    assert summary.chain.startswith("unkeyed: ")
    forge_without_the_key(store)
    assert verify(store).totals == {"USD": 0}  # what a key is for: this forgery passes


@pytest.mark.parametrize("forger_key", [None, LedgerKey("2026-03", b"guess" * 8)])
def test_a_chain_recomputed_without_the_key_is_detected(
    db: Db, forger_key: LedgerKey | None
) -> None:
    store = db.store(ledger_key=KEY)
    post_three(store)
    assert store.seal() == 3
    summary = verify(store)
    assert (summary.keyed, summary.key_ids, summary.sealed) == (True, ("2026-03",), 3)
    assert summary.chain == "keyed: HMAC-SHA256 under '2026-03'; 3 of 3 entries sealed"
    forge_without_the_key(store, forger_key)
    found = problems_of(store)
    if forger_key is None:
        assert "entry 0 ('d1') is unkeyed but this ledger is keyed" in found
    else:
        assert "entry 0 ('d1') was altered after posting" in found
        assert "the seal chain breaks at position 0" in found


def test_an_entry_altered_before_it_was_sealed_is_never_sealed(db: Db) -> None:
    """Sealing passes over the altered entry rather than stopping at it: stopping would leave
    every later entry unsealed, and so deletable whole, for as long as it stays."""
    store = db.store(ledger_key=KEY, seal_every=1000)
    post_three(store)
    sql(store, "UPDATE microjob_ledger_entries SET memo = 'forged' WHERE entry_key = 'o1'")
    assert store.seal() == 2  # d1 and the release after it; the altered entry stays out
    assert [
        r[0] for r in sql(store, "SELECT entry_key FROM microjob_ledger_entries WHERE pos IS NULL")
    ] == ["o1"]
    assert "entry 1 ('o1') was altered after posting" in problems_of(store)


# -- 2. truncation with a rewritten head ----------------------------------------------------------
def test_a_truncated_tail_with_a_rewritten_head_is_caught_by_a_checkpoint(db: Db) -> None:
    store = db.store(ledger_key=KEY)
    post_three(store)
    checkpoint = Checkpoint.from_json(store.checkpoint().to_json())  # kept elsewhere
    assert (checkpoint.position, checkpoint.volume) == (3, {"USD": Decimal("220.00")})
    assert verify(store, checkpoint).sealed == 3
    # cut off the release and make everything that is left agree without it
    link = sql(store, "SELECT link FROM microjob_ledger_entries WHERE entry_key = 'o1'")[0][0]
    release = sql(store, "SELECT seq FROM microjob_ledger_entries WHERE entry_key = 'o1:release'")[
        0
    ][0]
    sql(store, "DELETE FROM microjob_ledger_transfers WHERE seq = :s", s=release)
    sql(store, "DELETE FROM microjob_ledger_entries WHERE seq = :s", s=release)
    sql(
        store,
        "DELETE FROM microjob_ledger_balances WHERE account IN "
        "('user:bob:pending', 'platform:commission')",
    )
    sql(
        store,
        "UPDATE microjob_ledger_balances SET balance = 6000 WHERE account = 'order:1:escrow'",
    )
    sql(store, "UPDATE microjob_ledger_head SET entries = 2, hash = :h", h=link)
    assert verify(store).sealed == 2  # a shorter chain is still a sound chain...
    found = problems_of(store, checkpoint)  # ...but not the one the operator kept
    assert "the checkpoint shows 3 sealed entries, the ledger has 2" in found


def test_a_checkpoint_edited_or_signed_under_another_key_is_refused(db: Db) -> None:
    store = db.store(ledger_key=KEY)
    post_three(store)
    checkpoint = store.checkpoint()
    edited = attrs.evolve(checkpoint, volume={"USD": Decimal("22.00")})
    assert "the checkpoint's signature does not match its contents" in problems_of(store, edited)
    foreign = Ledger(NEXT_KEY)
    foreign.post("x", "deposit:9", [Transfer(accounts.WORLD, "user:x:available", usd("1"))], AT)
    assert "not given to this store" in problems_of(store, foreign.checkpoint())
    with pytest.raises(ValidationError, match="not a ledger checkpoint"):
        Checkpoint.from_json('{"position": -1}')


def test_a_history_rewritten_before_the_checkpoint_is_caught(db: Db) -> None:
    store = db.store(ledger_key=KEY)
    post_three(store)
    checkpoint = store.checkpoint()
    sql(store, "UPDATE microjob_ledger_entries SET link = :h WHERE pos = 2", h="e" * 64)
    sql(store, "UPDATE microjob_ledger_head SET hash = :h", h="e" * 64)
    found = problems_of(store, checkpoint)
    assert "the seal chain at position 3 differs from the checkpoint's" in found
    assert "the seal chain breaks at position 2" in found


# -- keys: rotation, adopting one, refusing writers without it ------------------------------------
def test_keys_rotate_and_old_entries_need_the_retired_key(db: Db) -> None:
    post_three(db.store(ledger_key=KEY))
    rotated = db.store(ledger_key=Keyring(NEXT_KEY, (KEY,)))
    with rotated.unit_of_work() as uow:
        entry = uow.ledger.post(
            "d2", "deposit:2", [Transfer(accounts.WORLD, "user:cy:available", usd("5"))], AT
        )
        uow.commit()
    assert entry.key_id == "2026-09"
    assert rotated.seal() == 4
    assert verify(rotated).key_ids == ("2026-03", "2026-09")
    found = problems_of(db.store(ledger_key=NEXT_KEY))
    assert "entry 0 ('d1') names key '2026-03', which was not given to this ledger" in found


def test_an_unkeyed_history_is_sealed_under_the_key_once_and_recorded(db: Db) -> None:
    plain = db.store()
    post_three(plain)
    # an unkeyed history is not trusted on its own: the operator says so, once
    with pytest.raises(LedgerIntegrityError, match="adopt_ledger_key=True"):
        db.store(ledger_key=KEY)
    keyed = db.store(ledger_key=KEY, adopt_ledger_key=True)  # seals the history under it
    summary = verify(keyed)
    assert (summary.keyed, summary.key_ids, summary.sealed) == (True, ("2026-03",), 3)
    assert len(summary.history) == 1
    assert "sealed the 3 unkeyed entries under key '2026-03'" in summary.history[0]
    db.store(ledger_key=KEY)  # a second open changes nothing
    assert len(verify(keyed).history) == 1
    # from now on a store without the key may read but not post
    late = db.store()
    with late.unit_of_work() as uow, pytest.raises(ValidationError, match="ledger is keyed"):
        uow.ledger.post(
            "d3", "deposit:3", [Transfer(accounts.WORLD, "user:ann:available", usd("1"))], AT
        )
    assert verify(late).unchecked == 3
    assert "3 keyed entries not checked" in verify(late).chain


def test_a_key_is_not_adopted_over_a_broken_unkeyed_history(db: Db) -> None:
    plain = db.store()
    post_three(plain)
    plain.seal()
    sql(plain, "UPDATE microjob_ledger_entries SET memo = 'edited' WHERE entry_key = 'o1'")
    with pytest.raises(LedgerIntegrityError, match="cannot seal this ledger under key"):
        db.store(ledger_key=KEY, adopt_ledger_key=True)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"ledger_key": "a secret"}, "ledger_key is a LedgerKey"),
        ({"seal_every": 0}, "seal_every"),
        ({"ledger_stripes": 0}, "ledger_stripes"),
    ],
)
def test_bad_ledger_options_are_refused_clearly(
    tmp_path: Path, bad: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        SqlStore(f"sqlite:///{tmp_path / 'x.db'}", **bad)


@pytest.mark.parametrize(
    ("key_id", "secret"), [("", b"s" * 32), ("k", b"short"), ("a" * 33, b"s" * 32)]
)
def test_a_key_needs_an_id_and_a_long_secret_and_never_shows_it(key_id: str, secret: bytes) -> None:
    with pytest.raises(ValidationError, match="ledger key"):
        LedgerKey(key_id, secret)
    assert "kkkk" not in repr(KEY)


# -- the old chain upgrades through migration 0003 ------------------------------------------------
def test_a_database_at_0002_is_checked_migrated_and_sealed(db: Db) -> None:
    engine = db.engine()
    upgrade(engine, "0002")
    prev = "0" * 64
    rows = [
        ("d1", "deposit:1", "world", "user:ann:available", 10000),
        ("o1", "order:1", "user:ann:available", "order:1:escrow", 6000),
    ]
    with engine.begin() as conn:
        for seq, (key, cause, src, dst, units) in enumerate(rows):
            amount = f"{units // 100}.{units % 100:02d}"
            text = "\x1f".join(
                [prev, str(seq), key, cause, "2026-03-02T09:00:00+00:00", "",
                 f"{src}>{dst}:{amount}:USD"]
            )  # fmt: skip
            digest = hashlib.sha256(text.encode()).hexdigest()
            conn.execute(
                sa.text(
                    "INSERT INTO microjob_ledger_entries VALUES (:s, :k, :c, :at, '', :p, :h)"
                ).bindparams(sa.bindparam("at", type_=sa.DateTime())),
                {"s": seq, "k": key, "c": cause, "at": AT.naive(), "p": prev, "h": digest},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO microjob_ledger_transfers VALUES (:s, 0, :src, :dst, 'USD', :u)"
                ),
                {"s": seq, "src": src, "dst": dst, "u": units},
            )
            prev = digest
        for account, balance in (
            ("world", -10000),
            ("user:ann:available", 4000),
            ("order:1:escrow", 6000),
        ):
            conn.execute(
                sa.text("INSERT INTO microjob_ledger_balances VALUES (:a, 'USD', :b)"),
                {"a": account, "b": balance},
            )
        conn.execute(sa.text("UPDATE microjob_ledger_head SET entries = 2, hash = :h"), {"h": prev})
    store = SqlStore(engine)
    summary = verify(store)
    assert (summary.entries, summary.sealed) == (2, 2)
    assert "migration 0003 verified the old SHA-256 chain of 2 entries" in summary.history[0]
    with store.unit_of_work() as uow:  # the sequence goes on after the old seqs
        entry = uow.ledger.post(
            "d2", "deposit:2", [Transfer(accounts.WORLD, "user:ann:available", usd("1"))], AT
        )
        uow.commit()
    assert entry.seq == 2
    # the migrated history is sealed under a key when the operator asks for it, once
    assert verify(db.store(ledger_key=KEY, adopt_ledger_key=True)).sealed == 3
    assert verify(db.store(ledger_key=KEY)).sealed == 3
    engine.dispose()


def test_migration_0003_refuses_a_broken_old_chain(db: Db) -> None:
    engine = db.engine()
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO microjob_ledger_entries VALUES (0, 'k', 'x:1', :at, '', :p, :h)"
            ).bindparams(sa.bindparam("at", type_=sa.DateTime())),
            {"at": AT.naive(), "p": "0" * 64, "h": "f" * 64},
        )
    with pytest.raises(Exception, match="refuses to seal a ledger whose chain is broken"):
        SqlStore(engine)
    engine.dispose()


# -- 3. aggregates against their accounts ---------------------------------------------------------
def keyed_market() -> Marketplace:
    store = MemoryStore(ledger_key=KEY)
    market = Marketplace(
        uow=store.unit_of_work,
        clock=FrozenClock(AT),
        policy=QUICK,
        gateway=FakeGateway(),
        notifier=RecordingNotifier(),
        publisher=RecordingPublisher(),
    )
    market.store = store
    for user in ("buyer", "seller"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    return market


def problems(market: Marketplace) -> list[str]:
    with market.unit_of_work() as uow:
        return cross_check(uow)


def completed(market: Marketplace, price: str = "100") -> Any:
    order = market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price=price, delivery_days=3
    )
    market.orders.start(order.id, actor="seller")
    market.orders.deliver(order.id, actor="seller", message="done")
    return market.orders.accept(order.id, actor="buyer")


def test_a_closed_order_that_still_holds_escrow_is_reported() -> None:
    market = keyed_market()
    done = completed(market)
    running = market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="30", delivery_days=3
    )
    assert problems(market) == []
    with market.unit_of_work() as uow:  # a posting the key signs, by a buggy or hostile caller
        uow.ledger.post(
            "stray", "gift:1", [Transfer(accounts.WORLD, accounts.escrow(done.id), usd("5"))], AT
        )
        uow.ledger.post(
            "skim",
            "gift:2",
            [Transfer(accounts.escrow(running.id), accounts.WORLD, usd("1"))],
            AT,
        )
        uow.ledger.post(
            "ghost", "gift:3", [Transfer(accounts.WORLD, accounts.escrow("o999"), usd("2"))], AT
        )
        uow.commit()
    with market.unit_of_work() as uow:
        assert uow.ledger.verify().keyed  # the ledger alone cannot tell
    with pytest.raises(LedgerIntegrityError) as caught:
        market.admin.verify()  # the back office also compares the orders with their escrow
    assert list(caught.value.problems) == problems(market)
    assert problems(market) == [
        f"order {done.id} is completed but its escrow still holds 5.00 USD",
        f"order {running.id} is pending and should hold {running.escrow_total.amount} USD in "
        f"escrow, it holds {running.escrow_total.amount - 1}",
        "order:o999:escrow holds 2.00 USD but there is no such order",
    ]


def test_payout_and_deposit_states_that_do_not_match_their_accounts_are_reported() -> None:
    market = keyed_market()
    completed(market)
    method = market.payouts.add_method(actor="seller", method=PayPal("seller@example.org")).id
    payout = market.payouts.request(actor="seller", method_id=method, amount="40")
    deposit = market.wallet.announce_deposit(actor="buyer", amount="25", through_gateway=False)
    assert deposit.state == "announced"
    assert problems(market) == []
    with market.unit_of_work() as uow:  # records edited behind the ledger's back
        payouts = uow.records("payout", PayoutRequest, index=("user_id", "state"))
        held = payouts.get(payout.id)
        payouts.save(attrs.evolve(held, state="cancelled", version=held.version + 1))
        deposits = uow.records("deposit", Deposit, index=("user_id", "state"))
        waiting = deposits.get(deposit.id)
        deposits.save(attrs.evolve(waiting, state="confirmed", version=waiting.version + 1))
        uow.commit()
    assert problems(market) == [
        "user:buyer:incoming holds 25.00 USD but the user's announced deposits add up to 0",
        f"user:seller:payout holds {payout.amount.amount} USD but the user's reserved payouts "
        "add up to 0",
    ]


def test_cross_check_agrees_on_a_database(db: Db) -> None:
    market = Marketplace.from_url(
        db.url,
        QUICK,
        clock=FrozenClock(AT),
        gateway=FakeGateway(),
        store_options={"ledger_key": KEY, **db.options},
    )
    for user in ("buyer", "seller"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    done = completed(market)
    assert problems(market) == []
    with market.unit_of_work() as uow:
        uow.ledger.post(
            "stray", "gift:1", [Transfer(accounts.WORLD, accounts.escrow(done.id), usd("5"))], AT
        )
        uow.commit()
    assert problems(market) == [f"order {done.id} is completed but its escrow still holds 5.00 USD"]
    market.store.close()


# -- no global serialization ----------------------------------------------------------------------
def test_postings_on_other_accounts_never_wait_for_each_other_on_postgres(
    pg_url: str,
) -> None:
    """Two open transactions post a payment and a release that share only hot accounts
    (``world``, ``platform:commission``): the second must not wait for the first."""
    schema = Schema(pg_url)
    try:
        store = SqlStore(schema.url, **schema.options)
        first = store.unit_of_work()
        with first:
            first.ledger.post(
                "a", "order:1", [Transfer(accounts.WORLD, "order:1:escrow", usd("10"))], AT
            )
            first.ledger.post(
                "a2",
                "order:1",
                [Transfer("order:1:escrow", accounts.PLATFORM_COMMISSION, usd("1"))],
                AT,
            )
            done: list[Any] = []

            def other() -> None:
                second = SqlStore(schema.url, migrate=False, **schema.options)
                with second.unit_of_work() as uow:
                    uow.raw.execute("SET lock_timeout = '2s'")
                    uow.ledger.post(
                        "b", "order:2", [Transfer(accounts.WORLD, "order:2:escrow", usd("7"))], AT
                    )
                    uow.ledger.post(
                        "b2",
                        "order:2",
                        [Transfer("order:2:escrow", accounts.PLATFORM_COMMISSION, usd("2"))],
                        AT,
                    )
                    uow.commit()
                    done.append(True)
                second.close()

            thread = threading.Thread(target=other)
            thread.start()
            thread.join(timeout=10)
            assert done == [True], "the second posting waited for the first one's locks"
            first.commit()
        assert verify(store).entries == 4
        store.close()
    finally:
        schema.drop()


@pytest.mark.parametrize(
    "amount",
    [
        "0",
        "-0",
        "0.00",
        "12.34",
        "1E+1",
        "1E+2",
        "1.23E+5",
        "0E-8",
        "1E-7",
        "0.000001",
        "123456789012345678901234567",
        "-5.50",
        "9.99E-10",
    ],
)
def test_an_entry_text_renders_amounts_as_str_does(amount: str) -> None:
    """The canonical text is what MACs are made of: rendering amounts with ``!s`` (faster)
    must give exactly the text the bare ``{amount}`` always gave, or old entries would stop
    verifying."""
    value = Decimal(amount)
    transfer = Transfer("world", "order:1:escrow", Money(value, "USD"))
    line = entry_text(1, "k", "order:1", "2026-01-05T00:00:00+00:00", "", [transfer])
    assert line.split("\x1f")[-1] == f"world>order:1:escrow:{value}:USD"


def test_a_keyed_mac_is_the_hmac_of_the_canonical_text() -> None:
    """MACs are computed with the one-shot ``hmac.digest``; they must be the same bytes as the
    ``hmac.new(...).hexdigest()`` every stored entry was made with."""
    import hmac

    key = LedgerKey("k1", b"0123456789abcdef0123456789abcdef")
    transfers = [Transfer("world", "order:1:escrow", money("10.50", "USD"))]
    stamp = "2026-01-05T00:00:00+00:00"
    text = entry_text(7, "order:1:fund", "order:1", stamp, "payment", transfers)
    assert text == "\x1f".join(
        ["7", "order:1:fund", "order:1", stamp, "payment", "world>order:1:escrow:10.50:USD"]
    )
    expected = hmac.new(key.secret, text.encode(), hashlib.sha256).hexdigest()
    assert entry_digest(key, 7, "order:1:fund", "order:1", stamp, "payment", transfers) == expected
    assert entry_digest(None, 7, "order:1:fund", "order:1", stamp, "payment", transfers) == (
        hashlib.sha256(text.encode()).hexdigest()
    )
