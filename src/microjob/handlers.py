"""What reacts to what: the one wiring table of the marketplace, read top to bottom.

Commands never call each other's capabilities to say what happened; they emit events, and
this table says who hears them (see [`microjob.bus`][microjob.bus] for when each phase runs). A
handful of reactions answer *inside* a step rather than after an event — the terms a new order gets,
whether a seller may list another card, what a chargeback does, which capability owns a
provider event's subject, what money landing in a wallet pays first, and what time makes due
— and they are listed here too, so this one page shows every way one capability affects
another.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
from pendulum import DateTime

from microjob import events
from microjob.bus import HandlerTable
from microjob.orders import Order
from microjob.policies import MarketplacePolicy
from microjob.ports import GatewayEvent, UnitOfWork

if TYPE_CHECKING:
    from microjob.bootstrap import Services

__all__ = ["Wiring", "wiring"]

Route = Callable[[UnitOfWork, str, GatewayEvent, DateTime], tuple[str, object]]
DueJob = Callable[[DateTime], tuple[dict[str, int], list[str]]]
FundsHook = Callable[[UnitOfWork, Sequence[str], str, DateTime], None]
TermsHook = Callable[[UnitOfWork, str, MarketplacePolicy], MarketplacePolicy]
AllowanceHook = Callable[[UnitOfWork, str], None]
Reversal = Callable[[UnitOfWork, Order, GatewayEvent, DateTime], tuple[str, Order]]


@attrs.frozen
class Wiring:
    """Every reaction between capabilities (built by [`wiring`][microjob.handlers.wiring])."""

    events: HandlerTable
    gateway_routes: Mapping[str, Route]
    """A provider event's subject kind (``order``, ``deposit``, ...) → who applies it."""
    order_reversal: Reversal
    """What a chargeback on an order's payment does."""
    funds_available: tuple[FundsHook, ...]
    """Money landed in users' available balances: these run, in order, in the same step, each
    for all the users at once."""
    order_terms: tuple[TermsHook, ...]
    """Each adjusts the terms of a new order with a seller, in order."""
    listing_allowance: tuple[AllowanceHook, ...]
    """Each may refuse a seller's new card."""
    due: tuple[DueJob, ...]
    """What ``run_due`` asks each capability for, in order, before the orders' own moves."""


def wiring(s: Services) -> Wiring:
    """The marketplace's wiring over its services (see the module docstring)."""
    return Wiring(
        events=HandlerTable(
            in_unit={
                # event                       handlers, in the order they run
                events.OrderCompleted: (
                    s.reputation.count_closed_order,
                    s.reputation.add_to_totals,
                ),
                events.OrderCancelled: (s.reputation.count_closed_order,),
                events.ReviewPublished: (s.reputation.count_review, s.listings.index.reindex),
                events.ContactStrikeCounted: (s.reputation.count_strike,),
                events.LevelChanged: (s.listings.index.reindex,),
                events.RefundCovered: (s.wallet.chargebacks.refund_covered,),
                events.ListingEvent: (s.listings.index.reindex,),
            },
            after_commit={
                events.OrderRefunded: (s.admin.send_refund_after_commit,),
            },
        ),
        gateway_routes={
            "order": s.orders.on_gateway_event,
            "deposit": s.wallet.on_gateway_event,
            "payout": s.payouts.on_gateway_event,
            "subscription": s.subscriptions.on_gateway_event,
        },
        order_reversal=s.wallet.chargebacks.on_order_reversal,
        funds_available=(s.wallet.chargebacks.repay_debts, s.subscriptions.renew_past_due),
        order_terms=(s.reputation.terms_for, s.subscriptions.terms_for),
        listing_allowance=(s.subscriptions.check_listing_allowance,),
        due=(
            s.disputes.due,
            s.reviews.due,
            s.reputation.due,
            s.payouts.due,
            s.requests.due,
            s.subscriptions.due,
            s.orders.orphans.due,
            s.admin.seal,
        ),
    )
