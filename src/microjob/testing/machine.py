"""``MarketplaceMachine``: a ready Hypothesis state machine over the whole engine.

It drives a real [`Marketplace`][microjob.Marketplace] with random commands by random actors (buyer,
seller, a stranger, an admin, the system) at random times, and checks the engine's invariants
after every step:

* money is conserved and no account but ``world`` is negative (``verify()``);
* an escrow is empty once its order is closed;
* a completed order paid the seller exactly price − commission (or its agreed settlement);
* every move in an order's history is a row of the state table;
* a refused command changed nothing.

Subclass it to test *your* marketplace: set
[`policy`][microjob.testing.machine.MarketplaceMachine.policy], override
[`make_marketplace`][microjob.testing.machine.MarketplaceMachine.make_marketplace]
to use your adapter, add rules and invariants of your own::

    class OurRules(MarketplaceMachine):
        policy = attrs.evolve(presets.fiverr_like(), commission_rate=Decimal("0.15"))

        @invariant()
        def sellers_keep_at_least_85_percent(self):
            for order in self.completed_orders():
                assert order.seller_amount >= order.price * Decimal("0.85")

    TestOurRules = OurRules.TestCase
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, ClassVar

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
)

from microjob import BACK_OFFICE
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.disputes import Ruling, ruling_parts
from microjob.errors import InvalidTransition, MarketplaceError
from microjob.lifecycle import Role
from microjob.marketplace import Marketplace
from microjob.money import from_minor, to_minor
from microjob.orders import CLOSED, LIFECYCLE, Order, OrderState
from microjob.policies import MarketplacePolicy, presets
from microjob.users import SYSTEM

__all__ = ["MarketplaceMachine"]

S = OrderState

# Steps in an order's history that are not moves of the state table (they keep the state).
_SIDE_STEPS = frozenset(
    {"ask_cancellation", "decline_cancellation", "withdraw_cancellation", "ask_extension", "clear"}
)

_COMMANDS = (
    "gateway_confirms",
    "start",
    "decline",
    "deliver",
    "accept",
    "request_revision",
    "refuse",
    "cancel",
    "request_cancellation",
    "request_partial_refund",
    "agree_cancellation",
    "decline_cancellation",
    "withdraw_cancellation",
    "request_extension",
    "grant_extension",
    "open_dispute",
    "dispute_evidence",
    "withdraw_dispute",
    "rule_refund",
    "rule_release",
    "rule_split",
)


_WORKING_OPTIONS = (
    ("buyer", "request_cancellation"),
    ("seller", "request_cancellation"),
    ("buyer", "request_partial_refund"),
    ("buyer", "open_dispute"),
    ("seller", "open_dispute"),
)
_SENSIBLE: dict[str, tuple[tuple[str, str], ...]] = {
    S.AWAITING_PAYMENT: (("system", "gateway_confirms"),),
    S.PENDING: (*[("seller", "start")] * 4, ("seller", "decline"), ("buyer", "cancel")),
    S.ACTIVE: (*[("seller", "deliver")] * 4, ("seller", "request_extension"), *_WORKING_OPTIONS),
    S.LATE: (
        *[("seller", "deliver")] * 3,
        ("buyer", "cancel"),
        ("seller", "request_extension"),
        *_WORKING_OPTIONS,
    ),
    S.DISPUTED: (
        ("admin", "rule_refund"),
        ("admin", "rule_release"),
        ("admin", "rule_split"),
        ("buyer", "dispute_evidence"),
        ("seller", "dispute_evidence"),
        ("buyer", "withdraw_dispute"),
        ("seller", "withdraw_dispute"),
    ),
    S.DELIVERED: (
        *[("buyer", "accept")] * 4,
        ("buyer", "request_revision"),
        ("buyer", "refuse"),
        *_WORKING_OPTIONS,
    ),
}


def dispute_move(
    m: Marketplace, order_id: str, actor: str, command: str, units: int, admin: str
) -> None:
    """One move on an order's live dispute: evidence, withdrawal or a ruling (a split takes
    ``units`` % 101 hundredths for the buyer). Shared by the state machine and the fault
    simulator; with no live dispute it still exercises the refusal path."""
    live = [d for d in m.disputes.of_order(order_id, viewer=admin) if d.is_live]
    if not live:
        raise InvalidTransition("dispute", "none", command, ())
    dispute = live[-1]
    if command == "dispute_evidence":
        m.disputes.add_evidence(dispute.id, actor=actor, text="my side of it")
    elif command == "withdraw_dispute":
        m.disputes.withdraw(dispute.id, actor=actor)
    elif command == "rule_refund":
        m.disputes.rule(dispute.id, actor=actor, ruling=Ruling.refund_buyer("ruled"))
    elif command == "rule_release":
        m.disputes.rule(dispute.id, actor=actor, ruling=Ruling.release_to_seller("ruled"))
    else:
        share = Decimal(units % 101) / 100
        m.disputes.rule(dispute.id, actor=actor, ruling=Ruling.split("ruled", buyer_share=share))


class MarketplaceMachine(RuleBasedStateMachine):
    """Random commands, random actors, random time; the engine's invariants after each step."""

    policy: ClassVar[MarketplacePolicy] = presets.fiverr_like()
    """The policy under test; override in a subclass."""
    people: ClassVar[tuple[str, ...]] = ("ann", "bob", "cy")
    """Users who buy and sell (one account does both)."""
    gateway_outcomes: ClassVar[tuple[str, ...]] = ("succeeded", "pending", "failed")

    orders = Bundle("orders")

    def make_marketplace(self) -> Marketplace:
        """Build the marketplace under test (override to plug in another adapter)."""
        self.gateway = FakeGateway()
        self.clock = FrozenClock()
        return Marketplace.in_memory(self.policy, clock=self.clock, gateway=self.gateway)

    # -- helpers ------------------------------------------------------------------------------
    def _fingerprint(self, order_id: str) -> tuple[Any, ...]:
        """What a refused command must leave as it was: the order and the ledger's length."""
        return (
            self.market.orders.get(order_id, viewer=BACK_OFFICE),
            self.market.admin.verify().entries,
        )

    def all_orders(self) -> Iterator[Order]:
        for order_id in sorted(self.known):
            yield self.market.orders.get(order_id, viewer=BACK_OFFICE)

    def completed_orders(self) -> Iterator[Order]:
        return (o for o in self.all_orders() if o.state == S.COMPLETED)

    def _price(self, units: int) -> Any:
        return from_minor(units, self.policy.currency)

    # -- rules --------------------------------------------------------------------------------
    @initialize(
        target=orders,
        units=st.integers(min_value=1, max_value=2_000_000),
        days=st.integers(min_value=1, max_value=10),
    )
    def set_up(self, units: int, days: int) -> str:
        """Build the marketplace and its users, and place one paid order: every run then has an
        order to work on, even when Hypothesis' swarm testing switches ``place`` off for it."""
        self.market = self.make_marketplace()
        for name in self.people:
            self.market.users.register(name, name=name.title(), email=f"{name}@example.org")
        self.market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
        self.known: set[str] = set()
        buyer, seller = self.people[0], self.people[1]
        order = self.market.orders.place(
            actor=buyer,
            seller_id=seller,
            title="First",
            price=self._price(units),
            delivery_days=days,
        )
        self.known.add(order.id)
        return order.id

    @rule(
        target=orders,
        buyer=st.sampled_from(people),
        seller=st.sampled_from(people),
        units=st.integers(min_value=1, max_value=2_000_000),
        days=st.integers(min_value=1, max_value=10),
        from_wallet=st.sampled_from((False, False, False, True)),
        outcome=st.sampled_from(gateway_outcomes),
    )
    def place(
        self, buyer: str, seller: str, units: int, days: int, from_wallet: bool, outcome: str
    ) -> str | MultipleResults[str]:
        """A new order (refused ones, e.g. to oneself or unpaid from the wallet, add nothing)."""
        self.gateway.script(outcome)
        calls = len(self.gateway.calls)
        entries = self.market.admin.verify().entries
        try:
            order = self.market.orders.place(
                actor=buyer,
                seller_id=seller,
                title="Work",
                price=self._price(units),
                delivery_days=days,
                pay_from_wallet=from_wallet,
            )
        except MarketplaceError:
            self.gateway._script.clear()
            assert self.market.admin.verify().entries == entries, "a refused order posted money"
            return multiple()
        if from_wallet or len(self.gateway.calls) == calls:
            # Nothing was charged (from the wallet, or a free booking paid at once): the
            # scripted outcome must not be left for the next provider call, a refund say.
            self.gateway._script.clear()
        self.known.add(order.id)
        return order.id

    @rule(
        order_id=orders,
        who=st.sampled_from(("buyer", "seller", "buyer", "seller", "admin", "someone")),
        command=st.sampled_from(_COMMANDS),
        units=st.integers(min_value=0, max_value=2_000_000),
        sensible=st.sampled_from((True, True, True, False)),
        pick=st.integers(min_value=0, max_value=23),
    )
    def act(
        self, order_id: str, who: str, command: str, units: int, sensible: bool, pick: int
    ) -> None:
        """A command by the order's buyer or seller (mostly), an admin or anyone else.

        Three times in four the command is one that makes sense in the order's state (so runs
        get deep into the lifecycle); otherwise anything goes, by anyone.
        """
        before = self._fingerprint(order_id)
        order = before[0]
        if sensible:
            options = _SENSIBLE.get(order.state, ())
            if order.cancel_request is not None:
                asker = "buyer" if order.cancel_request.role is Role.BUYER else "seller"
                other = "seller" if asker == "buyer" else "buyer"
                options = (
                    *options,
                    (other, "agree_cancellation"),
                    (other, "decline_cancellation"),
                    (asker, "withdraw_cancellation"),
                )
            if order.extension_request is not None:
                options = (*options, ("buyer", "grant_extension"))
            if options:
                who, command = options[pick % len(options)]
        if command == "gateway_confirms":
            self._gateway_confirms(order_id, duplicate=pick % 2 == 0)
            return
        if who == "buyer":
            actor = order.buyer_id
        elif who == "seller":
            actor = order.seller_id
        elif who == "admin":
            actor = "admin"
        else:
            actor = next(p for p in self.people if p not in (order.buyer_id, order.seller_id))
        m = self.market
        try:
            if command == "start":
                m.orders.start(order_id, actor=actor)
            elif command == "decline":
                m.orders.decline(order_id, actor=actor, reason="no")
            elif command == "deliver":
                m.orders.deliver(order_id, actor=actor, message="here it is")
            elif command == "accept":
                m.orders.accept(order_id, actor=actor)
            elif command == "request_revision":
                m.orders.request_revision(order_id, actor=actor, reason="again")
            elif command == "refuse":
                m.disputes.refuse(order_id, actor=actor, reason="not what I ordered")
            elif command == "cancel":
                m.orders.cancel(order_id, actor=actor, reason="changed my mind")
            elif command == "request_cancellation":
                m.orders.request_cancellation(order_id, actor=actor, reason="let us stop")
            elif command == "request_partial_refund":
                m.orders.request_cancellation(
                    order_id, actor=actor, reason="half done", refund=self._price(units)
                )
            elif command == "agree_cancellation":
                m.orders.answer_cancellation(order_id, actor=actor, agree=True)
            elif command == "decline_cancellation":
                m.orders.answer_cancellation(order_id, actor=actor, agree=False)
            elif command == "withdraw_cancellation":
                m.orders.withdraw_cancellation(order_id, actor=actor)
            elif command == "request_extension":
                m.orders.request_extension(
                    order_id, actor=actor, days=1 + units % 5, reason="more time"
                )
            elif command == "grant_extension":
                m.orders.grant_extension(order_id, actor=actor)
            elif command == "open_dispute":
                m.disputes.open(order_id, actor=actor, reason="we disagree")
            else:
                self._dispute_command(order_id, actor, command, units)
        except MarketplaceError:
            assert self._fingerprint(order_id) == before, f"refused {command} changed something"
            return
        event(f"{command} -> {self.market.orders.get(order_id, viewer=BACK_OFFICE).state}")

    @rule(hours=st.integers(min_value=1, max_value=24 * 5))
    def time_passes(self, hours: int) -> None:
        self.clock.advance(hours=hours)
        report = self.market.run_due()
        assert not report.errors, report.errors
        assert self.market.run_due(self.clock.now()).total == 0, "run_due is not idempotent"

    def _dispute_command(self, order_id: str, actor: str, command: str, units: int) -> None:
        dispute_move(self.market, order_id, actor, command, units, "admin")

    def _gateway_confirms(self, order_id: str, duplicate: bool) -> None:
        """The provider reports a charge (sometimes twice, sometimes after expiry)."""
        order = self.market.orders.get(order_id, viewer=BACK_OFFICE)
        if order.paid_from == "wallet":
            return
        event = self.gateway.event(
            "charge.succeeded", f"order:{order_id}", order.escrow_total, f"ch_{order_id}"
        )
        self.market.handle_gateway_event(event)
        if duplicate:
            snapshot = self._fingerprint(order_id)
            assert self.market.handle_gateway_event(event) == "duplicate"
            assert self._fingerprint(order_id) == snapshot

    # -- invariants ------------------------------------------------------------------------------
    @invariant()
    def books_balance(self) -> None:
        if hasattr(self, "market"):
            self.market.admin.verify()

    @invariant()
    def closed_orders_hold_no_escrow(self) -> None:
        if not hasattr(self, "market"):
            return
        for order in self.all_orders():
            held = self.market.wallet.balances(
                order.buyer_id, viewer=BACK_OFFICE
            )  # touches the query path too
            assert held.in_escrow.amount >= 0
            entries = self.market.admin.ledger_entries(f"order:{order.id}", viewer=BACK_OFFICE)
            escrow_name = accounts.escrow(order.id)
            balance = sum(
                (t.amount.amount if t.destination == escrow_name else -t.amount.amount)
                for e in entries
                for t in e.transfers
                if escrow_name in (t.source, t.destination)
            )
            if order.state in CLOSED:
                assert balance == 0, f"order {order.id} is {order.state} but escrow holds {balance}"
            elif order.state != S.AWAITING_PAYMENT:
                assert balance == order.escrow_total.amount, f"order {order.id} escrow {balance}"

    @invariant()
    def sellers_are_paid_exactly(self) -> None:
        if not hasattr(self, "market"):
            return
        for order in self.all_orders():
            if order.state != S.COMPLETED or order.policy.payment_mode.value == "direct":
                continue
            assert order.seller_amount is not None
            assert order.commission is not None
            if order.history[-1].trigger == "rule_release":
                # Ruled by an admin: the dispute-fee rule decides, recomputed independently.
                [dispute] = [
                    d for d in self.market.disputes.of_order(order.id, viewer="admin") if d.ruling
                ]
                assert dispute.ruling is not None
                parts = ruling_parts(order, dispute.ruling)
                assert (order.seller_amount, order.commission) == (parts.seller, parts.commission)
            else:
                refunded = order.refunded if order.refunded is not None else order.price * 0
                gross = order.price - refunded
                assert order.commission == order.policy.commission(gross)
                assert order.seller_amount == gross - order.commission
            paid = Decimal(0)
            for entry in self.market.admin.ledger_entries(f"order:{order.id}", viewer=BACK_OFFICE):
                for t in entry.transfers:
                    if t.destination in (
                        accounts.pending(order.seller_id),
                        accounts.available(order.seller_id),
                    ) and t.source == accounts.escrow(order.id):
                        paid += t.amount.amount
            assert paid == order.seller_amount.amount
            assert to_minor(order.seller_amount) >= 0

    @invariant()
    def histories_follow_the_state_table(self) -> None:
        if not hasattr(self, "market"):
            return
        for order in self.all_orders():
            steps = order.history
            for previous, step in itertools.pairwise(steps):
                assert step.source == previous.dest, f"order {order.id}: broken history"
            for step in steps[1:]:
                if step.trigger in _SIDE_STEPS:
                    assert step.source == step.dest
                    continue
                if step.trigger == "resume":
                    assert step.source == S.DISPUTED
                    continue
                roles = [r for r in Role if LIFECYCLE.can(step.source, step.trigger, r)]
                assert roles, f"order {order.id}: {step.trigger} from {step.source} is not a move"
                assert order.state == steps[-1].dest
            if order.state in CLOSED:
                assert order.wake_at is None or (order.state == S.COMPLETED and not order.cleared)

    @invariant()
    def the_system_actor_is_reserved(self) -> None:
        assert SYSTEM not in self.people
