"""How each metric is written out: money at the currency's places, shares and counts rounded.

Means over runs are exact Decimals with up to 28 digits (``statistics.mean`` divides), and a
sum of zero amounts can print as ``0E-17``. Every figure a report writes goes through
`quantized` so a CSV holds ``1234.50`` where the currency has cents and ``1234`` where it
has none, and a share holds six decimal places.
"""

from __future__ import annotations

from decimal import Decimal

from microjob.simulation.run import MONEY

__all__ = ["MONEY_METRICS", "RATIOS", "SHARES", "quantized"]

MONEY_METRICS = frozenset({*MONEY, "escrow_float"})
SHARES = frozenset({"take_rate", "leakage"})
RATIOS = ("take_rate", "days_held", "leakage")
"""Per-run figures that are ratios, not sums over days."""

_SIX = Decimal("0.000001")
_TWO = Decimal("0.01")


def quantized(metric: str, value: Decimal, places: int) -> Decimal:
    """``value`` rounded as ``metric`` is shown (money to ``places``, shares to six places,
    everything else to two), with no exponent and no negative zero."""
    if metric in MONEY_METRICS:
        out = value.quantize(Decimal(1).scaleb(-places))
    elif metric in SHARES:
        out = value.quantize(_SIX)
    else:
        out = value.quantize(_TWO)
    return out + Decimal(0)  # -0.00 + 0 is 0.00
