"""The source-of-funds check run before a payout.

Web Park: "funds received from other users must be verified and confirmed based on deposits
... for all users who transfer to the withdrawing user".
[`trace_sources`][microjob.payouts.sources.trace_sources] walks the ledger's cause references from
the user's wallet back to confirmed provider charges and confirmed deposits, through the wallets of
the buyers who paid from theirs.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from microjob import ledger as accounts
from microjob.payouts.entries import _owner
from microjob.payouts.records import SourceProblem
from microjob.ports import LedgerStore


@attrs.frozen
class SourceCheck:
    """The answer of [`trace_sources`][microjob.payouts.sources.trace_sources]: ``ok`` when every
    credit traced to confirmed money.

    ``entries_traced`` and ``wallets_traced`` measure the work done (the traced history).
    """

    user_id: str
    currency: str
    problems: tuple[SourceProblem, ...]
    entries_traced: int
    wallets_traced: int

    @property
    def ok(self) -> bool:
        return not self.problems


def trace_sources(
    book: LedgerStore,
    user_id: str,
    currency: str,
    *,
    unrecovered: Callable[[str], bool],
) -> SourceCheck:
    """Check that every credit to ``user_id``'s cash account traces back to confirmed money.

    A credit is clean when it is

    * a confirmed deposit (``deposit:ID:confirm``, from the user's ``incoming``);
    * money from an order (release, clearance, settlement, ruling, refund) whose ``fund`` entry
      came from ``world`` — posted only once the provider confirmed the charge — or from a
      buyer's wallet, which is then traced the same way (each wallet once, so a cycle of users
      paying each other ends);
    * a provider charge the order did not take, credited to the buyer (``order:ID:charge:REF``,
      or ``order:ID:late-payment`` without a reference);
    * the user's own payout coming back (rejected, cancelled, failed).

    It is a problem when the order was never funded, when the provider reversed the charge or
    deposit behind it and the money was not recovered (``unrecovered(cause)`` is true while a
    debt for it is open), or when the entry is of no kind listed above. Every lookup is an
    index lookup, so the cost is the history traced, not the size of the ledger.
    """
    todo = [user_id]
    seen = {user_id}
    problems: list[SourceProblem] = []
    orders: dict[str, str | None] = {}
    traced = 0

    def reversed_problem(cause: str, charge: str = "") -> str | None:
        # ``charge``: the entry of one charge among several of the cause, reversed on its own
        reversed_ = book.has_entry(f"{cause}:reversal") or (
            bool(charge) and book.has_entry(f"{charge}:reversal")
        )
        if reversed_ and unrecovered(cause):
            return f"the provider reversed the charge behind {cause} and it is not recovered"
        return None

    def order_problem(order_id: str) -> str | None:
        nonlocal traced
        if order_id in orders:
            return orders[order_id]
        escrow = accounts.escrow(order_id)
        reason: str | None = None
        fund_key = f"order:{order_id}:fund"
        if not book.has_entry(fund_key):
            reason = f"order {order_id} was never paid into escrow"
        else:
            traced += 1
            for t in book.entry(fund_key).transfers:
                if t.destination != escrow or t.source == accounts.WORLD:
                    continue  # from world: a charge the provider confirmed
                payer = _owner(t.source)
                if payer is None or payer[1] != "available":
                    reason = f"order {order_id} was paid from {t.source}, not a charge or wallet"
                    break
                if payer[0] not in seen:
                    seen.add(payer[0])
                    todo.append(payer[0])
        if reason is None:
            reason = reversed_problem(f"order:{order_id}")
        orders[order_id] = reason
        return reason

    while todo:
        who = todo.pop()
        wallet = accounts.available(who)
        for entry in book.entries_for(wallet, currency):
            traced += 1
            kind, _, ident = entry.cause.partition(":")
            for t in entry.transfers:
                if t.destination != wallet or t.amount.currency.code != currency:
                    continue
                source = t.source
                reason: str | None
                if kind == "deposit":
                    if entry.key == f"{entry.cause}:confirm" and source == accounts.incoming(who):
                        reason = reversed_problem(entry.cause)
                    else:
                        reason = "not a confirmed deposit"
                elif kind == "order":
                    if source in (accounts.escrow(ident), accounts.pending(who)):
                        reason = order_problem(ident)
                    elif source == accounts.WORLD and (
                        entry.key == f"order:{ident}:late-payment"
                        or entry.key.startswith(f"order:{ident}:charge:")
                    ):
                        reason = reversed_problem(entry.cause, entry.key)
                    elif entry.key == f"order:{ident}:refund:covered" and source in (
                        accounts.WORLD,
                        accounts.PLATFORM_RECOVERIES,
                    ):
                        # the user's own money, which a chargeback took for a refund to the
                        # card that the provider then refused, coming back
                        reason = None
                    else:
                        reason = f"money from {source} is not part of an order's payment"
                elif kind == "payout" and (
                    (source == accounts.payout(who) and entry.key == f"{entry.cause}:return")
                    or (
                        source in (accounts.WORLD, accounts.PLATFORM_PAYOUT_FEES)
                        and entry.key == f"{entry.cause}:returned"
                    )
                ):
                    reason = None  # the user's own money coming back
                else:
                    reason = f"money from {source} is not a deposit, an order or a returned payout"
                if reason is not None:
                    problems.append(SourceProblem(who, entry.key, entry.cause, t.amount, reason))
    return SourceCheck(user_id, currency, tuple(problems), traced, len(seen))
