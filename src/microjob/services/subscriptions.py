"""Subscriptions (``market.subscriptions``): plans, subscribe, renew, lapse, cancel.

See `microjob.subscriptions` for the values and rules. Plans are records an admin defines
with
[`SubscriptionService.define_plan`][microjob.services.subscriptions.SubscriptionService.define_plan]
(not a policy field: a plan is something the operator sells and changes over time, and a subscriber
keeps the plan they paid for until the next renewal, which a frozen policy value cannot express per
subscriber).

Every period's fee is one ledger entry, ``subscription:{id}:period:{n}``, into
``platform:subscriptions``: from ``user:{id}:available`` when the subscriber pays from the
wallet, from ``world`` when the provider confirms a charge. The provider is charged after the
commit of the command that needs it (subscribe, or the renewal in ``run_due``) and its answer
comes back as a gateway event on subject ``subscription:ID``, synchronous or by webhook, applied
once. A charge confirmed when nothing is owed any more (the subscription lapsed or was cancelled
while the provider was slow) is credited to the subscriber's wallet, never lost and never booked
as a period. That money side is `microjob.services.subscription_payments`; this module holds the
plans, the subscriptions' clock and what a plan grants.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from pendulum import DateTime

from microjob import ledger as accounts
from microjob.catalog import ListingState
from microjob.context import Context, stop_at_busy
from microjob.errors import (
    Busy,
    Conflict,
    InsufficientFunds,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    PolicyViolation,
)
from microjob.lifecycle import Role
from microjob.logs import command
from microjob.money import plain
from microjob.policies import MarketplacePolicy
from microjob.ports import GatewayEvent, RecordRepository, UnitOfWork, any_of
from microjob.services.listing_index import listings_repo as _listings
from microjob.services.subscription_payments import SubscriptionPayments, tell
from microjob.services.subscription_payments import subscriptions_repo as _subs
from microjob.subscriptions import (
    LIFECYCLE,
    LIVE,
    SS,
    Plan,
    Subscription,
    SubscriptionDashboard,
    build_dashboard,
    discounted_terms,
    first_period,
    may_move,
    next_period,
)
from microjob.users import BACK_OFFICE, SYSTEM, Viewer

__all__ = ["SubscriptionService"]

L = ListingState
_KEPT = (L.DRAFT, L.PENDING_REVIEW, L.PUBLISHED, L.REJECTED, L.PAUSED)
"""Listings that count against a listing limit: every one the seller has not archived."""
_CHARGES = ("subscription_charged", "subscription_charge_resent")
"""The moves of ``run_due`` after which the provider is charged for the period due."""


def _plans(uow: UnitOfWork) -> RecordRepository[Plan]:
    return uow.records("subscription_plan", Plan)


@attrs.frozen
class _Subscriber:
    """One row per user who ever subscribed, written by every ``subscribe``: two concurrent
    subscriptions of one user collide on it (a duplicate row, or a stale version) and one of
    them is refused, so "one live subscription per user" holds without a lock."""

    id: str
    subscription_id: str
    version: int = 0


def _subscribers(uow: UnitOfWork) -> RecordRepository[_Subscriber]:
    return uow.records("subscriber", _Subscriber)


class SubscriptionService:
    """Plans, subscriptions and what they grant (Web Park: "subscriptions, subscription fees")."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._payments = SubscriptionPayments(ctx)

    # -- plans ----------------------------------------------------------------------------------
    @command
    def define_plan(self, plan: Plan, *, actor: str) -> Plan:
        """Add a plan, or change one (same ``id``): subscribers get the change at their next
        renewal, never for a period they already paid."""
        if not isinstance(plan, Plan):
            raise TypeError(f"expected a microjob.subscriptions.Plan, got {type(plan).__name__}")
        self.ctx.policy.check_currency(plan.price, "the plan's price")
        with self.ctx.uow() as uow:
            if not self.ctx.is_admin(uow, actor):
                raise PermissionDenied(f"only an admin may define plans; {actor!r} is not one")
            repo = _plans(uow)
            current = repo.find(plan.id)
            if current is None:
                stored = attrs.evolve(plan, version=0)
                repo.add(stored)
            else:
                stored = attrs.evolve(plan, version=current.version + 1)
                repo.save(stored)
            self.ctx.commit(uow)
        return stored

    def plans(self) -> list[Plan]:
        """The plans on offer, in the order they were defined (public, like a price list)."""
        with self.ctx.reads() as uow:
            return _plans(uow).where()

    # -- subscribing ------------------------------------------------------------------------------
    @command
    def subscribe(
        self, plan_key: str, *, actor: str, pay_from_wallet: bool = False
    ) -> Subscription:
        """The user subscribes to a plan; the first period starts when it is paid.

        From the wallet the fee moves at once (refused, with nothing stored, when the balance
        is short); through the gateway the subscription is ``pending`` until the provider
        confirms the charge. A user holds one live subscription at a time.
        """
        with self.ctx.uow() as uow:
            uow.users.get(actor)
            plan = _plans(uow).find(plan_key)
            if plan is None:
                raise NotFound(f"no plan {plan_key!r}; see plans()")
            repo = _subs(uow)
            for state in LIVE:
                for held in repo.where(user_id=actor, state=state):
                    raise Conflict(
                        f"{actor!r} already holds subscription {held.id} ({held.state}); "
                        "cancel it first"
                    )
            now = self.ctx.clock.now()
            sub = Subscription(
                id=repo.next_id(),
                user_id=actor,
                plan=plan,
                state=SS.PENDING,
                pay_from_wallet=pay_from_wallet,
                created_at=now,
                history=(),
            )
            if pay_from_wallet:
                if not self._payments.wallet_covers(uow, actor, plan.price):
                    raise InsufficientFunds(
                        f"{actor!r} has less than {plain(plan.price)} available for plan "
                        f"{plan.id!r}; deposit first or pay through the gateway"
                    )
                self._payments.book_period(uow, sub, 1, plan.price, now, reference="")
                sub = LIFECYCLE.advance(
                    sub, "pay", Role.SYSTEM, actor, now, **first_period(plan, now)
                )
                tell(uow, sub, "subscription.started", f"Your {plan.name} plan is active", now)
            else:
                # Resent under the same key after subscription_retry_hours if the provider has
                # not answered by then, as a renewal is (see _time_step).
                sub = attrs.evolve(
                    sub,
                    due_period=1,
                    attempts=1,
                    grace_until=now.add(days=self.ctx.policy.subscription_grace_days),
                    next_try_at=now.add(hours=self.ctx.policy.subscription_retry_hours),
                )
            repo.add(sub)
            holders = _subscribers(uow)
            holder = holders.find(actor)
            if holder is None:
                holders.add(_Subscriber(actor, sub.id))
            else:
                holders.save(
                    attrs.evolve(holder, subscription_id=sub.id, version=holder.version + 1)
                )
            self.ctx.commit(uow)
        if not pay_from_wallet:
            self._payments.charge(sub)
        return self.get(sub.id, viewer=BACK_OFFICE)

    @command
    def cancel(self, subscription_id: str, *, actor: str) -> Subscription:
        """The subscriber (or an admin) stops renewal: a paid period runs to its end and the
        plan grants until then; nothing is refunded. Cancelling twice changes nothing."""
        with self.ctx.uow() as uow:
            repo = _subs(uow)
            sub = repo.get(subscription_id)
            if sub.state == SS.ACTIVE and not sub.renews:
                self.ctx.check_viewer(uow, actor, (sub.user_id,), f"subscription {sub.id}")
                return sub
            role = Role.OWNER if actor == sub.user_id else Role.STRANGER
            if role is Role.STRANGER and self.ctx.is_admin(uow, actor):
                role = Role.ADMIN
            now = self.ctx.clock.now()
            new = LIFECYCLE.advance(sub, "cancel", role, actor, now, renews=False, due_period=None)
            if new.state == SS.ACTIVE and (new.period_end is None or new.period_end <= now):
                new = LIFECYCLE.advance(new, "end", Role.SYSTEM, SYSTEM, now)
            if new.state == SS.CANCELLED:
                new = attrs.evolve(new, ended_at=now)
            repo.save(new)
            text = "Your plan is cancelled"
            if new.state == SS.ACTIVE and new.period_end is not None:
                text += f"; it runs until {new.period_end.to_date_string()}"
            tell(uow, new, "subscription.cancelled", text, now)
            self.ctx.commit(uow)
        return new

    def _current_plan(self, uow: UnitOfWork, sub: Subscription) -> Plan:
        """The plan's definition today (a renewal takes the operator's latest terms)."""
        return _plans(uow).find(sub.plan.id) or sub.plan

    def on_gateway_event(
        self, uow: UnitOfWork, sub_id: str, event: GatewayEvent, now: DateTime
    ) -> tuple[str, object]:
        """A provider event about a subscription (the wiring's ``gateway_routes``)."""
        return self._payments.apply(uow, sub_id, event, now), None

    # -- time -------------------------------------------------------------------------------------
    def due(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        """Renew what is due, retry past-due renewals, lapse what ran out of grace, end what was
        cancelled. Each subscription moves in its own unit of work; running twice changes
        nothing the second time."""
        moves: dict[str, int] = {}
        errors: list[str] = []
        with self.ctx.reads() as uow:
            repo = _subs(uow)
            # Only what time has made due gets a unit of work of its own: run_due runs often
            # (every hour in the simulator) and most subscriptions are mid-period.
            ids = [s.id for state in LIVE for s in repo.where(state=state) if may_move(s, at)]
        for sub_id in ids:
            try:
                move, to_charge = self._subscription_tick(sub_id, at)
            except Busy as exc:  # the database is locked: no item moves now
                stop_at_busy(exc, bool(moves), errors, f"subscription {sub_id}")
                break
            except MarketplaceError as exc:
                errors.append(f"subscription {sub_id}: {exc}")
                continue
            if move:
                moves[move] = moves.get(move, 0) + 1
            if to_charge is not None:
                self._payments.charge(to_charge)
        return moves, errors

    def _subscription_tick(
        self, sub_id: str, at: DateTime
    ) -> tuple[str | None, Subscription | None]:
        with self.ctx.uow() as uow:
            repo = _subs(uow)
            sub = repo.get(sub_id)
            move, new = self._time_step(uow, sub, at)
            if new is not sub:
                repo.save(new)
                self.ctx.commit(uow)
        charge = new if move in _CHARGES else None
        return move, charge

    def _time_step(
        self, uow: UnitOfWork, sub: Subscription, at: DateTime
    ) -> tuple[str | None, Subscription]:
        system = Role.SYSTEM
        if sub.state not in LIVE:
            # Listed as due, then moved by another worker (a webhook, another run_due) before
            # its turn came: nothing is left to do.
            return None, sub
        if sub.state == SS.PENDING:
            if sub.grace_until is not None and sub.grace_until <= at:
                reason = "the first payment was not confirmed in time"
                return "subscription_lapsed", LIFECYCLE.advance(
                    sub, "lapse", system, SYSTEM, at, reason, due_period=None, ended_at=at
                )
            if sub.due_period is not None and sub.next_try_at is not None:
                if sub.next_try_at > at:
                    return None, sub  # the provider has not answered yet
                # The first charge may have been lost like a renewal's (a timeout before the
                # provider got it, a crash between the commit and the call): sent again under
                # the same key, which the provider charges at most once.
                return "subscription_charge_resent", attrs.evolve(
                    sub,
                    next_try_at=at.add(hours=self.ctx.policy.subscription_retry_hours),
                    version=sub.version + 1,
                )
            return None, sub
        assert sub.period_end is not None, "a paid subscription has a period"
        if sub.period_end > at:
            return None, sub
        if sub.state == SS.ACTIVE and not sub.renews:
            return "subscription_ended", LIFECYCLE.advance(
                sub, "end", system, SYSTEM, at, ended_at=at
            )
        if sub.grace_until is not None and sub.grace_until <= at:
            return "subscription_lapsed", LIFECYCLE.advance(
                sub,
                "lapse",
                system,
                SYSTEM,
                at,
                "not paid in the grace period",
                due_period=None,
                ended_at=at,
            )
        retry = at.add(hours=self.ctx.policy.subscription_retry_hours)
        if sub.due_period is not None:
            if sub.next_try_at is not None and sub.next_try_at > at:
                return None, sub  # the provider has not answered yet
            # Still no answer: the call may never have reached the provider (a timeout, or a
            # crash between the commit and the call). Send it again under the same attempt,
            # hence the same idempotency key: the provider charges it at most once.
            return "subscription_charge_resent", attrs.evolve(
                sub, next_try_at=retry, version=sub.version + 1
            )
        if sub.state == SS.PAST_DUE and sub.next_try_at is not None and sub.next_try_at > at:
            return None, sub
        plan = self._current_plan(uow, sub)
        n = sub.period + 1
        grace = sub.grace_until or sub.period_end.add(days=self.ctx.policy.subscription_grace_days)
        if not sub.pay_from_wallet:
            return "subscription_charged", attrs.evolve(
                sub,
                plan=plan,
                due_period=n,
                attempts=sub.attempts + 1,
                grace_until=grace,
                next_try_at=retry,
                version=sub.version + 1,
            )
        if self._payments.wallet_covers(uow, sub.user_id, plan.price):
            return "subscription_renewed", self._renew_from_wallet(uow, sub, plan, at)
        if sub.state == SS.PAST_DUE:
            return None, attrs.evolve(sub, next_try_at=retry, version=sub.version + 1)
        new = LIFECYCLE.advance(
            sub,
            "fall_behind",
            system,
            SYSTEM,
            at,
            "not enough money in the wallet",
            plan=plan,
            grace_until=grace,
            next_try_at=retry,
        )
        tell(
            uow,
            new,
            "subscription.past_due",
            f"Your plan could not be renewed: add {plain(plan.price)} to your balance "
            f"before {grace.to_date_string()}",
            at,
        )
        return "subscription_past_due", new

    def _renew_from_wallet(
        self, uow: UnitOfWork, sub: Subscription, plan: Plan, at: DateTime
    ) -> Subscription:
        n = sub.period + 1
        self._payments.book_period(uow, sub, n, plan.price, at, reference="")
        new = LIFECYCLE.advance(sub, "renew", Role.SYSTEM, SYSTEM, at, **next_period(sub, plan))
        tell(uow, new, "subscription.renewed", f"Your {plan.name} plan is renewed", at)
        return new

    def renew_past_due(
        self, uow: UnitOfWork, user_ids: Sequence[str], currency: str, now: DateTime
    ) -> None:
        """Money landed in these users' wallets: after debts, pay a past-due renewal from it
        at once (one query for all of them)."""
        repo = _subs(uow)
        for sub in repo.where(user_id=any_of(user_ids), state=SS.PAST_DUE):
            user_id = sub.user_id
            if (
                sub.pay_from_wallet
                and sub.due_period is None
                and sub.price.currency.code == currency
                and sub.grace_until is not None
                and now < sub.grace_until
                and self._payments.wallet_covers(uow, user_id, sub.plan.price)
            ):
                repo.save(self._renew_from_wallet(uow, sub, sub.plan, now))

    # -- what a plan grants -----------------------------------------------------------------------
    def _granting(self, uow: UnitOfWork, user_id: str, at: DateTime) -> Subscription | None:
        # One query for the user's subscriptions (asked on every new order: most sellers have
        # none), then active ones before past-due ones, each in creation order.
        subs = _subs(uow).where(user_id=user_id)
        if not subs:
            return None
        for state in (SS.ACTIVE, SS.PAST_DUE):
            for sub in subs:
                if sub.state == state and sub.grants(at):
                    return sub
        return None

    def terms_for(
        self, uow: UnitOfWork, seller_id: str, policy: MarketplacePolicy
    ) -> MarketplacePolicy:
        """A seller's granting plan lowers the commission of their new orders."""
        terms = policy
        sub = self._granting(uow, seller_id, self.ctx.clock.now())
        return terms if sub is None else discounted_terms(terms, sub.plan)

    def _listing_limit(self, uow: UnitOfWork, seller_id: str) -> int | None:
        sub = self._granting(uow, seller_id, self.ctx.clock.now())
        return self.ctx.policy.free_listing_limit if sub is None else sub.plan.listing_limit

    def _listings_kept(self, uow: UnitOfWork, seller_id: str) -> int:
        repo = _listings(uow)
        return sum(len(repo.where(seller_id=seller_id, state=state)) for state in _KEPT)

    def check_listing_allowance(self, uow: UnitOfWork, seller_id: str) -> None:
        """Refuse a new listing beyond the seller's limit (their plan's, or
        the policy's ``free_listing_limit``). Listings kept after a plan lapses stay; only new ones
        are refused."""
        limit = self._listing_limit(uow, seller_id)
        if limit is None:
            return
        kept = self._listings_kept(uow, seller_id)
        if kept >= limit:
            raise PolicyViolation(
                f"{seller_id!r} keeps {kept} listings and may keep {limit}; archive one or "
                "subscribe to a plan that allows more"
            )

    # -- queries ----------------------------------------------------------------------------------
    def get(self, subscription_id: str, *, viewer: Viewer) -> Subscription:
        with self.ctx.reads() as uow:
            sub = _subs(uow).get(subscription_id)
            self.ctx.check_viewer(uow, viewer, (sub.user_id,), f"subscription {subscription_id}")
            return sub

    def of_user(self, user_id: str, *, viewer: Viewer) -> list[Subscription]:
        """The user's subscriptions, oldest first."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the subscriptions of {user_id!r}")
            return _subs(uow).where(user_id=user_id)

    def badge(self, user_id: str) -> str | None:
        """The badge of the user's granting plan, or ``None``: public, like a seller's level."""
        with self.ctx.reads() as uow:
            sub = self._granting(uow, user_id, self.ctx.clock.now())
            if sub is None or not sub.plan.badge:
                return None
            return sub.plan.badge

    def listing_allowance(self, user_id: str, *, viewer: Viewer) -> int | None:
        """How many more listings the user may create now (``None``: no limit)."""
        with self.ctx.reads() as uow:
            self.ctx.check_viewer(uow, viewer, (user_id,), f"the listing allowance of {user_id!r}")
            limit = self._listing_limit(uow, user_id)
            if limit is None:
                return None
            return max(0, limit - self._listings_kept(uow, user_id))

    def dashboard(self, *, viewer: str, since: DateTime | None = None) -> SubscriptionDashboard:
        """Live subscriptions per plan, revenue and churn since ``since`` (default: the last
        30 days)."""
        now = self.ctx.clock.now()
        start = since if since is not None else now.subtract(days=30)
        code = self.ctx.policy.currency
        with self.ctx.reads() as uow:
            if not self.ctx.is_admin(uow, viewer):
                raise PermissionDenied(
                    f"only an admin may see the subscription dashboard; {viewer!r} is not one"
                )
            repo = _subs(uow)
            return build_dashboard(
                [
                    s
                    for state in (SS.ACTIVE, SS.PAST_DUE, SS.PENDING)
                    for s in repo.where(state=state)
                ],
                [s for state in (SS.LAPSED, SS.CANCELLED) for s in repo.where(state=state)],
                uow.ledger.entries_for(accounts.PLATFORM_SUBSCRIPTIONS, code),
                code,
                start,
                now,
            )
