"""The parts of a scenario: plain frozen values, built and checked by `.scenario`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs
from moneyed import Money
from pendulum import DateTime

from microjob.policies import MarketplacePolicy
from microjob.simulation.reading import (
    FIELDS,
    ScenarioError,
    _amount,
    _policy_changes,
)

__all__ = [
    "SUBSCRIPTION",
    "Behaviour",
    "DemandSpec",
    "DisputeOutcomes",
    "FeeModel",
    "Leakage",
    "Payouts",
    "PriceSpec",
    "Response",
    "Scenario",
    "Sweep",
    "Timing",
]

SUBSCRIPTION = "subscription"
"""The sweepable fee that is not a policy field: the subscription fee per seller and period."""


@attrs.frozen
class DemandSpec:
    """Buyers and sellers and how many orders arrive (a Poisson count per day)."""

    buyers: int
    sellers: int
    orders_per_day: float
    weekend_factor: float = 1.0


@attrs.frozen
class PriceSpec:
    """Listing prices: log-normal around ``median``, clipped to ``[minimum, maximum]`` and
    rounded to a multiple of ``step`` (all exact amounts in the scenario's currency)."""

    median: Money
    sigma: float
    minimum: Money
    maximum: Money
    step: Money


@attrs.frozen
class Timing:
    """How long people take. Hour and day means are exponential; delivery days are uniform."""

    delivery_days: tuple[int, int]
    start_hours: float
    response_hours: float
    late_days: float
    revision_hours: float
    ruling_hours: float
    silent_days: float


@attrs.frozen
class Behaviour:
    """Probabilities of each way an order can go (each drawn once per order)."""

    decline: float
    cancel_pending: float
    late: float
    cancel_late: float
    mutual_cancel: float
    dispute: float
    revision: float
    refuse: float
    silent: float
    seller_opens: float


@attrs.frozen
class DisputeOutcomes:
    """How an admin rules: refund the buyer, release to the seller, or split the price."""

    refund: float
    release: float
    split: float
    split_min: float = 0.2
    split_max: float = 0.8


@attrs.frozen
class Response:
    """How both sides of the market answer to the fees (see docs/simulator.md, "Assumptions").

    Buyers answer to the **total they pay**: an arriving buyer orders with probability
    ``(total / fee-free price) ** -buyer_elasticity``, so ``orders_per_day`` is the demand at
    fee-free prices. Sellers answer to **what they keep**: each fee model's net share ``n``
    (the seller's take-home on a typical order, after pass-through, fees and subscription,
    over the fee-free price) against what they keep elsewhere, ``1 - outside_take``, sets the
    active sellers to ``sellers * (n / (1 - outside_take)) ** seller_elasticity``, at most
    ``1 + entry`` times the incumbents (new sellers join when the net is attractive). Orders
    follow the sellers: ``(active / incumbents) ** cross_side`` of them still happen when
    sellers left (never more than the scenario's arrivals). ``pass_through`` is the share of
    the commission sellers add to their listed prices; ``repeat`` the chance a returning
    buyer goes back to the seller they used last.
    """

    buyer_elasticity: float = 0.5
    seller_elasticity: float = 2.5
    cross_side: float = 1.0
    pass_through: Decimal = Decimal("0.5")
    entry: float = 0.25
    outside_take: Decimal = Decimal("0.10")
    repeat: float = 0.5

    @property
    def responds(self) -> bool:
        return bool(self.buyer_elasticity or self.seller_elasticity or self.pass_through)


@attrs.frozen
class Leakage:
    """Pairs that have worked together may try to take their next deal off the platform.

    On a repeat order the pair tries with probability ``base + per_fee * fee share +
    per_repeat * min(orders together, repeat_cap)``, where the fee share is what the platform
    takes out of the buyer's total (what the two would split by leaving). The attempt is a
    message drawn from ``corpus`` and sent through the engine's chat; if it reaches the other
    side unmasked, the pair's orders from then on happen off the platform. ``chat`` is the
    share of orders on which one side also sends an ordinary message (false positives of the
    filter show there). ``other_channels`` is the share of attempts made where no filter
    looks (a phone call, a card in the delivered files): those always get through.
    ``corpus`` is ``"default"`` (shipped) or a TOML file of the same shape.
    """

    enabled: bool = True
    base: float = 0.05
    per_fee: float = 0.5
    per_repeat: float = 0.03
    repeat_cap: int = 5
    seller_opens: float = 0.7
    chat: float = 0.03
    other_channels: float = 0.2
    corpus: str = "default"


@attrs.frozen
class Payouts:
    """Sellers withdraw everything available every ``every_days`` days (0: never), each on
    their own day of the cycle, to a PayPal account or a bank account (``method``). Used only
    when the engine offers payouts (``Marketplace.request_payout``)."""

    every_days: int = 7
    method: str = "paypal"


@attrs.frozen
class FeeModel:
    """One way for the operator to earn: a policy, and optionally a subscription fee that every
    seller pays each ``subscription_days`` (booked to ``platform:subscriptions``)."""

    name: str
    policy: MarketplacePolicy
    subscription: Money | None = None
    subscription_days: int = 30

    def with_value(self, field: str, value: str, source: str = "sweep") -> FeeModel:
        """This fee model with one field set to ``value`` (a sweep point), named after it."""
        name = f"{field}={value}"
        if field == SUBSCRIPTION:
            amount = _amount(value, f"{source}.{field}", source, self.policy.currency)
            return attrs.evolve(self, name=name, subscription=amount if amount.amount else None)
        raw: object = int(value) if FIELDS[field].startswith("int") else value
        changes = _policy_changes({field: raw}, self.policy, source, "sweep")
        return attrs.evolve(self, name=name, policy=attrs.evolve(self.policy, **changes))


@attrs.frozen
class Sweep:
    """One fee field run over a range of values on the base fee model."""

    field: str
    values: tuple[str, ...]
    fee_model: str


@attrs.frozen
class Scenario:
    """Everything one simulation needs; build it with `load_scenario`."""

    name: str
    description: str
    days: int
    runs: int
    seed: int
    start: DateTime
    currency: str
    tick_hours: int
    demand: DemandSpec
    prices: PriceSpec
    timing: Timing
    behaviour: Behaviour
    disputes: DisputeOutcomes
    response: Response
    leakage: Leakage
    payouts: Payouts
    fee_models: tuple[FeeModel, ...]
    sweep: Sweep | None = None
    source: str = "<scenario>"

    def fee_model(self, name: str) -> FeeModel:
        for model in self.fee_models:
            if model.name == name:
                return model
        raise ScenarioError(
            self.source,
            "fee_model",
            f"must name one of the fee models ({', '.join(m.name for m in self.fee_models)}), "
            f"got {name!r}",
        )

    def replace(self, **changes: Any) -> Scenario:
        """A copy with some fields changed (``days``, ``runs``, ``seed``, ``sweep``, ...)."""
        for key in ("days", "runs"):
            if key in changes and (not isinstance(changes[key], int) or changes[key] < 1):
                raise ScenarioError(
                    self.source, key, f"must be a whole number of at least 1, got {changes[key]!r}"
                )
        return attrs.evolve(self, **changes)
