"""Confidence intervals over Monte Carlo runs: mean ± t·s/√n, with the stdlib only.

``statistics.mean`` and ``statistics.stdev`` work on Decimals exactly, so an interval around a
revenue figure stays a Decimal. The Student t quantile is not in the stdlib; it is found here by
bisection on the exact closed form of the t distribution for whole degrees of freedom
(Abramowitz & Stegun 26.7.3 and 26.7.4), which is all a run count ever needs.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from decimal import Decimal
from functools import cache

import attrs

__all__ = ["Estimate", "estimate", "t_quantile"]


def _central(t: float, df: int) -> float:
    """P(|T| <= t) for Student's t with ``df`` degrees of freedom."""
    theta = math.atan(t / math.sqrt(df))
    cos2 = math.cos(theta) ** 2
    if df % 2 == 1:
        if df == 1:
            return 2 * theta / math.pi
        term = total = math.cos(theta)
        for k in range(1, (df - 3) // 2 + 1):
            term *= cos2 * (2 * k) / (2 * k + 1)
            total += term
        return 2 / math.pi * (theta + math.sin(theta) * total)
    term = total = 1.0
    for k in range(1, (df - 2) // 2 + 1):
        term *= cos2 * (2 * k - 1) / (2 * k)
        total += term
    return math.sin(theta) * total


@cache
def t_quantile(confidence: float, df: int) -> float:
    """The two-sided critical value: P(|T| <= t) = ``confidence`` (2.262 for 95 %, df 9)."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    if df < 1:
        raise ValueError(f"degrees of freedom must be at least 1, got {df}")
    low, high = 0.0, 1.0
    while _central(high, df) < confidence:
        high *= 2
    for _ in range(100):
        middle = (low + high) / 2
        if _central(middle, df) < confidence:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@attrs.frozen
class Estimate:
    """A mean over runs with its confidence interval (``half`` is zero for a single run)."""

    mean: Decimal
    half: Decimal
    n: int
    confidence: float = 0.95

    @property
    def low(self) -> Decimal:
        return self.mean - self.half

    @property
    def high(self) -> Decimal:
        return self.mean + self.half

    def rounded(self, places: int) -> Estimate:
        unit = Decimal(1).scaleb(-places)
        return attrs.evolve(self, mean=self.mean.quantize(unit), half=self.half.quantize(unit))


def estimate(values: Sequence[Decimal], confidence: float = 0.95) -> Estimate:
    """Mean ± t·s/√n over the runs' values (exact Decimal arithmetic but for t itself)."""
    if not values:
        raise ValueError("an estimate needs at least one value")
    n = len(values)
    mean = statistics.mean(values)
    if n == 1:
        return Estimate(mean, Decimal(0), 1, confidence)
    spread = statistics.stdev(values)
    t = Decimal(repr(t_quantile(confidence, n - 1)))
    return Estimate(mean, t * spread / Decimal(n).sqrt(), n, confidence)
