"""The Dispute aggregate: either side takes an order to the operator, an admin rules.

MicrojobEngine lets the buyer "quit" and the seller "close" an order with a reason; Jobindoor lets
either side open a dispute and the operator decide, keeping its 10 % in every case; Web Park's
"Refuse" sends a delivery to the operator too. A dispute is a frozen record with its own
lifecycle (declared once in [`LIFECYCLE`][microjob.chat.LIFECYCLE]); the order it is about sits in
``disputed`` with its timers paused until the dispute is withdrawn (the order resumes where it was,
with the time it had left) or ruled (the order closes and the money follows the ruling exactly).

[`ruling_parts`][microjob.disputes.ruling_parts] is the money rule: how the escrow is divided
between buyer, seller and platform under the policy's dispute-fee rule, computed with
[`allocate`][microjob.money.allocate] and [`percent`][microjob.money.percent] so the parts always
add up to the escrow to the cent.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.errors import ValidationError
from microjob.lifecycle import Lifecycle, Move, Role, Step
from microjob.money import allocate, as_money, rate, to_minor, zero
from microjob.orders import Attachment, Order
from microjob.policies import DisputeFee, PaymentMode

__all__ = [
    "LIFECYCLE",
    "Dispute",
    "DisputeState",
    "Evidence",
    "Outcome",
    "Parts",
    "Ruling",
    "ruling_parts",
]


class DisputeState:
    OPEN = "open"
    ANSWERED = "answered"
    AWAITING_INFO = "awaiting_info"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


D = DisputeState
LIVE = (D.OPEN, D.ANSWERED, D.AWAITING_INFO)
B, SE, AD, SY = Role.BUYER, Role.SELLER, Role.ADMIN, Role.SYSTEM

LIFECYCLE = Lifecycle(
    "dispute",
    [D.OPEN, D.ANSWERED, D.AWAITING_INFO, D.RESOLVED, D.WITHDRAWN],
    [
        Move.of("answer", [D.OPEN], D.ANSWERED, {B, SE}),
        Move.of("request_info", [D.OPEN, D.ANSWERED], D.AWAITING_INFO, {AD}),
        Move.of("provide_info", [D.AWAITING_INFO], D.ANSWERED, {B, SE}),
        Move.of("rule", LIVE, D.RESOLVED, {AD}),
        Move.of("default", [D.OPEN], D.RESOLVED, {SY}),
        Move.of("withdraw", LIVE, D.WITHDRAWN, {B, SE}),
    ],
)


class Outcome(enum.Enum):
    REFUND_BUYER = "refund_buyer"
    RELEASE_TO_SELLER = "release_to_seller"
    SPLIT = "split"


@attrs.frozen
class Ruling:
    """An admin's decision (or the outcome an opener asks for).

    ``split`` takes either ``buyer_share`` (a fraction of the price, ``"0.4"``) or
    ``buyer_amount`` (part of the price, in the order's currency), never both.
    """

    outcome: Outcome
    reason: str
    buyer_share: Decimal | None = None
    buyer_amount: Money | None = None

    @classmethod
    def refund_buyer(cls, reason: str) -> Ruling:
        return cls(Outcome.REFUND_BUYER, reason)

    @classmethod
    def release_to_seller(cls, reason: str) -> Ruling:
        return cls(Outcome.RELEASE_TO_SELLER, reason)

    @classmethod
    def split(
        cls,
        reason: str,
        *,
        buyer_share: Decimal | str | None = None,
        buyer_amount: Money | None = None,
    ) -> Ruling:
        if (buyer_share is None) == (buyer_amount is None):
            raise ValidationError("a split needs exactly one of buyer_share or buyer_amount")
        share = None
        if buyer_share is not None:
            share = rate(buyer_share, what="buyer_share")
            if share > 1:
                raise ValidationError(f"buyer_share is a fraction of the price (0..1), got {share}")
        return cls(Outcome.SPLIT, reason, share, buyer_amount)


@attrs.frozen(slots=True)
class Evidence:
    """A statement with files, by a party or an admin."""

    by: str
    role: Role
    at: DateTime
    text: str
    attachments: tuple[Attachment, ...] = ()


@attrs.frozen(slots=True)
class Dispute:
    id: str
    order_id: str
    buyer_id: str
    seller_id: str
    opened_by: str
    opener_role: Role
    reason: str
    requested: Ruling
    state: str
    opened_at: DateTime
    respond_by: DateTime | None = None
    escalate_at: DateTime | None = None
    escalated: bool = False
    evidence: tuple[Evidence, ...] = ()
    ruling: Ruling | None = None
    ruled_by: str | None = None
    closed_at: DateTime | None = None
    history: tuple[Step, ...] = ()
    version: int = 0

    @property
    def is_live(self) -> bool:
        return self.state in LIVE

    def role_of(self, user_id: str) -> Role:
        if user_id == self.buyer_id:
            return Role.BUYER
        if user_id == self.seller_id:
            return Role.SELLER
        return Role.STRANGER

    def other_party(self) -> str:
        return self.seller_id if self.opener_role is Role.BUYER else self.buyer_id


def move(
    dispute: Dispute,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: object,
) -> Dispute:
    """The next version of ``dispute`` after ``trigger``; raises when the move is not allowed."""
    return LIFECYCLE.advance(dispute, trigger, role, actor, now, note, **changes)


def note(
    dispute: Dispute, what: str, actor: str, now: DateTime, text: str, **changes: object
) -> Dispute:
    """A step that keeps the state (evidence, escalation)."""
    step = Step(now, what, actor, dispute.state, dispute.state, text)
    return attrs.evolve(
        dispute,
        history=(*dispute.history, step),
        version=dispute.version + 1,
        **changes,  # type: ignore[arg-type]
    )


@attrs.frozen
class Parts:
    """How a ruling divides what the platform holds for an order.

    ``buyer + seller + commission + fees + dispute_fee == held``, always.
    """

    held: Money
    buyer: Money
    seller: Money
    commission: Money
    fees: Money
    dispute_fee: Money

    @property
    def total(self) -> Money:
        return self.buyer + self.seller + self.commission + self.fees + self.dispute_fee


def _price_split(order: Order, ruling: Ruling) -> tuple[Money, Money]:
    """(buyer's part of the price, seller's part of the price)."""
    price = order.price
    nothing = zero(order.currency)
    if ruling.outcome is Outcome.REFUND_BUYER:
        return price, nothing
    if ruling.outcome is Outcome.RELEASE_TO_SELLER:
        return nothing, price
    if ruling.buyer_amount is not None:
        amount = as_money(ruling.buyer_amount, order.currency, what="buyer_amount")
        if amount.amount < 0 or amount > price:
            raise ValidationError(
                f"buyer_amount must lie between 0 and the price {price.amount} "
                f"{order.currency}, got {amount.amount}"
            )
        return amount, price - amount
    assert ruling.buyer_share is not None
    share = ruling.buyer_share
    buyer, seller = allocate(price, [share, Decimal(1) - share])
    return buyer, seller


def _split_pool(pool: Money, buyer_part: Money, seller_part: Money) -> tuple[Money, Money]:
    """Divide ``pool`` in proportion to the two parts of the price (exact, largest remainder)."""
    weights = [to_minor(buyer_part), to_minor(seller_part)]
    if sum(weights) == 0:
        return pool, zero(pool.currency)
    buyer, seller = allocate(pool, weights)
    return buyer, seller


def ruling_parts(order: Order, ruling: Ruling) -> Parts:
    """Divide the escrow under the order's policy (see `DisputeFee`).

    The buyer's service fee goes back only on a full refund under ``refund_buyer_fee``;
    otherwise the platform keeps it, as it does on a normal completion.
    """
    policy = order.policy
    held = order.escrow_total
    nothing = zero(order.currency)
    if policy.payment_mode is PaymentMode.DIRECT:
        # The platform holds only its booking fee; the price was settled between the parties.
        if ruling.outcome is Outcome.REFUND_BUYER and policy.refund_buyer_fee:
            return Parts(held, held, nothing, nothing, nothing, nothing)
        return Parts(held, nothing, nothing, nothing, held, nothing)
    buyer_part, seller_part = _price_split(order, ruling)
    fee_back = ruling.outcome is Outcome.REFUND_BUYER and policy.refund_buyer_fee
    fees = nothing if fee_back else order.buyer_fee
    refund_fee = order.buyer_fee if fee_back else nothing
    dispute_fee = nothing
    rule = policy.dispute_fee
    if rule is DisputeFee.COMMISSION_ALWAYS:
        commission = policy.commission(order.price)
        buyer, seller = _split_pool(order.price - commission, buyer_part, seller_part)
    elif rule is DisputeFee.FIXED:
        assert policy.dispute_fee_amount is not None
        dispute_fee = min(policy.dispute_fee_amount, order.price)
        buyer, seller_gross = _split_pool(order.price - dispute_fee, buyer_part, seller_part)
        commission = policy.commission(seller_gross)
        seller = seller_gross - commission
    else:
        commission = policy.commission(seller_part)
        buyer, seller = buyer_part, seller_part - commission
    parts = Parts(held, buyer + refund_fee, seller, commission, fees, dispute_fee)
    assert parts.total == held, parts
    return parts
