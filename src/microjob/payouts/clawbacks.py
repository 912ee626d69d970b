"""Charge reversals: taking back what a charge the provider reversed brought in.

When a provider takes back a charge or deposit, the money it brought onto the platform may
already sit in escrow, in a wallet or with a seller who has withdrawn it; the plan takes
back what is still there and opens a debt for the rest, in one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import ledger as accounts
from microjob.ledger import Entry, Transfer
from microjob.money import zero
from microjob.payouts.entries import _owner
from microjob.ports import LedgerStore


@attrs.frozen
class Clawback:
    """How to take back what a reversed charge brought onto the platform (one entry).

    ``legs`` return to ``world`` whatever is still on the books where the cause's money went
    (escrow, a wallet, clearance, platform revenue) and open a receivable (``world → debt``)
    for what had already left; ``debts`` says who owes how much.
    """

    cause: str
    charged: Money
    legs: tuple[Transfer, ...]
    recovered: Money
    debts: tuple[tuple[str, Money], ...]
    from_pending: tuple[str, ...]
    refund_taken: Money | None = None
    """Of what the cause had sent back to ``world`` (a refund to the card), the part taken
    from ``refunds_owed_by``'s wallet; ``None`` when nobody owes the refunds."""
    refund_owed: Money | None = None
    """Of the same, the part ``refunds_owed_by`` owes (a debt)."""
    key: str = ""
    """The reversal entry's key; empty: ``{cause}:reversal``. One cause may bring in more than
    one charge (an order's own payment and a charge it did not take), and each can be reversed
    on its own, so each needs its own reversal entry."""

    @property
    def entry_key(self) -> str:
        return self.key or f"{self.cause}:reversal"

    @property
    def unrecovered(self) -> Money:
        total = zero(self.charged.currency)
        for _, amount in self.debts:
            total += amount
        return total


def plan_clawback(
    book: LedgerStore,
    cause: str,
    currency: str,
    *,
    refunds_owed_by: str | None,
    only: Callable[[str], bool] | None = None,
    key: str = "",
) -> Clawback | None:
    """Plan the reversal of everything ``cause`` brought in from ``world`` (None: nothing did).

    The cause's own entries say where its money went: their net effect per account. Each account
    gives back what it still holds of that (never more than its balance, so nothing goes below
    zero); a user whose share has already left (withdrawn, spent) owes the rest. Money the cause
    had already sent back to ``world`` (a refund to the buyer's card) was paid twice once the
    provider reverses the charge too, so ``refunds_owed_by`` (the buyer) owes that part.

    ``only`` picks, by entry key, the cause's entries that belong to the reversed charge (by
    default all of them): a provider that takes back one of two charges of an order took back
    that one's money only, and ``key`` names the reversal entry of such a part.
    """
    net: dict[str, Decimal] = {}
    charged = Decimal(0)
    returned = Decimal(0)
    for entry in book.entries_for_cause(cause):
        if only is not None and not only(entry.key):
            continue
        for t in entry.transfers:
            if t.amount.currency.code != currency:
                continue
            value = t.amount.amount
            if t.source == accounts.WORLD:
                charged += value
            if t.destination == accounts.WORLD:
                returned += value
            net[t.source] = net.get(t.source, Decimal(0)) - value
            net[t.destination] = net.get(t.destination, Decimal(0)) + value
    if charged <= 0:
        return None
    taken: dict[str, Decimal] = {}
    legs: list[Transfer] = []
    owed: dict[str, Decimal] = {}
    pending_users: list[str] = []

    def take(account: str, want: Decimal) -> Decimal:
        have = book.balance(account, currency).amount - taken.get(account, Decimal(0))
        got = min(have, want)
        if got <= 0:
            return Decimal(0)
        taken[account] = taken.get(account, Decimal(0)) + got
        legs.append(Transfer(account, accounts.WORLD, Money(got, currency)))
        return got

    for account, amount in net.items():
        if account == accounts.WORLD or amount <= 0:
            continue
        rest = amount - take(account, amount)
        owner = _owner(account)
        if owner is None:
            continue  # escrow and platform accounts still hold what this cause gave them
        user_id, bucket = owner
        if bucket == "pending":
            pending_users.append(user_id)
            if rest > 0:
                rest -= take(accounts.available(user_id), rest)
        if rest > 0:
            owed[user_id] = owed.get(user_id, Decimal(0)) + rest
    refund_taken = refund_owed = None
    if returned > 0 and refunds_owed_by is not None:
        took = take(accounts.available(refunds_owed_by), returned)
        rest = returned - took
        if rest > 0:
            owed[refunds_owed_by] = owed.get(refunds_owed_by, Decimal(0)) + rest
        refund_taken, refund_owed = Money(took, currency), Money(rest, currency)
    for user_id, amount in owed.items():
        legs.append(Transfer(accounts.WORLD, accounts.debt(user_id), Money(amount, currency)))
    return Clawback(
        cause=cause,
        charged=Money(charged, currency),
        legs=tuple(legs),
        recovered=Money(sum(taken.values(), Decimal(0)), currency),
        debts=tuple((user_id, Money(amount, currency)) for user_id, amount in owed.items()),
        from_pending=tuple(pending_users),
        refund_taken=refund_taken,
        refund_owed=refund_owed,
        key=key,
    )


def post_clawback(book: LedgerStore, plan: Clawback, at: DateTime) -> Entry | None:
    if not plan.legs:
        return None
    return book.post(plan.entry_key, plan.cause, plan.legs, at, "charge reversed by the provider")
