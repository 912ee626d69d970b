"""The double-entry ledger: atomic, idempotent, MACed and sealed, verifiable, and undoable."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pendulum
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from moneyed import Money

from microjob.errors import (
    Conflict,
    InsufficientFunds,
    LedgerIntegrityError,
    NotFound,
    ValidationError,
)
from microjob.ledger import (
    GENESIS_HASH,
    WORLD,
    Entry,
    Ledger,
    Transfer,
    available,
    entry_digest,
    escrow,
    pending,
)
from microjob.money import from_minor, money, to_minor
from microjob.testing import strategies as mst

AT = pendulum.datetime(2024, 5, 1, 12, tz="UTC")
LATER = AT.add(hours=3)

BUYER = available("buyer")
SELLER = pending("seller")
ESCROW = escrow("order-1")


def usd(amount: str) -> Money:
    return money(amount, "USD")


def eur(amount: str) -> Money:
    return money(amount, "EUR")


def deposit(ledger: Ledger, account: str, amount: Money, key: str | None = None) -> Entry:
    key = key or f"deposit:{len(ledger)}"
    return ledger.post(key, f"deposit:{len(ledger)}", [Transfer(WORLD, account, amount)], AT)


def funded(amount: str = "100.00") -> Ledger:
    ledger = Ledger()
    deposit(ledger, BUYER, usd(amount), key="fund")
    return ledger


def state(ledger: Ledger) -> dict[str, Any]:
    """Everything a refused, replayed or rolled-back post must leave exactly as it was.

    Reaches into the internals on purpose: a trace in an index is still a trace.
    """
    return {
        "entries": list(ledger.entries()),
        "balances": dict(ledger._balances),
        "by_key": dict(ledger._by_key),
        "by_account": {pair: list(seqs) for pair, seqs in ledger._by_account.items()},
        "by_cause": {cause: list(seqs) for cause, seqs in ledger._by_cause.items()},
    }


# -- posting ------------------------------------------------------------------------------------


def test_a_post_moves_the_money_and_returns_a_numbered_maced_entry() -> None:
    ledger = Ledger()
    entry = ledger.post("k1", "deposit:1", [Transfer(WORLD, BUYER, usd("25.00"))], AT, "card")
    assert ledger.balance(BUYER, "USD") == usd("25.00")
    assert ledger.balance(WORLD, "USD") == usd("-25.00")
    assert (entry.seq, entry.key, entry.cause, entry.memo, entry.at) == (
        0,
        "k1",
        "deposit:1",
        "card",
        AT,
    )
    assert entry.key_id == ""
    assert entry.hash == entry_digest(None, 0, "k1", "deposit:1", AT, "card", entry.transfers)
    second = deposit(ledger, BUYER, usd("1.00"))
    assert second.seq == 1
    assert ledger.head == GENESIS_HASH  # posting does not seal
    assert ledger.seal() == 2
    assert ledger.head != GENESIS_HASH
    assert ledger.entry("k1") is entry
    assert list(ledger.entries()) == [entry, second]
    assert len(ledger) == 2


def test_replaying_a_key_with_the_same_content_returns_the_first_entry_unchanged() -> None:
    ledger = funded()
    transfers = [Transfer(BUYER, ESCROW, usd("40.00"))]
    first = ledger.post("pay", "order:1", transfers, AT, "pay order 1")
    before = state(ledger)
    again = ledger.post("pay", "order:1", tuple(transfers), LATER, "pay order 1")
    assert again is first
    assert state(ledger) == before
    assert ledger.balance(BUYER, "USD") == usd("60.00")


@pytest.mark.parametrize(
    ("cause", "transfers", "memo"),
    [
        ("order:1", [Transfer(BUYER, ESCROW, usd("40.01"))], "pay"),
        ("order:2", [Transfer(BUYER, ESCROW, usd("40.00"))], "pay"),
        ("order:1", [Transfer(BUYER, ESCROW, usd("40.00"))], "pay again"),
        ("order:1", [Transfer(BUYER, escrow("order-2"), usd("40.00"))], "pay"),
        ("order:1", [Transfer(BUYER, ESCROW, eur("40.00"))], "pay"),
    ],
)
def test_reusing_a_key_for_other_content_is_a_conflict_and_changes_nothing(
    cause: str, transfers: list[Transfer], memo: str
) -> None:
    ledger = funded()
    deposit(ledger, BUYER, eur("100.00"))
    ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("40.00"))], AT, "pay")
    before = state(ledger)
    with pytest.raises(Conflict, match=r"key 'pay' was already used .* use a new key"):
        ledger.post("pay", cause, transfers, AT, memo)
    assert state(ledger) == before


def test_an_overdraft_is_refused_with_what_the_account_holds_and_changes_nothing() -> None:
    ledger = funded("10.00")
    before = state(ledger)
    with pytest.raises(InsufficientFunds) as caught:
        ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("10.01"))], AT)
    assert str(caught.value) == (
        f"{BUYER} holds 10.00 USD but this entry needs 10.01 USD from it ('pay'); "
        "it may not go below zero"
    )
    assert state(ledger) == before
    assert not ledger.has_entry("pay")


def test_an_account_may_be_emptied_to_exactly_zero() -> None:
    ledger = funded("10.00")
    ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("10.00"))], AT)
    assert ledger.balance(BUYER, "USD") == usd("0.00")


def test_the_world_may_go_negative_because_it_is_money_outside_the_platform() -> None:
    ledger = Ledger()
    deposit(ledger, BUYER, usd("1000000.00"))
    ledger.post("out", "payout:1", [Transfer(BUYER, WORLD, usd("1.00"))], AT)
    assert ledger.balance(WORLD, "USD") == usd("-999999.00")
    ledger.verify()


def test_a_refused_key_can_be_used_once_the_entry_would_fit() -> None:
    ledger = funded("10.00")
    with pytest.raises(InsufficientFunds):
        ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("20.00"))], AT)
    deposit(ledger, BUYER, usd("10.00"))
    ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("20.00"))], AT)
    assert ledger.balance(ESCROW, "USD") == usd("20.00")


@pytest.mark.parametrize(
    ("transfer", "fragment"),
    [
        (Transfer(BUYER, ESCROW, usd("0")), "must move a positive amount, got 0.00 USD"),
        (Transfer(BUYER, ESCROW, usd("-5.00")), "must move a positive amount, got -5.00 USD"),
        (Transfer(BUYER, ESCROW, Money("NaN", "USD")), "must move a positive amount, got NaN"),
        (Transfer(BUYER, ESCROW, Money("1.005", "USD")), "has more places than the currency"),
        (Transfer(BUYER, ESCROW, Money("1.5", "JPY")), "has more places than the currency"),
        (Transfer(BUYER, ESCROW, Money("1e30", "USD")), "is too large to hold exactly"),
        (Transfer(BUYER, BUYER, usd("1.00")), f"from {BUYER} to itself moves nothing"),
        (Transfer(BUYER, ESCROW, Decimal("1.00")), "amount must be a Money, got Decimal"),
        (Transfer("", ESCROW, usd("1.00")), "accounts must be non-empty strings"),
        (Transfer(BUYER, 7, usd("1.00")), "accounts must be non-empty strings"),  # type: ignore[arg-type]
        ("world>buyer:1.00", "expected a Transfer, got str"),
    ],
)
def test_a_transfer_that_moves_nothing_or_no_exact_amount_is_refused_and_changes_nothing(
    transfer: Transfer, fragment: str
) -> None:
    ledger = funded()
    before = state(ledger)
    good = Transfer(BUYER, ESCROW, usd("1.00"))
    with pytest.raises(ValidationError) as caught:
        ledger.post("bad", "order:1", [good, transfer], AT)
    assert fragment in str(caught.value)
    assert state(ledger) == before


@pytest.mark.parametrize("cause", ["order42", "", 42, None])
def test_an_entry_must_name_its_cause_as_kind_colon_id(cause: object) -> None:
    ledger = funded()
    before = state(ledger)
    with pytest.raises(ValidationError, match="must name its cause as 'kind:id'"):
        ledger.post("pay", cause, [Transfer(BUYER, ESCROW, usd("1.00"))], AT)  # type: ignore[arg-type]
    assert state(ledger) == before


def test_an_entry_needs_a_key_and_at_least_one_transfer() -> None:
    ledger = funded()
    with pytest.raises(ValidationError, match="non-empty idempotency key"):
        ledger.post("", "order:1", [Transfer(BUYER, ESCROW, usd("1.00"))], AT)
    with pytest.raises(ValidationError, match="at least one transfer"):
        ledger.post("pay", "order:1", [], AT)
    assert len(ledger) == 1


def test_transfers_given_as_a_generator_are_recorded_not_used_up() -> None:
    ledger = funded()
    legs = (Transfer(BUYER, ESCROW, usd(a)) for a in ("1.00", "2.00"))
    entry = ledger.post("pay", "order:1", legs, AT)  # type: ignore[arg-type]
    assert entry.transfers == (
        Transfer(BUYER, ESCROW, usd("1.00")),
        Transfer(BUYER, ESCROW, usd("2.00")),
    )
    assert ledger.balance(ESCROW, "USD") == usd("3.00")
    ledger.verify()


# -- multi-transfer entries ---------------------------------------------------------------------


def test_an_entry_is_judged_by_its_net_effect_so_money_may_pass_through_an_empty_account() -> None:
    """What the ledger does: overdraft is checked on each account's *net* change per entry.

    The escrow holds nothing, yet the entry pays the seller out of it *before* the buyer's leg
    fills it; leg order inside an entry does not matter, only where each account ends up.
    """
    ledger = funded("50.00")
    ledger.post(
        "deal",
        "order:1",
        [Transfer(ESCROW, SELLER, usd("30.00")), Transfer(BUYER, ESCROW, usd("30.00"))],
        AT,
    )
    assert ledger.balance(ESCROW, "USD") == usd("0.00")
    assert ledger.balance(SELLER, "USD") == usd("30.00")
    assert ledger.balance(BUYER, "USD") == usd("20.00")
    assert ledger.entries_for(ESCROW, "USD") == [ledger.entry("deal")]
    ledger.verify()


def test_an_entry_whose_net_effect_overdraws_is_refused_whole_even_if_a_leg_would_fit() -> None:
    ledger = funded("50.00")
    before = state(ledger)
    legs = [
        Transfer(BUYER, ESCROW, usd("30.00")),  # fits on its own
        Transfer(BUYER, SELLER, usd("30.00")),  # together they need 60.00 of 50.00
    ]
    with pytest.raises(InsufficientFunds, match=r"needs 60\.00 USD"):
        ledger.post("deal", "order:1", legs, AT)
    assert state(ledger) == before


def test_balances_in_different_currencies_are_kept_apart() -> None:
    ledger = funded("100.00")
    deposit(ledger, BUYER, eur("5.00"))
    deposit(ledger, BUYER, money("700", "JPY"))
    assert ledger.balances(BUYER) == {
        "USD": usd("100.00"),
        "EUR": eur("5.00"),
        "JPY": money("700", "JPY"),
    }
    with pytest.raises(InsufficientFunds, match=r"holds 5\.00 EUR"):
        ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, eur("5.01"))], AT)
    ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("5.01"))], AT)
    assert ledger.balance(BUYER, "EUR") == eur("5.00")
    assert ledger.balance(ESCROW, "EUR") == eur("0.00")
    assert ledger.balances(ESCROW) == {"USD": usd("5.01")}
    assert ledger.balances("user:nobody:available") == {}


def test_a_balance_asked_for_in_lower_case_is_the_same_balance() -> None:
    ledger = funded("12.00")
    assert ledger.balance(BUYER, "usd") == usd("12.00")
    assert ledger.entries_for(BUYER, "usd") == [ledger.entry("fund")]


def test_an_account_that_never_moved_has_a_zero_balance_in_the_currencys_places() -> None:
    ledger = Ledger()
    assert ledger.balance(BUYER, "JPY") == money("0", "JPY")
    assert str(ledger.balance(BUYER, "BHD").amount) == "0.000"


# -- queries ------------------------------------------------------------------------------------


def test_entries_for_an_account_and_a_cause_are_found_oldest_first() -> None:
    ledger = funded("100.00")
    deposit(ledger, BUYER, eur("10.00"))
    pay = ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("60.00"))], AT)
    other = ledger.post("pay-2", "order:2", [Transfer(BUYER, escrow("2"), usd("1.00"))], AT)
    release = ledger.post(
        "release",
        "order:1",
        [Transfer(ESCROW, SELLER, usd("54.00")), Transfer(ESCROW, "platform:commission", usd("6"))],
        AT,
    )
    assert ledger.entries_for(ESCROW, "USD") == [pay, release]
    assert ledger.entries_for(BUYER, "USD") == [ledger.entry("fund"), pay, other]
    assert ledger.entries_for(BUYER, "EUR") == [ledger.entry("deposit:1")]
    assert ledger.entries_for(ESCROW, "EUR") == []
    assert ledger.entries_for_cause("order:1") == [pay, release]
    assert ledger.entries_for_cause("order:3") == []


def test_an_unknown_key_is_not_found() -> None:
    ledger = funded()
    assert ledger.has_entry("fund")
    assert not ledger.has_entry("nope")
    with pytest.raises(NotFound, match="no ledger entry with key 'nope'"):
        ledger.entry("nope")
    with pytest.raises(LookupError):
        ledger.entry("nope")


# -- verification -------------------------------------------------------------------------------


def three_entries() -> Ledger:
    ledger = funded("100.00")
    ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("60.00"))], AT, "pay")
    ledger.post("release", "order:1", [Transfer(ESCROW, SELLER, usd("60.00"))], LATER)
    assert ledger.seal() == 3
    return ledger


def test_verify_of_untouched_books_reports_what_it_checked() -> None:
    summary = three_entries().verify()
    assert summary.entries == 3
    assert summary.accounts == 4
    assert summary.totals == {"USD": Decimal(0)}


def test_verify_of_an_empty_ledger_passes() -> None:
    assert Ledger().verify().entries == 0


def replace_entry(ledger: Ledger, index: int, **changes: Any) -> None:
    ledger._entries[index] = ledger._entries[index]._replace(**changes)


def rehash_from(ledger: Ledger, index: int) -> None:
    """Recompute the MACs (unkeyed) and the seals from ``index`` on, as a careful forger
    without the key would."""
    for i in range(index, len(ledger._entries)):
        e = ledger._entries[i]
        digest = entry_digest(None, e.seq, e.key, e.cause, e.at, e.memo, e.transfers)
        ledger._entries[i] = e._replace(hash=digest)
    sealed = len(ledger._links)
    del ledger._links[min(index, sealed) :]
    ledger.seal(sealed - len(ledger._links))


@pytest.mark.parametrize(
    ("tamper", "fragment"),
    [
        (lambda lg: replace_entry(lg, 1, memo="refund"), "entry 1 ('pay') was altered"),
        (lambda lg: replace_entry(lg, 0, at=LATER), "entry 0 ('fund') was altered"),
        (lambda lg: replace_entry(lg, 1, cause="order:2"), "was altered after posting"),
        (
            lambda lg: replace_entry(lg, 1, transfers=(Transfer(BUYER, ESCROW, usd("6.00")),)),
            f"{BUYER} caches 40.00 USD but its transfers sum to 94.00",
        ),
        (
            lambda lg: lg._links.__setitem__(1, "f" * 64),
            "the seal chain breaks at position 2 (entry 2, 'release')",
        ),
        (
            lambda lg: lg._entries.insert(1, lg._entries.pop(2)),
            "the seal chain breaks at position 1 (entry 2, 'release')",
        ),
        (lambda lg: lg._entries.pop(1), "entry 'release' has seq 2, expected 1"),
        (lambda lg: lg._entries.pop(), f"{SELLER} caches 60.00 USD but its transfers sum to 0"),
        (
            lambda lg: lg._balances.__setitem__((BUYER, "USD"), Decimal("1000.00")),
            f"{BUYER} caches 1000.00 USD but its transfers sum to 40.00",
        ),
        (
            lambda lg: lg._balances.__setitem__(("user:x:available", "USD"), Decimal("1")),
            "user:x:available caches 1 USD but its transfers sum to 0",
        ),
        (lambda lg: lg._balances.pop((BUYER, "USD")), f"{BUYER} caches 0 USD but"),
    ],
)
def test_verify_detects_tampering_with_entries_or_cached_balances(
    tamper: Any, fragment: str
) -> None:
    ledger = three_entries()
    tamper(ledger)
    with pytest.raises(LedgerIntegrityError) as caught:
        ledger.verify()
    assert fragment in str(caught.value)
    assert caught.value.problems


def test_verify_detects_a_rehashed_forgery_that_does_not_add_up() -> None:
    ledger = three_entries()
    replace_entry(ledger, 2, transfers=(Transfer(ESCROW, SELLER, usd("600.00")),))
    rehash_from(ledger, 2)
    with pytest.raises(LedgerIntegrityError) as caught:
        ledger.verify()
    problems = caught.value.problems
    assert not any("altered" in p or "link" in p for p in problems)
    assert f"{ESCROW} is below zero: -540.00 USD" in problems


def test_verify_detects_a_key_used_twice() -> None:
    ledger = three_entries()
    replace_entry(ledger, 2, key="pay")
    rehash_from(ledger, 2)
    with pytest.raises(LedgerIntegrityError, match="idempotency key 'pay' used twice"):
        ledger.verify()


def test_verify_detects_an_entry_that_names_no_cause() -> None:
    ledger = three_entries()
    replace_entry(ledger, 0, cause="nothing")
    rehash_from(ledger, 0)
    with pytest.raises(LedgerIntegrityError, match="entry 0 names no cause"):
        ledger.verify()


def test_an_integrity_error_lists_at_most_ten_problems_and_counts_the_rest() -> None:
    ledger = three_entries()
    for n in range(12):
        ledger._balances[(f"ghost:{n}", "USD")] = Decimal(1)
    with pytest.raises(LedgerIntegrityError, match=r"\(\+\d+ more\)$") as caught:
        ledger.verify()
    assert len(caught.value.problems) >= 12


# -- units of work ------------------------------------------------------------------------------


def test_rollback_to_a_mark_undoes_balances_keys_and_indexes_exactly() -> None:
    ledger = funded("100.00")
    ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("60.00"))], AT)
    mark = ledger.mark()
    before = state(ledger)
    ledger.post("release", "order:1", [Transfer(ESCROW, SELLER, usd("60.00"))], AT)
    ledger.post("new-cause", "order:9", [Transfer(BUYER, escrow("9"), usd("40.00"))], AT)
    deposit(ledger, BUYER, eur("3.00"), key="new-currency")
    ledger.rollback_to(mark)
    assert state(ledger) == before
    assert ledger.mark() == mark == 2
    for key in ("release", "new-cause", "new-currency"):
        assert not ledger.has_entry(key)
    assert ledger.balances(BUYER) == {"USD": usd("40.00")}
    assert ledger.entries_for_cause("order:9") == []
    ledger.verify()


def test_a_rolled_back_key_may_be_posted_again_with_other_content() -> None:
    ledger = funded("100.00")
    mark = ledger.mark()
    ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("60.00"))], AT)
    ledger.rollback_to(mark)
    entry = ledger.post("pay", "order:1", [Transfer(BUYER, ESCROW, usd("10.00"))], AT)
    assert entry.seq == 1
    assert ledger.balance(ESCROW, "USD") == usd("10.00")
    ledger.verify()


def test_rollback_to_the_current_mark_changes_nothing() -> None:
    ledger = three_entries()
    before = state(ledger)
    ledger.rollback_to(ledger.mark())
    assert state(ledger) == before


def test_rollback_to_a_negative_mark_is_refused_and_changes_nothing() -> None:
    ledger = three_entries()
    before = state(ledger)
    with pytest.raises(ValidationError, match="never negative; got -1"):
        ledger.rollback_to(-1)
    assert state(ledger) == before


# -- any sequence of commands -------------------------------------------------------------------

USERS = ("ann", "bob", "cy")
ORDERS = ("o1", "o2")
CODES = ("USD", "JPY", "BHD")
HOLDERS = (
    *(available(u) for u in USERS),
    *(pending(u) for u in USERS),
    *(escrow(o) for o in ORDERS),
)
ACCOUNTS = (WORLD, *HOLDERS)
MAX = 1000

amounts_to_move = mst.positive_amounts(currency=mst.currencies(codes=CODES), max_value=MAX)

Balances = dict[tuple[str, str], Decimal]


def net_effect(model: Balances, transfers: Sequence[Transfer]) -> Balances:
    after = dict(model)
    for t in transfers:
        code = t.amount.currency.code
        after[t.source, code] = after.get((t.source, code), Decimal(0)) - t.amount.amount
        after[t.destination, code] = after.get((t.destination, code), Decimal(0)) + t.amount.amount
    return after


class LedgerMachine(RuleBasedStateMachine):
    """Random commands against a Ledger, checked against a plain dict of expected balances."""

    def __init__(self) -> None:
        super().__init__()
        self.ledger = Ledger()
        self.model: Balances = {}
        self.posted: dict[str, tuple[str, tuple[Transfer, ...], str]] = {}
        self.marks: list[tuple[int, Balances, dict[str, Any], dict[str, Any]]] = []
        self.serial = 0
        self.clock = AT

    # -- helpers ---------------------------------------------------------------------------
    def new_key(self) -> str:
        self.serial += 1
        return f"k{self.serial}"

    def tick(self) -> pendulum.DateTime:
        self.clock = self.clock.add(seconds=1)
        return self.clock

    def held(self, account: str, code: str) -> Decimal:
        return self.model.get((account, code), Decimal(0))

    def funded(self) -> list[tuple[str, str]]:
        return sorted(pair for pair, v in self.model.items() if pair[0] != WORLD and v > 0)

    def post_and_expect_success(self, cause: str, transfers: Sequence[Transfer]) -> None:
        key, memo = self.new_key(), f"memo {self.serial}"
        entry = self.ledger.post(key, cause, transfers, self.tick(), memo)
        assert entry.seq == len(self.posted)
        assert entry.transfers == tuple(transfers)
        self.model = net_effect(self.model, transfers)
        self.posted[key] = (cause, tuple(transfers), memo)

    def post_and_expect_refusal(
        self, error: type[Exception], cause: str, transfers: Sequence[Transfer], key: str = ""
    ) -> None:
        key = key or self.new_key()
        before = state(self.ledger)
        had_key = self.ledger.has_entry(key)
        with pytest.raises(error):
            self.ledger.post(key, cause, transfers, self.tick(), "refused")
        assert state(self.ledger) == before
        assert self.ledger.has_entry(key) == had_key

    def draw_funded_slice(self, data: st.DataObject) -> tuple[str, Money]:
        """A non-world account with money, and an amount it can afford."""
        account, code = data.draw(st.sampled_from(self.funded()), label="funded")
        held = to_minor(money(self.held(account, code), code))
        units = data.draw(st.integers(min_value=1, max_value=held), label="units")
        return account, from_minor(units, code)

    # -- commands --------------------------------------------------------------------------
    @rule(user=st.sampled_from(USERS), amount=amounts_to_move)
    def deposit(self, user: str, amount: Money) -> None:
        self.post_and_expect_success(f"deposit:{user}", [Transfer(WORLD, available(user), amount)])

    @precondition(lambda self: bool(self.funded()))
    @rule(data=st.data(), destination=st.sampled_from(HOLDERS))
    def transfer_what_an_account_holds(self, data: st.DataObject, destination: str) -> None:
        source, amount = self.draw_funded_slice(data)
        if source == destination:
            self.post_and_expect_refusal(
                ValidationError, "move:1", [Transfer(source, destination, amount)]
            )
        else:
            self.post_and_expect_success("move:1", [Transfer(source, destination, amount)])

    @rule(
        source=st.sampled_from(HOLDERS),
        destination=st.sampled_from(ACCOUNTS),
        extra=amounts_to_move,
    )
    def overdraw(self, source: str, destination: str, extra: Money) -> None:
        code = extra.currency.code
        amount = money(self.held(source, code) + extra.amount, code)
        if source == destination:
            destination = WORLD
        self.post_and_expect_refusal(
            InsufficientFunds, "move:2", [Transfer(source, destination, amount)]
        )

    def buyers(self) -> list[tuple[str, str]]:
        return [
            (account, code) for account, code in self.funded() if account.endswith(":available")
        ]

    @precondition(lambda self: bool(self.buyers()))
    @rule(data=st.data(), order=st.sampled_from(ORDERS), seller=st.sampled_from(USERS))
    def pay_an_order_through_escrow(self, data: st.DataObject, order: str, seller: str) -> None:
        buyer, code = data.draw(st.sampled_from(self.buyers()), label="buyer")
        held = to_minor(money(self.held(buyer, code), code))
        price = from_minor(data.draw(st.integers(1, held), label="price"), code)
        self.post_and_expect_success(
            f"order:{order}",
            [
                Transfer(buyer, escrow(order), price),
                Transfer(escrow(order), pending(seller), price),
            ],
        )

    @rule(
        data=st.data(),
        user=st.sampled_from(USERS),
        order=st.sampled_from(ORDERS),
        first=amounts_to_move,
    )
    def fail_halfway_through_an_entry(
        self, data: st.DataObject, user: str, order: str, first: Money
    ) -> None:
        code = first.currency.code
        account = available(user)
        # The first leg fits; the second needs more than the first leg and the balance together.
        shortfall = data.draw(mst.positive_amounts(currency=code, max_value=MAX), label="extra")
        too_much = money(self.held(account, code) + first.amount + shortfall.amount, code)
        legs = [Transfer(WORLD, account, first), Transfer(account, escrow(order), too_much)]
        legs = data.draw(st.permutations(legs), label="legs")
        self.post_and_expect_refusal(InsufficientFunds, f"order:{order}", legs)

    @precondition(lambda self: bool(self.posted))
    @rule(data=st.data())
    def replay(self, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(self.posted)), label="key")
        cause, transfers, memo = self.posted[key]
        before = state(self.ledger)
        again = self.ledger.post(key, cause, list(transfers), self.tick(), memo)
        assert again is self.ledger.entry(key)
        assert again.transfers == transfers
        assert state(self.ledger) == before

    @precondition(lambda self: bool(self.posted))
    @rule(data=st.data(), change=st.sampled_from(["cause", "memo", "amount", "legs"]))
    def replay_with_other_content(self, data: st.DataObject, change: str) -> None:
        key = data.draw(st.sampled_from(sorted(self.posted)), label="key")
        cause, transfers, memo = self.posted[key]
        if change == "cause":
            cause = f"{cause}-other"
        elif change == "memo":
            memo = f"{memo} (edited)"
        elif change == "amount":
            first = transfers[0]
            bigger = from_minor(to_minor(first.amount) + 1, first.amount.currency.code)
            transfers = (first._replace(amount=bigger), *transfers[1:])
        else:
            transfers = (*transfers, transfers[0])
        self.post_and_expect_refusal(Conflict, cause, transfers, key=key)

    @rule()
    def mark(self) -> None:
        mark = self.ledger.mark()
        assert mark == len(self.posted)
        self.marks.append((mark, dict(self.model), dict(self.posted), state(self.ledger)))

    @precondition(lambda self: bool(self.marks))
    @rule(data=st.data())
    def rollback(self, data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(self.marks) - 1), label="mark")
        mark, model, posted, at_mark = self.marks[index]
        undone = [key for key in self.posted if key not in posted]
        self.ledger.rollback_to(mark)
        del self.marks[index + 1 :]
        self.model, self.posted = dict(model), dict(posted)
        assert state(self.ledger) == at_mark
        assert not any(self.ledger.has_entry(key) for key in undone)

    # -- invariants ------------------------------------------------------------------------
    @invariant()
    def balances_match_the_model(self) -> None:
        for account in ACCOUNTS:
            for code in CODES:
                assert self.ledger.balance(account, code).amount == self.held(account, code)

    @invariant()
    def each_currency_sums_to_zero_and_only_the_world_is_negative(self) -> None:
        touched = {t.source for e in self.ledger.entries() for t in e.transfers} | {
            t.destination for e in self.ledger.entries() for t in e.transfers
        }
        assert touched <= set(ACCOUNTS)
        for code in CODES:
            balances = {a: self.ledger.balance(a, code).amount for a in ACCOUNTS}
            assert sum(balances.values()) == 0
            assert all(v >= 0 for a, v in balances.items() if a != WORLD)

    @invariant()
    def the_books_verify_and_hold_exactly_the_posted_entries(self) -> None:
        summary = self.ledger.verify()
        assert summary.entries == len(self.ledger) == len(self.posted)
        for key, (cause, transfers, memo) in self.posted.items():
            entry = self.ledger.entry(key)
            assert (entry.cause, entry.transfers, entry.memo) == (cause, transfers, memo)


LedgerMachine.TestCase.settings = settings(max_examples=80, stateful_step_count=30, deadline=None)
TestAnySequenceOfLedgerCommandsKeepsTheBooksBalanced = LedgerMachine.TestCase


@pytest.mark.parametrize(
    ("key", "cause", "memo", "source", "destination"),
    [
        ("k\x1f1", "order:1", "", WORLD, "user:a:available"),
        ("k1", "order:1\x1f", "", WORLD, "user:a:available"),
        ("k1", "order:1", "note\x1fworld>user:e:available:9.00:USD", WORLD, "user:a:available"),
        ("k1", "order:1", "", WORLD, "user:a>b:available"),
        ("k1", "order:1", "", WORLD, "user:a\x1f:available"),
    ],
    ids=["key", "cause", "memo", "account >", "account 0x1F"],
)
def test_a_field_holding_a_separator_of_the_mac_text_is_refused_and_nothing_posted(
    key: str, cause: str, memo: str, source: str, destination: str
) -> None:
    """An entry's MAC text joins its fields with 0x1F and a leg's accounts with '>': a field
    holding either could be read as another entry with the same MAC."""
    ledger = Ledger()
    ledger.post("fund", "test:1", [Transfer(WORLD, "user:a:available", usd("10"))], AT)
    before = len(ledger)
    with pytest.raises(ValidationError, match="cannot be posted"):
        ledger.post(key, cause, [Transfer(source, destination, usd("1"))], AT, memo)
    assert len(ledger) == before
    assert ledger.verify() is not None
