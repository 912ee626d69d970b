"""Wallets, deposits and payouts: the user's cash account, checked in and checked out.

Every user has a cash account (``user:{id}:available``, Web Park). Money enters it as a
*deposit* (announced, then confirmed by the payment provider or by an admin who reconciles it
against the provider's receipts) or as earnings released from an order; it leaves it as an order
paid from the wallet or as a *payout* to a PayPal address or a bank account (MicrojobEngine:
"B has to complete the information first in order to withdraw the money").

The rules live here as frozen records and pure functions; `microjob.services.payouts` and
`microjob.services.wallet` apply them inside units of work. The shapes, and why:

* [`Deposit`][microjob.payouts.Deposit] — ``announced → confirmed | rejected`` (and ``confirmed →
  reversed`` when the provider takes the money back). The announced amount sits in
  ``user:{id}:incoming`` so the user sees it but cannot spend it before it is confirmed.
* [`PayPal`][microjob.payouts.PayPal] and [`BankAccount`][microjob.payouts.BankAccount] — payout
  details validated on construction (e-mail syntax; IBAN country length and ISO 7064 mod-97 check
  digits; BIC format; holder name), so an invalid one cannot exist. Their ``repr`` and every view
  handed out ([`MaskedMethod`][microjob.payouts.MaskedMethod], events) show only the last four
  characters: details leak through logs more than anywhere.
* [`PayoutRequest`][microjob.payouts.PayoutRequest] — ``requested → approved → sent → paid |
  failed``; ``requested → held_for_review`` when the source-of-funds check finds money that does not
  trace back to confirmed money; ``requested | held_for_review → rejected | cancelled``. The
  amount moves to ``user:{id}:payout`` the moment it is requested, so two requests can never
  spend the same money, and every way out that does not pay returns all of it.
* [`Debt`][microjob.payouts.Debt] — what a user owes after a charge reversal took back money that
  had already left (a receivable in ``user:{id}:debt``, never a negative ``available``); repaid
  first from the user's next earnings.

[`trace_sources`][microjob.payouts.trace_sources] is Web Park's "funds received from other users
must be verified and confirmed based on deposits ... for all users who transfer to the withdrawing
user": it walks the ledger's cause references from the user's wallet back to confirmed provider
charges and confirmed deposits, through the wallets of the buyers who paid from theirs. It only
follows index lookups (``entries_for``, ``entries_for_cause``, ``entry``), so its cost is the traced
history, never the size of the ledger.

The package holds one concept per module: ``microjob.payouts.methods`` (payout details),
``microjob.payouts.records`` (deposits, payout requests, debts and their lifecycles),
``microjob.payouts.terms`` (fees, minimums, arrival), ``microjob.payouts.entries``
(ledger entries), ``microjob.payouts.clawbacks`` (charge reversals),
``microjob.payouts.sources`` (the source-of-funds check) and
``microjob.payouts.statements`` (statements and projections).
"""

from __future__ import annotations

# isort: off
# In reading order: the API reference lists these members in the order they are imported.
from microjob.lifecycle import Step
from microjob.payouts.methods import (
    mask,
    check_iban,
    check_bic,
    check_holder,
    check_email,
    MethodKind,
    PayPal,
    BankAccount,
    PayoutMethod,
    MaskedMethod,
    StoredMethod,
)
from microjob.payouts.records import (
    AD as AD,
    SY as SY,
    OW as OW,
    DepositState,
    DEPOSIT_LIFECYCLE,
    Deposit,
    PayoutState,
    P as P,
    RESERVED,
    PAYOUT_LIFECYCLE,
    SourceProblem,
    PayoutRequest,
    DebtState,
    Debt,
    move_deposit,
    move_payout,
)
from microjob.payouts.terms import (
    payout_fee,
    payout_terms,
    expected_arrival,
)
from microjob.payouts.entries import (
    post_deposit_announced,
    post_deposit_confirmed,
    post_deposit_rejected,
    post_reserve,
    post_return,
    post_paid,
    post_returned_after_paid,
    post_repayment,
)
from microjob.payouts.clawbacks import (
    Clawback,
    plan_clawback,
    post_clawback,
)
from microjob.payouts.sources import (
    SourceCheck,
    trace_sources,
)
from microjob.payouts.statements import (
    StatementLine,
    StatementPeriod,
    Statement,
    build_statement,
    ProjectionRow,
    PayoutProjection,
    sum_money,
)
# isort: on

__all__ = [
    "DEPOSIT_LIFECYCLE",
    "PAYOUT_LIFECYCLE",
    "RESERVED",
    "BankAccount",
    "Clawback",
    "Debt",
    "DebtState",
    "Deposit",
    "DepositState",
    "MaskedMethod",
    "MethodKind",
    "PayPal",
    "PayoutMethod",
    "PayoutProjection",
    "PayoutRequest",
    "PayoutState",
    "ProjectionRow",
    "SourceCheck",
    "SourceProblem",
    "Statement",
    "StatementLine",
    "StatementPeriod",
    "Step",
    "StoredMethod",
    "build_statement",
    "check_bic",
    "check_email",
    "check_holder",
    "check_iban",
    "expected_arrival",
    "mask",
    "move_deposit",
    "move_payout",
    "payout_fee",
    "payout_terms",
    "plan_clawback",
    "post_clawback",
    "post_deposit_announced",
    "post_deposit_confirmed",
    "post_deposit_rejected",
    "post_paid",
    "post_repayment",
    "post_reserve",
    "post_return",
    "post_returned_after_paid",
    "sum_money",
    "trace_sources",
]
