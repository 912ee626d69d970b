"""Reputation (``market.reputation``): seller statistics and levels (rules in
[`microjob.reputation`][microjob.reputation]).

Statistics are a running tally per seller, kept by in-unit handlers
([`microjob.handlers`][microjob.handlers]): ``OrderCompleted``/``OrderCancelled`` count in the
seller's tally and ``ReviewPublished`` (a review made public: at once, or when a double-blind one is
revealed) counts its stars; each also *marks* the seller. A level is stored only by
[`ReputationService.evaluate`][microjob.services.reputation.ReputationService.evaluate] — on demand,
or by `ReputationService.due` in ``run_due`` for every marked seller; a promotion or demotion emits
``LevelChanged``. (The pure [`microjob.reputation.evaluate`][microjob.reputation.evaluate] computes
a level and changes nothing.)
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob import events
from microjob.context import Context, in_batches
from microjob.money import sum_of
from microjob.orders import Order, OrderState
from microjob.policies import MarketplacePolicy
from microjob.ports import Notification, RecordRepository, UnitOfWork
from microjob.records import upsert
from microjob.reputation import FIVERR_LIKE, ReputationRules, SellerStats, Standing, evaluate
from microjob.services.chat import _strikes
from microjob.users import User

__all__ = ["ReputationService", "SellerLevel"]

S = OrderState


@attrs.frozen(slots=True)
class SellerLevel:
    """A seller's last evaluated level; ``dirty`` when something changed since."""

    id: str
    level: str
    badges: tuple[str, ...] = ()
    evaluated_at: DateTime | None = None
    dirty: bool = True
    version: int = 0


@attrs.frozen(slots=True)
class DayCount:
    """What one seller's orders that closed on one day did, and the public reviews of them
    written that day (UTC date ``day``)."""

    day: str
    done: int = 0
    failed: int = 0
    delivered: int = 0
    on_time: int = 0
    losses: int = 0
    reviews: int = 0
    stars: int = 0


@attrs.frozen(slots=True)
class SellerTally:
    """A seller's running statistics, updated in the unit of work that closes each order or
    publishes each review of them.

    Why a tally and not a query: levels are evaluated often (every ``run_due`` for every seller
    whose orders changed), and reading all of a seller's orders and reviews each time would make
    a busy seller's evaluation, and so every order, slower as their history grows. Lifetime
    figures are running sums; the windowed ones are per-day counts, kept for ``_KEEP_DAYS``.
    """

    id: str
    completed: int = 0
    earnings: Decimal = Decimal(0)
    days: tuple[DayCount, ...] = ()
    version: int = 0
    reviews: int = 0
    stars: int = 0
    settled_directly: Decimal = Decimal(0)
    """Prices settled directly with the seller (direct mode), off the ledger."""


_CENT = Decimal("0.01")
_KEEP_DAYS = 400
"""Per-day counts older than this are dropped (a window longer than a year is not supported)."""


@attrs.frozen(slots=True)
class Totals:
    """Running marketplace totals per currency, kept in the same unit of work as the orders."""

    id: str
    gmv: Money
    completed: int = 0
    version: int = 0
    settled_directly: Money | None = None
    """The part of the GMV its parties settled outside the platform (direct mode, KiwiGigs)."""


def _levels(uow: UnitOfWork) -> RecordRepository[SellerLevel]:
    return uow.records("seller_level", SellerLevel, index=("dirty",))


def _totals(uow: UnitOfWork) -> RecordRepository[Totals]:
    return uow.records("totals", Totals)


TOTAL_STRIPES = 16
"""A currency's totals are kept in this many records, an order's in the one its id hashes to.

Every completion adds to them inside its unit of work; kept in one record, they were the one
row every completion of the marketplace waited for on PostgreSQL (the last such row once the
ledger's revenue accounts were striped). Readers sum the stripes. Stripe 0 keeps the plain
currency code as its id, so totals kept before striping count as stripe 0."""


def _stripe_key(code: str, order_id: str) -> str:
    stripe = zlib.crc32(order_id.encode()) % TOTAL_STRIPES
    return code if stripe == 0 else f"{code}#{stripe}"


def totals_of(uow: UnitOfWork, code: str) -> Totals | None:
    """The marketplace's totals in ``code``, summed over their stripes (``None``: none yet)."""
    repo = _totals(uow)
    found = [repo.find(code), *(repo.find(f"{code}#{n}") for n in range(1, TOTAL_STRIPES))]
    parts = [t for t in found if t is not None]
    if not parts:
        return None
    direct = [t.settled_directly for t in parts if t.settled_directly is not None]
    return Totals(
        code,
        sum((t.gmv for t in parts), Money(0, code)),
        sum(t.completed for t in parts),
        0,
        sum(direct, Money(0, code)) if direct else None,
    )


def _tallies(uow: UnitOfWork) -> RecordRepository[SellerTally]:
    return uow.records("seller_tally", SellerTally)


_OLDEST: dict[str, str] = {}
"""Day → the oldest day kept beside it (``_KEEP_DAYS`` earlier), computed once per day."""


def _oldest_kept(day: str) -> str:
    oldest = _OLDEST.get(day)
    if oldest is None:
        oldest = _OLDEST[day] = (date.fromisoformat(day) - timedelta(days=_KEEP_DAYS)).isoformat()
    return oldest


def _bump(
    uow: UnitOfWork,
    seller_id: str,
    when: DateTime,
    *,
    completed: int = 0,
    earned: Decimal = Decimal(0),
    done: int = 0,
    failed: int = 0,
    delivered: int = 0,
    on_time: int = 0,
    losses: int = 0,
    reviews: int = 0,
    stars: int = 0,
) -> None:
    """Add the counts to the seller's day bucket for ``when`` and to the lifetime sums.

    Runs in the unit of work of every order that closes, so it builds the new records directly
    (no evolve, no generators): the bucket of the day is nearly always the last one.
    """
    day = f"{when.year:04d}-{when.month:02d}-{when.day:02d}"  # times are kept in UTC

    def build(tally: SellerTally | None) -> SellerTally:
        days = tally.days if tally is not None else ()
        at = len(days) - 1
        while at >= 0 and days[at].day != day:
            at -= 1
        if at >= 0:
            b = days[at]
            bucket = DayCount(
                day,
                b.done + done,
                b.failed + failed,
                b.delivered + delivered,
                b.on_time + on_time,
                b.losses + losses,
                b.reviews + reviews,
                b.stars + stars,
            )
            kept = (*days[:at], bucket, *days[at + 1 :])
        else:
            bucket = DayCount(day, done, failed, delivered, on_time, losses, reviews, stars)
            kept = (*days, bucket)
            if days and days[-1].day > day:  # a late-arriving count for an earlier day
                kept = tuple(sorted(kept, key=lambda c: c.day))
        oldest = _OLDEST[day] if day in _OLDEST else _oldest_kept(day)
        if kept[0].day < oldest:
            kept = tuple(c for c in kept if c.day >= oldest)
        if tally is None:
            return SellerTally(seller_id, completed, Decimal(0) + earned, kept, 0, reviews, stars)
        return SellerTally(
            seller_id,
            tally.completed + completed,
            tally.earnings + earned,
            kept,
            tally.version + 1,
            tally.reviews + reviews,
            tally.stars + stars,
            tally.settled_directly,
        )

    upsert(_tallies(uow), seller_id, build)


def _count_closing(uow: UnitOfWork, order: Order) -> None:
    """Add a closed order to its seller's tally (in the unit of work that closed it)."""
    closed_at = order.closed_at
    if closed_at is None:
        return
    state = order.state
    done = state == S.COMPLETED
    failed = (
        state == S.CANCELLED
        and order.cancellation is not None
        and order.cancellation.fault.value == "seller"
    )
    delivered = order.delivered_at is not None
    late = lost = False
    for step in order.history:
        trigger = step.trigger
        if trigger == "mark_late":
            late = True
        elif trigger == "rule_refund":
            lost = True
    seller_amount = order.seller_amount
    earned = (
        seller_amount.amount
        if done and seller_amount is not None and seller_amount.amount
        else Decimal(0)
    )
    _bump(
        uow,
        order.seller_id,
        closed_at,
        completed=int(done),
        earned=earned,
        done=int(done),
        failed=int(failed),
        delivered=int(delivered),
        on_time=int(delivered and not late),
        losses=int(lost),
    )


def count_direct_settlement(uow: UnitOfWork, order: Order, amount: Money) -> None:
    """Add a price settled directly to its seller's tally and to its currency's totals, in
    the unit of work that records it, apart from any ledger money (KiwiGigs)."""

    def add_to_tally(tally: SellerTally | None) -> SellerTally:
        if tally is None:
            return SellerTally(order.seller_id, settled_directly=amount.amount)
        return attrs.evolve(
            tally,
            settled_directly=tally.settled_directly + amount.amount,
            version=tally.version + 1,
        )

    code = amount.currency.code

    def add_to_totals(current: Totals | None) -> Totals:
        if current is None:
            return Totals(key, Money(0, code), settled_directly=amount)
        before = current.settled_directly or Money(0, code)
        return attrs.evolve(current, settled_directly=before + amount, version=current.version + 1)

    upsert(_tallies(uow), order.seller_id, add_to_tally)
    key = _stripe_key(code, order.id)
    upsert(_totals(uow), key, add_to_totals)


class ReputationService:
    """Seller statistics, levels and badges."""

    def __init__(self, ctx: Context, rules: ReputationRules = FIVERR_LIKE) -> None:
        self.ctx = ctx
        self.rules = rules
        """The ladder and badges in force (``ReputationRules.from_toml`` reads your own)."""

    # -- keeping track: in-unit handlers (microjob.handlers) --------------------------------------
    def count_closed_order(self, uow: UnitOfWork, event: events.Event) -> None:
        """A completed or cancelled order counts in its seller's tally; their level is due a
        new evaluation."""
        assert isinstance(event, events.OrderCompleted | events.OrderCancelled)
        order = uow.orders.get(event.order_id)
        # What this handler and `add_to_totals` (next in the wiring, for a completion) read:
        # one read for the three.
        seller = order.seller_id
        wanted = [("seller_tally", seller), ("seller_level", seller)]
        if isinstance(event, events.OrderCompleted):
            wanted.append(("totals", _stripe_key(event.price.currency.code, order.id)))
        uow.prefetch(wanted)
        _count_closing(uow, order)
        self._mark(uow, seller)

    def add_to_totals(self, uow: UnitOfWork, event: events.Event) -> None:
        """A completed order adds its price to the marketplace's volume (GMV)."""
        assert isinstance(event, events.OrderCompleted)
        key = _stripe_key(event.price.currency.code, event.order_id)
        price = event.price

        def add(current: Totals | None) -> Totals:
            if current is None:
                return Totals(key, price, 1)
            return Totals(
                key,
                sum_of(current.gmv, price),
                current.completed + 1,
                current.version + 1,
                current.settled_directly,
            )

        upsert(_totals(uow), key, add)

    def count_review(self, uow: UnitOfWork, event: events.Event) -> None:
        """Only a public review changes a rating: a hidden double-blind one counts (and marks
        its subject) when it is revealed."""
        assert isinstance(event, events.ReviewPublished)
        _bump(uow, event.subject_id, event.written_at, reviews=1, stars=event.stars)
        self._mark(uow, event.subject_id)

    def count_strike(self, uow: UnitOfWork, event: events.Event) -> None:
        """A contact-details strike may cost a level: evaluate the user again."""
        assert isinstance(event, events.ContactStrikeCounted)
        self._mark(uow, event.user_id)

    def _mark(self, uow: UnitOfWork, seller_id: str) -> None:
        levels = _levels(uow)
        current = levels.find(seller_id)
        if current is not None and current.dirty:
            return  # already due an evaluation (a busy seller's usual case): nothing to write
        first = self.rules.levels[0].name

        def mark(current: SellerLevel | None) -> SellerLevel | None:
            if current is None:
                return SellerLevel(seller_id, first)
            if current.dirty:
                return None
            return attrs.evolve(current, dirty=True, version=current.version + 1)

        upsert(levels, seller_id, mark)

    # -- statistics and evaluation -------------------------------------------------------------
    def stats(self, user_id: str) -> SellerStats:
        """Lifetime completed orders and earnings; over the rules' window, the on-time rate of
        delivered orders, the completion rate (cancellations that were the seller's fault count
        against it), dispute losses, and the rating (all reviews when none is recent).

        Read from the seller's running tally, so the cost does not grow with their history.
        """
        with self.ctx.reads() as uow:
            return self._stats(uow, user_id, self.ctx.clock.now())

    def _stats(
        self, uow: UnitOfWork, user_id: str, now: DateTime, user: User | None = None
    ) -> SellerStats:
        """The seller's stats (``user``: the seller, when the caller read them already)."""
        # UTC; plain date arithmetic is enough for day buckets
        today = date(now.year, now.month, now.day)
        first_day = (today - timedelta(days=self.rules.window_days)).isoformat()
        if user is None:
            user = uow.users.get(user_id)
        tally = _tallies(uow).find(user_id) or SellerTally(user_id)
        strikes = _strikes(uow).find(user_id)
        done = failed = delivered = on_time = losses = count = stars = 0
        for c in reversed(tally.days):  # newest first: stop at the window's start
            if c.day < first_day:
                break
            done += c.done
            failed += c.failed
            delivered += c.delivered
            on_time += c.on_time
            losses += c.losses
            count += c.reviews
            stars += c.stars
        # A quiet month must not wipe out a good record: no recent review, all reviews count.
        if not count:
            count, stars = tally.reviews, tally.stars
        mean = (Decimal(stars) / count).quantize(_CENT, ROUND_HALF_EVEN) if count else None
        return SellerStats(
            completed=tally.completed,
            earnings=tally.earnings,
            rating=mean,
            reviews=count,
            on_time_rate=_ratio(on_time, delivered),
            completion_rate=_ratio(done, done + failed),
            dispute_losses=losses,
            account_age_days=int((now.timestamp() - user.joined_at.timestamp()) // 86_400),
            contact_strikes=strikes.count if strikes is not None else 0,
            settled_directly=tally.settled_directly,
        )

    def standing(self, user_id: str) -> Standing:
        """The level and badges the rules give the seller now, with the reasons (no change)."""
        return evaluate(self.rules, self.stats(user_id))

    def evaluate(self, user_id: str) -> Standing:
        """Evaluate and store the seller's level; a change emits ``LevelChanged``."""
        with self.ctx.uow() as uow:
            result = self._evaluate(uow, user_id, self.ctx.clock.now())
            self.ctx.commit(uow)
        return result

    def _evaluate(
        self, uow: UnitOfWork, user_id: str, now: DateTime, user: User | None = None
    ) -> Standing:
        """Read the tally and store the level in the same unit of work: a completion committed
        in between cannot be overwritten by a level computed without it (its ``dirty`` mark
        would be lost, and the level stale until the seller's next order)."""
        result = evaluate(self.rules, self._stats(uow, user_id, now, user))
        old = self.rules.levels[0].name

        def store(current: SellerLevel | None) -> SellerLevel:
            nonlocal old
            if current is not None:
                old = current.level
            version = 0 if current is None else current.version + 1
            return SellerLevel(user_id, result.level, result.badges, now, False, version)

        upsert(_levels(uow), user_id, store)
        if result.level != old:
            names = [level.name for level in self.rules.levels]
            rank = {name: i for i, name in enumerate(names)}
            up = rank.get(result.level, 0) > rank.get(old, 0)
            direction = "up" if up else "down"
            uow.emit(events.LevelChanged(now, "system", user_id, old, result.level, direction))
            uow.notify(
                Notification(
                    user_id,
                    "reputation.level",
                    f"user:{user_id}",
                    f"Your level is now {result.level}",
                    now,
                )
            )
        return result

    def level(self, user_id: str) -> str:
        """The stored level (the first rung when never evaluated)."""
        with self.ctx.reads() as uow:
            record = _levels(uow).find(user_id)
        return record.level if record is not None else self.rules.levels[0].name

    def due(self, at: DateTime) -> tuple[dict[str, int], list[str]]:
        """Re-evaluate every seller whose tally changed, ``DUE_BATCH`` to a unit of work (one
        commit for the lot); a batch that fails is redone one seller at a time, so one seller's
        failure does not hold up the others (as for the orders' own due moves)."""
        with self.ctx.reads() as uow:
            dirty = [record.id for record in _levels(uow).where(dirty=True)]
        # housekeeping, not a move of anything users see: not counted
        _, errors = in_batches(
            dirty, lambda sellers: self._evaluate_all(sellers, at), lambda s: f"level of {s}"
        )
        return {}, errors

    def _evaluate_all(self, sellers: Sequence[str], now: DateTime) -> list[str]:
        """Re-evaluate these sellers as of ``now`` (`run_due`'s moment, like its other
        moves), in one unit of work."""
        with self.ctx.uow() as uow:
            # What `_evaluate` reads of each seller, read for the batch in two statements
            # rather than four per seller (a hint: a store may read each as asked).
            users = uow.users.get_many(sellers)
            uow.prefetch(
                (kind, seller)
                for seller in sellers
                for kind in ("seller_tally", "contact_strikes", "seller_level")
            )
            for seller in sellers:
                self._evaluate(uow, seller, now, users.get(seller))
            self.ctx.commit(uow)
        return list(sellers)

    # -- level effects on new orders --------------------------------------------------------------
    def terms_for(
        self, uow: UnitOfWork, seller_id: str, policy: MarketplacePolicy
    ) -> MarketplacePolicy:
        effects = self.rules.effects
        if not effects:
            return policy
        record = _levels(uow).find(seller_id)
        # Never evaluated is the first rung, as everywhere else (``level()``, search, offers).
        level = record.level if record is not None else self.rules.levels[0].name
        effect = effects.get(level)
        if effect is None:
            return policy
        cache: dict[tuple[int, str], tuple[MarketplacePolicy, MarketplacePolicy]]
        cache = self.__dict__.setdefault("_terms_cache", {})
        key = (id(policy), level)
        cached = cache.get(key)
        if cached is not None and cached[0] is policy:
            return cached[1]
        changes: dict[str, Any] = {}
        if effect.commission_rate is not None:
            changes["commission_rate"] = effect.commission_rate
        if effect.clearance_days is not None:
            changes["clearance_days"] = effect.clearance_days
        terms = attrs.evolve(policy, **changes)
        cache[key] = (policy, terms)
        return terms

    # -- the operator's view ---------------------------------------------------------------


def _ratio(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / whole).quantize(Decimal("0.0001"))
