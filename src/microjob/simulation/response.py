"""How both sides of the market answer to a fee model, before and during a run.

Rochet and Tirole's point about two-sided markets is that the *structure* of fees matters, not
only their level: buyers answer to the total they pay, sellers to what they keep, and each side
is worth more to the other the more of it there is. The simulator models exactly that much:

* **Sellers** compare their net share of a typical order (after passing part of the
  commission into their price, after every fee, after their subscription spread over the
  orders they expect) with what they would keep elsewhere. Fewer stay when it is worse, new
  ones join (up to a cap) when it is better: a constant-elasticity supply curve.
* **Buyers** order with a probability that falls with the total they pay relative to the
  fee-free price (a constant-elasticity demand curve), and with the sellers there are to
  buy from: orders scale as ``(active / incumbents) ** cross_side`` when sellers leave (the
  cross-side effect; entrants do not raise demand above the scenario's arrivals).

Every number comes from the engine's own quote (`quote`) and the
policy's own commission function, so a preset's small-order fee or commission bands count.
The parameters, their units and their sources are listed by ``microjob simulate --explain``
(`.explain`).
"""

from __future__ import annotations

import math
from decimal import Decimal

import attrs
from moneyed import Money

from microjob.marketplace import Marketplace
from microjob.money import percent
from microjob.policies import MarketplacePolicy
from microjob.simulation.parts import FeeModel, Scenario

__all__ = ["Terms", "expected_orders_per_seller", "listed_price", "terms"]


@attrs.frozen
class Terms:
    """What one fee model means to each side, fixed for a run.

    ``net_share``: a typical seller's take-home over the fee-free price; ``active``: sellers
    working under these terms (incumbents who stayed plus entrants); ``kept``: the share of
    orders that still find a seller (1 when no seller left).
    """

    net_share: float
    active: int
    kept: float


def listed_price(policy: MarketplacePolicy, price: Money, pass_through: Decimal) -> Money:
    """The seller's price once they pass ``pass_through`` of the commission on to buyers."""
    if not pass_through:
        return price
    return price + percent(policy.commission(price), pass_through)


def expected_orders_per_seller(scenario: Scenario, days: int) -> float:
    """Orders a seller can expect over ``days`` at fee-free prices (weekends counted)."""
    spec = scenario.demand
    per_day = spec.orders_per_day * (5 + 2 * spec.weekend_factor) / 7
    return per_day * days / spec.sellers


def terms(scenario: Scenario, model: FeeModel, market: Marketplace) -> Terms:
    """The sellers' net share under ``model`` and how many sellers work under it."""
    response = scenario.response
    incumbents = scenario.demand.sellers
    base = scenario.prices.median
    price = listed_price(model.policy, base, response.pass_through)
    kept = market.orders.quote(price).seller_gets.amount
    if model.subscription is not None:
        orders = expected_orders_per_seller(scenario, model.subscription_days)
        kept -= model.subscription.amount / Decimal(repr(max(orders, 1e-9)))
    net = max(float(kept / base.amount), 0.0)
    outside = 1.0 - float(response.outside_take)
    ratio = net / outside
    if response.seller_elasticity == 0:
        active = incumbents
    elif ratio <= 0:
        active = 1
    else:
        wanted = incumbents * math.pow(ratio, response.seller_elasticity)
        cap = math.floor(incumbents * (1 + response.entry))
        active = max(1, min(cap, round(wanted)))
    share = min(active, incumbents) / incumbents
    return Terms(net, active, math.pow(share, response.cross_side))


def buy_probability(total: Decimal, fee_free: Decimal, elasticity: float, kept: float) -> float:
    """The chance an arriving buyer orders: ``(total / fee-free price) ** -elasticity``,
    times the share of orders that still find a seller (never above 1)."""
    if elasticity == 0 or total <= fee_free:
        return kept
    return min(1.0, math.pow(float(total / fee_free), -elasticity) * kept)
