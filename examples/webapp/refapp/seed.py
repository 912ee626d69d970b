"""Demo data for the console: one of everything an operator decides on.

``python -m refapp.seed`` (from ``examples/webapp``, with the app's environment) fills the
marketplace at ``MICROJOB_DATABASE_URL`` with the demo users' story: Bob's card waiting for
review, an order Ann paid and then disputed with both sides' statements, a chat message held
for sharing an e-mail address, and Ann's deposit waiting for reconciliation. It goes through
the engine's commands, as the API would, and does nothing on a marketplace that already has
Bob's card.
"""

from __future__ import annotations

import sys

from microjob import Marketplace, NotFound
from microjob.adapters.memory import FakeGateway
from microjob.ports import GatewayEvent
from refapp.auth import DEMO_USERS
from refapp.main import reference_policy
from refapp.settings import Settings

__all__ = ["seed"]


def seed(market: Marketplace) -> dict[str, str]:
    """Add the demo story; returns the ids it made (empty when it was there already)."""
    for user, (name, email, _, admin) in DEMO_USERS.items():
        try:
            market.users.get(user)
        except NotFound:
            market.users.register(user, name=name, email=email, is_admin=admin)
    if market.listings.of_seller("bob", viewer="bob"):
        return {}
    listing = market.listings.create(
        actor="bob",
        title="A logo for your shop",
        description="Three drafts, two rounds of changes, vector and PNG files.",
        category="design",
        price="120",
        delivery_days=5,
        submit=True,
    )
    order = market.orders.place(
        actor="ann",
        seller_id="bob",
        title="Poster for the spring sale",
        price="200",
        delivery_days=4,
    )
    market.handle_gateway_event(
        GatewayEvent(
            f"seed-{order.id}",
            "charge.succeeded",
            f"order:{order.id}",
            order.escrow_total,
            "ch_seed",
        )
    )
    market.orders.start(order.id, actor="bob")
    dispute = market.disputes.open(
        order.id, actor="ann", reason="Two weeks and only a sketch; I want my money back."
    )
    market.disputes.add_evidence(
        dispute.id, actor="bob", text="The sketch is half the work; the brief changed twice."
    )
    chat = market.chat.start(actor="ann", other="bob")
    message = market.chat.send(chat.id, actor="ann", text="Mail me at ann.private@example.org")
    deposit = market.wallet.announce_deposit(actor="ann", amount="50", through_gateway=False)
    return {
        "listing": listing.id,
        "order": order.id,
        "dispute": dispute.id,
        "message": message.id,
        "deposit": deposit.id,
    }


def main() -> int:
    settings = Settings.from_env(serving=False)
    market = Marketplace.from_url(
        settings.database_url, reference_policy(settings), gateway=FakeGateway("pending")
    )
    made = seed(market)
    print("seeded " + ", ".join(f"{k} {v}" for k, v in made.items()) if made else "already seeded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
