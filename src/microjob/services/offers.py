"""Offers (``market.offers``): a seller's answer to a job request, and the buyer's choice.

A seller sends one open offer per request (price, delivery days, a message); the buyer compares
them ([`OfferService.for_request`][microjob.services.offers.OfferService.for_request], with each
seller's rating and level), declines some and accepts one, which places the order — in the same unit
of work, so an accepted offer and its order exist together or not at all — and closes the request
and its other offers. The request itself is `microjob.services.requests`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob.context import Context
from microjob.errors import (
    Conflict,
    PermissionDenied,
    ValidationError,
)
from microjob.intake import Intake
from microjob.lifecycle import Role
from microjob.logs import command
from microjob.money import as_money, plain, require_positive
from microjob.orders import Order, Step
from microjob.ports import Notification, UnitOfWork
from microjob.reputation import ReputationRules
from microjob.requests import (
    JobRequest,
    Offer,
    OfferState,
    RequestState,
    move_offer,
    move_request,
)
from microjob.reviews import rating_of
from microjob.services.reputation import _levels
from microjob.services.requests import RequestService, offers_repo, requests_repo
from microjob.services.reviews import _reviews
from microjob.users import Viewer

if TYPE_CHECKING:
    from microjob.services.orders import OrderService
__all__ = ["OfferService", "OfferView"]

R, OS = RequestState, OfferState
MAX_MESSAGE = 5_000
_OFFER_SORTS = ("sent", "price", "rating")
_requests, _offers = requests_repo, offers_repo


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


def _days(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"delivery_days must be a whole number of days >= 1, got {value!r}")
    return value


class OfferService:
    """Send, withdraw, decline, compare and accept offers on job requests."""

    def __init__(
        self,
        ctx: Context,
        *,
        requests: RequestService,
        orders: OrderService,
        reputation_rules: ReputationRules,
    ) -> None:
        self.ctx = ctx
        self.requests = requests
        self.orders = orders
        self.reputation_rules = reputation_rules

    # -- the seller's offer and the buyer's answer -------------------------------------------------
    @command
    def send(
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
            self.requests.check_open(request, now, "offers are taken")
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

    @command
    def withdraw(self, offer_id: str, *, actor: str) -> Offer:
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

    @command
    def decline(self, offer_id: str, *, actor: str, reason: str = "") -> Offer:
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

    @command
    def accept(self, offer_id: str, *, actor: str, pay_from_wallet: bool = False) -> Order:
        """The buyer accepts an offer: the request is awarded, the order placed (price and
        delivery days of the offer, under the marketplace's payment mode) and every other open
        offer closed, in one step. Returns the order, charged like any other."""

        def acceptable(uow: UnitOfWork, now: DateTime) -> tuple[Offer, Offer, JobRequest]:
            offer = _offers(uow).get(offer_id)
            request = _requests(uow).get(offer.request_id)
            if actor != request.buyer_id:
                raise PermissionDenied(
                    f"only the buyer who posted job request {request.id} accepts its offers"
                )
            self.requests.check_open(request, now, "offers can be accepted")
            accepted = move_offer(offer, "accept", Role.BUYER, actor, now)
            self.ctx.policy.check_currency(offer.price)
            return offer, accepted, request

        def draft(uow: UnitOfWork, order_id: str) -> Order:
            offer, _, request = acceptable(uow, self.ctx.clock.now())
            return self.orders.draft(
                uow,
                order_id,
                request.buyer_id,
                offer.seller_id,
                request.title,
                offer.price,
                offer.delivery_days,
                self.ctx.policy,
                None,
                pay_from_wallet,
            )

        def award(uow: UnitOfWork, order: Order, now: DateTime) -> None:
            # Checked again: the offer may have been withdrawn while the provider was asked.
            offer, accepted, request = acceptable(uow, now)
            if (offer.price, offer.delivery_days) != (order.price, order.delivery_days):
                raise Conflict(f"offer {offer.id} changed while it was being accepted")
            _offers(uow).save(attrs.evolve(accepted, order_id=order.id))
            _requests(uow).save(
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
            closed = self.requests.close_offers(
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

        return self.orders.create(draft, pay_from_wallet=pay_from_wallet, complete=award)

    # -- reading ---------------------------------------------------------------------------------
    def of_seller(self, seller_id: str, *, viewer: Viewer) -> list[Offer]:
        """Every offer the seller sent, oldest first: for the seller and admins."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (seller_id,), f"the offers of {seller_id!r}")
            return _offers(uow).where(seller_id=seller_id)

    def for_request(self, request_id: str, *, viewer: str, sort: str = "sent") -> list[OfferView]:
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
        with self.ctx.reads() as uow:
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
