"""Ledger entries for deposits, payouts and debt repayments, and wallet account names.

Keeping these postings together shows at a glance which accounts a deposit, a payout or a
repayment moves money between.  ``_owner`` reads the user and the bucket back out of a
``user:{id}:{bucket}`` account name, for the clawback planner and the source-of-funds check.
"""

from __future__ import annotations

from moneyed import Money
from pendulum import DateTime

from microjob import ledger as accounts
from microjob.ledger import Entry, Transfer, memo_text
from microjob.payouts.records import Debt, Deposit, PayoutRequest
from microjob.ports import LedgerStore

# Each business moment is one entry under a deterministic key, so a retried command or a
# duplicated webhook posts nothing new.


def post_deposit_announced(book: LedgerStore, deposit: Deposit, at: DateTime) -> Entry:
    return book.post(
        f"{deposit.cause}:announce",
        deposit.cause,
        [Transfer(accounts.WORLD, accounts.incoming(deposit.user_id), deposit.amount)],
        at,
        "deposit announced",
    )


def post_deposit_confirmed(book: LedgerStore, deposit: Deposit, at: DateTime) -> Entry:
    return book.post(
        f"{deposit.cause}:confirm",
        deposit.cause,
        [
            Transfer(
                accounts.incoming(deposit.user_id),
                accounts.available(deposit.user_id),
                deposit.amount,
            )
        ],
        at,
        "deposit confirmed",
    )


def post_deposit_rejected(book: LedgerStore, deposit: Deposit, at: DateTime) -> Entry:
    return book.post(
        f"{deposit.cause}:reject",
        deposit.cause,
        [Transfer(accounts.incoming(deposit.user_id), accounts.WORLD, deposit.amount)],
        at,
        "deposit rejected",
    )


def post_reserve(book: LedgerStore, payout: PayoutRequest, at: DateTime) -> Entry:
    return book.post(
        f"{payout.cause}:reserve",
        payout.cause,
        [
            Transfer(
                accounts.available(payout.user_id), accounts.payout(payout.user_id), payout.amount
            )
        ],
        at,
        "payout requested",
    )


def post_return(book: LedgerStore, payout: PayoutRequest, at: DateTime, memo: str) -> Entry:
    """A payout that was not paid gives its whole amount back to the cash account (``memo``
    may quote a provider's or an admin's reason: `memo_text` makes it fit)."""
    return book.post(
        f"{payout.cause}:return",
        payout.cause,
        [
            Transfer(
                accounts.payout(payout.user_id), accounts.available(payout.user_id), payout.amount
            )
        ],
        at,
        memo_text(memo),
    )


def post_paid(book: LedgerStore, payout: PayoutRequest, at: DateTime) -> Entry:
    """Paid: the net amount left for the user's account, the fee stays with the platform."""
    legs = [Transfer(accounts.payout(payout.user_id), accounts.WORLD, payout.net)]
    if payout.fee.amount > 0:
        legs.append(
            Transfer(accounts.payout(payout.user_id), accounts.PLATFORM_PAYOUT_FEES, payout.fee)
        )
    return book.post(f"{payout.cause}:paid", payout.cause, legs, at, "payout paid")


def post_returned_after_paid(book: LedgerStore, payout: PayoutRequest, at: DateTime) -> Entry:
    """The provider gave a paid payout back: the net comes back in, the fee is refunded."""
    wallet = accounts.available(payout.user_id)
    legs = [Transfer(accounts.WORLD, wallet, payout.net)]
    if payout.fee.amount > 0:
        legs.append(Transfer(accounts.PLATFORM_PAYOUT_FEES, wallet, payout.fee))
    return book.post(f"{payout.cause}:returned", payout.cause, legs, at, "payout returned")


def post_repayment(book: LedgerStore, debt: Debt, amount: Money, at: DateTime) -> Entry:
    """Part of a debt repaid from the user's cash account: the money goes to the operator
    (``platform:recoveries``) and the same amount of the receivable is closed."""
    return book.post(
        f"debt:{debt.id}:repay:{debt.repayments + 1}",
        f"debt:{debt.id}",
        [
            Transfer(accounts.available(debt.user_id), accounts.PLATFORM_RECOVERIES, amount),
            Transfer(accounts.debt(debt.user_id), accounts.WORLD, amount),
        ],
        at,
        f"debt repayment ({debt.cause})",
    )


def _owner(account: str) -> tuple[str, str] | None:
    """``("anna", "available")`` for ``user:anna:available``; None for other accounts."""
    kind, _, rest = account.partition(":")
    if kind != "user":
        return None
    user_id, _, bucket = rest.rpartition(":")
    return (user_id, bucket) if user_id else None
