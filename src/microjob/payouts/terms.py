"""Payout terms from the marketplace policy: the fee, the minimum and the arrival date.

What a withdrawal costs and when it arrives depend on the method and on the operator's
policy, not on the request; these functions read them from
[`MarketplacePolicy`][microjob.policies.MarketplacePolicy].
"""

from __future__ import annotations

from moneyed import Money
from pendulum import DateTime

from microjob.errors import PolicyViolation
from microjob.money import percent, plain, zero
from microjob.policies import MarketplacePolicy
from microjob.timecalc import add_business_days


def payout_fee(policy: MarketplacePolicy, kind: str, amount: Money) -> Money:
    """The platform's fee for withdrawing ``amount`` with a ``kind`` method: the policy's fixed
    fee plus its rate on the amount (each rounded once, half-even)."""
    fee = policy.payout_fees.get(kind, zero(amount.currency))
    fee_rate = policy.payout_fee_rates.get(kind)
    if fee_rate:
        fee = fee + percent(amount, fee_rate)
    return fee


def payout_terms(policy: MarketplacePolicy, kind: str, amount: Money, available: Money) -> Money:
    """Check a request of ``amount`` from an ``available`` balance against the method's
    minimum and fee; returns the fee.

    The policy's ``payout_minimum_applies_to`` says what must reach the minimum: the request
    (``"request"``), or the available balance (``"balance"``, Jobindoor: "once the Available
    balance reaches the payout minimum the seller may request a payout"), after which any
    amount up to the balance may be asked for. Below it is a
    [`PolicyViolation`][microjob.errors.PolicyViolation] naming the minimum. Whether ``available``
    covers ``amount`` is the caller's check.
    """
    minimum = policy.payout_minimum(kind)
    if policy.payout_minimum_applies_to == "balance":
        if available < minimum:
            raise PolicyViolation(
                f"the smallest {kind} payout is {plain(minimum)}, and a payout may be requested "
                f"once the available balance reaches it; the available balance {plain(available)}"
                " has not reached it yet"
            )
    elif amount < minimum:
        raise PolicyViolation(
            f"the smallest {kind} payout is {plain(minimum)}; {plain(amount)} is below it"
        )
    fee = payout_fee(policy, kind, amount)
    if fee >= amount:
        raise PolicyViolation(
            f"a {kind} payout costs {plain(fee)} in fees, which would take all of "
            f"{plain(amount)}; withdraw more than {plain(fee)}"
        )
    return fee


def expected_arrival(policy: MarketplacePolicy, kind: str, start: DateTime) -> DateTime:
    """When a payout approved at ``start`` should arrive: the method's working days later
    (Jobindoor: "a few working days, depending on the payment method")."""
    return add_business_days(start, policy.payout_business_days.get(kind, 3), policy.holidays)
