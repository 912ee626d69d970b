"""Deposits, payout requests and debts: the wallet's records and the moves between states.

Each record is frozen; a move ([`move_deposit`][microjob.payouts.records.move_deposit],
[`move_payout`][microjob.payouts.records.move_payout]) checks the trigger and the actor's role
against the record's lifecycle and returns the next version with the step appended to its history,
so every state a deposit or payout went through is on record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, TypeVar

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.lifecycle import Lifecycle, Move, Role, Step
from microjob.money import plain

AD, SY, OW = Role.ADMIN, Role.SYSTEM, Role.OWNER


class DepositState:
    ANNOUNCED = "announced"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    REVERSED = "reversed"


DEPOSIT_LIFECYCLE = Lifecycle(
    "deposit",
    [DepositState.ANNOUNCED, DepositState.CONFIRMED, DepositState.REJECTED, DepositState.REVERSED],
    [
        Move.of("confirm", [DepositState.ANNOUNCED], DepositState.CONFIRMED, {AD, SY}),
        Move.of("reject", [DepositState.ANNOUNCED], DepositState.REJECTED, {AD, SY}),
        Move.of("reverse", [DepositState.CONFIRMED], DepositState.REVERSED, {SY}),
    ],
)


@attrs.frozen
class Deposit:
    """Money a user puts into their cash account.

    ``provider_status`` is what the payment provider said about the charge (``pending``,
    ``succeeded``, ``failed``, ``reversed`` when its reversal came before any success,
    ``unknown`` after a timeout; empty for a deposit made outside the gateway, e.g. a bank wire
    an admin reconciles by hand).
    """

    id: str
    user_id: str
    amount: Money
    state: str
    announced_at: DateTime
    through_gateway: bool = True
    reference: str = ""
    provider_status: str = ""
    decided_by: str | None = None
    decided_at: DateTime | None = None
    reason: str = ""
    history: tuple[Step, ...] = ()
    version: int = 0

    @property
    def currency(self) -> str:
        return self.amount.currency.code

    @property
    def cause(self) -> str:
        return f"deposit:{self.id}"


class PayoutState:
    REQUESTED = "requested"
    HELD_FOR_REVIEW = "held_for_review"
    APPROVED = "approved"
    SENT = "sent"
    PAID = "paid"
    FAILED = "failed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


P = PayoutState
RESERVED: Final = frozenset({P.REQUESTED, P.HELD_FOR_REVIEW, P.APPROVED, P.SENT})
"""States in which the payout's amount sits in ``user:{id}:payout``."""

PAYOUT_LIFECYCLE = Lifecycle(
    "payout",
    [P.REQUESTED, P.HELD_FOR_REVIEW, P.APPROVED, P.SENT, P.PAID, P.FAILED, P.REJECTED, P.CANCELLED],
    [
        Move.of("approve", [P.REQUESTED], P.APPROVED, {AD, SY}),
        Move.of("hold", [P.REQUESTED], P.HELD_FOR_REVIEW, {AD, SY}),
        Move.of("release", [P.HELD_FOR_REVIEW], P.APPROVED, {AD}),
        Move.of("reject", [P.REQUESTED, P.HELD_FOR_REVIEW], P.REJECTED, {AD}),
        Move.of("cancel", [P.REQUESTED, P.HELD_FOR_REVIEW], P.CANCELLED, {OW}),
        Move.of("send", [P.APPROVED], P.SENT, {SY}),
        Move.of("pay", [P.SENT], P.PAID, {SY}),
        # A provider may also give a payout back after calling it paid (a closed account).
        Move.of("fail", [P.APPROVED, P.SENT, P.PAID], P.FAILED, {SY}),
    ],
)


@attrs.frozen
class SourceProblem:
    """One ledger entry whose money does not trace back to confirmed money."""

    user_id: str
    """Whose wallet the entry credited (the withdrawing user, or someone who paid them)."""
    entry_key: str
    cause: str
    amount: Money
    reason: str

    def __str__(self) -> str:
        return f"{self.entry_key} ({plain(self.amount)} to {self.user_id}): {self.reason}"


@attrs.frozen
class PayoutRequest:
    """A user's request to withdraw ``amount`` from their cash account.

    ``fee`` is kept by the platform when the payout is paid, so ``net`` is what arrives; a
    payout that does not get paid (rejected, cancelled, failed) returns the whole ``amount``.
    The method is named by id, kind and last four characters only.
    """

    id: str
    user_id: str
    method_id: str
    method_kind: str
    last4: str
    amount: Money
    fee: Money
    state: str
    requested_at: DateTime
    expected_at: DateTime | None = None
    decided_by: str | None = None
    decided_at: DateTime | None = None
    automatic: bool = False
    sent_at: DateTime | None = None
    paid_at: DateTime | None = None
    reference: str = ""
    reason: str = ""
    review: tuple[SourceProblem, ...] = ()
    history: tuple[Step, ...] = ()
    version: int = 0

    @property
    def net(self) -> Money:
        return self.amount - self.fee

    @property
    def currency(self) -> str:
        return self.amount.currency.code

    @property
    def cause(self) -> str:
        return f"payout:{self.id}"

    @property
    def reserved(self) -> bool:
        """Whether the amount is still held in ``user:{id}:payout``."""
        return self.state in RESERVED


class DebtState:
    OPEN = "open"
    SETTLED = "settled"


@attrs.frozen
class Debt:
    """What a user owes after a reversal took back money they had already received.

    ``cause`` is the reversed ``order:ID`` or ``deposit:ID``. Repaid from the user's next
    earnings before they can withdraw again.
    """

    id: str
    user_id: str
    cause: str
    amount: Money
    repaid: Money
    state: str
    opened_at: DateTime
    settled_at: DateTime | None = None
    repayments: int = 0
    version: int = 0
    cancelled: Money | None = None
    """The part of ``amount`` found later not to be owed: it was owed for a refund to the card
    in flight when the chargeback came, which the provider then refused (see
    [`Chargebacks.refund_covered`][microjob.services.chargebacks.Chargebacks.refund_covered])."""

    @property
    def remaining(self) -> Money:
        left = self.amount - self.repaid
        return left if self.cancelled is None else left - self.cancelled

    @property
    def currency(self) -> str:
        return self.amount.currency.code


_R = TypeVar("_R", Deposit, PayoutRequest)


def _move(
    record: _R,
    lifecycle: Lifecycle,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str,
    changes: Mapping[str, object],
) -> _R:
    return lifecycle.advance(record, trigger, role, actor, now, note, **changes)


def move_deposit(
    deposit: Deposit,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: object,
) -> Deposit:
    """The next version of ``deposit`` after ``trigger`` (raises when the move is not allowed)."""
    return _move(deposit, DEPOSIT_LIFECYCLE, trigger, role, actor, now, note, changes)


def move_payout(
    payout: PayoutRequest,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: object,
) -> PayoutRequest:
    """The next version of ``payout`` after ``trigger`` (raises when the move is not allowed)."""
    return _move(payout, PAYOUT_LIFECYCLE, trigger, role, actor, now, note, changes)
