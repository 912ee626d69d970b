"""The random commands of the fault simulator (`microjob.testing.faults`).

Each command is drawn with its arguments *before* it runs (so the step trace names exactly what
ran) and returns a short outcome for the trace. Order commands reuse the state machine's table of
sensible moves (`microjob.testing.machine._SENSIBLE`): most of the time the command fits
the order's state and its actor is the right party, so runs get deep into the lifecycle; the
rest of the time anything goes, by anyone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from microjob.lifecycle import Role
from microjob.marketplace import Marketplace
from microjob.money import from_minor
from microjob.orders import CLOSED
from microjob.payouts import DepositState, PayoutState
from microjob.testing.faultmix import Failure, checked_due
from microjob.testing.machine import _COMMANDS, _SENSIBLE, dispute_move
from microjob.users import BACK_OFFICE

if TYPE_CHECKING:
    from microjob.testing.faults import Simulator

__all__ = ["Commands"]

Command = Callable[[Marketplace], str]

_WEIGHTS = {
    "place_paid_by_provider": 14,
    "place_from_wallet": 5,
    "order_command": 34,
    "deposit": 6,
    "wire_deposit": 2,
    "deposit_by_hand": 2,
    "request_payout": 5,
    "decide_payout": 5,
    "time_passes": 8,
    "chat": 4,
    "provider_settles": 4,
    "register": 2,
}

_SUBSCRIPTION_WEIGHTS = {
    "subscribe": 5,
    "cancel_subscription": 2,
    "subscription_chargeback": 1,
    "time_passes": 2,
}
"""The commands of a subscription step (a share ``FaultMix.subscriptions`` of the commands)."""


class Commands:
    """Draws the next command for a `Simulator`."""

    def __init__(self, sim: Simulator) -> None:
        self.sim = sim
        self.last = ""
        self._fresh = itertools.count(len(sim.people) + 1)
        self.weights = dict(_WEIGHTS)
        """How often each command is drawn, relative to the others (a subclass may change it)."""
        self._names = list(self.weights)
        self._weights = list(self.weights.values())
        self.subscription_weights = dict(_SUBSCRIPTION_WEIGHTS)
        """How often each command of a subscription step is drawn."""

    def pick(self) -> tuple[str, str, Command]:
        """The next command: its kind, what it is (for the trace) and the command itself."""
        rng = self.sim.rng
        hostile = self.sim.mix.hostile
        name = "hostile_input" if hostile and rng.random() < hostile else ""
        # Drawn only when the mix asks for subscriptions, so a mix without them draws exactly
        # the commands it drew before they existed.
        share = self.sim.mix.subscriptions
        if not name and share and rng.random() < share:
            weights = self.subscription_weights
            name = rng.choices(list(weights), list(weights.values()))[0]
        name = name or rng.choices(self._names, self._weights)[0]
        command: Command = getattr(self, name)()
        return name, self.last, command

    def hostile_input(self) -> Command:
        """An input a marketplace must refuse with a clear domain error (never accept, never
        crash on): absurd amounts and durations, huge texts, reserved or invisible identities,
        the system's name used as an actor."""
        sim = self.sim
        rng = sim.rng
        buyer, seller = rng.sample(sim.people, 2)
        orders = [o for o in sim.orders() if o.state not in CLOSED]
        order = rng.choice(orders) if orders else None
        code = sim.config.policy.currency
        cases: list[tuple[str, Callable[[Marketplace], object]]] = [
            (
                "price of 10**18",
                lambda m: m.orders.place(
                    actor=buyer, seller_id=seller, title="x", price=10**18, delivery_days=3
                ),
            ),
            (
                "delivery in 10**9 days",
                lambda m: m.orders.place(
                    actor=buyer,
                    seller_id=seller,
                    title="x",
                    price=from_minor(500, code),
                    delivery_days=10**9,
                ),
            ),
            (
                "a 1 MB title",
                lambda m: m.orders.place(
                    actor=buyer,
                    seller_id=seller,
                    title="x" * 1_000_000,
                    price=from_minor(500, code),
                    delivery_days=3,
                ),
            ),
            ("user id SYSTEM", lambda m: m.users.register("SYSTEM", name="S", email="s@x.org")),
            (
                "a zero-width name",
                lambda m: m.users.register("zw", name="\u200b", email="zw@example.org"),
            ),
            ("e-mail '@'", lambda m: m.users.register("at", name="At", email="@")),
        ]
        if order is not None:
            oid = order.id
            cases += [
                (
                    f"an extension of 999999999 days on order {oid}",
                    lambda m: m.orders.request_extension(
                        oid, actor=order.seller_id, days=999_999_999, reason="more"
                    ),
                ),
                (
                    f"a 10 MB delivery message on order {oid}",
                    lambda m: m.orders.deliver(
                        oid, actor=order.seller_id, message="x" * 10_000_000
                    ),
                ),
                (
                    f"a dispute on order {oid} opened by 'system'",
                    lambda m: m.disputes.open(oid, actor="system", reason="I am the system"),
                ),
            ]
        what, attempt = rng.choice(cases)
        self.last = f"hostile: {what}"

        def run(m: Marketplace) -> str:
            attempt(m)
            raise Failure(f"a hostile input was accepted: {what}")

        return run

    # -- orders ------------------------------------------------------------------------------------
    def _place(self, from_wallet: bool) -> Command:
        rng, sim = self.sim.rng, self.sim
        buyer, seller = rng.choice(sim.people), rng.choice(sim.people)
        price = sim.amount(100, 400_000)
        days = rng.randint(1, 10)
        how = "wallet" if from_wallet else "provider"
        self.last = f"place {buyer}->{seller} {price} {days}d ({how})"

        def run(m: Marketplace) -> str:
            order = m.orders.place(
                actor=buyer,
                seller_id=seller,
                title="Work",
                price=price,
                delivery_days=days,
                pay_from_wallet=from_wallet,
            )
            return f"order {order.id} {order.state}"

        return run

    def place_paid_by_provider(self) -> Command:
        return self._place(False)

    def place_from_wallet(self) -> Command:
        return self._place(True)

    def order_command(self) -> Command:
        rng, sim = self.sim.rng, self.sim
        orders = sim.orders()
        if not orders:
            return self.time_passes()
        live = [o for o in orders if o.state not in CLOSED]
        order = rng.choice(live if live and rng.random() < 0.9 else orders)
        who = rng.choice(("buyer", "seller", "buyer", "seller", "admin", "someone"))
        command = rng.choice(_COMMANDS)
        if rng.random() < 0.85:
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
                who, command = rng.choice(options)
        if who == "buyer":
            actor = order.buyer_id
        elif who == "seller":
            actor = order.seller_id
        elif who == "admin":
            actor = self.sim.admin
        else:
            actor = rng.choice(
                [p for p in sim.people if p not in (order.buyer_id, order.seller_id)]
            )
        units = rng.randint(0, 400_000)
        oid = order.id
        self.last = f"{command} order {oid} by {actor} ({units})"
        if command == "gateway_confirms":
            self.last = f"provider settles order {oid}'s charge"

            def settle(m: Marketplace) -> str:
                op = sim.gateway.settle_one(f"order:{oid}")
                return "nothing pending" if op is None else f"{op.status}"

            return settle
        amount = from_minor(units, sim.config.policy.currency)

        def run(m: Marketplace) -> str:
            if command == "start":
                m.orders.start(oid, actor=actor)
            elif command == "decline":
                m.orders.decline(oid, actor=actor, reason="no")
            elif command == "deliver":
                m.orders.deliver(oid, actor=actor, message="here it is")
            elif command == "accept":
                m.orders.accept(oid, actor=actor)
            elif command == "request_revision":
                m.orders.request_revision(oid, actor=actor, reason="again")
            elif command == "refuse":
                m.disputes.refuse(oid, actor=actor, reason="not what I ordered")
            elif command == "cancel":
                m.orders.cancel(oid, actor=actor, reason="changed my mind")
            elif command == "request_cancellation":
                m.orders.request_cancellation(oid, actor=actor, reason="let us stop")
            elif command == "request_partial_refund":
                m.orders.request_cancellation(oid, actor=actor, reason="half done", refund=amount)
            elif command == "agree_cancellation":
                m.orders.answer_cancellation(oid, actor=actor, agree=True)
            elif command == "decline_cancellation":
                m.orders.answer_cancellation(oid, actor=actor, agree=False)
            elif command == "withdraw_cancellation":
                m.orders.withdraw_cancellation(oid, actor=actor)
            elif command == "request_extension":
                m.orders.request_extension(oid, actor=actor, days=1 + units % 5, reason="more time")
            elif command == "grant_extension":
                m.orders.grant_extension(oid, actor=actor)
            elif command == "open_dispute":
                m.disputes.open(oid, actor=actor, reason="we disagree")
            else:
                dispute_move(m, oid, actor, command, units, sim.admin)
            return str(m.orders.get(oid, viewer=BACK_OFFICE).state)

        return run

    # -- wallets -----------------------------------------------------------------------------------
    def deposit(self) -> Command:
        person = self.sim.rng.choice(self.sim.people)
        amount = self.sim.amount(1_000, 300_000)
        self.last = f"deposit {amount} by {person} (provider)"

        def run(m: Marketplace) -> str:
            found = m.wallet.announce_deposit(actor=person, amount=amount)
            return f"deposit {found.id} {found.state}"

        return run

    def wire_deposit(self) -> Command:
        person = self.sim.rng.choice(self.sim.people)
        amount = self.sim.amount(1_000, 300_000)
        self.last = f"deposit {amount} by {person} (wire)"

        def run(m: Marketplace) -> str:
            found = m.wallet.announce_deposit(
                actor=person, amount=amount, through_gateway=False, reference="wire"
            )
            return f"deposit {found.id} {found.state}"

        return run

    def deposit_by_hand(self) -> Command:
        sim = self.sim
        waiting = sim.deposits(DepositState.ANNOUNCED)
        if not waiting:
            return self.time_passes()
        deposit = sim.rng.choice(waiting)
        if deposit.through_gateway and deposit.provider_status != "succeeded":
            return self.time_passes()  # an admin confirms only what the provider charged
        confirm = sim.rng.random() < 0.7 or deposit.through_gateway
        self.last = f"admin {'confirms' if confirm else 'rejects'} deposit {deposit.id}"

        def run(m: Marketplace) -> str:
            if confirm:
                done = m.wallet.confirm_deposit(deposit.id, actor=sim.admin)
            else:
                done = m.wallet.reject_deposit(
                    deposit.id, actor=sim.admin, reason="not on the statement"
                )
            sim.hand_confirmed.add(deposit.id)
            return str(done.state)

        return run

    def request_payout(self) -> Command:
        sim = self.sim
        # Not someone whose process died while their payout methods were being added; mostly
        # someone with money to withdraw.
        able = [p for p in sim.people if p in sim.methods]
        funded = [p for p in able if sim.available(p) > 0]
        person = sim.rng.choice(funded if funded and sim.rng.random() < 0.8 else able)
        method = sim.rng.choice(sim.methods[person])
        share = sim.rng.choice((1000, 600, 250))
        have = sim.available(person)
        amount = sim.amount(max(1, have * share // 1000), max(1, have * share // 1000))
        self.last = f"payout request {amount} by {person}"

        def run(m: Marketplace) -> str:
            payout = m.payouts.request(actor=person, method_id=method, amount=amount)
            return f"payout {payout.id} {payout.state}"

        return run

    def decide_payout(self) -> Command:
        sim = self.sim
        waiting = sim.payouts(PayoutState.REQUESTED, PayoutState.HELD_FOR_REVIEW)
        if not waiting:
            return self.time_passes()
        payout = sim.rng.choice(waiting)
        action = sim.rng.choice(("approve", "approve", "approve_reviewed", "reject", "cancel"))
        self.last = f"{action} payout {payout.id}"

        def run(m: Marketplace) -> str:
            if action == "approve":
                done = m.payouts.approve(payout.id, actor=sim.admin)
            elif action == "approve_reviewed":
                done = m.payouts.approve(payout.id, actor=sim.admin, reviewed=True)
            elif action == "reject":
                done = m.payouts.reject(payout.id, actor=sim.admin, reason="not now")
            else:
                done = m.payouts.cancel(payout.id, actor=payout.user_id)
            return str(done.state)

        return run

    # -- time, chat, the provider ------------------------------------------------------------------
    def time_passes(self) -> Command:
        sim = self.sim
        hours = sim.rng.randint(1, 96)
        self.last = f"{hours}h pass, run_due"

        def run(m: Marketplace) -> str:
            sim.clock.advance(hours=hours)
            report = checked_due(m)
            # run_due sent the refunds that are due (one refused waits, REFUSAL_WAITS)
            left = len(m.admin.unsent_refunds)
            return f"{report.total} moves, {left} refunds unsent"

        return run

    def chat(self) -> Command:
        rng, sim = self.sim.rng, self.sim
        a, b = rng.sample(sim.people, 2)
        text = rng.choice(("hello", "done soon", "call me on +1 415 555 2671", "bob@example.org"))
        self.last = f"chat {a}->{b} {text!r}"

        def run(m: Marketplace) -> str:
            conversation = m.chat.start(actor=a, other=b)
            message = m.chat.send(conversation.id, actor=a, text=text)
            return str(message.status)

        return run

    def register(self) -> Command:
        """A new user (who then buys, sells and withdraws like the others), or a registration
        that must be refused: a taken id, a reserved one, an address that is not one."""
        sim = self.sim
        fresh = f"u{next(self._fresh)}{sim.tag}"
        user_id, email = sim.rng.choice(
            (
                (fresh, f"{fresh}@example.org"),
                (fresh, f"{fresh}@example.org"),
                (sim.people[0], f"{fresh}@example.org"),
                ("system", f"{fresh}@example.org"),
                (fresh, "@"),
            )
        )
        self.last = f"register {user_id!r} <{email}>"

        def run(m: Marketplace) -> str:
            m.users.register(user_id, name=user_id.title(), email=email)
            sim.people = (*sim.people, user_id)
            sim.add_methods(m, user_id)
            return "registered"

        return run

    # -- subscriptions -----------------------------------------------------------------------------
    def subscribe(self) -> Command:
        """Someone subscribes to the plan, paying through the provider or from the wallet
        (refused while they hold a live subscription, or when the wallet is short)."""
        sim = self.sim
        person = sim.rng.choice(sim.people)
        from_wallet = sim.rng.random() < 0.4
        how = "wallet" if from_wallet else "provider"
        self.last = f"{person} subscribes to {sim.plan_id} ({how})"

        def run(m: Marketplace) -> str:
            sub = m.subscriptions.subscribe(sim.plan_id, actor=person, pay_from_wallet=from_wallet)
            return f"subscription {sub.id} {sub.state}"

        return run

    def cancel_subscription(self) -> Command:
        """The subscriber (sometimes an admin, rarely a stranger) cancels a live subscription."""
        sim = self.sim
        live = sim.subscriptions(live=True)
        if not live:
            return self.subscribe()
        sub = sim.rng.choice(live)
        who = sim.rng.choice(("owner", "owner", "owner", "admin", "someone"))
        actor = {"owner": sub.user_id, "admin": sim.admin}.get(who) or sim.rng.choice(
            [p for p in sim.people if p != sub.user_id]
        )
        self.last = f"cancel subscription {sub.id} ({sub.state}) by {actor}"

        def run(m: Marketplace) -> str:
            return str(m.subscriptions.cancel(sub.id, actor=actor).state)

        return run

    def subscription_chargeback(self) -> Command:
        """The card holder's bank reverses a subscription charge (its webhook is queued)."""
        sim = self.sim
        self.last = "a subscription charge is charged back"

        def run(m: Marketplace) -> str:
            op = sim.gateway.chargeback("subscription:")
            return "nothing to charge back" if op is None else f"{op.subject} {op.reference}"

        return run

    def provider_settles(self) -> Command:
        sim = self.sim
        self.last = "provider settles a pending operation"

        def run(m: Marketplace) -> str:
            op = sim.gateway.settle_one()
            return "nothing pending" if op is None else f"{op.op} {op.subject} {op.status}"

        return run
