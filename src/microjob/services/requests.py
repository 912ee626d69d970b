"""Job-request commands of the Marketplace facade (rules in
[`microjob.requests`][microjob.requests]).

Accepting an offer places the order in the same unit of work that awards the request, accepts
the offer and closes the others, so either all of it happened or none of it: there is never an
order without its awarded request, nor an awarded request without its order. The gateway is
charged after that commit, as for any order (`Marketplace.place_order`).
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
from microjob.context import Context, stop_at_busy
from microjob.errors import (
    Busy,
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
from microjob.logs import command
from microjob.money import as_money, require_positive
from microjob.orders import Step
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
from microjob.services.listings import ListingService
from microjob.users import SYSTEM, Viewer

if TYPE_CHECKING:
    from microjob.services.listings import ListingService
    from microjob.services.orders import OrderService
__all__ = ["RequestService", "offers_repo", "requests_repo"]

R, OS = RequestState, OfferState
MAX_MESSAGE = 5_000
_OFFER_SORTS = ("sent", "price", "rating")


def _requests(uow: UnitOfWork) -> RecordRepository[JobRequest]:
    return uow.records("job_request", JobRequest, index=("buyer_id", "state"))


def _offers(uow: UnitOfWork) -> RecordRepository[Offer]:
    return uow.records("offer", Offer, index=("request_id", "seller_id", "state"))


requests_repo, offers_repo = _requests, _offers


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


class RequestService:
    """Post, edit, cancel and browse job requests, and invite sellers to them (the offers on
    them are [`OfferService`][microjob.services.offers.OfferService]).

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

    def check_open(self, request: JobRequest, now: DateTime, doing: str) -> None:
        if request.state != R.OPEN:
            raise PolicyViolation(
                f"job request {request.id} is {request.state}; {doing} only while it is open"
            )
        if now >= request.deadline:
            raise PolicyViolation(
                f"job request {request.id} passed its deadline ({request.deadline.isoformat()}); "
                f"{doing} only before it"
            )

    def owner_role(self, uow: UnitOfWork, request: JobRequest, actor: str) -> Role:
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

    def close_offers(
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
    @command
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

    @command
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

    @command
    def cancel(self, request_id: str, *, actor: str, reason: str = "") -> JobRequest:
        """The owner (or an admin) withdraws an open request; its open offers are closed."""
        with self.ctx.texts(actor, f"job_request:{request_id}") as intake:
            reason = intake.text(reason, "reason", limit=MAX_MESSAGE)

        def apply(uow: UnitOfWork, request: JobRequest, now: DateTime) -> JobRequest:
            role = self.owner_role(uow, request, actor)
            why = reason or "the buyer cancelled the request"
            new = move_request(request, "cancel", role, actor, now, why)
            closed = self.close_offers(uow, request, now, why)
            uow.emit(events.JobRequestClosed(now, actor, request.id, "cancelled", closed))
            return new

        return self._request_command(request_id, actor, apply, intake)

    @command
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
            self.check_open(request, now, "sellers can be invited")
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

    # -- reading -------------------------------------------------------------------------------
    def may_see(self, uow: UnitOfWork, request: JobRequest, viewer: str | None) -> bool:
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
        with self.ctx.reads() as uow:
            request = _requests(uow).find(request_id)
            if request is None or not self.may_see(uow, request, viewer):
                raise NotFound(f"no job request {request_id!r}")
            return request

    def of_buyer(
        self, buyer_id: str, state: str | None = None, *, viewer: Viewer
    ) -> list[JobRequest]:
        """The buyer's own requests (optionally in one state), oldest first: for the buyer and
        admins (private requests are among them)."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (buyer_id,), f"the job requests of {buyer_id!r}")
            repo = _requests(uow)
            if state is None:
                return repo.where(buyer_id=buyer_id)
            return repo.where(buyer_id=buyer_id, state=state)

    def browse(self, *, viewer: str | None = None, category: str | None = None) -> list[JobRequest]:
        """Requests a seller can make an offer on now: open, before their deadline, public or
        inviting ``viewer``, not their own; optionally in one category."""
        now = self.ctx.clock.now()
        with self.ctx.reads() as uow:
            found = _requests(uow).where(state=R.OPEN)
        return [
            r
            for r in found
            if now < r.deadline
            and r.buyer_id != viewer
            and (not r.private or (viewer is not None and viewer in r.invited))
            and (category is None or r.category == category)
        ]

    # -- time ------------------------------------------------------------------------------------
    def due(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        moves: dict[str, int] = {}
        errors: list[str] = []
        with self.ctx.reads() as uow:
            due = [r.id for r in _requests(uow).where(state=R.OPEN) if r.deadline <= at]
        expired = 0
        for request_id in due:
            try:
                expired += self._expire(request_id, at)
            except Busy as exc:  # the database is locked: no item moves now
                stop_at_busy(exc, expired > 0, errors, f"job request {request_id}")
                break
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
            closed = self.close_offers(uow, request, at, why)
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
