"""One run through every capability of the engine, played on an adapter and on memory.

The adapter contract's widest test: a marketplace on the adapter under test and one on the memory
adapter play the same commands (orders accepted, disputed and cancelled, reviews, a deposit, a
payout, chat, time passing); every aggregate the adapter stored must read back as the command
returned it, and the money, counts and ratings must come out as on memory. The scenario lives
apart from [`microjob.testing.contract`][microjob.testing.contract] because it is a script of
the engine's commands, not a promise of the ports; the codec's tests play it too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
import pendulum

from microjob import BACK_OFFICE
from microjob.adapters.memory import (
    FakeGateway,
    FrozenClock,
    MemoryStore,
    RecordingNotifier,
    RecordingPublisher,
)
from microjob.disputes import Ruling
from microjob.marketplace import Marketplace
from microjob.payouts import BankAccount, PayPal
from microjob.policies import MarketplacePolicy, presets
from microjob.ports import UnitOfWorkFactory

__all__ = ["IBAN", "QUICK", "T0", "Scenario", "contract_market", "memory_market"]

T0 = pendulum.datetime(2026, 3, 2, 9, 30, tz="UTC")
"""When the clock of every marketplace the contract builds starts."""
IBAN = "DE89370400440532013000"
"""A valid German IBAN (its check digits hold), for the scenario's bank account."""
QUICK = attrs.evolve(presets.fiverr_like(), clearance_days=0)
"""The scenario's policy: no clearance, so the money it pays out is available at once."""


def contract_market(uow: UnitOfWorkFactory, policy: MarketplacePolicy) -> Marketplace:
    """A marketplace on ``uow`` with a frozen clock at `T0`, a fake gateway and recording
    notifier and publisher, and users ann, bob, cy and an admin: where every contract test that
    runs the engine starts, on the adapter and on memory alike."""
    market = Marketplace(
        uow=uow,
        clock=FrozenClock(T0),
        policy=policy,
        gateway=FakeGateway(),
        notifier=RecordingNotifier(),
        publisher=RecordingPublisher(),
    )
    for name in ("ann", "bob", "cy"):
        market.users.register(name, name=name.title(), email=f"{name}@example.org")
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    return market


def memory_market() -> Marketplace:
    """The scenario's reference: `contract_market` on a fresh memory store, under `QUICK`."""
    return contract_market(MemoryStore().unit_of_work, QUICK)


class Scenario:
    """One run through every capability of the engine, remembering what each command returned
    so that the stored aggregates can be compared with it."""

    def __init__(self, market: Marketplace) -> None:
        self.m = market
        self.returned: dict[str, Any] = {}

    def play(self) -> None:
        m = self.m
        clock = m.clock
        assert isinstance(clock, FrozenClock)
        r = self.returned
        # orders: one accepted, one disputed and ruled, one cancelled
        done = m.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="120", delivery_days=3
        )
        m.orders.start(done.id, actor="bob")
        m.orders.deliver(done.id, actor="bob", message="here")
        r["done"] = m.orders.accept(done.id, actor="ann")
        fought = m.orders.place(
            actor="cy", seller_id="bob", title="Site", price="75.50", delivery_days=2
        )
        m.orders.start(fought.id, actor="bob")
        dispute = m.disputes.open(fought.id, actor="cy", reason="nothing arrived")
        dispute = m.disputes.add_evidence(dispute.id, actor="bob", text="it did")
        r["dispute"] = m.disputes.rule(
            dispute.id, actor="admin", ruling=Ruling.split("half each", buyer_share=Decimal("0.5"))
        )
        r["fought"] = m.orders.get(fought.id, viewer=BACK_OFFICE)
        dropped = m.orders.place(
            actor="bob", seller_id="cy", title="Copy", price="9.99", delivery_days=1
        )
        r["dropped"] = m.orders.cancel(dropped.id, actor="bob", reason="changed my mind")
        # reviews and reputation
        r["review"] = m.reviews.write(done.id, actor="ann", stars=5, text="great work")
        r["reply"] = m.reviews.reply(r["review"].id, actor="bob", text="thank you")
        r["level"] = m.reputation.evaluate("bob")
        # wallet: deposit, payout methods, a paid payout
        deposit = m.wallet.announce_deposit(actor="cy", amount="50")
        r["deposit"] = m.wallet.deposit(deposit.id, viewer=BACK_OFFICE)
        r["paypal"] = m.payouts.add_method(actor="bob", method=PayPal("bob@example.org"))
        r["bank"] = m.payouts.add_method(
            actor="bob", method=BankAccount(iban=IBAN, bic="DEUTDEFF", holder="Bob")
        )
        payout = m.payouts.request(actor="bob", method_id=r["bank"].id, amount="40")
        payout = m.payouts.approve(payout.id, actor="admin")
        r["payout"] = m.payouts.get(payout.id, viewer=BACK_OFFICE)
        # chat: a conversation, a clean message and one with contact details
        talk = m.chat.start(actor="ann", other="bob")
        r["message"] = m.chat.send(talk.id, actor="ann", text="Could you do a second logo?")
        r["flagged"] = m.chat.send(talk.id, actor="bob", text="mail me at bob@example.org")
        r["talk"] = m.chat.conversation(talk.id, viewer="ann")
        # time passes: timers, clearance, levels
        clock.advance(days=20)
        r["due"] = m.run_due().total
        r["standing"] = m.reputation.standing("bob")

    def check_read_back(self) -> None:
        m, r = self.m, self.returned
        for name in ("done", "fought", "dropped"):
            assert m.orders.get(r[name].id, viewer=BACK_OFFICE) == r[name], (
                f"order {name} did not round-trip"
            )
        assert m.disputes.get(r["dispute"].id, viewer="admin") == r["dispute"]
        assert m.disputes.of_order(r["fought"].id, viewer="admin") == [r["dispute"]]
        assert m.wallet.deposit(r["deposit"].id, viewer=BACK_OFFICE) == r["deposit"]
        assert m.wallet.deposits("cy", viewer="cy") == [r["deposit"]]
        assert m.payouts.get(r["payout"].id, viewer=BACK_OFFICE) == r["payout"]
        assert m.payouts.of_user("bob", viewer="bob") == [r["payout"]]
        assert {x.id for x in m.payouts.methods("bob", viewer="bob")} == {
            r["paypal"].id,
            r["bank"].id,
        }
        reviews = m.reviews.of_user("bob")
        assert [x.id for x in reviews] == [r["review"].id]
        assert reviews[0].reply is not None
        assert m.chat.conversation(r["talk"].id, viewer="ann") == r["talk"]
        assert r["message"] in m.chat.messages(r["talk"].id, viewer="ann")
        assert m.reputation.standing("bob") == r["standing"]

    def figures(self) -> dict[str, Any]:
        """What must come out the same on every adapter: money, counts, ratings."""
        m = self.m
        summary = m.admin.verify()
        return {
            "balances": {p: m.wallet.balances(p, viewer=p) for p in ("ann", "bob", "cy")},
            "revenue": m.admin.revenue(viewer=BACK_OFFICE),
            "counts": m.orders.counts(),
            "entries": summary.entries,
            "totals": summary.totals,
            "rating": m.reviews.rating("bob"),
            "due": self.returned["due"],
            "strikes": m.chat.contact_strikes("bob", viewer=BACK_OFFICE),
        }
