"""Subscriptions: plans a user pays for each period, and what a plan grants while it runs.

Web Park: "The communication organizer receives partial benefits from the
transactions carried out, or by other means (subscriptions, subscription fees)". A
`Plan` has a price per period and grants its subscriber a lower commission on the orders
they sell, a number of live listings, and a badge. A `Subscription` is one user's run of
periods on one plan; each period's fee is one ledger entry under the key
``subscription:{id}:period:{n}`` into ``platform:subscriptions``, so a period is charged at most
once whatever retries, duplicated webhooks or repeated ``run_due`` passes happen.

States::

    pending ──pay──▶ active ──renew──▶ active            (next period paid)
       │               │ └─fall_behind─▶ past_due ──renew──▶ active
       │               │                    └──lapse──▶ lapsed
       │               └─cancel (keeps running, no renewal)─▶ ··· ─end─▶ cancelled
       └─lapse (first payment failed)─▶ lapsed

A plan grants while the subscription is active or past due (the grace period) and the period
(or the grace) has not run out; a lapsed or cancelled one grants nothing. This module holds the
values and the pure rules; `microjob.services.subscriptions` runs them in units of work.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.errors import ValidationError
from microjob.ledger import PLATFORM_SUBSCRIPTIONS, Entry
from microjob.lifecycle import Lifecycle, Move, Role, Step
from microjob.money import money, rate, zero
from microjob.policies import CommissionBand, MarketplacePolicy

__all__ = [
    "LIFECYCLE",
    "LIVE",
    "SS",
    "Plan",
    "Subscription",
    "SubscriptionDashboard",
    "SubscriptionState",
    "build_dashboard",
    "discounted_terms",
    "may_move",
]

_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class SubscriptionState:
    """Subscription states as plain strings (stored and indexed)."""

    PENDING = "pending"
    """Waiting for the provider to confirm the first period's charge; grants nothing yet."""
    ACTIVE = "active"
    PAST_DUE = "past_due"
    """The renewal could not be paid; the plan still grants until the grace period ends."""
    LAPSED = "lapsed"
    CANCELLED = "cancelled"


SS = SubscriptionState
LIVE = (SS.PENDING, SS.ACTIVE, SS.PAST_DUE)
"""States in which a user holds the subscription (one at a time per user)."""

OW, AD, SY = Role.OWNER, Role.ADMIN, Role.SYSTEM

LIFECYCLE = Lifecycle(
    "subscription",
    [SS.PENDING, SS.ACTIVE, SS.PAST_DUE, SS.LAPSED, SS.CANCELLED],
    [
        Move.of("pay", [SS.PENDING], SS.ACTIVE, {SY}),
        Move.of("renew", [SS.ACTIVE, SS.PAST_DUE], SS.ACTIVE, {SY}),
        Move.of("fall_behind", [SS.ACTIVE], SS.PAST_DUE, {SY}),
        Move.of("lapse", [SS.PENDING, SS.ACTIVE, SS.PAST_DUE], SS.LAPSED, {SY}),
        # Cancelling an active subscription stops renewal; it runs to the end of the paid
        # period and then ends. Nothing paid is running in the other states: they end at once.
        Move.of("cancel", [SS.ACTIVE], SS.ACTIVE, {OW, AD}),
        Move.of("cancel", [SS.PENDING, SS.PAST_DUE], SS.CANCELLED, {OW, AD}),
        Move.of("end", [SS.ACTIVE], SS.CANCELLED, {SY}),
    ],
)


def _rate_or_none(value: Any) -> Decimal | None:
    return None if value is None else rate(value)


def _positive_int(instance: Any, attribute: Any, value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValidationError(f"{attribute.name} must be a whole number of at least 1")


@attrs.frozen(kw_only=True)
class Plan:
    """What a subscriber pays each period and what it grants them.

    ``price`` is a ``Money`` in the marketplace's currency. ``id`` is the plan's key
    (``"pro"``): lowercase letters, digits, ``-`` and ``_``.
    ``commission_off`` lowers every commission rate of the subscriber's new orders by that
    fraction (``0.05``: 20 % becomes 15 %, never below 0); ``commission_rate`` replaces the
    commission with one flat rate instead (and drops commission bands). ``listing_limit`` is how
    many listings the subscriber may keep (not archived); ``None`` sets no limit. ``badge`` is
    shown on the subscriber's profile while the plan grants (empty: none).
    """

    id: str
    name: str
    price: Money = attrs.field(converter=money)
    period_days: int = attrs.field(default=30, validator=_positive_int)
    commission_off: Decimal | None = attrs.field(default=None, converter=_rate_or_none)
    commission_rate: Decimal | None = attrs.field(default=None, converter=_rate_or_none)
    listing_limit: int | None = None
    badge: str = ""
    version: int = 0

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.id, str) or not _PLAN_ID.match(self.id):
            raise ValidationError(
                f"a plan id is 1-40 lowercase letters, digits, '-' or '_', got {self.id!r}"
            )
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValidationError("a plan needs a name")
        if self.price.amount <= 0:
            raise ValidationError("a plan's price must be above 0 (a free tier needs no plan)")
        if self.commission_off is not None and self.commission_rate is not None:
            raise ValidationError("give commission_off or commission_rate, not both")
        for label in ("commission_off", "commission_rate"):
            value = getattr(self, label)
            if value is not None and value > 1:
                raise ValidationError(f"{label} is a fraction: 0.05 means 5 %, at most 1")
        limit = self.listing_limit
        if limit is not None and (
            not isinstance(limit, int) or isinstance(limit, bool) or limit < 0
        ):
            raise ValidationError("listing_limit is a whole number of at least 0, or None")
        if not isinstance(self.badge, str) or len(self.badge) > 40:
            raise ValidationError("badge is a short name (at most 40 characters)")


@attrs.frozen(kw_only=True)
class Subscription:
    """One user's run of periods on one plan.

    ``plan`` is the plan as it was when the current period was paid: a plan the operator
    changes applies to a subscriber from their next renewal, never to a period already paid.
    ``period`` counts the periods paid (0 while the first one waits for the provider);
    ``due_period`` is the period whose charge the provider has not answered yet. ``grace_until``
    is when a renewal that could not be paid lapses. ``next_try_at`` is when ``run_due`` next
    turns to a renewal charge: a new attempt after a failure, or the same attempt sent again
    (same idempotency key) when the provider has not answered it. ``references`` are the provider's
    references of the charges booked, so the webhook that repeats a synchronous answer is
    recognised; ``failed_references`` those of the charges that failed, so a failure notice the
    provider repeats cannot be taken for the failure of the attempt in flight;
    ``reversed_references`` those of charges the provider reversed before confirming them (the
    chargeback overtook the confirmation), so that confirmation books nothing.
    """

    id: str
    user_id: str
    plan: Plan
    state: str
    pay_from_wallet: bool
    created_at: DateTime
    period: int = 0
    period_start: DateTime | None = None
    period_end: DateTime | None = None
    renews: bool = True
    due_period: int | None = None
    attempts: int = 0
    grace_until: DateTime | None = None
    next_try_at: DateTime | None = None
    references: tuple[str, ...] = ()
    failed_references: tuple[str, ...] = ()
    reversed_references: tuple[str, ...] = ()
    ended_at: DateTime | None = None
    history: tuple[Step, ...] = ()
    version: int = 0

    @property
    def cause(self) -> str:
        return f"subscription:{self.id}"

    @property
    def plan_id(self) -> str:
        return self.plan.id

    @property
    def price(self) -> Money:
        return self.plan.price

    def period_key(self, n: int) -> str:
        """The ledger key of period ``n``'s fee: one entry per period, ever."""
        return f"subscription:{self.id}:period:{n}"

    def grants(self, at: DateTime) -> bool:
        """Whether the plan's benefits apply at ``at``."""
        if self.state not in (SS.ACTIVE, SS.PAST_DUE) or self.period_end is None:
            return False
        # A renewal being charged, or past due, keeps granting through the grace period.
        until = self.grace_until if self.grace_until is not None else self.period_end
        return at < until


def next_period(sub: Subscription, plan: Plan) -> dict[str, Any]:
    """The fields of the period after the current one (anchored on the old period's end, so
    a renewal paid late in the grace period does not shift the subscriber's billing day)."""
    start = sub.period_end
    assert start is not None, "only a running subscription renews"
    return {
        "plan": plan,
        "period": sub.period + 1,
        "period_start": start,
        "period_end": start.add(days=plan.period_days),
        "due_period": None,
        "attempts": 0,
        "grace_until": None,
        "next_try_at": None,
    }


def first_period(plan: Plan, now: DateTime) -> dict[str, Any]:
    return {
        "plan": plan,
        "period": 1,
        "period_start": now,
        "period_end": now.add(days=plan.period_days),
        "due_period": None,
        "attempts": 0,
        "grace_until": None,
        "next_try_at": None,
    }


def may_move(sub: Subscription, at: DateTime) -> bool:
    """Whether ``run_due`` at ``at`` may have something to do for a live ``sub`` (a cheap
    filter, so only those get a unit of work of their own; the tick decides)."""
    if sub.state == SS.PENDING:
        # Lapse at the end of the grace period; before it, resend an unanswered first charge.
        return any(t is not None and t <= at for t in (sub.grace_until, sub.next_try_at))
    return sub.period_end is not None and sub.period_end <= at


def discounted_terms(policy: MarketplacePolicy, plan: Plan) -> MarketplacePolicy:
    """The order terms for a subscriber: the plan's commission applied to ``policy``."""
    if plan.commission_rate is not None:
        return attrs.evolve(policy, commission_rate=plan.commission_rate, commission_bands=())
    off = plan.commission_off
    if off is None or off == 0:
        return policy
    return attrs.evolve(
        policy,
        commission_rate=max(Decimal(0), policy.commission_rate - off),
        commission_bands=tuple(
            CommissionBand(band.above, max(Decimal(0), band.rate - off))
            for band in policy.commission_bands
        ),
    )


@attrs.frozen
class SubscriptionDashboard:
    """What the operator watches: who holds which plan, what it earned, who left.

    ``churned`` counts subscriptions that lapsed or ended after a cancellation since ``since``;
    ``churn_rate`` is ``churned`` over those plus the subscriptions live now (0 when there are
    none). ``revenue`` is what ``platform:subscriptions`` received since ``since``.
    """

    since: DateTime
    until: DateTime
    active_by_plan: dict[str, int]
    past_due: int
    pending: int
    revenue: Money
    churned: int
    churn_rate: Decimal


def build_dashboard(
    live: Iterable[Subscription],
    ended: Iterable[Subscription],
    entries: Iterable[Entry],
    currency: str,
    since: DateTime,
    until: DateTime,
) -> SubscriptionDashboard:
    """The dashboard from the live and ended subscriptions and the entries of
    ``platform:subscriptions`` (what came in minus what went out, in ``[since, until]``)."""
    by_plan: dict[str, int] = {}
    past_due = pending = 0
    for sub in live:
        if sub.state == SS.PENDING:
            pending += 1
            continue
        past_due += sub.state == SS.PAST_DUE
        by_plan[sub.plan.id] = by_plan.get(sub.plan.id, 0) + 1
    churned = sum(
        1 for sub in ended if sub.ended_at is not None and sub.ended_at >= since and sub.period > 0
    )
    revenue = zero(currency)
    account = PLATFORM_SUBSCRIPTIONS
    for entry in entries:
        if entry.at < since or entry.at > until:
            continue
        for t in entry.transfers:
            if t.amount.currency.code != currency:
                continue
            if t.destination == account:
                revenue += t.amount
            if t.source == account:
                revenue -= t.amount
    base = sum(by_plan.values()) + churned
    share = Decimal(churned) / Decimal(base) if base else Decimal(0)
    return SubscriptionDashboard(
        since=since,
        until=until,
        active_by_plan=by_plan,
        past_due=past_due,
        pending=pending,
        revenue=revenue,
        churned=churned,
        churn_rate=share.quantize(Decimal("0.0001")),
    )
