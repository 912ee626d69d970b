"""Domain events: what happened, for subscribers that were not part of the command.

Events are collected by the unit of work while a command runs and published through the
[`EventPublisher`][microjob.ports.EventPublisher] only after the command committed, so a subscriber
never hears of something that was rolled back. They are small frozen values with the identity of
what changed and the acting user; subscribers load anything else they need.
"""

from __future__ import annotations

import attrs
from moneyed import Money
from pendulum import DateTime

__all__ = [
    "CancellationDeclined",
    "CancellationRequested",
    "DeadlineExtended",
    "DisputeEscalated",
    "DisputeEvent",
    "DisputeEvidenceAdded",
    "DisputeInfoRequested",
    "DisputeOpened",
    "DisputeResolved",
    "DisputeWithdrawn",
    "Event",
    "ExtensionRequested",
    "FundsCleared",
    "FundsReleased",
    "LatePaymentCredited",
    "LevelChanged",
    "OrderCancelled",
    "OrderCompleted",
    "OrderDelivered",
    "OrderLate",
    "OrderPlaced",
    "OrderRefunded",
    "OrderRefused",
    "OrderStarted",
    "PaymentConfirmed",
    "PaymentFailed",
    "RefundCovered",
    "ReviewPublished",
    "ReviewWritten",
    "RevisionRequested",
    "UserRegistered",
]


@attrs.frozen(slots=True)
class Event:
    """Base of every domain event."""

    at: DateTime
    actor: str

    @property
    def name(self) -> str:
        """The event's type name, e.g. ``OrderPlaced`` (what an outbox row stores)."""
        return type(self).__name__


@attrs.frozen(slots=True)
class UserRegistered(Event):
    user_id: str


@attrs.frozen(slots=True)
class OrderEvent(Event):
    order_id: str


@attrs.frozen(slots=True)
class OrderPlaced(OrderEvent):
    buyer_id: str
    seller_id: str
    price: Money
    state: str


@attrs.frozen(slots=True)
class PaymentConfirmed(OrderEvent):
    amount: Money


@attrs.frozen(slots=True)
class PaymentFailed(OrderEvent):
    reason: str


@attrs.frozen(slots=True)
class LatePaymentCredited(OrderEvent):
    """A payment arrived for an order that had already been cancelled: credited to the buyer."""

    amount: Money


@attrs.frozen(slots=True)
class OrderStarted(OrderEvent):
    due_at: DateTime


@attrs.frozen(slots=True)
class OrderDelivered(OrderEvent):
    delivery_number: int


@attrs.frozen(slots=True)
class RevisionRequested(OrderEvent):
    revisions_used: int


@attrs.frozen(slots=True)
class OrderRefused(OrderEvent):
    reason: str


@attrs.frozen(slots=True)
class OrderLate(OrderEvent):
    due_at: DateTime


@attrs.frozen(slots=True)
class ExtensionRequested(OrderEvent):
    days: int


@attrs.frozen(slots=True)
class DeadlineExtended(OrderEvent):
    due_at: DateTime


@attrs.frozen(slots=True)
class CancellationRequested(OrderEvent):
    refund: Money


@attrs.frozen(slots=True)
class CancellationDeclined(OrderEvent):
    pass


@attrs.frozen(slots=True)
class OrderCancelled(OrderEvent):
    fault: str
    reason: str


@attrs.frozen(slots=True)
class OrderRefunded(OrderEvent):
    """Money went back to the buyer: ``to`` is ``wallet`` or ``original`` (the payment method,
    whose charge is ``reference``)."""

    amount: Money
    to: str
    reference: str = ""


@attrs.frozen(slots=True)
class RefundCovered(OrderEvent):
    """A refund to the card that a chargeback found in flight was refused by the provider:
    the card never had it, the chargeback alone paid the buyer back, so what the chargeback
    took from the buyer for that refund goes back to them. ``key`` is the refund's."""

    key: str
    amount: Money


@attrs.frozen(slots=True)
class OrderCompleted(OrderEvent):
    seller_id: str
    price: Money


@attrs.frozen(slots=True)
class FundsReleased(OrderEvent):
    seller_id: str
    seller_amount: Money
    commission: Money
    fees: Money


@attrs.frozen(slots=True)
class FundsCleared(OrderEvent):
    seller_id: str
    amount: Money


# -- disputes ---------------------------------------------------------------------------------
@attrs.frozen(slots=True)
class DisputeEvent(Event):
    dispute_id: str
    order_id: str


@attrs.frozen(slots=True)
class DisputeOpened(DisputeEvent):
    opener_role: str
    reason: str


@attrs.frozen(slots=True)
class DisputeEvidenceAdded(DisputeEvent):
    attachments: int


@attrs.frozen(slots=True)
class DisputeInfoRequested(DisputeEvent):
    question: str


@attrs.frozen(slots=True)
class DisputeWithdrawn(DisputeEvent):
    pass


@attrs.frozen(slots=True)
class DisputeEscalated(DisputeEvent):
    pass


@attrs.frozen(slots=True)
class DisputeResolved(DisputeEvent):
    """The money followed the ruling: ``buyer + seller + platform == held`` exactly."""

    outcome: str
    buyer_amount: Money
    seller_amount: Money
    platform_amount: Money
    by_default: bool = False


# -- reviews and reputation --------------------------------------------------------------------
@attrs.frozen(slots=True)
class ReviewWritten(Event):
    review_id: str
    order_id: str
    subject_id: str
    stars: int


@attrs.frozen(slots=True)
class ReviewPublished(Event):
    """A review became public: when written, when the other side wrote (double-blind) or when
    the window closed. Ratings count reviews from here, on the day they were written."""

    review_id: str
    subject_id: str
    stars: int
    written_at: DateTime


@attrs.frozen(slots=True)
class LevelChanged(Event):
    """A seller was promoted or demoted by the level rules (``direction``: up or down)."""

    user_id: str
    old_level: str
    new_level: str
    direction: str


# -- wallets: deposits, payouts, charge reversals and debts ---------------------------------------
# Payout details never appear here in full: a method is named by its kind and its last four
# characters, so an outbox row or a log line cannot leak an IBAN or an e-mail address.
@attrs.frozen(slots=True)
class DepositEvent(Event):
    deposit_id: str
    user_id: str
    amount: Money


@attrs.frozen(slots=True)
class DepositAnnounced(DepositEvent):
    through_gateway: bool


@attrs.frozen(slots=True)
class DepositConfirmed(DepositEvent):
    """The money is in the user's available balance (the provider or an admin confirmed it)."""


@attrs.frozen(slots=True)
class DepositRejected(DepositEvent):
    reason: str


@attrs.frozen(slots=True)
class PayoutMethodAdded(Event):
    method_id: str
    user_id: str
    kind: str
    last4: str


@attrs.frozen(slots=True)
class PayoutMethodRemoved(Event):
    method_id: str
    user_id: str
    kind: str
    last4: str


@attrs.frozen(slots=True)
class PayoutEvent(Event):
    payout_id: str
    user_id: str
    amount: Money


@attrs.frozen(slots=True)
class PayoutRequested(PayoutEvent):
    method_kind: str
    last4: str
    fee: Money


@attrs.frozen(slots=True)
class PayoutApproved(PayoutEvent):
    expected_at: DateTime
    automatic: bool


@attrs.frozen(slots=True)
class PayoutHeld(PayoutEvent):
    """The source-of-funds check (or an open debt) stopped the payout; an admin reviews it."""

    problems: tuple[str, ...]


@attrs.frozen(slots=True)
class PayoutRejected(PayoutEvent):
    reason: str


@attrs.frozen(slots=True)
class PayoutCancelled(PayoutEvent):
    pass


@attrs.frozen(slots=True)
class PayoutSent(PayoutEvent):
    reference: str


@attrs.frozen(slots=True)
class PayoutPaid(PayoutEvent):
    net: Money
    fee: Money


@attrs.frozen(slots=True)
class PayoutFailed(PayoutEvent):
    """The provider could not pay (or returned the money): the whole amount is available again."""

    reason: str


@attrs.frozen(slots=True)
class ChargeReversed(Event):
    """The provider took a payment back (``cause`` is ``order:ID`` or ``deposit:ID``).

    ``recovered`` came back out of the platform's books; ``unrecovered`` had already left and
    is owed by the users who received it (see `DebtOpened`).
    """

    cause: str
    amount: Money
    recovered: Money
    unrecovered: Money
    charge: str = ""
    """The provider's reference when the reversed charge is one the order did not take (it was
    credited to the buyer's wallet): an order can see that and its own payment reversed, two
    facts. Empty for an order's own payment and for a deposit."""

    @property
    def reversal(self) -> str:
        """What was reversed: the cause, or the cause's extra charge."""
        return f"{self.cause}:charge:{self.charge}" if self.charge else self.cause


@attrs.frozen(slots=True)
class DebtOpened(Event):
    debt_id: str
    user_id: str
    cause: str
    amount: Money


@attrs.frozen(slots=True)
class DebtRepaid(Event):
    debt_id: str
    user_id: str
    amount: Money
    remaining: Money


@attrs.frozen(slots=True)
class DebtCancelled(Event):
    """Part of a debt turned out not to be owed (``amount``; see
    [`Debt.cancelled`][microjob.payouts.Debt.cancelled]); ``returned`` of it had been repaid
    and went back to the user's wallet."""

    debt_id: str
    user_id: str
    amount: Money
    returned: Money
    remaining: Money


__all__ += [
    "ChargeReversed",
    "DebtCancelled",
    "DebtOpened",
    "DebtRepaid",
    "DepositAnnounced",
    "DepositConfirmed",
    "DepositEvent",
    "DepositRejected",
    "PayoutApproved",
    "PayoutCancelled",
    "PayoutEvent",
    "PayoutFailed",
    "PayoutHeld",
    "PayoutMethodAdded",
    "PayoutMethodRemoved",
    "PayoutPaid",
    "PayoutRejected",
    "PayoutRequested",
    "PayoutSent",
]


@attrs.frozen(slots=True)
class ChatEvent(Event):
    conversation_id: str


@attrs.frozen(slots=True)
class ConversationStarted(ChatEvent):
    first_id: str
    second_id: str
    subject: str | None


@attrs.frozen(slots=True)
class MessageDelivered(ChatEvent):
    """A message reached its recipient (at once, or when a moderator approved it)."""

    message_id: str
    sender_id: str
    recipient_id: str
    attachments: int
    flagged: bool


@attrs.frozen(slots=True)
class MessageHeld(ChatEvent):
    """A flagged message waits in the moderation queue (policy HOLD)."""

    message_id: str
    sender_id: str
    flags: tuple[str, ...]


@attrs.frozen(slots=True)
class MessageBlocked(ChatEvent):
    """A message with contact details was refused (policy BLOCK); the attempt is on record."""

    message_id: str
    sender_id: str
    flags: tuple[str, ...]


@attrs.frozen(slots=True)
class MessageApproved(ChatEvent):
    message_id: str
    sender_id: str
    masked: bool


@attrs.frozen(slots=True)
class MessageRejected(ChatEvent):
    message_id: str
    sender_id: str
    reason: str


@attrs.frozen(slots=True)
class MessagesRead(ChatEvent):
    """The read receipt moved: ``reader_id`` has read ``read`` of the messages sent to them."""

    reader_id: str
    read: int
    up_to: str | None


@attrs.frozen(slots=True)
class ContactStrikeCounted(Event):
    """A user was caught sharing contact details again (``strikes`` so far), for reputation."""

    user_id: str
    strikes: int
    message_id: str
    flags: tuple[str, ...]


__all__ += [
    "ChatEvent",
    "ContactStrikeCounted",
    "ConversationStarted",
    "MessageApproved",
    "MessageBlocked",
    "MessageDelivered",
    "MessageHeld",
    "MessageRejected",
    "MessagesRead",
]


# -- catalogue: service cards (microjob.catalog) -------------------------------------------------
# A search index follows these: a card becomes findable on ListingPublished and stops being
# findable on ListingPaused, ListingArchived or an edit that sends it back to review.
@attrs.frozen(slots=True)
class ListingEvent(Event):
    listing_id: str
    seller_id: str


@attrs.frozen(slots=True)
class ListingCreated(ListingEvent):
    category: str


@attrs.frozen(slots=True)
class ListingSubmitted(ListingEvent):
    """The card waits for a moderator (policy ``listing_moderation``)."""


@attrs.frozen(slots=True)
class ListingPublished(ListingEvent):
    """The card is visible, findable and orderable (approved, resumed or published at once)."""


@attrs.frozen(slots=True)
class ListingRejected(ListingEvent):
    reason: str


@attrs.frozen(slots=True)
class ListingEdited(ListingEvent):
    """The card's content changed; ``state`` is where the edit left it."""

    state: str


@attrs.frozen(slots=True)
class ListingPaused(ListingEvent):
    pass


@attrs.frozen(slots=True)
class ListingArchived(ListingEvent):
    pass


# -- job requests, offers and invitations (microjob.requests) ------------------------------------
@attrs.frozen(slots=True)
class JobRequestEvent(Event):
    request_id: str


@attrs.frozen(slots=True)
class JobRequestPosted(JobRequestEvent):
    buyer_id: str
    category: str
    budget: Money


@attrs.frozen(slots=True)
class JobRequestEdited(JobRequestEvent):
    pass


@attrs.frozen(slots=True)
class SellerInvited(JobRequestEvent):
    seller_id: str


@attrs.frozen(slots=True)
class OfferSent(JobRequestEvent):
    offer_id: str
    seller_id: str
    price: Money
    delivery_days: int
    invited: bool


@attrs.frozen(slots=True)
class OfferWithdrawn(JobRequestEvent):
    offer_id: str
    seller_id: str


@attrs.frozen(slots=True)
class OfferDeclined(JobRequestEvent):
    offer_id: str
    seller_id: str


@attrs.frozen(slots=True)
class OfferAccepted(JobRequestEvent):
    """The buyer chose this offer; ``order_id`` is the order placed for it in the same step."""

    offer_id: str
    seller_id: str
    order_id: str


@attrs.frozen(slots=True)
class JobRequestClosed(JobRequestEvent):
    """The request stopped taking offers: ``outcome`` is awarded, cancelled or expired;
    ``closed_offers`` counts the other open offers closed with it."""

    outcome: str
    closed_offers: int


__all__ += [
    "JobRequestClosed",
    "JobRequestEdited",
    "JobRequestEvent",
    "JobRequestPosted",
    "ListingArchived",
    "ListingCreated",
    "ListingEdited",
    "ListingEvent",
    "ListingPaused",
    "ListingPublished",
    "ListingRejected",
    "ListingSubmitted",
    "OfferAccepted",
    "OfferDeclined",
    "OfferSent",
    "OfferWithdrawn",
    "SellerInvited",
]
