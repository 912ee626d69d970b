"""Job-request commands of the Marketplace facade (rules in :mod:`microjob.requests`).

Accepting an offer places the order in the same unit of work that awards the request, accepts
the offer and closes the others, so either all of it happened or none of it: there is never an
order without its awarded request, nor an awarded request without its order. The gateway is
charged after that commit, as for any order (:meth:`Marketplace.place_order`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pendulum
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob.catalog import MAX_DESCRIPTION, MAX_TITLE, check_description, check_title
from microjob.context import Context
from microjob.errors import (
    Conflict,
    InvalidTransition,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)
from microjob.intake import Intake
from microjob.lifecycle import Role
from microjob.money import as_money, plain, require_positive
from microjob.orders import Order, OrderState, Step
from microjob.ports import Notification, RecordRepository, UnitOfWork
from microjob.reputation import ReputationRules
from microjob.requests import (
    REQUEST_LIFECYCLE,
    JobRequest,
    Offer,
    OfferState,
    RequestState,
    move_offer,
    move_request,
)
from microjob.reviews import rating_of
from microjob.services.listings import ListingService
from microjob.services.reputation import _levels
from microjob.services.reviews import _reviews
from microjob.users import SYSTEM, Viewer

if TYPE_CHECKING:
    from microjob.services.listings import ListingService
    from microjob.services.orders import OrderService
__all__ = ["OfferView", "RequestService"]

R, OS = RequestState, OfferState
MAX_MESSAGE = 5_000
_OFFER_SORTS = ("sent", "price", "rating")


def _requests(uow: UnitOfWork) -> RecordRepository[JobRequest]:
    return uow.records("job_request", JobRequest, index=("buyer_id", "state"))


def _offers(uow: UnitOfWork) -> RecordRepository[Offer]:
    return uow.records("offer", Offer, index=("request_id", "seller_id", "state"))


@attrs.frozen
class OfferView:
    """An offer as the buyer compares it: with the seller's name, rating and review count,
    level, and whether it fits the budget and the deadline."""

    offer: Offer
    seller_name: str
    rating: Decimal | None
    """Mean stars of the seller's public reviews (None before the first review)."""
    bayesian_rating: Decimal
    """The rating pulled towards the policy's prior: fairer between few and many reviews."""
    review_count: int
    seller_level: str
    within_budget: bool
    meets_deadline: bool
    """Delivered by the request's deadline if started now."""


def _deadline(value: object, now: DateTime) -> DateTime:
    if isinstance(value, DateTime):
        at = value
    elif isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValidationError("deadline must carry a time zone (e.g. UTC), got a naive time")
        at = pendulum.instance(value)
    else:
        raise ValidationError(f"deadline must be a date and time, got {value!r}")
    if at.utcoffset() is None:
        raise ValidationError("deadline must carry a time zone (e.g. UTC), got a naive time")
    if at <= now:
        raise ValidationError(
            f"deadline {at.isoformat()} has passed; give a time after {now.isoformat()}"
        )
    return at.in_timezone("UTC")


def _days(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"delivery_days must be a whole number of days >= 1, got {value!r}")
    return value


class RequestService:
    """Post job requests, invite sellers, send and compare offers, accept one.

    Built on the catalogue: requests use its categories and its contact screening, and a buyer
    typically invites sellers whose cards they found.
    """

    def __init__(
        self,
        ctx: Context,
        *,
        orders: OrderService,
        listings: ListingService,
        reputation_rules: ReputationRules,
    ) -> None:
        self.ctx = ctx
        self.orders = orders
        self.listings = listings
        self.reputation_rules = reputation_rules

    # -- helpers ---------------------------------------------------------------------------------
    def _budget(self, value: Money | Decimal | str | int) -> Money:
        amount = require_positive(
            as_money(value, self.ctx.policy.currency, what="budget"), "budget"
        )
        self.ctx.policy.check_currency(amount, "budget")
        self.ctx.policy.check_bounds(price=amount, what="budget")
        return amount

    def _still_open(self, request: JobRequest, now: DateTime, doing: str) -> None:
        if request.state != R.OPEN:
            raise PolicyViolation(
                f"job request {request.id} is {request.state}; {doing} only while it is open"
            )
        if now >= request.deadline:
            raise PolicyViolation(
                f"job request {request.id} passed its deadline ({request.deadline.isoformat()}); "
                f"{doing} only before it"
            )

    def _owner_or_admin(self, uow: UnitOfWork, request: JobRequest, actor: str) -> Role:
        if actor == request.buyer_id:
            return Role.OWNER
        if self.ctx.is_admin(uow, actor):
            return Role.MODERATOR
        raise PermissionDenied(
            f"only the buyer who posted job request {request.id} (or an admin) may do this"
        )

    def _request_command(
        self,
        request_id: str,
        actor: str,
        apply: Callable[[UnitOfWork, JobRequest, DateTime], JobRequest],
        intake: Intake | None = None,
    ) -> JobRequest:
        with self.ctx.uow() as uow:
            repo = _requests(uow)
            request = repo.get(request_id)
            now = self.ctx.clock.now()
            new = apply(uow, request, now)
            if new is not request:
                repo.save(new)
            if intake is not None:
                self.ctx.keep_screened(uow, actor, f"job_request:{request_id}", intake, now)
            self.ctx.commit(uow)
        return new

    def _close_offers(
        self, uow: UnitOfWork, request: JobRequest, now: DateTime, why: str, keep: str = ""
    ) -> int:
        """Close every open offer of the request but ``keep``, telling each sender why."""
        repo = _offers(uow)
        closed = 0
        for offer in repo.where(request_id=request.id, state=OS.OPEN):
            if offer.id == keep:
                continue
            repo.save(move_offer(offer, "close", Role.SYSTEM, SYSTEM, now, why))
            closed += 1
            uow.notify(
                Notification(
                    offer.seller_id,
                    "offer.closed",
                    f"offer:{offer.id}",
                    f"Your offer on {request.title!r} was closed: {why}",
                    now,
                )
            )
        return closed

    # -- the buyer's request -------------------------------------------------------------------
    def post(
        self,
        *,
        actor: str,
        title: str,
        description: str,
        category: str,
        budget: Money | Decimal | str | int,
        deadline: DateTime | datetime,
        private: bool = False,
    ) -> JobRequest:
        """A buyer posts what they need, with a budget and a deadline (KiwiGigs: free).
        ``private`` requests take offers only from sellers the buyer invites."""
        title = check_title(title)
        description = check_description(description)
        category = self.listings.schema.check_category(category)
        amount = self._budget(budget)
        with self.ctx.texts(actor, "job_request") as intake:
            title = intake.text(title, "title", limit=MAX_TITLE, single_line=True)
            description = intake.text(description, "description", limit=MAX_DESCRIPTION)
        with self.ctx.uow() as uow:
            uow.users.get(actor)
            now = self.ctx.clock.now()
            repo = _requests(uow)
            request = JobRequest(
                id=repo.next_id(),
                buyer_id=actor,
                title=title,
                description=description,
                category=category,
                budget=amount,
                deadline=_deadline(deadline, now),
                posted_at=now,
                private=bool(private),
                contact_masked=intake.flagged,
                history=(Step(now, "post", actor, "", R.OPEN),),
            )
            repo.add(request)
            uow.emit(events.JobRequestPosted(now, actor, request.id, actor, category, amount))
            self.ctx.keep_screened(uow, actor, f"job_request:{request.id}", intake, now)
            self.ctx.commit(uow)
        return request

    def edit(
        self,
        request_id: str,
        *,
        actor: str,
        title: str | None = None,
        description: str | None = None,
        category: str | None = None,
        budget: Money | Decimal | str | int | None = None,
        deadline: DateTime | datetime | None = None,
    ) -> JobRequest:
        """The owner changes an open request; sellers with an open offer are told."""
        changes: dict[str, object] = {}
        with self.ctx.texts(actor, f"job_request:{request_id}") as intake:
            if title is not None:
                changes["title"] = intake.text(
                    check_title(title), "title", limit=MAX_TITLE, single_line=True
                )
            if description is not None:
                changes["description"] = intake.text(
                    check_description(description), "description", limit=MAX_DESCRIPTION
                )
        if category is not None:
            changes["category"] = self.listings.schema.check_category(category)
        if budget is not None:
            changes["budget"] = self._budget(budget)
        if not changes and deadline is None:
            raise ValidationError(
                "nothing to change: give title, description, category, budget or deadline"
            )

        def apply(uow: UnitOfWork, request: JobRequest, now: DateTime) -> JobRequest:
            if actor != request.buyer_id:
                raise PermissionDenied(
                    f"only the buyer who posted job request {request_id} edits it"
                )
            if request.state != R.OPEN:
                raise InvalidTransition(
                    "job request", request.state, "edit", REQUEST_LIFECYCLE.allowed(request.state)
                )
            fields = dict(changes)
            if deadline is not None:
                fields["deadline"] = _deadline(deadline, now)
            new = attrs.evolve(
                request,
                history=(*request.history, Step(now, "edit", actor, R.OPEN, R.OPEN)),
                version=request.version + 1,
                **fields,  # type: ignore[arg-type]
            )
            uow.emit(events.JobRequestEdited(now, actor, request.id))
            for offer in _offers(uow).where(request_id=request.id, state=OS.OPEN):
                uow.notify(
                    Notification(
                        offer.seller_id,
                        "job_request.edited",
                        f"job_request:{request.id}",
                        f"The job request {new.title!r} you made an offer on was changed",
                        now,
                    )
                )
            return new

        return self._request_command(request_id, actor, apply, intake)

    def cancel(self, request_id: str, *, actor: str, reason: str = "") -> JobRequest:
        """The owner (or an admin) withdraws an open request; its open offers are closed."""
        with self.ctx.texts(actor, f"job_request:{request_id}") as intake:
            reason = intake.text(reason, "reason", limit=MAX_MESSAGE)

        def apply(uow: UnitOfWork, request: JobRequest, now: DateTime) -> JobRequest:
            role = self._owner_or_admin(uow, request, actor)
            why = reason or "the buyer cancelled the request"
            new = move_request(request, "cancel", role, actor, now, why)
            closed = self._close_offers(uow, request, now, why)
            uow.emit(events.JobRequestClosed(now, actor, request.id, "cancelled", closed))
            return new

        return self._request_command(request_id, actor, apply, intake)

    def invite(
        self, request_id: str, *, actor: str, seller_id: str, message: str = ""
    ) -> JobRequest:
        """The owner invites a seller (seen on their cards, say) to send an offer."""
        with self.ctx.texts(actor, f"job_request:{request_id}") as intake:
            text = intake.text(message, "message", limit=MAX_MESSAGE)

        def apply(uow: UnitOfWork, request: JobRequest, now: DateTime) -> JobRequest:
            if actor != request.buyer_id:
                raise PermissionDenied(
                    f"only the buyer who posted job request {request_id} invites sellers to it"
                )
            self._still_open(request, now, "sellers can be invited")
            if seller_id == request.buyer_id:
                raise ValidationError("a buyer cannot invite themselves to their own request")
            uow.users.get(seller_id)
            if seller_id in request.invited:
                raise Conflict(f"{seller_id} is already invited to job request {request_id}")
            new = attrs.evolve(
                request,
                invited=(*request.invited, seller_id),
                history=(*request.history, Step(now, "invite", actor, R.OPEN, R.OPEN, seller_id)),
                version=request.version + 1,
            )
            uow.emit(events.SellerInvited(now, actor, request.id, seller_id))
            note = f": {text}" if text else ""
            uow.notify(
                Notification(
                    seller_id,
                    "job_request.invited",
                    f"job_request:{request.id}",
                    f"You are invited to make an offer on {request.title!r}{note}",
                    now,
                )
            )
            return new

        return self._request_command(request_id, actor, apply, intake)

    # -- the seller's offer --------------------------------------------------------------------
    def send_offer(
        self,
        request_id: str,
        *,
        actor: str,
        price: Money | Decimal | str | int,
        delivery_days: int,
        message: str = "",
    ) -> Offer:
        """A seller offers to do the job for ``price`` in ``delivery_days``. One open offer per
        seller and request (withdraw it to send another); not on one's own request; on a
        private request only when invited."""
        amount = require_positive(as_money(price, self.ctx.policy.currency, what="price"), "price")
        self.ctx.policy.check_currency(amount)
        days = _days(delivery_days)
        self.ctx.policy.check_bounds(price=amount, delivery_days=days, what="offer price")
        with self.ctx.texts(actor, f"job_request:{request_id}") as intake:
            text = intake.text(message, "message", limit=MAX_MESSAGE)
        masked = intake.flagged
        with self.ctx.uow() as uow:
            uow.users.get(actor)
            request = _requests(uow).get(request_id)
            if actor == request.buyer_id:
                raise PermissionDenied("a seller cannot make an offer on their own job request")
            now = self.ctx.clock.now()
            invited = actor in request.invited
            if request.private and not invited:
                raise PermissionDenied(
                    f"job request {request_id} is private: only invited sellers make offers"
                )
            self._still_open(request, now, "offers are taken")
            repo = _offers(uow)
            mine = repo.where(request_id=request_id, seller_id=actor, state=OS.OPEN)
            if mine:
                raise Conflict(
                    f"{actor} already has an open offer ({mine[0].id}) on job request "
                    f"{request_id}; withdraw it before sending another"
                )
            offer = Offer(
                id=repo.next_id(),
                request_id=request_id,
                buyer_id=request.buyer_id,
                seller_id=actor,
                price=amount,
                delivery_days=days,
                message=text,
                sent_at=now,
                invited=invited,
                contact_masked=masked,
                history=(Step(now, "send", actor, "", OS.OPEN),),
            )
            repo.add(offer)
            self.ctx.keep_screened(uow, actor, f"offer:{offer.id}", intake, now)
            uow.emit(
                events.OfferSent(now, actor, request_id, offer.id, actor, amount, days, invited)
            )
            uow.notify(
                Notification(
                    request.buyer_id,
                    "offer.sent",
                    f"offer:{offer.id}",
                    f"New offer on {request.title!r}: {plain(amount)} in {days} days",
                    now,
                )
            )
            self.ctx.commit(uow)
        return offer

    def _offer_command(
        self,
        offer_id: str,
        actor: str,
        apply: Callable[[UnitOfWork, Offer, JobRequest, Role, DateTime], Offer],
        intake: Intake | None = None,
    ) -> Offer:
        with self.ctx.uow() as uow:
            repo = _offers(uow)
            offer = repo.get(offer_id)
            role = offer.role_of(actor)
            if role is Role.STRANGER:
                raise PermissionDenied(
                    f"user {actor!r} is neither the buyer nor the seller of offer {offer_id}"
                )
            request = _requests(uow).get(offer.request_id)
            now = self.ctx.clock.now()
            new = apply(uow, offer, request, role, now)
            repo.save(new)
            if intake is not None:
                self.ctx.keep_screened(uow, actor, f"offer:{offer_id}", intake, now)
            self.ctx.commit(uow)
        return new

    def withdraw_offer(self, offer_id: str, *, actor: str) -> Offer:
        """The seller takes back an open offer (and may send a new one)."""

        def apply(
            uow: UnitOfWork, offer: Offer, request: JobRequest, role: Role, now: DateTime
        ) -> Offer:
            new = move_offer(offer, "withdraw", role, actor, now)
            uow.emit(events.OfferWithdrawn(now, actor, request.id, offer.id, offer.seller_id))
            uow.notify(
                Notification(
                    offer.buyer_id,
                    "offer.withdrawn",
                    f"offer:{offer.id}",
                    f"An offer on {request.title!r} was withdrawn",
                    now,
                )
            )
            return new

        return self._offer_command(offer_id, actor, apply)

    def decline_offer(self, offer_id: str, *, actor: str, reason: str = "") -> Offer:
        """The buyer turns one offer down; the request stays open for the others."""
        with self.ctx.texts(actor, f"offer:{offer_id}") as intake:
            why = intake.text(reason, "reason", limit=MAX_MESSAGE)

        def apply(
            uow: UnitOfWork, offer: Offer, request: JobRequest, role: Role, now: DateTime
        ) -> Offer:
            new = move_offer(offer, "decline", role, actor, now, why)
            uow.emit(events.OfferDeclined(now, actor, request.id, offer.id, offer.seller_id))
            note = f" ({why})" if why else ""
            uow.notify(
                Notification(
                    offer.seller_id,
                    "offer.declined",
                    f"offer:{offer.id}",
                    f"Your offer on {request.title!r} was declined{note}",
                    now,
                )
            )
            return new

        return self._offer_command(offer_id, actor, apply, intake)

    def accept_offer(self, offer_id: str, *, actor: str, pay_from_wallet: bool = False) -> Order:
        """The buyer accepts an offer: the request is awarded, the order placed (price and
        delivery days of the offer, under the marketplace's payment mode) and every other open
        offer closed, in one step. Returns the order, charged like any other."""
        with self.ctx.uow() as uow:
            offers = _offers(uow)
            offer = offers.get(offer_id)
            requests = _requests(uow)
            request = requests.get(offer.request_id)
            if actor != request.buyer_id:
                raise PermissionDenied(
                    f"only the buyer who posted job request {request.id} accepts its offers"
                )
            now = self.ctx.clock.now()
            self._still_open(request, now, "offers can be accepted")
            accepted = move_offer(offer, "accept", Role.BUYER, actor, now)
            self.ctx.policy.check_currency(offer.price)
            order = self.orders.open_order(
                uow,
                request.buyer_id,
                offer.seller_id,
                request.title,
                offer.price,
                offer.delivery_days,
                self.ctx.policy,
                None,
                pay_from_wallet,
            )
            offers.save(attrs.evolve(accepted, order_id=order.id))
            requests.save(
                move_request(
                    request,
                    "award",
                    Role.OWNER,
                    actor,
                    now,
                    offer.id,
                    accepted_offer_id=offer.id,
                    order_id=order.id,
                )
            )
            closed = self._close_offers(
                uow, request, now, "the buyer accepted another offer", keep=offer.id
            )
            uow.emit(
                events.OfferAccepted(now, actor, request.id, offer.id, offer.seller_id, order.id)
            )
            uow.emit(events.JobRequestClosed(now, actor, request.id, "awarded", closed))
            uow.notify(
                Notification(
                    offer.seller_id,
                    "offer.accepted",
                    f"order:{order.id}",
                    f"Your offer on {request.title!r} was accepted: order {order.id}",
                    now,
                )
            )
            self.ctx.commit(uow)
        if order.state == OrderState.AWAITING_PAYMENT:
            return self.orders.charge(order)
        return order

    # -- reading -------------------------------------------------------------------------------
    def _may_see(self, uow: UnitOfWork, request: JobRequest, viewer: str | None) -> bool:
        if request.state == R.OPEN and not request.private:
            return True
        if viewer is None:
            return False
        if viewer == request.buyer_id or viewer in request.invited:
            return True
        if _offers(uow).where(request_id=request.id, seller_id=viewer):
            return True
        return self.ctx.is_admin(uow, viewer)

    def get(self, request_id: str, *, viewer: str | None = None) -> JobRequest:
        """A request: open public ones for everyone; others for the buyer, invited sellers,
        sellers who made an offer, and admins (anyone else is told there is none)."""
        with self.ctx.uow() as uow:
            request = _requests(uow).find(request_id)
            if request is None or not self._may_see(uow, request, viewer):
                raise NotFound(f"no job request {request_id!r}")
            return request

    def of_buyer(
        self, buyer_id: str, state: str | None = None, *, viewer: Viewer
    ) -> list[JobRequest]:
        """The buyer's own requests (optionally in one state), oldest first: for the buyer and
        admins (private requests are among them)."""
        with self.ctx.uow() as uow:
            self.ctx.check_viewer(uow, viewer, (buyer_id,), f"the job requests of {buyer_id!r}")
            repo = _requests(uow)
            if state is None:
                return repo.where(buyer_id=buyer_id)
            return repo.where(buyer_id=buyer_id, state=state)

    def browse(self, *, viewer: str | None = None, category: str | None = None) -> list[JobRequest]:
        """Requests a seller can make an offer on now: open, before their deadline, public or
        inviting ``viewer``, not their own; optionally in one category."""
        now = self.ctx.clock.now()
        with self.ctx.uow() as uow:
            found = _requests(uow).where(state=R.OPEN)
        return [
            r
            for r in found
            if now < r.deadline
            and r.buyer_id != viewer
            and (not r.private or (viewer is not None and viewer in r.invited))
            and (category is None or r.category == category)
        ]

    def offers_of(self, seller_id: str, *, viewer: Viewer) -> list[Offer]:
        """Every offer the seller sent, oldest first: for the seller and admins."""
        with self.ctx.uow() as uow:
            self.ctx.check_viewer(uow, viewer, (seller_id,), f"the offers of {seller_id!r}")
            return _offers(uow).where(seller_id=seller_id)

    def offers_for(self, request_id: str, *, viewer: str, sort: str = "sent") -> list[OfferView]:
        """The offers on a request with what the buyer compares them by: the seller's rating,
        review count and level, and whether each fits the budget and the deadline.

        The buyer and admins see every offer; a seller sees only their own. ``sort``: ``sent``
        (oldest first), ``price`` (cheapest first) or ``rating`` (best Bayesian rating first).
        """
        if sort not in _OFFER_SORTS:
            raise ValidationError(f"sort {sort!r} is not one of {', '.join(_OFFER_SORTS)}")
        now = self.ctx.clock.now()
        policy = self.ctx.policy
        first_level = self.reputation_rules.levels[0].name
        with self.ctx.uow() as uow:
            request = _requests(uow).get(request_id)
            repo = _offers(uow)
            if viewer == request.buyer_id or self.ctx.is_admin(uow, viewer):
                offers = repo.where(request_id=request_id)
            else:
                offers = repo.where(request_id=request_id, seller_id=viewer)
                if not offers:
                    raise PermissionDenied(
                        f"only the buyer of job request {request_id} sees the offers on it"
                    )
            views = []
            for offer in offers:
                reviews = _reviews(uow).where(subject_id=offer.seller_id, visible=True)
                rating = rating_of(
                    reviews,
                    prior_mean=policy.rating_prior_mean,
                    prior_weight=policy.rating_prior_weight,
                )
                level = _levels(uow).find(offer.seller_id)
                views.append(
                    OfferView(
                        offer=offer,
                        seller_name=uow.users.get(offer.seller_id).name,
                        rating=rating.mean,
                        bayesian_rating=rating.bayesian,
                        review_count=rating.count,
                        seller_level=level.level if level is not None else first_level,
                        within_budget=offer.price <= request.budget,
                        meets_deadline=now.add(days=offer.delivery_days) <= request.deadline,
                    )
                )
        if sort == "price":
            views.sort(key=lambda v: (v.offer.price.amount, v.offer.sent_at))
        elif sort == "rating":
            views.sort(key=lambda v: (-v.bayesian_rating, -v.review_count, v.offer.sent_at))
        return views

    # -- time ------------------------------------------------------------------------------------
    def due(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        moves: dict[str, int] = {}
        errors: list[str] = []
        with self.ctx.uow() as uow:
            due = [r.id for r in _requests(uow).where(state=R.OPEN) if r.deadline <= at]
        expired = 0
        for request_id in due:
            try:
                expired += self._expire(request_id, at)
            except MarketplaceError as exc:
                errors.append(f"job request {request_id}: {exc}")
        if expired:
            moves["requests_expired"] = expired
        return moves, errors

    def _expire(self, request_id: str, at: DateTime) -> int:
        with self.ctx.uow() as uow:
            repo = _requests(uow)
            request = repo.get(request_id)
            if request.state != R.OPEN or request.deadline > at:
                return 0  # another pass (or the buyer) got there first
            why = "the request reached its deadline"
            repo.save(move_request(request, "expire", Role.SYSTEM, SYSTEM, at, why))
            closed = self._close_offers(uow, request, at, why)
            uow.emit(events.JobRequestClosed(at, SYSTEM, request.id, "expired", closed))
            uow.notify(
                Notification(
                    request.buyer_id,
                    "job_request.expired",
                    f"job_request:{request.id}",
                    f"Your job request {request.title!r} reached its deadline without an "
                    "accepted offer",
                    at,
                )
            )
            self.ctx.commit(uow)
        return 1
