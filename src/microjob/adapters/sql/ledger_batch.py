"""Postings written together: what `SqlLedger.deferred` holds until its block ends.

A clearance batch posts one entry per order; written as it is made, each posting is three
statements on SQLite (its entry, its balance deltas, its transfers) and five round trips on
PostgreSQL (its key and seq claimed, its accounts locked and read, then the three writes). Held
here instead, the batch's postings go out as one multi-row statement per table (PostgreSQL:
one pipelined round trip per table), their balance deltas summed per row. Each posting is
still checked when it is made, against the balances read plus what the postings before it in
the batch moved (`Deferred.moved`); on PostgreSQL those balances were read ``FOR UPDATE``, so
they stay what was read until the commit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from microjob.errors import Conflict, ValidationError
from microjob.ledger import Entry, Transfer

if TYPE_CHECKING:
    from microjob.adapters.sql.ledger import SqlLedger


@contextlib.contextmanager
def deferring(ledger: SqlLedger, accounts: Iterable[tuple[str, str]] = ()) -> Iterator[None]:
    """`SqlLedger.deferred`'s block. Each posting gets its seq at once (the MAC covers it):
    on SQLite one past the last stored, read once under the write lock; on PostgreSQL from the
    sequence, a block at a time. Its key is not looked up: a key already stored is found only
    at the write, as a `Conflict` of the whole unit of work."""
    uow = ledger._uow
    if ledger._batch is not None:
        yield
        return
    if ledger._next_seq is None and not uow.store.is_postgres:
        ledger._next_seq = int(uow.q1(uow._s.entry_claim, {"key": ""})[1])
    ledger._batch = Deferred()
    try:
        ledger._read_ahead(accounts)
        yield
    except BaseException:
        ledger._batch = None  # the unit of work rolls back: nothing of it is kept
        uow._deferred_rows = False
        raise
    write(ledger)
    ledger._batch = None


def write(ledger: SqlLedger) -> None:
    """Write the postings a `deferring` block holds: every entry, the summed balance deltas
    and every transfer, one multi-row statement each."""
    batch = ledger._batch
    uow = ledger._uow
    uow._deferred_rows = False
    if batch is None or not batch.entries:
        return
    ledger._written.update(batch.posted)
    entries, deltas, transfers = batch.take()
    s = uow._s
    try:
        uow.qmany(s.entry_insert, entries, "ledger entries")
        # PostgreSQL refuses a sum beyond 64 bits itself; SQLite's statement makes it NULL
        add = s.balance_add if uow.store.is_postgres else s.balance_add_checked
        uow.qmany(add, deltas, "ledger balances")
        uow.qmany(s.transfer_insert, transfers, "ledger transfers")
    except (Conflict, OverflowError, ValidationError) as exc:
        # (OverflowError, ValidationError: a summed delta beyond 64 bits.) The postings were
        # accepted and are not written: the unit of work must not commit without them, even
        # if its caller catches this (`SqlUnitOfWork.commit` refuses).
        uow._refused = "its ledger postings written together were refused"
        raise Conflict(
            f"{len(entries)} postings written together were refused ({exc}): a key was used "
            "before, or an account would hold more than can be stored; post them one per unit "
            "of work to see which"
        ) from exc


def delta_rows(
    seq: int, deltas: dict[tuple[str, str], int], hot: dict[str, bool], stripes: int
) -> list[dict[str, Any]]:
    """A posting's balance deltas as rows, in (account, currency) order: a hot account's on
    the stripe of the posting's seq, every other account's on stripe 0."""
    stripe = seq % stripes
    return [
        {
            "account": account,
            "currency": code,
            "stripe": stripe if hot[account] else 0,
            "balance": delta,
        }
        for (account, code), delta in sorted(deltas.items())
    ]


def transfer_rows(seq: int, legs: tuple[Transfer, ...], units: list[int]) -> list[dict[str, Any]]:
    """A posting's transfers as rows, each amount in minor units."""
    return [
        {
            "seq": seq,
            "leg": leg,
            "source": t.source,
            "destination": t.destination,
            "currency": t.amount.currency.code,
            "amount": n,
        }
        for leg, (t, n) in enumerate(zip(legs, units, strict=True))
    ]


class Deferred:
    """The rows of the postings made inside one `SqlLedger.deferred` block, not written yet."""

    __slots__ = ("balances", "entries", "moved", "posted", "stored", "transfers")

    def __init__(self) -> None:
        self.entries: list[dict[str, Any]] = []
        self.transfers: list[dict[str, Any]] = []
        self.balances: dict[tuple[str, str, int], int] = {}
        """Balance deltas by (account, currency, stripe), summed over the batch."""
        self.moved: dict[tuple[str, str], int] = {}
        """The same by (account, currency), every stripe: what a check adds to what it read."""
        self.posted: dict[str, Entry] = {}
        """The batch's entries by key: a key posted twice in one batch replays its entry."""
        self.stored: dict[tuple[str, str], int | None] = {}
        """Balances read for the batch's checks, as stored (``None``: no row yet), by
        (account, currency): read once, since nothing else writes them meanwhile."""

    def add(
        self,
        entry: Entry,
        params: dict[str, Any],
        deltas: list[dict[str, Any]],
        transfers: list[dict[str, Any]],
    ) -> None:
        self.entries.append(params)
        self.transfers.extend(transfers)
        balances = self.balances
        moved = self.moved
        for row in deltas:
            account, code, delta = row["account"], row["currency"], row["balance"]
            slot = (account, code, row["stripe"])
            balances[slot] = balances.get(slot, 0) + delta
            moved[(account, code)] = moved.get((account, code), 0) + delta
        self.posted[entry.key] = entry

    def take(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """The rows to write (entries, balance deltas, transfers), emptying the batch: its
        checks are done, and what it wrote is read from the database from now on."""
        rows = [
            {"account": a, "currency": c, "stripe": stripe, "balance": delta}
            for (a, c, stripe), delta in sorted(self.balances.items())
            if delta
        ]
        taken = (self.entries, rows, self.transfers)
        self.entries, self.transfers = [], []
        self.balances, self.moved, self.posted, self.stored = {}, {}, {}, {}
        return taken
