"""The answer an operator asked for: which fee model earns most, and is that beyond noise?

Fee models run on **common random numbers** (`.demand`): run *k* of every model meets the
same buyers making the same choices. So the right comparison is the **paired** one: for each
seed, model A's revenue minus model B's, then the mean of those differences with a 95 % t
interval. The seed-to-seed swing that both models share cancels out, which is why a paired
interval is much narrower than the two models' own intervals, and why two overlapping
intervals (122,116 ± 11,526 against 116,835 ± 10,586) can still hide a real difference.

For a sweep the question is where revenue peaks. The peak's **interval** comes from a
bootstrap over the seeds: resample the runs with replacement, find the revenue-maximising value
again, and report the middle 95 % of those values. It says how firmly the runs pin the peak
down; a peak at the edge of the range says the range should be wider.
"""

from __future__ import annotations

import random
from decimal import Decimal

import attrs

from microjob.simulation.simulate import ModelResult, SimulationResult
from microjob.simulation.stats import Estimate, estimate

__all__ = ["Comparison", "Peak", "Verdict", "compare", "paired", "peak", "verdict"]

_BOOTSTRAP = 2000


def paired(a: ModelResult, b: ModelResult, metric: str = "revenue") -> Estimate:
    """Mean of (a - b) over the shared seeds, with its 95 % t interval."""
    by_seed = {run.seed: run.totals[metric] for run in b.runs}
    diffs = [run.totals[metric] - by_seed[run.seed] for run in a.runs if run.seed in by_seed]
    if not diffs:
        raise ValueError(f"{a.name!r} and {b.name!r} share no seed; they cannot be paired")
    return estimate(diffs)


@attrs.frozen
class Comparison:
    """``best`` against one other fee model: the paired revenue difference."""

    best: str
    other: str
    difference: Estimate

    @property
    def beyond_noise(self) -> bool:
        """The interval excludes zero (needs at least two runs)."""
        d = self.difference
        return d.n > 1 and (d.low > 0 or d.high < 0)


@attrs.frozen
class Verdict:
    best: str
    comparisons: tuple[Comparison, ...]
    sentence: str


def _amount(value: Decimal, places: int) -> str:
    return f"{value:,.{places}f}"


def compare(result: SimulationResult, metric: str = "revenue") -> Verdict:
    """Rank the fee models by mean ``metric`` and pair the best with every other."""
    from microjob.money import minor_places

    models = sorted(result.models, key=lambda m: m.total(metric).mean, reverse=True)
    best = models[0]
    comparisons = tuple(Comparison(best.name, m.name, paired(best, m, metric)) for m in models[1:])
    places = minor_places(result.scenario.currency)
    code = result.scenario.currency
    days = result.scenario.days
    if not comparisons:
        earned = _amount(best.total(metric).mean, places)
        sentence = (
            f"Only one fee model, {best.name!r}: it earns {earned} {code} over {days} days;"
            " add another to compare."
        )
        return Verdict(best.name, comparisons, sentence)
    runner = comparisons[0]
    d = runner.difference
    gap = (
        f"{_amount(d.mean, places)} {code} more than {runner.other!r} over {days} days"
        f" (95 % interval {_amount(d.low, places)} to {_amount(d.high, places)},"
        f" paired over {d.n} runs)"
    )
    if d.n < 2:
        tail = "; one run cannot tell whether that is beyond noise (use --runs 2 or more)."
    elif runner.beyond_noise:
        tail = ", a difference beyond the noise."
    else:
        tail = (
            ", which is within the noise: the runs cannot tell these two apart "
            "(more runs would narrow the interval)."
        )
    return Verdict(best.name, comparisons, f"{best.name!r} earns the most: {gap}{tail}")


def verdict(result: SimulationResult) -> Verdict:
    return compare(result, "revenue")


@attrs.frozen
class Peak:
    """The revenue-maximising sweep value and how firmly the runs place it."""

    field: str
    value: str
    low: str
    high: str
    revenue: Estimate
    at_edge: bool
    sentence: str


def peak(result: SimulationResult, metric: str = "revenue") -> Peak | None:
    """Where the sweep's mean ``metric`` is highest, with a bootstrap 95 % interval."""
    if result.sweep is None or not result.points:
        return None
    from microjob.money import minor_places

    points = result.points
    table = [[run.totals[metric] for run in p.result.runs] for p in points]
    runs = len(table[0])
    means = [sum(row, Decimal(0)) / runs for row in table]
    best = max(range(len(points)), key=lambda i: means[i])
    rng = random.Random(f"microjob/peak/{result.sweep.field}")
    picks = []
    for _ in range(_BOOTSTRAP if runs > 1 else 0):
        sample = [rng.randrange(runs) for _ in range(runs)]
        picks.append(max(range(len(points)), key=lambda i: sum(table[i][k] for k in sample)))
    picks.sort()
    low = picks[int(0.025 * len(picks))] if picks else best
    high = picks[min(int(0.975 * len(picks)), len(picks) - 1)] if picks else best
    field = result.sweep.field
    value = points[best].value
    at_edge = best in (0, len(points) - 1)
    revenue = points[best].result.total(metric)
    places = minor_places(result.scenario.currency)
    where = (
        f"at the edge of the swept range ({points[0].value} to {points[-1].value}): widen it"
        if at_edge
        else f"inside the swept range ({points[0].value} to {points[-1].value})"
    )
    spread = (
        f"95 % of bootstrap resamples of the runs put the peak between {points[low].value} and "
        f"{points[high].value}"
        if runs > 1
        else "one run gives no interval for it (use --runs 2 or more)"
    )
    sentence = (
        f"Revenue peaks at {field} = {value} ({_amount(revenue.mean, places)} ± "
        f"{_amount(revenue.half, places)} {result.scenario.currency}); {spread}, {where}."
    )
    return Peak(field, value, points[low].value, points[high].value, revenue, at_edge, sentence)
