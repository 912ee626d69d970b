"""The report folder: plots, CSV and JSON of the daily series, and a one-page ``report.html``.

Only the plots need matplotlib (the ``sim`` extra); it is imported inside :func:`plot_all`, on
the Agg backend, so reading a result or writing its CSV and JSON needs nothing beyond microjob.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from microjob.money import minor_places
from microjob.simulation.run import METRICS, REVENUE_SOURCES
from microjob.simulation.simulate import ModelResult, SimulationResult
from microjob.simulation.stats import Estimate, estimate

__all__ = ["FILES", "PLOTS", "plot_all", "summary_table", "sweep_table", "write_report"]

PLOTS = ("revenue_over_time.png", "revenue_mix.png", "sweep.png")
FILES = ("report.html", "summary.json", "summary.csv", "daily.csv", "daily.json")
"""Written by every report; ``sweep.csv`` (and ``sweep.png``) only when a sweep ran."""

_LABELS = {
    "gmv": "GMV (orders paid)",
    "commission": "commission",
    "buyer_fees": "buyer fees",
    "booking_fees": "booking fees",
    "dispute_fees": "dispute fees",
    "subscriptions": "subscriptions",
    "payout_fees": "payout fees",
    "other_fees": "other fees",
    "revenue": "platform revenue",
    "refunds": "refunds to buyers",
    "seller_earnings": "seller earnings",
    "seller_net": "seller net earnings",
    "payouts": "payouts",
    "escrow_float": "escrow float (daily average)",
    "take_rate": "take rate",
    "days_held": "days held in escrow",
    "orders_arrived": "buyers arrived",
    "orders_dropped": "buyers who left at the price",
    "orders_placed": "orders placed",
    "orders_completed": "orders completed",
    "orders_cancelled": "orders cancelled",
    "disputes_refund": "disputes: refund",
    "disputes_release": "disputes: release",
    "disputes_split": "disputes: split",
    "moot_moves": "moves overtaken by events",
}

_SUMMARY_ROWS = (
    "orders_placed",
    "orders_dropped",
    "orders_completed",
    "orders_cancelled",
    "gmv",
    "revenue",
    "take_rate",
    *REVENUE_SOURCES,
    "refunds",
    "seller_net",
    "payouts",
    "escrow_float",
    "days_held",
    "disputes_refund",
    "disputes_release",
    "disputes_split",
)
_ALWAYS = {"orders_placed", "gmv", "revenue", "take_rate", "commission", "refunds", "seller_net"}
_MONEY = {
    "gmv",
    *REVENUE_SOURCES,
    "revenue",
    "refunds",
    "seller_earnings",
    "seller_net",
    "payouts",
    "escrow_float",
}


def label(metric: str) -> str:
    return _LABELS.get(metric, metric.replace("_", " "))


def _fmt(metric: str, value: Decimal, places: int) -> str:
    if metric == "take_rate":
        return f"{value * 100:,.2f} %"
    if metric == "days_held":
        return f"{value:,.2f}"
    if metric in _MONEY:
        return f"{value:,.{places}f}"
    return f"{value:,.1f}"


def fmt_estimate(metric: str, value: Estimate, places: int) -> str:
    """``"1,234.50 ± 12.30"`` (no ± for a single run)."""
    text = _fmt(metric, value.mean, places)
    if value.n > 1:
        half = _fmt(metric, value.half, places).removesuffix(" %")
        text += f" ± {half}" + (" %" if metric == "take_rate" else "")
        if metric == "take_rate":
            text = text.replace(" % ±", " ±", 1)
    return text


def summary_table(result: SimulationResult) -> tuple[list[str], list[list[str]]]:
    """(header, rows): one row per metric, one column per fee model, mean ± CI half-width."""
    places = minor_places(result.scenario.currency)
    header = ["", *(m.name for m in result.models)]
    rows = []
    for metric in _SUMMARY_ROWS:
        values = [m.total(metric) for m in result.models]
        if metric not in _ALWAYS and all(v.mean == 0 and v.half == 0 for v in values):
            continue
        rows.append([label(metric), *(fmt_estimate(metric, v, places) for v in values)])
    return header, rows


def sweep_table(result: SimulationResult) -> tuple[list[str], list[list[str]]]:
    """(header, rows): one row per sweep value."""
    if result.sweep is None:
        return [], []
    places = minor_places(result.scenario.currency)
    metrics = ["orders_placed", "gmv", "revenue", "commission", "take_rate"]
    header = [result.sweep.field, *(label(m) for m in metrics)]
    rows = [
        [point.value, *(fmt_estimate(m, point.result.total(m), places) for m in metrics)]
        for point in result.points
    ]
    return header, rows


# -- data files ----------------------------------------------------------------------------------
def _all_results(result: SimulationResult) -> list[ModelResult]:
    return [*result.models, *(point.result for point in result.points)]


def _write_daily(result: SimulationResult, folder: Path) -> None:
    start = result.scenario.start
    dates = [start.add(days=d).to_date_string() for d in range(result.scenario.days)]
    with (folder / "daily.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["fee_model", "seed", "day", "date", *METRICS])
        for model in _all_results(result):
            for run in model.runs:
                for day, date in enumerate(dates):
                    writer.writerow(
                        [model.name, run.seed, day, date, *(run.series[m][day] for m in METRICS)]
                    )
    daily: dict[str, Any] = {
        "currency": result.scenario.currency,
        "dates": dates,
        "fee_models": {
            model.name: {
                str(run.seed): {m: [str(v) for v in run.series[m]] for m in METRICS}
                for run in model.runs
            }
            for model in _all_results(result)
        },
    }
    (folder / "daily.json").write_text(json.dumps(daily, indent=1), encoding="utf-8")


def _write_summary(result: SimulationResult, folder: Path) -> None:
    (folder / "summary.json").write_text(json.dumps(result.to_json(), indent=1), encoding="utf-8")
    with (folder / "summary.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["fee_model", "metric", "mean", "low", "high", "runs"])
        for model in result.models:
            for metric in (*METRICS, "take_rate", "days_held"):
                value = model.total(metric)
                writer.writerow([model.name, metric, value.mean, value.low, value.high, value.n])
    if result.sweep is None:
        return
    with (folder / "sweep.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([result.sweep.field, "metric", "mean", "low", "high", "runs"])
        for point in result.points:
            for metric in (*METRICS, "take_rate", "days_held"):
                value = point.result.total(metric)
                writer.writerow([point.value, metric, value.mean, value.low, value.high, value.n])


# -- plots -----------------------------------------------------------------------------------------
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

    fig, (daily_ax, total_ax) = plt.subplots(1, 2, figsize=(11, 4.2))
    for model in result.models:
        (line,) = daily_ax.plot(days, _floats(model.daily("revenue")), label=model.name)
        total_ax.plot(days, _floats(model.cumulative("revenue")), color=line.get_color())
        if len(model.runs) > 1:
            low, high = _cumulative_band(model, "revenue")
            total_ax.fill_between(days, low, high, color=line.get_color(), alpha=0.2)
    daily_ax.set_title("Platform revenue per day (mean over runs)")
    total_ax.set_title("Cumulative revenue (band: 95 % interval)")
    for ax in (daily_ax, total_ax):
        ax.set_xlabel("day")
        ax.set_ylabel(code)
        ax.yaxis.set_major_formatter(amounts)
        ax.grid(alpha=0.3)
    daily_ax.legend(fontsize="small")
    fig.tight_layout()
    written.append(_save(fig, folder / "revenue_over_time.png", plt))

    fig, ax = plt.subplots(figsize=(9, 0.6 + 0.55 * len(result.models) + 1.2))
    names = [m.name for m in result.models]
    left = [0.0] * len(names)
    for source in REVENUE_SOURCES:
        widths = [float(m.total(source).mean) for m in result.models]
        if not any(widths):
            continue
        ax.barh(names, widths, left=left, label=label(source))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel(f"{code} over {result.scenario.days} days (mean over runs)")
    ax.xaxis.set_major_formatter(amounts)
    ax.set_title("Revenue mix by source")
    ax.legend(fontsize="small", loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    written.append(_save(fig, folder / "revenue_mix.png", plt))

    if result.sweep is not None and result.points:
        fig, ax = plt.subplots(figsize=(8, 4.2))
        xs = [float(Decimal(p.value)) for p in result.points]
        revenue = [p.result.total("revenue") for p in result.points]
        ax.plot(xs, [float(v.mean) for v in revenue], marker="o", label="platform revenue")
        ax.fill_between(
            xs,
            [float(v.low) for v in revenue],
            [float(v.high) for v in revenue],
            alpha=0.25,
            label="95 % interval",
        )
        gmv_ax = ax.twinx()
        gmv_ax.plot(
            xs,
            [float(p.result.total("gmv").mean) for p in result.points],
            color="grey",
            linestyle="--",
            label="GMV (right axis)",
        )
        gmv_ax.set_ylabel(f"GMV, {code}")
        ax.set_xlabel(result.sweep.field)
        ax.set_ylabel(f"revenue, {code}")
        for axis in (ax, gmv_ax):  # from zero, so a small change does not look like a cliff
            axis.set_ylim(bottom=0, top=axis.get_ylim()[1] * 1.05)
            axis.yaxis.set_major_formatter(amounts)
        ax.set_title(f"Revenue against {result.sweep.field} ({result.sweep.fee_model})")
        ax.grid(alpha=0.3)
        lines = ax.get_legend_handles_labels()
        more = gmv_ax.get_legend_handles_labels()
        ax.legend(
            lines[0] + more[0],
            lines[1] + more[1],
            fontsize="small",
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            ncol=3,
            frameon=False,
        )
        fig.tight_layout()
        written.append(_save(fig, folder / "sweep.png", plt))
    return written


def _save(fig: Any, path: Path, plt: Any) -> Path:
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# -- the page --------------------------------------------------------------------------------------
def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fee_terms(result: SimulationResult) -> list[list[str]]:
    rows = []
    for model in result.models:
        policy = model.model.policy
        sub = model.model.subscription
        rows.append(
            [
                model.name,
                policy.name,
                policy.payment_mode.value,
                f"{policy.commission_rate * 100:.2f} %",
                f"{policy.buyer_fee_rate * 100:.2f} %",
                f"{policy.booking_fee_rate * 100:.2f} %",
                policy.dispute_fee.value,
                "—" if sub is None else f"{sub.amount} / {model.model.subscription_days} days",
            ]
        )
    return rows


def _page(result: SimulationResult, plots: list[str]) -> str:
    scenario = result.scenario
    header, rows = summary_table(result)
    sweep_header, sweep_rows = sweep_table(result)
    images = "".join(
        f'<figure><img src="{html.escape(name)}" alt="{html.escape(name)}"></figure>'
        for name in plots
    )
    terms = _table(
        [
            "fee model",
            "preset",
            "payment",
            "commission",
            "buyer fee",
            "booking fee",
            "dispute fee",
            "subscription",
        ],
        _fee_terms(result),
    )
    sweep = (
        f"<h2>Sweep: {html.escape(result.sweep.field)} on {html.escape(result.sweep.fee_model)}"
        f"</h2>{_table(sweep_header, sweep_rows)}"
        if result.sweep is not None
        else ""
    )
    seeds = ", ".join(str(s) for s in result.seeds)
    sweep_link = ', <a href="sweep.csv">sweep.csv</a>' if result.sweep is not None else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>microjob simulation: {html.escape(scenario.name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }}
th, td {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
figure {{ margin: 1em 0; }} img {{ max-width: 100%; }}
.note {{ color: #555; font-size: 0.9em; }}
</style></head><body>
<h1>Revenue simulation: {html.escape(scenario.name)}</h1>
<p>{html.escape(scenario.description)}</p>
<p class="note">{scenario.days} days from {scenario.start.to_date_string()}, amounts in
{html.escape(scenario.currency)}; {len(result.seeds)} run(s) per fee model (seeds {seeds}) on the
same synthetic demand; figures are means over the runs ± the half-width of their 95 % confidence
interval (mean ± t·s/√n). Every amount is read from the engine's ledger.
{result.orders:,} orders simulated in {result.seconds:.1f} s.</p>
<h2>Fee models</h2>{terms}
<h2>Results</h2>{_table(header, rows)}
{images}
{sweep}
<p class="note">Data: <a href="summary.json">summary.json</a>,
<a href="summary.csv">summary.csv</a>,
<a href="daily.csv">daily.csv</a>, <a href="daily.json">daily.json</a>{sweep_link}.</p>
</body></html>
"""


def write_report(
    result: SimulationResult,
    out: str | Path,
    *,
    plots: bool = True,
    plotter: Callable[[SimulationResult, Path], list[Path]] | None = None,
) -> Path:
    """Write the report folder and return the path of its ``report.html``.

    ``plots=False`` leaves the PNGs out (then matplotlib is not needed).
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    _write_daily(result, folder)
    _write_summary(result, folder)
    drawn: list[Path] = []
    if plots:
        drawn = (plotter or plot_all)(result, folder)
    page = folder / "report.html"
    page.write_text(_page(result, [p.name for p in drawn]), encoding="utf-8")
    return page
