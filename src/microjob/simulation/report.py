"""The report folder: plots, CSV and JSON of the daily series, and a one-page ``report.html``.

The plots need matplotlib and the page Jinja2 (both the ``sim`` extra); each is imported only
when used (matplotlib inside `plot_all`, on the Agg backend), so reading a result or writing its
CSV and JSON needs nothing beyond microjob. Every figure written goes through `quantized`
(money at the currency's places), and the page opens with the verdict (`.verdict`).

The page is ``templates/report.html``, autoescaped: scenario names, descriptions and fee-model
labels come from TOML files anyone may write, and a template that escapes every value by default
cannot forget one the way a hand-built string can. This module formats the figures; the
template holds the markup and the words.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microjob.money import minor_places
from microjob.policies import MarketplacePolicy
from microjob.simulation.plots import PLOTS, plot_all
from microjob.simulation.run import METRICS, REVENUE_SOURCES
from microjob.simulation.simulate import ModelResult, SimulationResult
from microjob.simulation.stats import Estimate
from microjob.simulation.units import RATIOS, quantized
from microjob.simulation.verdict import peak, verdict

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "FILES",
    "PLOTS",
    "TAKE_RATE_NOTE",
    "fee_terms",
    "plot_all",
    "result_json",
    "summary_table",
    "sweep_table",
    "write_report",
]

TAKE_RATE_NOTE = (
    "Take rate = platform revenue / GMV, both over the whole run. It is lower than the "
    "commission rate when orders are refunded or cancelled (commission is earned only on "
    "money released to sellers, GMV counts every paid order), when orders are still in escrow "
    "at the end of the run (nothing earned on them yet: it matters in short runs), and when "
    "commission bands or level effects lower the rate; it is higher when buyer, small-order, "
    "dispute or payout fees and subscriptions come on top. GMV counts the sellers' listed "
    "prices, which include the part of the commission they pass on."
)
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
    "gmv_leaked": "GMV lost off the platform",
    "active_sellers": "active sellers",
    "leakage": "leakage (orders off the platform)",
    "orders_leaked": "orders taken off the platform",
    "leak_attempts": "attempts to leave (chat or elsewhere)",
    "leaks_caught": "attempts stopped by the chat filter",
    "ordinary_flagged": "ordinary messages flagged",
}

_SUMMARY_ROWS = (
    "active_sellers",
    "orders_placed",
    "orders_dropped",
    "orders_leaked",
    "leakage",
    "gmv_leaked",
    "leak_attempts",
    "leaks_caught",
    "ordinary_flagged",
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
_ALWAYS = {
    "active_sellers",
    "orders_placed",
    "leakage",
    "gmv",
    "revenue",
    "take_rate",
    "commission",
    "refunds",
    "seller_net",
}
_MONEY = {
    "gmv",
    "gmv_leaked",
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
    if metric in ("take_rate", "leakage"):
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
        share = metric in ("take_rate", "leakage")
        text += f" ± {half}" + (" %" if share else "")
        if share:
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
    metrics = ["revenue", "gmv", "active_sellers", "orders_placed", "leakage", "take_rate"]
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
    places = minor_places(result.scenario.currency)
    dates = [start.add(days=d).to_date_string() for d in range(result.scenario.days)]
    with (folder / "daily.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["fee_model", "seed", "day", "date", *METRICS])
        for model in _all_results(result):
            for run in model.runs:
                for day, date in enumerate(dates):
                    writer.writerow(
                        [
                            model.name,
                            run.seed,
                            day,
                            date,
                            *(quantized(m, run.series[m][day], places) for m in METRICS),
                        ]
                    )
    daily: dict[str, Any] = {
        "currency": result.scenario.currency,
        "dates": dates,
        "fee_models": {
            model.name: {
                str(run.seed): {
                    m: [str(quantized(m, v, places)) for v in run.series[m]] for m in METRICS
                }
                for run in model.runs
            }
            for model in _all_results(result)
        },
    }
    (folder / "daily.json").write_text(json.dumps(daily, indent=1), encoding="utf-8")


def _row(label: str, metric: str, value: Estimate, places: int) -> list[object]:
    q = [quantized(metric, v, places) for v in (value.mean, value.low, value.high)]
    return [label, metric, *q, value.n]


def _write_summary(result: SimulationResult, folder: Path) -> None:
    places = minor_places(result.scenario.currency)
    (folder / "summary.json").write_text(json.dumps(result_json(result), indent=1), "utf-8")
    with (folder / "summary.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["fee_model", "metric", "mean", "low", "high", "runs"])
        for model in result.models:
            for metric in (*METRICS, *RATIOS):
                writer.writerow(_row(model.name, metric, model.total(metric), places))
    if result.sweep is None:
        return
    with (folder / "sweep.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([result.sweep.field, "metric", "mean", "low", "high", "runs"])
        for point in result.points:
            for metric in (*METRICS, *RATIOS):
                writer.writerow(_row(point.value, metric, point.result.total(metric), places))


# -- the page --------------------------------------------------------------------------------------
def _pct(rate: Decimal) -> str:
    return f"{rate * 100:.2f} %"


def _policy_fees(policy: MarketplacePolicy) -> dict[str, str]:
    """Every fee the policy charges, in words; a fee it does not charge reads ``—``."""
    commission = _pct(policy.commission_rate)
    if policy.commission_bands:
        bands = ", ".join(f"{_pct(b.rate)} above {b.above}" for b in policy.commission_bands)
        commission += f" ({bands})"
    small = "—"
    if policy.small_order_fee is not None and policy.small_order_fee.amount:
        below = policy.small_order_threshold
        small = f"{policy.small_order_fee.amount}" + (
            f" below {below.amount}" if below is not None else " on every order"
        )
    dispute = policy.dispute_fee.value
    if policy.dispute_fee_amount is not None:
        dispute += f" ({policy.dispute_fee_amount.amount})"
    payout_parts = [f"{m} {fee.amount}" for m, fee in sorted(policy.payout_fees.items())]
    payout_parts += [f"{m} {_pct(r)}" for m, r in sorted(policy.payout_fee_rates.items()) if r]
    return {
        "commission": commission,
        "buyer fee": _pct(policy.buyer_fee_rate) if policy.buyer_fee_rate else "—",
        "small-order fee (buyer)": small,
        "booking fee": _pct(policy.booking_fee_rate) if policy.booking_fee_rate else "—",
        "dispute fee": "—" if dispute == "none" else dispute,
        "payout fees": ", ".join(payout_parts) or "—",
    }


def fee_terms(result: SimulationResult) -> tuple[list[str], list[list[str]]]:
    """(header, rows): every fee each fee model charges, its chat filter and subscription."""
    header = ["fee model", "preset", "payment"]
    rows: list[list[str]] = []
    for model in result.models:
        policy = model.model.policy
        fees = _policy_fees(policy)
        if len(header) == 3:
            header += [*fees, "subscription", "contact filter"]
        sub = model.model.subscription
        rows.append(
            [
                model.name,
                policy.name,
                policy.payment_mode.value,
                *fees.values(),
                "—" if sub is None else f"{sub.amount} / {model.model.subscription_days} days",
                policy.contact_filter.value,
            ]
        )
    return header, rows


def result_json(result: SimulationResult) -> dict[str, Any]:
    """`SimulationResult.to_json` with the verdict, the sweep's peak and the fee terms."""
    data = result.to_json()
    judged = verdict(result)
    places = minor_places(result.scenario.currency)

    def est(value: Estimate) -> dict[str, Any]:
        q = [str(quantized("revenue", v, places)) for v in (value.mean, value.low, value.high)]
        return {"mean": q[0], "low": q[1], "high": q[2], "n": value.n}

    data["verdict"] = {
        "best": judged.best,
        "sentence": judged.sentence,
        "paired_revenue_differences": [
            {
                "best": c.best,
                "other": c.other,
                "difference": est(c.difference),
                "beyond_noise": c.beyond_noise,
            }
            for c in judged.comparisons
        ],
    }
    top = peak(result)
    if top is not None:
        data["sweep"]["peak"] = {
            "value": top.value,
            "low": top.low,
            "high": top.high,
            "revenue": est(top.revenue),
            "at_edge": top.at_edge,
            "sentence": top.sentence,
        }
    header, rows = fee_terms(result)
    for model, row in zip(data["fee_models"], rows, strict=True):
        model["fees"] = dict(zip(header[1:], row[1:], strict=True))
    data["take_rate_note"] = TAKE_RATE_NOTE
    return data


@functools.cache
def _templates() -> jinja2.Environment:
    """The page's template, loaded once; Jinja2 comes with the ``sim`` extra."""
    try:
        import jinja2
    except ImportError as error:
        raise ImportError(
            "the simulation report's page needs Jinja2: pip install 'microjob[sim]'"
        ) from error
    return jinja2.Environment(
        loader=jinja2.PackageLoader("microjob.simulation", "templates"),
        autoescape=True,  # scenario names and fee-model labels come from files anyone writes
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _page(result: SimulationResult, plots: list[str], templates: jinja2.Environment) -> str:
    scenario = result.scenario
    page: str = templates.get_template("report.html").render(
        scenario=scenario,
        start=scenario.start.to_date_string(),
        verdict=verdict(result).sentence,
        seeds=result.seeds,
        orders=f"{result.orders:,}",
        seconds=f"{result.seconds:.1f}",
        terms=fee_terms(result),
        summary=summary_table(result),
        take_rate_note=TAKE_RATE_NOTE,
        plots=plots,
        sweep=result.sweep,
        peak=peak(result),
        sweep_table=sweep_table(result),
    )
    return page


def write_report(
    result: SimulationResult,
    out: str | Path,
    *,
    plots: bool = True,
    plotter: Callable[[SimulationResult, Path], list[Path]] | None = None,
) -> Path:
    """Write the report folder and return the path of its ``report.html``.

    ``plots=False`` leaves the PNGs out (then matplotlib is not needed); the page itself is a
    Jinja2 template, so writing it needs the ``sim`` extra either way.
    """
    templates = _templates()  # a missing extra is reported before any file is written
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    _write_daily(result, folder)
    _write_summary(result, folder)
    drawn: list[Path] = []
    if plots:
        drawn = (plotter or plot_all)(result, folder)
    page = folder / "report.html"
    page.write_text(_page(result, [p.name for p in drawn], templates), encoding="utf-8")
    return page
