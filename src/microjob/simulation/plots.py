"""The report's PNGs (matplotlib, the ``sim`` extra, imported only when drawing).

Each plot is drawn so that no fee model hides another: per-day revenue leaves subscriptions out
(a subscription model charges every seller on day one of each period, a spike that would
flatten every other line) and shows them in a panel of their own; the revenue mix carries the
95 % interval of each model's total as an error bar; the sweep shows revenue with error bars,
the peak and its interval, and beside it GMV, active sellers and leakage.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from microjob.simulation.run import REVENUE_SOURCES
from microjob.simulation.simulate import ModelResult, SimulationResult
from microjob.simulation.stats import estimate
from microjob.simulation.verdict import peak

__all__ = ["PLOTS", "plot_all"]

PLOTS = ("revenue_over_time.png", "revenue_mix.png", "sweep.png")


def _floats(values: Sequence[Decimal]) -> list[float]:
    return [float(v) for v in values]  # for drawing only: the figures stay Decimal elsewhere


def _cumulative_band(model: ModelResult, metric: str) -> tuple[list[float], list[float]]:
    runs = [list(run.series[metric]) for run in model.runs]
    low, high = [], []
    totals = [Decimal(0)] * len(runs)
    for day in range(len(runs[0])):
        for index, series in enumerate(runs):
            totals[index] += series[day]
        value = estimate(totals)
        low.append(float(value.low))
        high.append(float(value.high))
    return low, high


def _transaction_revenue(model: ModelResult) -> list[float]:
    revenue = model.daily("revenue")
    subscriptions = model.daily("subscriptions")
    return [float(r - s) for r, s in zip(revenue, subscriptions, strict=True)]


def plot_all(result: SimulationResult, folder: Path) -> list[Path]:
    """Draw the report's PNGs into ``folder``; returns their paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import StrMethodFormatter

    amounts = StrMethodFormatter("{x:,.0f}")  # 1,250,000 rather than 1.25 with a 1e6 offset
    folder.mkdir(parents=True, exist_ok=True)
    code = result.scenario.currency
    days = list(range(1, result.scenario.days + 1))
    written: list[Path] = []
    subscribed = [m for m in result.models if any(m.daily("subscriptions"))]

    panels = 3 if subscribed else 2
    fig, axes = plt.subplots(1, panels, figsize=(5.2 * panels, 4.2))
    daily_ax, total_ax = axes[0], axes[1]
    for model in result.models:
        (line,) = daily_ax.plot(days, _transaction_revenue(model), label=model.name)
        total_ax.plot(days, _floats(model.cumulative("revenue")), color=line.get_color())
        if len(model.runs) > 1:
            low, high = _cumulative_band(model, "revenue")
            total_ax.fill_between(days, low, high, color=line.get_color(), alpha=0.2)
        if subscribed and model in subscribed:
            axes[2].bar(
                days,
                _floats(model.daily("subscriptions")),
                color=line.get_color(),
                alpha=0.7,
                label=model.name,
            )
    daily_ax.set_title("Revenue per day from orders\n(without subscriptions; mean over runs)")
    total_ax.set_title("Cumulative revenue, all sources\n(band: 95 % interval)")
    if subscribed:
        axes[2].set_title("Subscriptions charged per day\n(every seller, first day of a period)")
    for ax in axes:
        ax.set_xlabel("day")
        ax.set_ylabel(code)
        ax.yaxis.set_major_formatter(amounts)
        ax.grid(alpha=0.3)
    daily_ax.legend(fontsize="small")
    fig.tight_layout()
    written.append(_save(fig, folder / "revenue_over_time.png", plt))

    fig, ax = plt.subplots(figsize=(9, 0.6 + 0.55 * len(result.models) + 1.4))
    names = [m.name for m in result.models]
    left = [0.0] * len(names)
    for source in REVENUE_SOURCES:
        widths = [float(m.total(source).mean) for m in result.models]
        if not any(widths):
            continue
        ax.barh(names, widths, left=left, label=source.replace("_", " "))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    totals = [m.total("revenue") for m in result.models]
    if any(t.n > 1 for t in totals):
        ax.errorbar(
            [float(t.mean) for t in totals],
            names,
            xerr=[float(t.half) for t in totals],
            fmt="none",
            ecolor="black",
            capsize=5,
            label="95 % interval of the total",
        )
    ax.invert_yaxis()
    ax.set_xlabel(f"{code} over {result.scenario.days} days (mean over runs)")
    ax.xaxis.set_major_formatter(amounts)
    ax.set_title("Revenue mix by source")
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=4)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    written.append(_save(fig, folder / "revenue_mix.png", plt))

    if result.sweep is not None and result.points:
        written.append(_sweep_plot(result, folder, plt, amounts))
    return written


def _sweep_plot(result: SimulationResult, folder: Path, plt: Any, amounts: Any) -> Path:
    assert result.sweep is not None
    code = result.scenario.currency
    field = result.sweep.field
    xs = [float(Decimal(p.value)) for p in result.points]

    def series(metric: str) -> tuple[list[float], list[float]]:
        values = [p.result.total(metric) for p in result.points]
        return [float(v.mean) for v in values], [float(v.half) for v in values]

    fig, (rev_ax, side_ax, leak_ax) = plt.subplots(1, 3, figsize=(15, 4.4))
    mean, half = series("revenue")
    rev_ax.errorbar(xs, mean, yerr=half, marker="o", capsize=3, label="platform revenue")
    top = peak(result)
    if top is not None:
        rev_ax.axvspan(
            float(Decimal(top.low)),
            float(Decimal(top.high)),
            color="orange",
            alpha=0.2,
            label="peak, 95 % interval",
        )
        rev_ax.axvline(float(Decimal(top.value)), color="orange", linestyle="--")
    rev_ax.set_title(f"Revenue against {field} ({result.sweep.fee_model})")
    rev_ax.set_ylabel(f"revenue, {code}")
    rev_ax.legend(fontsize="small")

    gmv, gmv_half = series("gmv")
    side_ax.errorbar(xs, gmv, yerr=gmv_half, color="grey", capsize=3, label="GMV")
    side_ax.set_ylabel(f"GMV, {code}")
    sellers_ax = side_ax.twinx()
    active, _ = series("active_sellers")
    sellers_ax.plot(xs, active, color="green", marker="s", label="active sellers (right)")
    sellers_ax.set_ylabel("active sellers")
    sellers_ax.set_ylim(bottom=0)
    side_ax.set_title("GMV and active sellers")
    handles = side_ax.get_legend_handles_labels()
    more = sellers_ax.get_legend_handles_labels()
    side_ax.legend(handles[0] + more[0], handles[1] + more[1], fontsize="small")

    leak, leak_half = series("leakage")
    leak_ax.errorbar(
        xs, [v * 100 for v in leak], yerr=[v * 100 for v in leak_half], color="red", capsize=3
    )
    leak_ax.set_title("Leakage: orders taken off the platform")
    leak_ax.set_ylabel("% of orders")
    for ax in (rev_ax, side_ax, leak_ax):
        ax.set_xlabel(field)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    for ax in (rev_ax, side_ax):
        ax.yaxis.set_major_formatter(amounts)
    fig.tight_layout()
    return _save(fig, folder / "sweep.png", plt)


def _save(fig: Any, path: Path, plt: Any) -> Path:
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
