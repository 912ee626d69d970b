"""The shortcuts of the memory path keep the rules they stand in for.

The memory adapter, the ledger and the money helpers skip work on their hottest paths (a MAC
the ledger computed itself is not recomputed when sealing, sums are taken only where an account
is touched twice, a repository's read versions are made afresh rather than cleared, an order's
wake-up time is queued without comparing it with the old one, amounts are built without
py-moneyed's checks). Each test here pins a case where such a shortcut could go wrong.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs
import pendulum
import pytest
from moneyed import Money

from microjob import Marketplace, presets
from microjob.adapters.memory import FrozenClock, MemoryStore
from microjob.errors import Conflict, CurrencyMismatch, InsufficientFunds, ValidationError
from microjob.ledger import WORLD, Ledger, Transfer, available, checked_deltas, escrow
from microjob.money import money, sum_of, without, zero

AT = pendulum.datetime(2024, 5, 1, 12, tz="UTC")
ANNA = available("anna")
BEN = available("ben")


def usd(amount: str) -> Money:
    return money(amount, "USD")


# -- the ledger ------------------------------------------------------------------------------
def test_an_account_credited_and_then_debited_in_one_entry_is_still_held_to_zero() -> None:
    """The balance check looks at every account an entry debits, also one that first appears
    in the entry as a destination: only what it holds plus what the entry brings may leave."""
    book = Ledger()
    with pytest.raises(InsufficientFunds, match=f"{ANNA} holds 0 USD"):
        book.post(
            "k1",
            "order:1",
            [Transfer(WORLD, ANNA, usd("5.00")), Transfer(ANNA, BEN, usd("10.00"))],
            AT,
        )
    assert len(book) == 0
    entry = book.post(
        "k2",
        "order:1",
        [Transfer(WORLD, ANNA, usd("5.00")), Transfer(ANNA, BEN, usd("5.00"))],
        AT,
    )
    assert book.balance(ANNA, "USD") == usd("0.00")
    assert book.balance(BEN, "USD") == usd("5.00")
    assert entry.seq == 0


def test_checked_deltas_nets_an_account_touched_twice() -> None:
    deltas = checked_deltas(
        "k",
        "order:1",
        (
            Transfer(escrow("1"), ANNA, usd("3.00")),
            Transfer(escrow("1"), BEN, usd("2.00")),
            Transfer(BEN, ANNA, usd("0.50")),
        ),
        {(escrow("1"), "USD"): Decimal("5.00")},
    )
    assert deltas == {
        (escrow("1"), "USD"): Decimal("-5.00"),
        (ANNA, "USD"): Decimal("3.50"),
        (BEN, "USD"): Decimal("1.50"),
    }


def test_seal_recomputes_the_mac_of_an_entry_put_in_place_of_one_it_posted() -> None:
    """Sealing trusts only the very entries this ledger posted: an entry replaced before it
    was sealed (a forged memo under the original MAC) stops the seal where it stands."""
    book = Ledger()
    book.post("k1", "deposit:1", [Transfer(WORLD, ANNA, usd("1.00"))], AT)
    book.post("k2", "deposit:2", [Transfer(WORLD, ANNA, usd("2.00"))], AT)
    book.post("k3", "deposit:3", [Transfer(WORLD, ANNA, usd("3.00"))], AT)
    book._entries[1] = book._entries[1]._replace(memo="forged")
    assert book.seal() == 1
    assert book.sealed == 1


def test_an_entry_rolled_back_and_posted_again_at_its_position_is_sealed() -> None:
    book = Ledger()
    book.post("k1", "deposit:1", [Transfer(WORLD, ANNA, usd("1.00"))], AT)
    mark = book.mark()
    book.post("k2", "deposit:2", [Transfer(WORLD, ANNA, usd("2.00"))], AT)
    book.rollback_to(mark)
    book.post("k3", "deposit:3", [Transfer(WORLD, ANNA, usd("3.00"))], AT)
    assert book.seal() == 2
    assert book.verify().entries == 2


def test_a_rolled_back_entry_is_not_kept_for_sealing() -> None:
    """The entries a ledger posted are remembered until they are sealed; one rolled back must
    be forgotten with it, or every rolled-back unit of work would leak its entries."""
    book = Ledger()
    book.post("k1", "deposit:1", [Transfer(WORLD, ANNA, usd("1.00"))], AT)
    mark = book.mark()
    for n in range(2, 5):
        book.post(f"k{n}", f"deposit:{n}", [Transfer(WORLD, ANNA, usd("1.00"))], AT)
    book.rollback_to(mark)
    assert list(book._own) == [0]
    book.seal()
    assert book._own == {}
    # sealed inside a unit of work that then rolls back: nothing left to forget, no error
    mark = book.mark()
    book.post("k5", "deposit:5", [Transfer(WORLD, ANNA, usd("1.00"))], AT)
    assert book.seal() == 1
    book.rollback_to(mark)
    assert book.verify().entries == 1


# -- money -----------------------------------------------------------------------------------
HOSTILE = decimal.Context(prec=3, rounding=decimal.ROUND_UP, traps=[decimal.Inexact])


def test_sum_of_and_without_are_exact_under_a_hostile_decimal_context() -> None:
    a, b = usd("1234567.89"), usd("0.01")
    with decimal.localcontext(HOSTILE):
        total, rest = sum_of(a, b), without(a, b)
    assert total == usd("1234567.90")
    assert rest == usd("1234567.88")
    assert type(total) is Money
    assert total.currency is a.currency
    assert hash(total) == hash(Money(Decimal("1234567.90"), "USD"))


def test_sum_of_and_without_refuse_two_currencies() -> None:
    with pytest.raises(CurrencyMismatch, match="USD and EUR"):
        sum_of(usd("1.00"), money("1.00", "EUR"))
    with pytest.raises(CurrencyMismatch, match="EUR and USD"):
        without(money("1.00", "EUR"), usd("1.00"))


def test_zero_is_the_currencys_quantized_zero_however_it_is_named() -> None:
    assert zero("USD") == zero("usd") == Money(Decimal("0.00"), "USD")
    assert str(zero("JPY").amount) == "0"
    assert str(zero(usd("1.00").currency).amount) == "0.00"
    with pytest.raises(ValidationError, match="unknown currency"):
        zero("XXQ")
    with pytest.raises(ValidationError, match="unknown currency"):
        zero("XXQ")  # refused again: a bad code is never remembered


# -- the memory store --------------------------------------------------------------------------
@attrs.frozen
class Note:
    id: str
    text: str
    version: int = 0
    tag: str = ""


def test_read_versions_do_not_outlive_their_unit_of_work() -> None:
    """A unit of work is reused once it is closed; what its last command read must not count
    as read by the next one, or a save would be refused for a version it never saw."""
    store = MemoryStore()
    uow = store.unit_of_work()
    with uow:
        uow.records("note", Note).add(Note("n1", "a"))
        uow.commit()
    with uow:
        assert uow.records("note", Note).get("n1").version == 0
        uow.commit()
    with uow:  # the same instance again
        other = store.unit_of_work()  # a second one while the first is open
        assert other is not uow
        with other:
            other.records("note", Note).save(Note("n1", "b", 1))
            other.commit()
        uow.records("note", Note).save(Note("n1", "c", 2))  # never read version 0 here
        uow.commit()
    with store.unit_of_work() as check:
        assert check.records("note", Note).get("n1").text == "c"


def test_a_record_read_in_the_same_unit_of_work_still_conflicts_with_a_newer_save() -> None:
    store = MemoryStore()
    with store.unit_of_work() as uow:
        uow.records("note", Note).add(Note("n1", "a"))
        uow.commit()
    with store.unit_of_work() as uow:
        notes = uow.records("note", Note)
        read = notes.get("n1")
        notes.save(attrs.evolve(read, text="b", version=1))
        with pytest.raises(Conflict):
            notes.save(attrs.evolve(read, text="c", version=1))


def test_events_and_notifications_of_a_rolled_back_unit_of_work_are_dropped() -> None:
    store = MemoryStore()
    uow = store.unit_of_work()
    with uow:
        uow.emit("event")  # type: ignore[arg-type]
        uow.notify("note")  # type: ignore[arg-type]
        assert uow.collected() == (["event"], ["note"])
    with uow:
        assert uow.collected() == ([], [])
        uow.emit("next")  # type: ignore[arg-type]
        assert uow.collected() == (["next"], [])


def test_an_equality_query_on_an_unindexed_field_is_refused_even_after_an_empty_one() -> None:
    store = MemoryStore()
    with store.unit_of_work() as uow:
        notes = uow.records("tagged", Note, index=("tag",))
        assert notes.where(tag="none") == []
        with pytest.raises(ValueError, match=r"not indexed by \['text'\]"):
            notes.where(tag="none", text="a")


def test_an_order_due_twice_in_the_wake_heap_moves_once() -> None:
    """A save queues the order's wake-up time without comparing it with the one queued
    before, so the heap may hold the same time twice: ``due`` answers the order once."""
    clock = FrozenClock()
    market = Marketplace.in_memory(
        attrs.evolve(presets.fiverr_like(), clearance_days=1), clock=clock
    )
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    )
    market.orders.start(order.id, actor="bob")
    market.orders.deliver(order.id, actor="bob", message="done")
    market.orders.accept(order.id, actor="ann")
    store = market.store

    def queued() -> int:
        return sum(1 for at, _, order_id in store.wake if order_id == order.id and at == wake)

    wake = store.orders[order.id].wake_at
    before = queued()
    with store.unit_of_work() as uow:
        completed = uow.orders.get(order.id)
        uow.orders.save(attrs.evolve(completed, version=completed.version + 1))
        uow.commit()
    assert queued() == before + 1 >= 2
    clock.advance(days=1)
    with store.unit_of_work() as uow:
        assert uow.orders.due(clock.now()) == [order.id]
    report = market.run_due()
    assert report.moves.get("clear") == 1
