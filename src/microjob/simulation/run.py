"""One simulated run: a fee model, a seed's demand, and the real Marketplace in between.

Every move goes through the [`Marketplace`][microjob.Marketplace] facade as a user or an admin would
make it (place, start, deliver, revise, accept, refuse, cancel, dispute, rule), and time moves
through `run_due` once per simulated hour, so late orders,
auto-completion, expiry, accepted cancellation requests and clearance happen exactly as they
would in production.

The figures are then **read from the engine**: money from the ledger's entries (every transfer
into the platform accounts, out of escrow, to sellers and buyers), order and dispute outcomes
from the engine's own records. Nothing is recomputed beside it; a run whose revenue by source
does not equal the platform accounts' balances to the cent raises `SimulationError`.

A move that the engine refuses because the order moved on meanwhile (the buyer accepts an order
that was auto-completed an hour earlier, a seller starts an order that expired) is counted as
*moot* and skipped, as the user's click would be.

Before the first order the sellers decide whether to work under the fee model
(`.response.terms`: only the active ones are registered, pay subscriptions and get
orders); each arriving buyer then meets the engine's quote for the seller's price and orders or
leaves (`.response.buy_probability`), and a pair with orders behind it may first try to
move off the platform through the chat (`.chat_moves.ChatMoves`). The results are read
back by `.books`.
"""

from __future__ import annotations

import gc
import heapq
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pendulum
from moneyed import Money
from pendulum import DateTime

from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.disputes import Ruling
from microjob.errors import (
    Conflict,
    InsufficientFunds,
    InvalidTransition,
    MarketplaceError,
    PolicyViolation,
)
from microjob.marketplace import Marketplace
from microjob.money import from_minor, minor_places
from microjob.orders import OrderState
from microjob.policies import MarketplacePolicy
from microjob.simulation.chat_moves import ADMIN, ChatMoves
from microjob.simulation.corpus import Corpus, load_corpus
from microjob.simulation.demand import MAX_ROUNDS, Arrival, Demand
from microjob.simulation.response import Terms, buy_probability, listed_price, terms
from microjob.simulation.scenario import FeeModel, Scenario

__all__ = [
    "ADMIN",
    "COUNTS",
    "LEVELS",
    "METRICS",
    "MONEY",
    "REVENUE_SOURCES",
    "MarketFactory",
    "RunResult",
    "SimulationClock",
    "SimulationError",
    "StoreMarket",
    "memory_market",
    "run_once",
]


MarketFactory = Callable[[MarketplacePolicy, FrozenClock], Marketplace]
"""Builds the marketplace a run drives: a policy and the run's clock in, a Marketplace out.
The default is `memory_market`; pass another to run on a database store."""

REVENUE_SOURCES = (
    "commission",
    "buyer_fees",
    "booking_fees",
    "dispute_fees",
    "subscriptions",
    "payout_fees",
)
"""Platform revenue by source, in the order reports show it (the ledger's platform accounts)."""

MONEY = (
    "gmv",
    "gmv_leaked",
    *REVENUE_SOURCES,
    "revenue",
    "refunds",
    "seller_earnings",
    "seller_net",
    "payouts",
)
"""Money metrics: one amount per day, summed over the run."""

LEVELS = ("escrow_float", "active_sellers")
"""Levels at the end of each day (money held in escrow, sellers working under the fee model);
a run's figure is the average over its days."""

COUNTS = (
    "orders_arrived",
    "orders_dropped",
    "orders_placed",
    "orders_leaked",
    "leak_attempts",
    "leaks_caught",
    "ordinary_flagged",
    "orders_completed",
    "orders_cancelled",
    "disputes_refund",
    "disputes_release",
    "disputes_split",
    "moot_moves",
)
"""Counts per day, summed over the run."""

METRICS = (*MONEY, *LEVELS, *COUNTS)


class SimulationClock(FrozenClock):
    """A [`FrozenClock`][microjob.simulation.run.FrozenClock] the run moves forward itself, minute
    by minute.

    The run only ever sets UTC times it built itself, so `set` skips the time-zone
    conversion that `FrozenClock.set` makes on every call (it showed up in profiles)."""

    def set(self, when: DateTime) -> DateTime:
        if when < self._now:
            raise ValueError("a clock only moves forward")
        self._now = when
        return when


class SimulationError(MarketplaceError, RuntimeError):
    """The simulation's figures disagree with the engine's books (a bug, never expected)."""


def memory_market(policy: MarketplacePolicy, clock: FrozenClock) -> Marketplace:
    """The default factory: the memory adapter, keeping no notifications or events."""
    return Marketplace.in_memory(
        policy,
        clock=clock,
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )


class StoreMarket:
    """A factory for runs on a database store (``Marketplace.from_url``, the ``sql`` extra).

    Every run needs an empty store of its own. ``sqlite://`` (an in-memory database) is fresh
    each time; for a file or a server put ``{run}`` in the URL and each run gets its own
    (``sqlite:///sim/run-{run}.db``: run-1.db, run-2.db, ...). A store that already holds
    the simulated users is refused with a `SimulationError`.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.runs = 0

    def __call__(self, policy: MarketplacePolicy, clock: FrozenClock) -> Marketplace:
        self.runs += 1
        url = self.url.replace("{run}", str(self.runs))
        _make_sqlite_folder(url)
        return Marketplace.from_url(
            url,
            policy,
            clock=clock,
            gateway=FakeGateway(),  # a simulation moves no real money
            notifier=RecordingNotifier(keep=False),
            publisher=RecordingPublisher(keep=False),
        )


def _make_sqlite_folder(url: str) -> None:
    """A SQLite file's folder is created if missing (``sqlite:///reports/run-1.db`` on a fresh
    checkout): the command creates what it needs instead of failing in the driver."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return
    path = url[len(prefix) :].split("?", 1)[0]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


@attrs.frozen
class RunResult:
    """What one run produced: per-day series and run totals (see `METRICS`), plus
    ``take_rate`` (revenue / GMV) and ``days_held`` (amount-weighted days in escrow) in
    ``totals``. ``ledger_revenue`` is the platform accounts' balances at the end, as the
    engine reports them (`Marketplace.revenue`)."""

    fee_model: str
    seed: int
    currency: str
    series: dict[str, tuple[Decimal, ...]]
    totals: dict[str, Decimal]
    ledger_revenue: dict[str, Decimal]
    entries: int


# Actions, in the order their handlers are listed in _Run.__init__.
(
    _ARRIVE,
    _START,
    _DECLINE,
    _CANCEL,
    _DELIVER,
    _REVISE,
    _ACCEPT,
    _REFUSE,
    _OPEN_DISPUTE,
    _RULE,
    _ASK_CANCEL,
    _AGREE,
) = range(12)

_MOOT = (InvalidTransition, PolicyViolation)
_IBAN = "DE89370400440532013000"  # a well-known valid test IBAN
_BIC = "COBADEFFXXX"


class _Run(ChatMoves):
    def __init__(
        self,
        scenario: Scenario,
        model: FeeModel,
        demand: Demand,
        factory: MarketFactory,
    ) -> None:
        self.scenario = scenario
        self.model = model
        self.demand = demand
        self.policy = model.policy
        self.code = model.policy.currency
        self.t0 = scenario.start
        self.t0_stamp = int(scenario.start.timestamp())
        self.t0_utc = datetime.fromtimestamp(self.t0_stamp, UTC)
        self.clock = SimulationClock(scenario.start)
        self.market = factory(model.policy, self.clock)
        self.behaviour = scenario.behaviour
        self.days = scenario.days
        self.queue: list[tuple[int, int, int, Arrival]] = []
        self.seq = itertools.count()
        self.now = 0
        self.order_ids: dict[int, str] = {}
        self.disputed: dict[int, str] = {}
        self.methods: dict[int, str] = {}
        n = self.days
        self.count: dict[str, list[int]] = {name: [0] * n for name in COUNTS}
        self.gmv = [Decimal(0)] * n
        self.gmv_leaked = [Decimal(0)] * n
        self.response = scenario.response
        self.leakage = scenario.leakage
        self.corpus: Corpus | None = (
            load_corpus(scenario.leakage.corpus) if scenario.leakage.enabled else None
        )
        self.terms = Terms(1.0, scenario.demand.sellers, 1.0)
        self.quotes: dict[int, tuple[Money, Decimal, Decimal]] = {}
        self.last_seller: dict[int, int] = {}
        self.together: dict[tuple[int, int], int] = {}
        self.leaked: set[tuple[int, int]] = set()
        self.conversations: dict[tuple[int, int], str] = {}
        self.seller_ids: dict[int, str] = {}
        self.places = minor_places(self.code)
        self.handlers: tuple[Callable[[Arrival], None], ...] = (
            self._arrive,
            self._start,
            self._decline,
            self._cancel,
            self._deliver,
            self._revise,
            self._accept,
            self._refuse,
            self._open_dispute,
            self._rule,
            self._ask_cancel,
            self._agree,
        )

    # -- scheduling ------------------------------------------------------------------------------
    def _at(self, minute: int) -> DateTime:
        # Building the DateTime from its fields is several times faster than pendulum's own
        # addition or fromtimestamp, which both go through a time-zone conversion.
        d = self.t0_utc + timedelta(minutes=minute)
        return DateTime(d.year, d.month, d.day, d.hour, d.minute, tzinfo=pendulum.UTC)

    def _minute(self, when: DateTime) -> int:
        return int(when.timestamp() - self.t0_stamp) // 60

    def _later(self, action: int, arrival: Arrival, delay: int) -> None:
        heapq.heappush(self.queue, (self.now + max(delay, 0), next(self.seq), action, arrival))

    def _day(self) -> int:
        return min(self.now // 1440, self.days - 1)

    # -- the loop --------------------------------------------------------------------------------
    def run(self) -> Marketplace:
        market = self.market
        try:
            market.users.register(ADMIN, name="Operator", email="admin@example.org", is_admin=True)
        except Conflict:
            raise SimulationError(
                f"the store already holds a user {ADMIN!r}: every run needs an empty store "
                "(for a database URL put {run} in it, e.g. sqlite:///sim/run-{run}.db)"
            ) from None
        spec = self.scenario.demand
        self.terms = terms(self.scenario, self.model, market)
        for n in range(spec.buyers):
            market.users.register(f"b{n}", name=f"Buyer {n}", email=f"b{n}@example.org")
        for n in range(self.terms.active):
            market.users.register(f"s{n}", name=f"Seller {n}", email=f"s{n}@example.org")
        every = self.scenario.payouts.every_days
        withdraw = every > 0 and hasattr(market, "request_payout")
        if withdraw:
            self._add_payout_methods()
        queue = self.queue
        handlers = self.handlers
        clock = self.clock
        count_moot = self.count["moot_moves"]
        fee = self.model.subscription
        tick = self.scenario.tick_hours
        # The engine's records live for the whole run, so every full collection of the cyclic
        # garbage collector would walk all of them again (a fifth of the time at 20,000 orders).
        # Each simulated day moves what exists into the permanent generation; plain reference
        # counting still frees everything as usual, and the end of the run undoes it.
        try:
            for day, arrivals in enumerate(self.demand.days):
                gc.freeze()
                if fee is not None:
                    self._subscriptions(day, fee)
                if withdraw and day:
                    self._withdraw(day, every)
                for arrival in arrivals:
                    heapq.heappush(queue, (arrival.minute, next(self.seq), _ARRIVE, arrival))
                for hour in range(tick, 25, tick):
                    end = (day * 24 + hour) * 60
                    while queue and queue[0][0] < end:
                        minute, _, action, arrival = heapq.heappop(queue)
                        if minute > self.now:
                            self.now = minute
                            clock.set(self._at(minute))
                        try:
                            handlers[action](arrival)
                        except _MOOT:
                            count_moot[self._day()] += 1
                    self.now = end
                    clock.set(self._at(end))
                    market.run_due()
        finally:
            gc.unfreeze()
        return market

    def _subscriptions(self, day: int, fee: Money) -> None:
        """Sellers pay the fee model's subscription through the engine's own command: on day 0
        every active seller subscribes to one plan (paid by card), ``run_due`` renews it every
        period, and on the run's last day every subscription is cancelled, so the period that
        would start at the run's closing instant is never charged (the run covers its days, no
        more)."""
        market = self.market
        if day == 0:
            from microjob.subscriptions import Plan

            market.subscriptions.define_plan(
                Plan(
                    id="seller",
                    name="Seller subscription",
                    price=fee,
                    period_days=self.model.subscription_days,
                ),
                actor=ADMIN,
            )
            for n in range(self.terms.active):
                market.subscriptions.subscribe("seller", actor=f"s{n}")
        if day == self.days - 1:
            for n in range(self.terms.active):
                for sub in market.subscriptions.of_user(f"s{n}", viewer=ADMIN):
                    if sub.state in ("pending", "active", "past_due"):
                        market.subscriptions.cancel(sub.id, actor=ADMIN)

    def _add_payout_methods(self) -> None:
        from microjob.payouts import BankAccount, PayPal

        market: Any = self.market  # payouts are an optional capability of the engine
        bank = self.scenario.payouts.method == "bank"
        for n in range(self.terms.active):
            method = (
                BankAccount(iban=_IBAN, bic=_BIC, holder=f"Seller {n}")
                if bank
                else PayPal(email=f"s{n}@example.org")
            )
            self.methods[n] = market.payouts.add_method(actor=f"s{n}", method=method).id

    def _withdraw(self, day: int, every: int) -> None:
        """Sellers whose turn it is withdraw everything available; an admin approves."""
        market: Any = self.market
        code = self.code
        for n in range(self.terms.active):
            if (day + n) % every:
                continue
            seller = f"s{n}"
            available = market.wallet.balances(seller, code, viewer=seller).available
            if not available.amount:
                continue
            try:
                payout = market.payouts.request(
                    actor=seller, method_id=self.methods[n], amount=available
                )
                if payout.state == "requested":
                    market.payouts.approve(payout.id, actor=ADMIN)
                elif payout.state == "held_for_review":
                    market.payouts.approve(payout.id, actor=ADMIN, reviewed=True)
            except (*_MOOT, InsufficientFunds):  # below the minimum, or not enough left
                self.count["moot_moves"][day] += 1

    # -- the moves ---------------------------------------------------------------------------------
    def _id(self, arrival: Arrival) -> str:
        return self.order_ids[arrival.number]

    def _quote(self, minor: int) -> tuple[Money, Decimal, Decimal]:
        """(listed price, buyer's total, the platform's share of that total) for a fee-free
        price, from the engine's own quote; prices sit on the scenario's step grid, so a run
        asks the engine once per distinct price."""
        known = self.quotes.get(minor)
        if known is None:
            price = listed_price(
                self.policy, from_minor(minor, self.code), self.response.pass_through
            )
            quote = self.market.orders.quote(price)
            total = quote.buyer_pays.amount
            fee_share = (total - quote.seller_gets.amount) / total if total else Decimal(0)
            known = self.quotes[minor] = (price, total, fee_share)
        return known

    def _seller(self, a: Arrival) -> int:
        """The buyer's seller: the last one they used (``response.repeat`` of the time, if
        still working here), else one of the active sellers picked by the buyer's draw."""
        active = self.terms.active
        last = self.last_seller.get(a.buyer)
        if last is not None and last < active and a.u_repeat < self.response.repeat:
            return last
        return min(int(a.seller * active), active - 1)

    def _arrive(self, a: Arrival) -> None:
        day = self._day()
        self.count["orders_arrived"][day] += 1
        seller = self._seller(a)
        pair = (a.buyer, seller)
        price, total, fee_share = self._quote(a.price)
        if pair in self.leaked:
            self.count["orders_leaked"][day] += 1
            self.gmv_leaked[day] += price.amount
            return
        fee_free = Decimal(a.price).scaleb(-self.places)
        chance = buy_probability(total, fee_free, self.response.buyer_elasticity, self.terms.kept)
        if a.u_buy >= chance:
            self.count["orders_dropped"][day] += 1
            return
        if self._leaks(pair, a, fee_share):
            self.count["orders_leaked"][day] += 1
            self.gmv_leaked[day] += price.amount
            return
        order = self.market.orders.place(
            actor=f"b{a.buyer}",
            seller_id=f"s{seller}",
            title=f"Service {a.number}",
            price=price,
            delivery_days=a.delivery_days,
        )
        self.together[pair] = self.together.get(pair, 0) + 1
        self.last_seller[a.buyer] = seller
        self.seller_ids[a.number] = f"s{seller}"
        if self.corpus is not None and a.u_chat < self.leakage.chat:
            self._send(pair, a, self.corpus.chat(a.u_chat_text), ordinary=True)
        self.order_ids[a.number] = order.id
        self.count["orders_placed"][day] += 1
        if order.state not in (OrderState.AWAITING_PAYMENT, OrderState.CANCELLED):
            self.gmv[day] += order.price.amount
        b = self.behaviour
        if a.u_pending < b.decline:
            self._later(_DECLINE, a, a.pending_minutes)
        elif a.u_pending < b.decline + b.cancel_pending:
            self._later(_CANCEL, a, a.pending_minutes)
        else:
            self._later(_START, a, a.pending_minutes)

    def _start(self, a: Arrival) -> None:
        order = self.market.orders.start(self._id(a), actor=self.seller_ids[a.number])
        assert order.due_at is not None
        until_due = self._minute(order.due_at) - self.now
        b = self.behaviour
        part = int(until_due * a.work_share)
        if a.u_work < b.mutual_cancel:
            self._later(_ASK_CANCEL, a, part)
        elif a.u_work < b.mutual_cancel + b.dispute:
            self._later(_OPEN_DISPUTE, a, part)
        elif a.u_late < b.late:
            self._later(_DELIVER, a, until_due + a.late_minutes)
            grace = order.policy.late_cancel_grace_hours
            if a.u_cancel_late < b.cancel_late and grace is not None:
                self._later(_CANCEL, a, until_due + grace * 60 + 60)
        else:
            self._later(_DELIVER, a, part)

    def _decline(self, a: Arrival) -> None:
        self.market.orders.decline(
            self._id(a), actor=self.seller_ids[a.number], reason="fully booked"
        )

    def _cancel(self, a: Arrival) -> None:
        self.market.orders.cancel(self._id(a), actor=f"b{a.buyer}", reason="changed my mind")

    def _deliver(self, a: Arrival) -> None:
        order = self.market.orders.deliver(
            self._id(a), actor=self.seller_ids[a.number], message="Here is the work"
        )
        round_ = min(order.revisions, MAX_ROUNDS - 1)
        b = self.behaviour
        wait = a.responses[round_]
        if round_ == 0 and a.u_refuse < b.refuse:
            self._later(_REFUSE, a, wait)
        elif round_ < MAX_ROUNDS - 1 and a.u_revisions[round_] < b.revision:
            self._later(_REVISE, a, wait)
        elif a.u_silent < b.silent:
            self._later(_ACCEPT, a, a.silent_minutes)
        else:
            self._later(_ACCEPT, a, wait)

    def _revise(self, a: Arrival) -> None:
        try:
            order = self.market.orders.request_revision(
                self._id(a), actor=f"b{a.buyer}", reason="please adjust"
            )
        except PolicyViolation:  # no revisions left under these terms: the buyer accepts
            self._accept(a)
            return
        self._later(_DELIVER, a, a.revision_minutes[min(order.revisions, MAX_ROUNDS) - 1])

    def _accept(self, a: Arrival) -> None:
        self.market.orders.accept(self._id(a), actor=f"b{a.buyer}")

    def _refuse(self, a: Arrival) -> None:
        order_id = self._id(a)
        self.market.disputes.refuse(order_id, actor=f"b{a.buyer}", reason="not what I ordered")
        self.disputed[a.number] = self.market.disputes.of_order(order_id, viewer=ADMIN)[-1].id
        self._later(_RULE, a, a.ruling_minutes)

    def _open_dispute(self, a: Arrival) -> None:
        seller_opens = a.u_opener < self.behaviour.seller_opens
        by = self.seller_ids[a.number] if seller_opens else f"b{a.buyer}"
        dispute = self.market.disputes.open(self._id(a), actor=by, reason="we cannot agree")
        self.disputed[a.number] = dispute.id
        self._later(_RULE, a, a.ruling_minutes)

    def _rule(self, a: Arrival) -> None:
        outcomes = self.scenario.disputes
        u = a.u_outcome
        if u < outcomes.refund:
            ruling = Ruling.refund_buyer("the work was not delivered as agreed")
        elif u < outcomes.refund + outcomes.release:
            ruling = Ruling.release_to_seller("the work matches the order")
        else:
            ruling = Ruling.split("both sides are partly right", buyer_share=a.share)
        self.market.disputes.rule(self.disputed[a.number], actor=ADMIN, ruling=ruling)

    def _ask_cancel(self, a: Arrival) -> None:
        self.market.orders.request_cancellation(
            self._id(a), actor=f"b{a.buyer}", reason="plans changed"
        )
        self._later(_AGREE, a, a.answer_minutes)

    def _agree(self, a: Arrival) -> None:
        self.market.orders.answer_cancellation(
            self._id(a), actor=self.seller_ids[a.number], agree=True
        )

    # -- reading the results from the engine ------------------------------------------------
    def measure(self) -> RunResult:
        """The run's figures, read from the engine's ledger and records (`.books`)."""
        from microjob.simulation.books import measure

        return measure(self)


def run_once(
    scenario: Scenario,
    model: FeeModel,
    demand: Demand,
    *,
    factory: MarketFactory | None = None,
    verify: bool = False,
    keep: list[Any] | None = None,
) -> RunResult:
    """Drive one fee model through one seed's demand and read the results from the engine.

    ``verify`` re-checks every ledger invariant at the end (slower); ``keep``, when given, gets
    the marketplace appended (tests look inside it).
    """
    run = _Run(scenario, model, demand, factory or memory_market)
    market = run.run()
    if verify:
        market.admin.verify()
    if keep is not None:
        keep.append(market)
    return run.measure()
