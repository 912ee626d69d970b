"""The revenue simulator: reproducible, read from the engine's ledger to the cent, fair between
fee models (common random numbers), strict about scenario files."""

from __future__ import annotations

import copy
import json
import random
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microjob import BACK_OFFICE
from microjob import ledger as accounts
from microjob.money import to_minor
from microjob.policies import presets
from microjob.simulation import (
    REVENUE_SOURCES,
    Scenario,
    ScenarioError,
    SimulationError,
    draw_demand,
    estimate,
    load_scenario,
    parse_scenario,
    parse_sweep,
    run_once,
    scenario_names,
    simulate,
    t_quantile,
    write_report,
)
from microjob.simulation.demand import poisson
from microjob.simulation.run import StoreMarket

QUICK_TOML = tomllib.loads(
    (resources.files("microjob.simulation") / "scenarios" / "quick.toml").read_text("utf-8")
)


def scenario_from(changes: dict[str, Any] | None = None, **top: Any) -> Scenario:
    """The shipped ``quick`` scenario as data, with sections or top-level keys changed."""
    data = copy.deepcopy(QUICK_TOML)
    for section, values in (changes or {}).items():
        if isinstance(values, dict):
            data.setdefault(section, {}).update(values)
        else:
            data[section] = values
    data.update(top)
    return parse_scenario(data, "test.toml")


FIXED: dict[str, Any] = {
    "response": {"buyer_elasticity": 0, "seller_elasticity": 0, "pass_through": "0"},
    "leakage": {"enabled": False},
}
"""Nobody answers to the fees and no deal leaves: demand is the same under every fee model."""


def small(days: int = 5, **top: Any) -> Scenario:
    return scenario_from(days=days, runs=2, **top)


def comparable(result: Any) -> dict[str, Any]:
    data: dict[str, Any] = result.to_json()
    data.pop("seconds")
    return data


# -- shipped scenarios ---------------------------------------------------------------------------
def test_every_preset_has_a_shipped_scenario_and_a_quick_one_exists() -> None:
    names = scenario_names()
    assert "quick" in names
    for preset in presets.all():
        assert preset in names


@pytest.mark.parametrize("name", scenario_names())
def test_each_shipped_scenario_loads_by_name_with_its_preset(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.source == f"{name}.toml"
    assert len(scenario.fee_models) >= 2, "a scenario compares fee models"
    if name in presets.all():
        assert scenario.fee_models[0].policy.name == presets.all()[name].name


def test_a_scenario_also_loads_from_a_file(tmp_path: Path) -> None:
    source = resources.files("microjob.simulation") / "scenarios" / "quick.toml"
    path = tmp_path / "mine.toml"
    path.write_text(source.read_text("utf-8").replace('name = "quick"', 'name = "mine"'))
    assert load_scenario(path).name == "mine"
    assert load_scenario(str(path)).source == "mine.toml"


def test_an_unknown_scenario_name_lists_the_shipped_ones() -> None:
    with pytest.raises(ScenarioError, match=r"shipped: .*webpark"):
        load_scenario("no-such-scenario")


# -- reproducibility -------------------------------------------------------------------------------
def test_the_same_seed_gives_the_same_results() -> None:
    scenario = small()
    first = simulate(scenario, seed=7)
    second = simulate(scenario, seed=7)
    assert comparable(first) == comparable(second)
    assert first.orders > 0


def test_another_seed_gives_other_results() -> None:
    scenario = small()
    assert comparable(simulate(scenario, seed=7)) != comparable(simulate(scenario, seed=8))


def test_demand_is_drawn_the_same_way_every_time_and_prices_follow_the_scenario() -> None:
    scenario = small(days=10)
    demand = draw_demand(scenario, 3)
    assert demand == draw_demand(scenario, 3)
    prices = scenario.prices
    low, high, step = (to_minor(m) for m in (prices.minimum, prices.maximum, prices.step))
    arrivals = [a for day in demand.days for a in day]
    assert arrivals, "ten days of twelve orders a day"
    for arrival in arrivals:
        assert low <= arrival.price <= high
        assert arrival.price % step == 0
        assert arrival.buyer < scenario.demand.buyers
        assert arrival.seller < scenario.demand.sellers
    for number, day in enumerate(demand.days):
        minutes = [a.minute for a in day]
        assert minutes == sorted(minutes)
        assert all(number * 1440 <= m < (number + 1) * 1440 for m in minutes)


def test_poisson_counts_average_to_their_mean() -> None:
    rng = random.Random(5)
    for mean in (0.5, 12.0, 75.0):
        draws = [poisson(rng, mean) for _ in range(4000)]
        assert abs(sum(draws) / len(draws) - mean) < 0.1 * mean + 0.05


def test_worker_processes_give_the_same_results_as_one_process() -> None:
    scenario = small(days=3)
    assert comparable(simulate(scenario, jobs=2)) == comparable(simulate(scenario, jobs=1))


# -- the figures come from the engine's books ----------------------------------------------------
def _check_books(result: Any, market: Any, currency: str) -> None:
    """Every revenue figure of a run equals the platform accounts' balances to the cent."""
    ledger = market.store.ledger
    totals = result.totals
    for account in accounts.PLATFORM_ACCOUNTS:
        source = account.partition(":")[2]
        assert totals[source] == ledger.balance(account, currency).amount, source
    platform = sum(
        (ledger.balance(a, currency).amount for a in accounts.PLATFORM_ACCOUNTS), Decimal(0)
    )
    assert totals["revenue"] == platform
    assert sum(result.series["revenue"], Decimal(0)) == totals["revenue"]
    # what is still held for open orders is what the run says was in escrow at the end
    assert result.series["escrow_float"][-1] == _held_in_escrow(ledger, currency)
    market.admin.verify()


@pytest.mark.parametrize("name", scenario_names())
def test_simulated_revenue_equals_the_platform_accounts_to_the_cent(name: str) -> None:
    scenario = load_scenario(name).replace(days=8)
    demand = draw_demand(scenario, 1)
    for model in scenario.fee_models:
        markets: list[Any] = []
        result = run_once(scenario, model, demand, keep=markets, verify=True)
        _check_books(result, markets[0], scenario.currency)
        assert result.ledger_revenue == {
            k: v.amount
            for k, v in markets[0].admin.revenue(scenario.currency, viewer=BACK_OFFICE).items()
        }


def _held_in_escrow(ledger: Any, currency: str) -> Decimal:
    escrows = {
        t.destination
        for entry in ledger.entries()
        for t in entry.transfers
        if t.destination.endswith(":escrow")
    }
    return sum((ledger.balance(a, currency).amount for a in escrows), Decimal(0))


def test_the_escrow_float_at_the_end_is_what_the_ledger_holds_for_open_orders() -> None:
    scenario = small(days=6)
    markets: list[Any] = []
    result = run_once(scenario, scenario.fee_models[0], draw_demand(scenario, 2), keep=markets)
    held = _held_in_escrow(markets[0].store.ledger, scenario.currency)
    assert result.series["escrow_float"][-1] == held
    assert held > 0, "six days in, some orders are still open"


def test_a_subscription_fee_model_earns_what_every_seller_pays_per_period() -> None:
    scenario = scenario_from(
        {
            "fee_models": [
                {
                    "name": "subscription",
                    "preset": "fiverr_like",
                    "commission_rate": "0",
                    "buyer_fee_rate": "0",
                    "small_order_fee": "none",
                    "small_order_threshold": "none",
                    "subscription": "9.99",
                    "subscription_days": 7,
                }
            ]
        },
        days=15,
        runs=1,
    )
    result = simulate(scenario).model("subscription")
    sellers = int(result.total("active_sellers").mean)  # incumbents and entrants
    assert sellers > scenario.demand.sellers  # no commission: the net draws new sellers in
    periods = 3  # days 0, 7 and 14
    assert result.total("subscriptions").mean == Decimal("9.99") * sellers * periods
    assert result.total("revenue").mean == result.total("subscriptions").mean
    assert result.total("commission").mean == 0


def test_a_run_whose_figures_disagree_with_the_ledger_is_refused() -> None:
    from microjob.simulation.books import reconcile
    from microjob.simulation.run import _Run, memory_market

    scenario = small(days=4)

    run = _Run(scenario, scenario.fee_models[0], draw_demand(scenario, 1), memory_market)
    run.run()
    money = {name: [Decimal(0)] * scenario.days for name in REVENUE_SOURCES}
    with pytest.raises(SimulationError, match="platform:commission holds"):
        reconcile(run, money, {"commission": Decimal("0.01")})


# -- disputes ------------------------------------------------------------------------------------
FIXED_FEE = {
    "name": "fixed dispute fee",
    "preset": "fiverr_like",
    "dispute_fee": "fixed",
    "dispute_fee_amount": "5",
}


def test_a_scenario_without_disputes_has_no_dispute_fees() -> None:
    scenario = scenario_from(
        {"behaviour": {"dispute": 0, "refuse": 0}, "fee_models": [FIXED_FEE]}, days=14, runs=2
    )
    model = simulate(scenario).model("fixed dispute fee")
    assert model.total("dispute_fees").mean == 0
    for outcome in ("disputes_refund", "disputes_release", "disputes_split"):
        assert model.total(outcome).mean == 0
    assert model.total("orders_completed").mean > 0


def test_the_same_market_with_disputes_earns_dispute_fees() -> None:
    """The counterpart that shows the test above can fail."""
    scenario = scenario_from(
        {"behaviour": {"dispute": 0.3, "refuse": 0.2}, "fee_models": [FIXED_FEE]},
        days=14,
        runs=2,
    )
    model = simulate(scenario).model("fixed dispute fee")
    rulings = sum(
        model.total(o).mean for o in ("disputes_refund", "disputes_release", "disputes_split")
    )
    assert rulings > 0
    assert model.total("dispute_fees").mean > 0
    assert model.total("dispute_fees").mean <= rulings * 5


# -- fair comparison and sweeps -------------------------------------------------------------------
def test_fee_models_see_the_same_buyers() -> None:
    first, second = simulate(small(days=6)).models
    assert first.values("orders_arrived") == second.values("orders_arrived")
    first, second = simulate(scenario_from(FIXED, days=6, runs=2)).models
    for metric in ("orders_arrived", "orders_placed", "gmv"):
        assert first.values(metric) == second.values(metric)


def test_a_higher_commission_on_fixed_demand_earns_more_commission() -> None:
    scenario = scenario_from(FIXED, days=10, runs=2)
    result = simulate(scenario, sweep="commission_rate=0.05:0.30:0.05")
    assert [p.value for p in result.points] == ["0.05", "0.10", "0.15", "0.20", "0.25", "0.30"]
    gmv = {tuple(p.result.values("gmv")) for p in result.points}
    assert len(gmv) == 1, "demand does not answer to the commission here"
    for lower, higher in zip(result.points, result.points[1:], strict=False):
        for seed_low, seed_high in zip(
            lower.result.values("commission"), higher.result.values("commission"), strict=True
        ):
            assert seed_high > seed_low
        assert higher.result.total("revenue").mean > lower.result.total("revenue").mean


def test_buyers_leave_as_the_buyer_fee_rises_when_demand_answers_to_price() -> None:
    scenario = scenario_from(
        {"response": {**FIXED["response"], "buyer_elasticity": 2}, "leakage": {"enabled": False}},
        days=8,
        runs=1,
    )
    result = simulate(scenario, sweep="buyer_fee_rate=0:0.3:0.1")
    dropped = [p.result.total("orders_dropped").mean for p in result.points]
    placed = [p.result.total("orders_placed").mean for p in result.points]
    assert dropped == sorted(dropped)
    assert dropped[-1] > dropped[0]
    assert [a + b for a, b in zip(dropped, placed, strict=True)] == [dropped[0] + placed[0]] * 4


def test_a_sweep_from_the_command_line_is_checked() -> None:
    scenario = small()
    sweep = parse_sweep("clearance_days=0:6:2", scenario)
    assert sweep.values == ("0", "2", "4", "6")
    for text, expected in (
        ("commission_rate", "FIELD=START:STOP:STEP"),
        ("colour=0:1:0.1", "must name a numeric fee field"),
        ("commission_rate=0.3:0.1:0.05", "must be at least the start"),
        ("commission_rate=0:1:0.001", "at most 60 are allowed"),
        ("commission_rate=0:2:0.5", "impossible policy"),
        ("clearance_days=0:3:0.5", "whole numbers"),
        ("commission_rate=0:0.3:0.1x", "must be a number"),
    ):
        with pytest.raises(ScenarioError, match=expected):
            parse_sweep(text, scenario)


# -- property: whatever the behaviour, the books hold -----------------------------------------
probability = st.sampled_from([0.0, 0.05, 0.2, 0.5])


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(
    seed=st.integers(0, 10_000),
    preset=st.sampled_from(sorted(presets.all())),
    commission=st.sampled_from(["0", "0.075", "0.15", "0.333"]),
    late=probability,
    dispute=probability,
    revision=probability,
    refuse=probability,
    silent=probability,
    mutual=st.sampled_from([0.0, 0.1]),
    elastic=st.booleans(),
)
def test_whatever_people_do_the_ledger_balances_and_the_figures_match_it(
    seed: int,
    preset: str,
    commission: str,
    late: float,
    dispute: float,
    revision: float,
    refuse: float,
    silent: float,
    mutual: float,
    elastic: bool,
) -> None:
    policy = presets.all()[preset]
    scenario = scenario_from(
        {
            "market": {"buyers": 15, "sellers": 4},
            "demand": {"orders_per_day": 8},
            "prices": {"median": "400", "min": "50", "max": "5000", "step": "10"},
            "behaviour": {
                "late": late,
                "dispute": dispute,
                "revision": revision,
                "refuse": refuse,
                "silent": silent,
                "mutual_cancel": mutual,
            },
            "response": {} if elastic else FIXED["response"],
            "leakage": {"enabled": elastic},
            "payouts": {"every_days": 2},
            "fee_models": [{"preset": preset, "commission_rate": commission}],
        },
        days=6,
        runs=1,
        seed=seed,
        currency=policy.currency,
    )
    model = scenario.fee_models[0]
    markets: list[Any] = []
    result = run_once(scenario, model, draw_demand(scenario, seed), keep=markets, verify=True)
    _check_books(result, markets[0], scenario.currency)
    totals = result.totals
    for metric, value in totals.items():
        assert value >= 0, f"{metric} is negative: {value}"
    assert (
        totals["orders_placed"] + totals["orders_dropped"] + totals["orders_leaked"]
        == totals["orders_arrived"]
    )
    assert totals["orders_completed"] + totals["orders_cancelled"] <= totals["orders_placed"]
    assert totals["revenue"] == sum((totals[s] for s in REVENUE_SOURCES), Decimal(0))


# -- statistics ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("df", "expected"), [(1, 12.706), (2, 4.303), (4, 2.776), (9, 2.262), (30, 2.042)]
)
def test_t_quantiles_match_the_tables(df: int, expected: float) -> None:
    assert t_quantile(0.95, df) == pytest.approx(expected, abs=5e-4)


def test_an_estimate_is_the_mean_with_a_t_interval() -> None:
    values = [Decimal("10.00"), Decimal("12.00"), Decimal("14.00")]
    value = estimate(values)
    assert value.mean == Decimal("12")
    # s = 2, n = 3, t(0.975, 2) = 4.303: half-width 4.303 * 2 / sqrt(3) = 4.968
    assert float(value.half) == pytest.approx(4.968, abs=1e-3)
    assert value.low < value.mean < value.high
    single = estimate([Decimal("5")])
    assert single.half == 0
    with pytest.raises(ValueError, match="at least one value"):
        estimate([])
    with pytest.raises(ValueError, match="confidence"):
        t_quantile(1.5, 3)


# -- storage --------------------------------------------------------------------------------------
def test_a_run_on_sqlite_gives_the_same_figures_as_on_memory() -> None:
    scenario = small(days=2).replace(runs=1)
    on_sql = simulate(scenario, factory=StoreMarket("sqlite://"))
    on_memory = simulate(scenario)
    assert comparable(on_sql)["fee_models"] == comparable(on_memory)["fee_models"]


def test_a_store_that_already_holds_a_run_is_refused(tmp_path: Path) -> None:
    scenario = small(days=1).replace(runs=1)
    url = f"sqlite:///{tmp_path / 'sim.db'}"
    with pytest.raises(SimulationError, match=r"needs an empty store.*\{run\}"):
        simulate(scenario, factory=StoreMarket(url))
    runs = simulate(scenario, factory=StoreMarket(f"sqlite:///{tmp_path}/run-{{run}}.db"))
    assert runs.orders > 0
    assert sorted(p.name for p in tmp_path.glob("run-*.db")) == ["run-1.db", "run-2.db"]


# -- scenario validation ---------------------------------------------------------------------------
def _mutated(path: str, value: object) -> dict[str, Any]:
    data = copy.deepcopy(QUICK_TOML)
    *parents, key = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
    if value is _DROP:
        del target[key]
    else:
        target[key] = value
    return data


_DROP = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("behaviour.dispute", 1.5, "behaviour.dispute must be a probability between 0 and 1"),
        ("prices.median", 40.5, "prices.median must be an amount of money written as a string"),
        ("colour", "red", "colour is not a known key; expected one of: name"),
        ("demand.orders_per_day", _DROP, "demand.orders_per_day is required"),
        ("demand.orders_per_day", -3, "demand.orders_per_day must be a positive number, got -3"),
        ("fee_models.0.commission_rate", 0.1, "fee_models[0].commission_rate must be a rate"),
        ("fee_models.0.comission_rate", "0.1", "fee_models[0].comission_rate is not a known key"),
        ("fee_models.0.preset", "ebay", "fee_models[0].preset must be one of microjobengine"),
        ("market.buyers", "many", "market.buyers must be a whole number of at least 1"),
        ("days", 0, "days must be a whole number of at least 1, got 0"),
        ("disputes.refund", 0.9, "refund + release + split must add up to 1"),
        ("market", 3, "market must be a table, got 3"),
        ("timing.delivery_days", [5, 1], "timing.delivery_days must be [shortest, longest]"),
        ("fee_models.1.name", "fiverr-like", "fee_models[1].name must be unique"),
        ("fee_models.0.commission_rate", "1.5", "makes an impossible policy"),
        ("fee_models", _DROP, "fee_models must be a list of at least one"),
        ("tick_hours", 5, "tick_hours must divide a day"),
        ("payouts.method", "cash", "payouts.method must be 'paypal' or 'bank'"),
        ("response.pass_through", "2", "response.pass_through is a share"),
        ("response.seller_elasticity", -1, "response.seller_elasticity must be a number of zero"),
        ("leakage.base", 2, "leakage.base must be a probability"),
        ("leakage.corpus", "nowhere.toml", "leakage.corpus must name a TOML file"),
        ("elasticity.enabled", True, "elasticity is replaced by [response]"),
        ("start", "yesterday", "start must be a date such as 2026-01-05"),
    ],
)
def test_a_bad_scenario_is_refused_naming_the_key_and_what_it_expects(
    path: str, value: object, message: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_mutated(path, value), "bad.toml")
    assert str(caught.value).startswith("bad.toml: ")
    assert message in str(caught.value)


def test_a_file_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("name = \n")
    with pytest.raises(ScenarioError, match=r"broken\.toml is not valid TOML: Invalid value"):
        load_scenario(path)


def test_changing_days_or_runs_to_nonsense_is_refused() -> None:
    scenario = small()
    with pytest.raises(ScenarioError, match="days must be a whole number of at least 1"):
        scenario.replace(days=0)
    with pytest.raises(ScenarioError, match="runs must be a whole number of at least 1"):
        simulate(scenario, runs=0)


# -- the report without plots ----------------------------------------------------------------
def test_the_report_data_files_hold_the_figures(tmp_path: Path) -> None:
    scenario = small(days=4)
    result = simulate(scenario, sweep="commission_rate=0.1:0.2:0.1")
    page = write_report(result, tmp_path / "report", plots=False)
    folder = page.parent
    summary = json.loads((folder / "summary.json").read_text())
    model = result.models[0]
    assert summary["fee_models"][0]["totals"]["revenue"]["mean"] == str(model.total("revenue").mean)
    daily = json.loads((folder / "daily.json").read_text())
    assert len(daily["dates"]) == 4
    series = daily["fee_models"][model.name][str(result.seeds[0])]["revenue"]
    assert [Decimal(v) for v in series] == list(model.runs[0].series["revenue"])
    rows = (folder / "daily.csv").read_text().splitlines()
    runs = len(result.seeds) * (len(result.models) + len(result.points))
    assert len(rows) == 1 + runs * scenario.days
    assert (folder / "sweep.csv").read_text().startswith("commission_rate,metric")
    assert "<img" not in page.read_text()
    assert "fiverr-like" in page.read_text()


def test_without_a_sweep_no_sweep_file_is_written(tmp_path: Path) -> None:
    result = simulate(small(days=2).replace(runs=1))
    write_report(result, tmp_path, plots=False)
    assert not (tmp_path / "sweep.csv").exists()
    assert "sweep.csv" not in (tmp_path / "report.html").read_text()
