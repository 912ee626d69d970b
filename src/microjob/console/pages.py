"""What each console page shows: the engine's queues, read as the logged-in admin.

Each function takes the marketplace and the admin and returns the template's context. They
read through the same queries an application uses, with ``viewer=admin``, so an admin who
lost the role sees nothing; only the deposits are read from storage directly, because the
wallet has no cross-user queue of deposits waiting for a decision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
from moneyed import Money

from microjob.disputes import Dispute, Parts, Ruling, ruling_parts
from microjob.marketplace import Marketplace
from microjob.orders import Order

__all__ = ["PAGES", "DisputeView", "Page"]

Context = dict[str, Any]


@attrs.frozen
class Page:
    """One page of the console: its path segment, title, template and data."""

    name: str
    title: str
    gather: Callable[[Marketplace, str], Context]
    ledger_check: bool = False
    """Whether the page shows the check of the books (the console adds it, at most once per
    its ``verify_every``: the check reads every entry)."""

    @property
    def template(self) -> str:
        return f"{self.name}.html"


@attrs.frozen
class DisputeView:
    """A live dispute with its order and what each whole outcome would pay whom."""

    dispute: Dispute
    order: Order
    if_refunded: Parts
    if_released: Parts


def overview(market: Marketplace, admin: str) -> Context:
    revenue = market.admin.revenue(viewer=admin)
    currency = market.policy.currency
    total = sum(revenue.values(), Money(0, currency))
    queues = {
        "listings": len(market.listings.to_review(viewer=admin)),
        "messages": len(market.chat.moderation_queue(viewer=admin)),
        "disputes": len(market.disputes.unresolved(viewer=admin)),
        "deposits": len(market.wallet.to_review(viewer=admin)),
        "payouts": len(market.payouts.to_review(viewer=admin)),
        "refunds": len(market.admin.refused_refunds(viewer=admin)),
    }
    conflicts = market.admin.gateway_conflicts(viewer=admin)
    return {
        "revenue": revenue,
        "revenue_total": total,
        "queues": queues,
        "conflicts": conflicts,
    }


def listings(market: Marketplace, admin: str) -> Context:
    return {"listings": market.listings.to_review(viewer=admin)}


def messages(market: Marketplace, admin: str) -> Context:
    return {"messages": market.chat.moderation_queue(viewer=admin)}


def disputes(market: Marketplace, admin: str) -> Context:
    views = []
    for dispute in market.disputes.unresolved(viewer=admin):
        order = market.orders.get(dispute.order_id, viewer=admin)
        views.append(
            DisputeView(
                dispute,
                order,
                if_refunded=ruling_parts(order, Ruling.refund_buyer("preview")),
                if_released=ruling_parts(order, Ruling.release_to_seller("preview")),
            )
        )
    return {"disputes": views}


def deposits(market: Marketplace, admin: str) -> Context:
    return {"deposits": market.wallet.to_review(viewer=admin)}


def payouts(market: Marketplace, admin: str) -> Context:
    return {"payouts": market.payouts.to_review(viewer=admin)}


def refunds(market: Marketplace, admin: str) -> Context:
    return {"refunds": market.admin.refused_refunds(viewer=admin)}


PAGES: dict[str, Page] = {
    page.name: page
    for page in (
        Page("overview", "Overview", overview, ledger_check=True),
        Page("listings", "Cards to moderate", listings),
        Page("messages", "Held messages", messages),
        Page("disputes", "Open disputes", disputes),
        Page("deposits", "Deposits to confirm", deposits),
        Page("payouts", "Payouts to review", payouts),
        Page("refunds", "Refunds the provider refused", refunds),
    )
}
"""Every page, in the order the navigation lists them."""
