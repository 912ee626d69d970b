"""Job requests: the buyer describes the job, sellers make offers, the buyer picks one.

KiwiGigs runs the marketplace the other way round from a catalogue: a customer posts
a job request with a budget and a deadline; experts apply with an offer (price, delivery time,
a message), or the customer invites experts, who then send their offer; the customer compares
the offers with each expert's rating and review count and accepts one. The accepted offer
becomes an ordinary order under the marketplace's payment mode (escrow, or KiwiGigs's booking
fee with the price settled directly); the other offers are closed and their senders told.

Two records, each with a lifecycle declared once::

    JobRequest:  open ─award→ awarded      Offer:  open ─accept→ accepted
                   ├─cancel→ cancelled                ├─decline→ declined   (the buyer)
                   └─expire→ expired                  ├─withdraw→ withdrawn (the seller)
                                                      └─close→ closed       (request closed)

A request takes offers and acceptance until its deadline;
[`Marketplace.run_due`][microjob.marketplace.Marketplace.run_due] expires it then, and a command
arriving after the deadline is refused even if no scheduler ran yet.
"""

from __future__ import annotations

from typing import Any

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.lifecycle import Lifecycle, Move, Role, Step

__all__ = [
    "OFFER_LIFECYCLE",
    "REQUEST_LIFECYCLE",
    "JobRequest",
    "Offer",
    "OfferState",
    "RequestState",
    "move_offer",
    "move_request",
]


class RequestState:
    OPEN = "open"
    AWARDED = "awarded"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class OfferState:
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


R, OS = RequestState, OfferState

REQUEST_LIFECYCLE = Lifecycle(
    "job request",
    [R.OPEN, R.AWARDED, R.CANCELLED, R.EXPIRED],
    [
        Move.of("award", [R.OPEN], R.AWARDED, {Role.OWNER}),
        Move.of("cancel", [R.OPEN], R.CANCELLED, {Role.OWNER, Role.MODERATOR}),
        Move.of("expire", [R.OPEN], R.EXPIRED, {Role.SYSTEM}),
    ],
)

OFFER_LIFECYCLE = Lifecycle(
    "offer",
    [OS.OPEN, OS.ACCEPTED, OS.DECLINED, OS.WITHDRAWN, OS.CLOSED],
    [
        Move.of("accept", [OS.OPEN], OS.ACCEPTED, {Role.BUYER}),
        Move.of("decline", [OS.OPEN], OS.DECLINED, {Role.BUYER}),
        Move.of("withdraw", [OS.OPEN], OS.WITHDRAWN, {Role.SELLER}),
        Move.of("close", [OS.OPEN], OS.CLOSED, {Role.SYSTEM}),
    ],
)


@attrs.frozen(slots=True)
class JobRequest:
    """A buyer's job request. ``private`` requests take offers only from invited sellers."""

    id: str
    buyer_id: str
    title: str
    description: str
    category: str
    budget: Money
    deadline: DateTime
    posted_at: DateTime
    state: str = R.OPEN
    invited: tuple[str, ...] = ()
    private: bool = False
    accepted_offer_id: str | None = None
    order_id: str | None = None
    closed_at: DateTime | None = None
    contact_masked: bool = False
    history: tuple[Step, ...] = ()
    version: int = 0

    @property
    def currency(self) -> str:
        return self.budget.currency.code

    def is_open_at(self, now: DateTime) -> bool:
        """Open and before its deadline (the scheduler may not have expired it yet)."""
        return self.state == R.OPEN and now < self.deadline

    def role_of(self, user_id: str) -> Role:
        return Role.OWNER if user_id == self.buyer_id else Role.STRANGER


@attrs.frozen(slots=True)
class Offer:
    """A seller's answer to a job request: the price, the delivery time and a message."""

    id: str
    request_id: str
    buyer_id: str
    seller_id: str
    price: Money
    delivery_days: int
    message: str
    sent_at: DateTime
    invited: bool = False
    state: str = OS.OPEN
    order_id: str | None = None
    closed_at: DateTime | None = None
    contact_masked: bool = False
    history: tuple[Step, ...] = ()
    version: int = 0

    def role_of(self, user_id: str) -> Role:
        if user_id == self.buyer_id:
            return Role.BUYER
        if user_id == self.seller_id:
            return Role.SELLER
        return Role.STRANGER


def move_request(
    request: JobRequest,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: Any,
) -> JobRequest:
    """The next version of a request after ``trigger``; every move closes it."""
    return REQUEST_LIFECYCLE.advance(
        request, trigger, role, actor, now, note, closed_at=now, **changes
    )


def move_offer(
    offer: Offer,
    trigger: str,
    role: Role,
    actor: str,
    now: DateTime,
    note: str = "",
    **changes: Any,
) -> Offer:
    """The next version of an offer after ``trigger``; every move closes it."""
    return OFFER_LIFECYCLE.advance(offer, trigger, role, actor, now, note, closed_at=now, **changes)
