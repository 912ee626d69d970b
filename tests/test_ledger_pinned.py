"""The ledger pinned by known answers: the entry MAC, the seal link, a checkpoint, refusals
word for word, exact undo.

Kept as equivalent (mutation testing lists them; none can change a balance, a hash or a
refusal):

* ``Ledger.__init__``: the first ``_last_at``/``_last_stamp`` values (``None``, ``""``) are
  never read, because the first post always differs from them and formats its own time;
* ``Ledger.post``: ``self._last_at = at`` mutated to ``None`` only defeats the cache of the
  formatted time (each post formats it again, to the same text);
* ``Ledger.post``: ``exponents.get(code) or _exponent_of(code)`` mutated to ``get(None)`` only
  bypasses the cache of minor-unit exponents (the same exponent is computed again);
* ``Ledger.post``: ``delta < 0`` mutated to ``delta <= 0`` also checks accounts whose net change
  is zero, and ``have + 0 < 0`` is never true for an account that may not go below zero.

``tests/test_ledger.py`` states the ledger's laws and checks them against random command
sequences; a law a random run checks on some seeds and not others is not pinned. Here every
case is written out: the hash of a known entry, the exact message of each refusal, and the
exact balances after undoing entries over accounts that held money before.
"""

from __future__ import annotations

import decimal
import hashlib
import hmac
from decimal import ROUND_UP, Decimal

import pendulum
import pytest
from moneyed import Money

from microjob import ledger as ledger_module
from microjob.errors import Conflict, InsufficientFunds, NotFound, ValidationError
from microjob.integrity import Checkpoint, LedgerKey, link_digest
from microjob.ledger import (
    GENESIS_HASH,
    WORLD,
    Ledger,
    Transfer,
    available,
    entry_digest,
    escrow,
    pending,
)
from microjob.money import money
from microjob.testing import expect_deltas

AT = pendulum.datetime(2026, 1, 5, 9, tz="UTC")
ANNA = available("anna")
BO = pending("bo")
ESCROW = escrow("o1")


def usd(amount: str) -> Money:
    return money(amount, "USD")


def book_with(*balances: tuple[str, str]) -> Ledger:
    """A ledger where each ``(account, amount)`` was deposited from ``world``."""
    book = Ledger()
    for index, (account, amount) in enumerate(balances):
        book.post(f"seed-{index}", f"deposit:{index}", [Transfer(WORLD, account, usd(amount))], AT)
    return book


def amounts(book: Ledger) -> dict[str, str]:
    """Every balance the ledger caches, as text (``1.00`` and ``1.0`` told apart)."""
    return {
        account: str(book.balance(account, "USD").amount)
        for account in (WORLD, ANNA, BO, ESCROW)
        if book.balances(account)
    }


# -- the entry MAC and the seal chain ---------------------------------------------------------
# The canonical text of an entry: seq, key, cause, ISO time, memo, then one
# "source>destination:amount:CODE" per transfer, joined by the ASCII unit separator (0x1F).
# (Format 2: until migration 0003 the previous entry's hash led the text and chained entries
# at posting; the chain is now kept apart, in the seals.)
CANONICAL = (
    "0\x1f"
    "order:o1:fund\x1f"
    "order:o1\x1f"
    "2026-01-05T09:00:00+00:00\x1f"
    "payment\x1f"
    "world>order:o1:escrow:21.00:USD\x1f"
    "world>platform:fees:0.50:USD"
)
SECRET = b"pinned-test-secret-0123"
KEY = LedgerKey("k1", SECRET)
# Computed outside Python, with the text above in e.txt:
#   sha256sum e.txt
KNOWN_HASH = "d49b76877aa4137e6dbc488025f937c310ebbae5c8298ad4fd8cdd765c70d8e4"
#   openssl dgst -sha256 -hmac pinned-test-secret-0123 e.txt
KNOWN_MAC = "3b9e384b0d30ccdcf57b6fd8948c6db0f0554980c22c1baaa6f036d0016bf61f"
# The first link: "link", the genesis link, position 0, seq 0 and the entry's MAC, joined by
# 0x1F; printf 'link\x1f<64 zeros>\x1f0\x1f0\x1f<MAC>' | sha256sum (unkeyed) or
# | openssl dgst -sha256 -hmac pinned-test-secret-0123 (keyed):
KNOWN_LINK = "89d54690539e4b02b58d3928d7bbfb0bea2ba63e12d0b9c9f8e89f18425842b6"
KNOWN_KEYED_LINK = "4219ab1944d565a32509a11bd4f31dfb44b6f1945a9e51b91e6306016f96d36a"
# A checkpoint after that entry: "checkpoint", position 1, the keyed link, "USD=21.50":
KNOWN_CHECKPOINT = "fce39552345248df093a836a09663767c5f80ba4ae0ffeb2cdbb7cb650cba35a"
FUND = [Transfer(WORLD, ESCROW, usd("21.00")), Transfer(WORLD, "platform:fees", usd("0.50"))]


def test_the_canonical_text_hashes_to_the_published_digests() -> None:
    assert hashlib.sha256(CANONICAL.encode()).hexdigest() == KNOWN_HASH
    assert hmac.new(SECRET, CANONICAL.encode(), hashlib.sha256).hexdigest() == KNOWN_MAC


def test_entry_digest_is_sha256_or_hmac_of_the_canonical_text() -> None:
    args = (0, "order:o1:fund", "order:o1")
    assert entry_digest(None, *args, AT, "payment", FUND) == KNOWN_HASH
    assert entry_digest(None, *args, "2026-01-05T09:00:00+00:00", "payment", FUND) == KNOWN_HASH
    assert entry_digest(KEY, *args, AT, "payment", FUND) == KNOWN_MAC


@pytest.mark.parametrize(
    ("key", "mac", "link"), [(None, KNOWN_HASH, KNOWN_LINK), (KEY, KNOWN_MAC, KNOWN_KEYED_LINK)]
)
def test_a_posted_entry_carries_the_known_mac_and_seals_to_the_known_link(
    key: LedgerKey | None, mac: str, link: str
) -> None:
    book = Ledger(key)
    first = book.post("order:o1:fund", "order:o1", FUND, AT, "payment")
    assert (first.seq, first.key_id, first.hash) == (0, "" if key is None else "k1", mac)
    assert book.head == GENESIS_HASH
    assert book.seal() == 1
    assert book.head == link
    assert link_digest(key, GENESIS_HASH, 0, 0, mac) == link
    second = book.post("k2", "order:o1", [Transfer(ESCROW, ANNA, usd("1.00"))], AT, "refund")
    text = "\x1f".join(
        [
            "1",
            "k2",
            "order:o1",
            "2026-01-05T09:00:00+00:00",
            "refund",
            "order:o1:escrow>user:anna:available:1.00:USD",
        ]
    )
    digest = (
        hashlib.sha256(text.encode())
        if key is None
        else hmac.new(SECRET, text.encode(), hashlib.sha256)
    )
    assert second.hash == digest.hexdigest()
    book.seal()
    assert book.head == link_digest(key, link, 1, 1, second.hash)


def test_a_checkpoint_signs_its_position_link_and_volume_under_the_key() -> None:
    book = Ledger(KEY)
    book.post("order:o1:fund", "order:o1", FUND, AT, "payment")
    checkpoint = book.checkpoint()
    assert checkpoint == Checkpoint(
        1, KNOWN_KEYED_LINK, {"USD": Decimal("21.50")}, "k1", KNOWN_CHECKPOINT
    )
    assert Checkpoint.from_json(checkpoint.to_json()) == checkpoint


@pytest.mark.parametrize(
    "changed",
    [
        {"seq": 1},
        {"idempotency_key": "order:o1:funds"},
        {"cause": "order:o2"},
        {"at": AT.add(seconds=1)},
        {"memo": "payment "},
        {"transfers": [Transfer(WORLD, ESCROW, usd("21.01"))]},
        {"transfers": [Transfer(WORLD, ESCROW, money("21.00", "EUR"))]},
        {"transfers": [Transfer(ESCROW, WORLD, usd("21.00"))]},
        {"key": KEY},
        {"key": LedgerKey("k1", SECRET + b"!")},
    ],
)
def test_every_field_of_an_entry_and_the_key_change_its_mac(changed: dict[str, object]) -> None:
    fields: dict[str, object] = {
        "key": None,
        "seq": 0,
        "idempotency_key": "order:o1:fund",
        "cause": "order:o1",
        "at": AT,
        "memo": "payment",
        "transfers": [Transfer(WORLD, ESCROW, usd("21.00"))],
    }
    base = entry_digest(**fields)  # type: ignore[arg-type]
    assert entry_digest(**{**fields, **changed}) != base  # type: ignore[arg-type]


def test_fields_cannot_slide_into_each_other() -> None:
    """With a separator no field contains, moving text from one field to the next changes
    the MAC (``key="a", cause="b:c"`` is not ``key="a:b", cause="c"``)."""
    t = [Transfer(WORLD, ESCROW, usd("1.00"))]
    assert entry_digest(None, 1, "a", "b:c", AT, "", t) != entry_digest(
        None, 1, "a:b", "c", AT, "", t
    )
    assert entry_digest(None, 1, "k", "x:1", AT, "m", t) != entry_digest(
        None, 11, "", "x:1", AT, "m", t
    )


# -- refusals, word for word --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("transfer", "message"),
    [
        (
            Transfer(ANNA, "", usd("1.00")),
            "transfer 'user:anna:available' -> '': both accounts must be non-empty strings "
            "(build them with microjob.ledger.available(), escrow(), ...)",
        ),
        (
            Transfer("", ANNA, usd("1.00")),
            "transfer '' -> 'user:anna:available': both accounts must be non-empty strings "
            "(build them with microjob.ledger.available(), escrow(), ...)",
        ),
        (
            Transfer(ANNA, None, usd("1.00")),  # type: ignore[arg-type]
            "transfer 'user:anna:available' -> None: both accounts must be non-empty strings "
            "(build them with microjob.ledger.available(), escrow(), ...)",
        ),
        (
            Transfer(b"x", ANNA, usd("1.00")),  # type: ignore[arg-type]
            "transfer b'x' -> 'user:anna:available': both accounts must be non-empty strings "
            "(build them with microjob.ledger.available(), escrow(), ...)",
        ),
        (
            Transfer(ANNA, ANNA, usd("1.00")),
            "transfer from user:anna:available to itself moves nothing",
        ),
        (
            Transfer(ANNA, BO, usd("0.00")),
            "transfer user:anna:available -> user:bo:pending must move a positive amount, "
            "got 0.00 USD",
        ),
        (
            Transfer(ANNA, BO, usd("-1.00")),
            "transfer user:anna:available -> user:bo:pending must move a positive amount, "
            "got -1.00 USD",
        ),
        (
            Transfer(ANNA, BO, Money(Decimal("0.001"), "USD")),
            "transfer amount 0.001 USD has more places than the currency allows; use "
            "microjob.money.quantize/percent/allocate",
        ),
        (
            Transfer(ANNA, BO, Money(Decimal("1E+30"), "USD")),
            "transfer amount 1E+30 USD is too large to hold exactly",
        ),
        (
            Transfer(ANNA, BO, Money(Decimal("NaN"), "USD")),
            "transfer user:anna:available -> user:bo:pending must move a positive amount, "
            "got NaN USD",
        ),
        (Transfer(ANNA, BO, Decimal("1.00")), "transfer amount must be a Money, got Decimal"),  # type: ignore[arg-type]
        (("a", "b"), "expected a Transfer, got tuple"),
        ("abc", "expected a Transfer, got str"),
    ],
)
def test_a_bad_transfer_is_refused_saying_why_and_nothing_moves(
    transfer: object, message: str
) -> None:
    book = book_with((ANNA, "5.00"))
    with expect_deltas(book, {}, currency="USD"):
        with pytest.raises(ValidationError) as caught:
            book.post("k", "order:o1", [Transfer(WORLD, BO, usd("1.00")), transfer], AT)  # type: ignore[list-item]
        assert str(caught.value) == message
    assert len(book) == 1
    assert not book.has_entry("k")


@pytest.mark.parametrize(
    ("key", "cause", "transfers", "message"),
    [
        ("", "order:o1", None, "an entry needs a non-empty idempotency key"),
        (
            "k",
            "order",
            None,
            "an entry must name its cause as 'kind:id' (e.g. 'order:42'), got 'order'",
        ),
        ("k", ":1", None, "an entry must name its cause as 'kind:id' (e.g. 'order:42'), got ':1'"),
        (
            "k",
            "order:",
            None,
            "an entry must name its cause as 'kind:id' (e.g. 'order:42'), got 'order:'",
        ),
        ("k", 42, None, "an entry must name its cause as 'kind:id' (e.g. 'order:42'), got 42"),
        ("k", "order:o1", [], "an entry needs at least one transfer"),
    ],
)
def test_an_entry_without_key_cause_or_transfers_is_refused(
    key: str, cause: object, transfers: list[Transfer] | None, message: str
) -> None:
    book = book_with((ANNA, "5.00"))
    legs = [Transfer(ANNA, BO, usd("1.00"))] if transfers is None else transfers
    with pytest.raises(ValidationError) as caught:
        book.post(key, cause, legs, AT)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert amounts(book) == {WORLD: "-5.00", ANNA: "5.00"}


def test_an_overdraft_is_refused_naming_account_balance_and_need() -> None:
    book = book_with((ANNA, "5.00"))
    with pytest.raises(InsufficientFunds) as caught:
        book.post("k", "order:o1", [Transfer(ANNA, BO, usd("5.01"))], AT)
    assert str(caught.value) == (
        "user:anna:available holds 5.00 USD but this entry needs 5.01 USD from it ('k'); "
        "it may not go below zero"
    )
    # exactly the balance is fine, and leaves exactly zero
    book.post("k", "order:o1", [Transfer(ANNA, BO, usd("5.00"))], AT)
    assert amounts(book) == {WORLD: "-5.00", ANNA: "0.00", BO: "5.00"}


def test_the_memo_defaults_to_empty_and_the_cause_splits_at_its_first_colon() -> None:
    book = Ledger()
    entry = book.post("k", "gift:card:", [Transfer(WORLD, ANNA, usd("1.00"))], AT)
    assert entry.memo == ""
    assert entry.cause == "gift:card:"  # kind "gift", id "card:"
    text = "\x1f".join(
        [
            "0",
            "k",
            "gift:card:",
            "2026-01-05T09:00:00+00:00",
            "",
            "world>user:anna:available:1.00:USD",
        ]
    )
    assert entry.hash == hashlib.sha256(text.encode()).hexdigest()


def test_the_exponent_cache_is_filled_with_each_currencys_minor_unit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ledger_module, "_EXPONENTS", {})
    book = Ledger()
    book.post("k1", "deposit:1", [Transfer(WORLD, ANNA, usd("0.01"))], AT)
    book.post("k2", "deposit:2", [Transfer(WORLD, ANNA, money("1", "JPY"))], AT)
    book.post("k3", "deposit:3", [Transfer(WORLD, ANNA, money("0.001", "KWD"))], AT)
    with pytest.raises(ValidationError, match="more places than the currency allows"):
        book.post("k4", "deposit:4", [Transfer(WORLD, ANNA, Money(Decimal("0.5"), "JPY"))], AT)
    cached = {code: str(exponent) for code, exponent in ledger_module._EXPONENTS.items()}
    assert cached == {"USD": "0.01", "JPY": "1", "KWD": "0.001"}


HOSTILE = decimal.Context(
    prec=3,
    rounding=ROUND_UP,
    traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.FloatOperation],
)


def test_the_ledger_posts_sums_and_undoes_exactly_under_a_hostile_decimal_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ledger_module, "_EXPONENTS", {})  # computed under the hostile context
    book = Ledger()
    with decimal.localcontext(HOSTILE):
        book.post("k1", "deposit:1", [Transfer(WORLD, ANNA, usd("98765.43"))], AT)
        book.post("k2", "order:1", [Transfer(ANNA, ESCROW, usd("0.01"))], AT)
        mark = book.mark()
        book.post("k3", "order:1", [Transfer(ANNA, ESCROW, usd("1234.56"))], AT)
        assert amounts(book) == {WORLD: "-98765.43", ANNA: "97530.86", ESCROW: "1234.57"}
        book.rollback_to(mark)
        assert amounts(book) == {WORLD: "-98765.43", ANNA: "98765.42", ESCROW: "0.01"}
        with pytest.raises(ValidationError, match="more places than the currency allows"):
            book.post("k4", "order:1", [Transfer(ANNA, ESCROW, Money(Decimal("0.005"), "USD"))], AT)
        summary = book.verify()
    assert summary.totals == {"USD": Decimal("0.00")}


def test_world_may_go_below_zero_and_nothing_else_may() -> None:
    book = Ledger()
    book.post("k1", "deposit:1", [Transfer(WORLD, ANNA, usd("0.01"))], AT)
    with pytest.raises(InsufficientFunds, match="user:bo:pending holds 0 USD"):
        book.post("k2", "order:1", [Transfer(BO, ANNA, usd("0.01"))], AT)
    assert amounts(book) == {WORLD: "-0.01", ANNA: "0.01"}


def test_a_replay_returns_the_first_entry_and_a_different_one_is_a_conflict() -> None:
    book = book_with((ANNA, "5.00"))
    legs = [Transfer(ANNA, BO, usd("1.00"))]
    first = book.post("k", "order:o1", legs, AT, "m")
    assert book.post("k", "order:o1", list(legs), AT, "m") is first
    for cause, memo, other in [
        ("order:o2", "m", legs),
        ("order:o1", "n", legs),
        ("order:o1", "m", [Transfer(ANNA, BO, usd("1.01"))]),
    ]:
        with pytest.raises(Conflict) as caught:
            book.post("k", cause, other, AT, memo)
        assert str(caught.value) == (
            "idempotency key 'k' was already used for a different entry (cause 'order:o1'); "
            "use a new key for a new operation"
        )
    assert amounts(book) == {WORLD: "-5.00", ANNA: "4.00", BO: "1.00"}
    assert len(book) == 2


# -- undo -----------------------------------------------------------------------------------------
def test_rollback_restores_balances_that_existed_before_exactly() -> None:
    book = book_with((ANNA, "10.00"), (BO, "3.00"))
    book.post("k0", "order:o1", [Transfer(ANNA, ESCROW, usd("2.00"))], AT)
    before = amounts(book)
    mark = book.mark()
    book.post("k1", "order:o1", [Transfer(ANNA, ESCROW, usd("4.00"))], AT)
    book.post("k2", "order:o1", [Transfer(ESCROW, BO, usd("6.00"))], AT)
    book.post("k3", "order:o1", [Transfer(BO, ANNA, usd("0.01"))], AT)
    book.rollback_to(mark)
    assert before == {WORLD: "-13.00", ANNA: "8.00", BO: "3.00", ESCROW: "2.00"}
    assert amounts(book) == before
    assert len(book) == mark == 3
    assert [e.key for e in book.entries_for(BO, "USD")] == ["seed-1"]
    assert [e.key for e in book.entries_for_cause("order:o1")] == ["k0"]
    book.verify()


def test_rollback_forgets_accounts_and_currencies_only_undone_entries_touched() -> None:
    book = book_with((ANNA, "10.00"))
    mark = book.mark()
    book.post("k1", "order:o1", [Transfer(ANNA, ESCROW, usd("4.00"))], AT)
    book.post("k2", "deposit:9", [Transfer(WORLD, ANNA, money("7.00", "EUR"))], AT)
    assert set(book.balances(ANNA)) == {"EUR", "USD"}
    book.rollback_to(mark)
    assert book.balances(ESCROW) == {}
    assert book.balances(ANNA) == {"USD": usd("10.00")}
    assert book.balances(WORLD) == {"USD": usd("-10.00")}
    assert book.entries_for(ESCROW, "USD") == []
    assert book.entries_for_cause("deposit:9") == []
    with pytest.raises(NotFound) as caught:
        book.entry("k1")
    assert str(caught.value) == "no ledger entry with key 'k1'"
    # the undone keys are free again
    book.post("k1", "order:o1", [Transfer(ANNA, ESCROW, usd("1.00"))], AT)
    assert amounts(book) == {WORLD: "-10.00", ANNA: "9.00", ESCROW: "1.00"}
    book.verify()


def test_rollback_to_zero_empties_the_ledger() -> None:
    book = book_with((ANNA, "1.00"), (BO, "2.00"))
    book.rollback_to(0)
    assert len(book) == 0
    assert book.head == GENESIS_HASH
    assert book.balances(ANNA) == {}
    assert book.balances(WORLD) == {}
    assert book.verify().entries == 0


# -- queries ---------------------------------------------------------------------------------
def test_balances_are_read_per_currency_with_the_code_in_any_case() -> None:
    book = book_with((ANNA, "1.00"))
    book.post("eur", "deposit:e", [Transfer(WORLD, ANNA, money("2", "EUR"))], AT)
    book.post("jpy", "deposit:j", [Transfer(WORLD, ANNA, money("300", "JPY"))], AT)
    assert book.balance(ANNA, "usd") == usd("1.00")
    assert str(book.balance(BO, "jpy").amount) == "0"
    assert str(book.balance(BO, "USD").amount) == "0.00"
    assert list(book.balances(ANNA)) == ["EUR", "JPY", "USD"]
    assert [e.key for e in book.entries_for(ANNA, "eur")] == ["eur"]
    assert [e.key for e in book.entries()] == ["seed-0", "eur", "jpy"]
    summary = book.verify()
    assert (summary.entries, summary.accounts) == (3, 6)  # (account, currency) pairs
    assert summary.totals == {"USD": Decimal("0.00"), "EUR": Decimal("0.00"), "JPY": Decimal(0)}
