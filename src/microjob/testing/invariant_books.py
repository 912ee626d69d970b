"""What the money invariants share: the ledger summed once (`Books`), what a check found
(`Checked`), and every order of a run's people (see [`microjob.testing.invariants`][])."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

import attrs

from microjob import ledger as accounts
from microjob.ledger import Entry
from microjob.marketplace import Marketplace
from microjob.orders import Order

__all__ = ["ZERO", "Books", "Checked", "all_orders", "read_books"]

ZERO = Decimal(0)


@attrs.define
class Books:
    """The ledger summed in one pass: balances, and money to and from ``world`` by cause."""

    balances: dict[tuple[str, str], Decimal] = attrs.field(factory=lambda: defaultdict(Decimal))
    world_in: dict[str, Decimal] = attrs.field(factory=lambda: defaultdict(Decimal))
    """Money that entered from ``world``, by cause (``order:7``)."""
    world_out: dict[str, Decimal] = attrs.field(factory=lambda: defaultdict(Decimal))
    """Money sent to ``world`` by cause, chargebacks excluded (refunds, payouts)."""
    reversed_out: dict[str, Decimal] = attrs.field(factory=lambda: defaultdict(Decimal))
    """What a chargeback gave back to ``world`` or booked as a debt, by cause."""
    keys: set[str] = attrs.field(factory=set)
    entries: int = 0
    subscription_entries: dict[str, list[Entry]] = attrs.field(factory=lambda: defaultdict(list))
    """The entries of each subscription (``subscription:7``): its periods, credits, reversals."""


@attrs.define
class Checked:
    """What one `check` found: problems (empty when all
    held) and how many it checked."""

    problems: list[str] = attrs.field(factory=list)
    checks: int = 0

    def expect(self, ok: bool, problem: str) -> None:
        self.checks += 1
        if not ok:
            self.problems.append(problem)


def read_books(market: Marketplace) -> Books:
    """Sum every ledger entry (one read of the whole ledger)."""
    books = Books()
    with market.unit_of_work() as uow:
        entries = list(uow.ledger.entries())
    for entry in entries:
        books.entries += 1
        books.keys.add(entry.key)
        if entry.cause.startswith("subscription:"):
            books.subscription_entries[entry.cause].append(entry)
        reversal = entry.key.endswith(":reversal")
        # A refund in flight at a chargeback, then refused: what the chargeback took from the
        # buyer for it (from the wallet, as a debt, repaid or not) comes back, all of it.
        given_back = entry.key.endswith(":refund:covered")
        for t in entry.transfers:
            code = t.amount.currency.code
            value = t.amount.amount
            books.balances[(t.source, code)] -= value
            books.balances[(t.destination, code)] += value
            if given_back:
                books.reversed_out[entry.cause] -= value
            elif reversal and accounts.WORLD in (t.source, t.destination):
                # A chargeback gives back what is still here and books a debt (world -> debt)
                # for what already left: both are the charge going back to the provider.
                books.reversed_out[entry.cause] += value
            elif t.source == accounts.WORLD:
                books.world_in[entry.cause] += value
            elif t.destination == accounts.WORLD:
                books.world_out[entry.cause] += value
    return books


def all_orders(market: Marketplace, people: Iterable[str]) -> Iterator[Order]:
    """Every order any of ``people`` bought, read from the store (also ones a crash hid)."""
    with market.unit_of_work() as uow:
        found = [o for person in people for o in uow.orders.for_user(person, "buyer")]
    return iter(sorted(found, key=lambda o: o.id))
