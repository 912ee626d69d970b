"""Scenarios: what the simulated marketplace looks like, read strictly from a TOML file.

A scenario names the synthetic demand (buyers, sellers, arrivals per day, prices, delivery
times, how often people are late, ask for revisions, refuse, cancel or dispute, how an admin
rules), how both sides answer to the fees (``[response]``), how deals leak off the platform
(``[leakage]``), and the **fee models** to compare on that same demand: each a policy preset
plus overrides (``commission_rate = "0.15"``, ``contact_filter = "allow"``) and, if the
operator lives on subscriptions, a subscription fee per seller.

Validation is strict (`.reading`): an unknown key, a wrong type, a probability outside
0..1 or a float where money is expected is a `ScenarioError` naming the file, the key
path and what it expects. The parts are plain values (`.parts`); sweeps live in
`.sweep`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path

import attrs
import pendulum
from moneyed import Money

from microjob.errors import ValidationError
from microjob.money import minor_places, money
from microjob.policies import MarketplacePolicy, presets
from microjob.simulation.parts import (
    SUBSCRIPTION,
    Behaviour,
    DemandSpec,
    DisputeOutcomes,
    FeeModel,
    Leakage,
    Payouts,
    PriceSpec,
    Response,
    Scenario,
    Sweep,
    Timing,
)
from microjob.simulation.reading import (
    ScenarioError,
    _amount,
    _any_text,
    _date,
    _day_range,
    _flag,
    _got,
    _non_negative_number,
    _policy_changes,
    _positive_number,
    _probability,
    _rate,
    _section,
    _Table,
    _text,
    _whole,
)
from microjob.simulation.sweep import parse_sweep, read_sweep, sweep_values

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
    "ScenarioError",
    "Sweep",
    "Timing",
    "load_scenario",
    "parse_scenario",
    "parse_sweep",
    "scenario_names",
    "sweep_values",
]


def _response(table: _Table, source: str) -> Response:
    d = Response()
    response = Response(
        buyer_elasticity=table.get("buyer_elasticity", _non_negative_number, d.buyer_elasticity),
        seller_elasticity=table.get("seller_elasticity", _non_negative_number, d.seller_elasticity),
        cross_side=table.get("cross_side", _non_negative_number, d.cross_side),
        pass_through=table.get("pass_through", _rate, d.pass_through),
        entry=table.get("entry", _non_negative_number, d.entry),
        outside_take=table.get("outside_take", _rate, d.outside_take),
        repeat=table.get("repeat", _probability, d.repeat),
    )
    table.done()
    for key in ("pass_through", "outside_take"):
        value = getattr(response, key)
        if value >= 1 if key == "outside_take" else value > 1:
            raise ScenarioError(
                source, f"response.{key}", f"is a share between 0 and 1, got {value}"
            )
    return response


def _leakage(table: _Table, source: str) -> Leakage:
    d = Leakage()
    leakage = Leakage(
        enabled=table.get("enabled", _flag, d.enabled),
        base=table.get("base", _probability, d.base),
        per_fee=table.get("per_fee", _non_negative_number, d.per_fee),
        per_repeat=table.get("per_repeat", _probability, d.per_repeat),
        repeat_cap=table.get("repeat_cap", _whole(0), d.repeat_cap),
        seller_opens=table.get("seller_opens", _probability, d.seller_opens),
        chat=table.get("chat", _probability, d.chat),
        other_channels=table.get("other_channels", _probability, d.other_channels),
        corpus=table.get("corpus", _text, d.corpus),
    )
    table.done()
    if leakage.corpus != "default":
        from microjob.simulation.corpus import load_corpus

        load_corpus(leakage.corpus, source)  # refused now, not half-way through a run
    return leakage


# -- fee models ----------------------------------------------------------------------------------
def _fee_model(data: object, index: int, source: str, currency: str | None) -> FeeModel:
    path = f"fee_models[{index}]"
    table = _Table(data, path, source)
    makers = presets.all()
    preset = table.get("preset", _text)
    if preset not in makers:
        raise ScenarioError(
            source, f"{path}.preset", f"must be one of {', '.join(makers)}, got {preset!r}"
        )
    make = getattr(presets, preset)
    try:
        policy: MarketplacePolicy = make(currency) if currency else make()
    except ValidationError as exc:
        raise ScenarioError(source, "currency", f"cannot be used: {exc}") from None
    name = table.get("name", _text, preset)
    fee = table.raw("subscription")
    subscription = (
        None if fee is None else _amount(fee, f"{path}.subscription", source, policy.currency)
    )
    days = table.get("subscription_days", _whole(1), 30)
    overrides = dict(table.data)
    table.data.clear()
    changes = _policy_changes(overrides, policy, source, path)
    if changes:
        policy = attrs.evolve(policy, **changes)
    if subscription is not None and subscription.amount == 0:
        subscription = None
    return FeeModel(name, policy, subscription, days)


# -- the whole file ------------------------------------------------------------------------------
def parse_scenario(data: Mapping[str, object], source: str = "<scenario>") -> Scenario:
    """Build a `Scenario` from parsed TOML, refusing anything unknown or inexact."""
    top = _Table(dict(data), "", source)
    name = top.get("name", _text)
    description = top.get("description", _any_text, "")
    days = top.get("days", _whole(1))
    runs = top.get("runs", _whole(1), 3)
    seed = top.get("seed", _whole(0), 1)
    start = top.get("start", _date, pendulum.datetime(2026, 1, 5, tz="UTC"))
    currency_given = top.get("currency", _text, None)
    tick_hours = top.get("tick_hours", _whole(1), 1)
    if 24 % tick_hours:
        raise ScenarioError(
            source,
            "tick_hours",
            f"must divide a day (1, 2, 3, 4, 6, 8, 12 or 24), got {tick_hours}",
        )

    raw_models = top.raw("fee_models")
    if not isinstance(raw_models, list) or not raw_models:
        raise ScenarioError(
            source,
            "fee_models",
            "must be a list of at least one [[fee_models]] table (preset + overrides), got "
            + ("nothing" if raw_models is None else _got(raw_models)),
        )
    models = tuple(_fee_model(item, i, source, currency_given) for i, item in enumerate(raw_models))
    currency = models[0].policy.currency
    names: set[str] = set()
    for index, model in enumerate(models):
        if model.policy.currency != currency:
            raise ScenarioError(
                source,
                f"fee_models[{index}].preset",
                f"trades in {model.policy.currency} but fee_models[0] in {currency}; compare "
                'fee models in one currency (set currency = "..." at the top)',
            )
        if model.name in names:
            raise ScenarioError(
                source, f"fee_models[{index}].name", f"must be unique, {model.name!r} is used twice"
            )
        names.add(model.name)

    market = _section(top, "market")
    buyers = market.get("buyers", _whole(1))
    sellers = market.get("sellers", _whole(1))
    market.done()

    demand_t = _section(top, "demand")
    demand = DemandSpec(
        buyers,
        sellers,
        demand_t.get("orders_per_day", _positive_number),
        demand_t.get("weekend_factor", _non_negative_number, 1.0),
    )
    demand_t.done()

    prices_t = _section(top, "prices")

    def amount(key: str, default: object = attrs.NOTHING) -> Money | None:
        return prices_t.get(  # type: ignore[no-any-return]
            key, lambda v, p, s: _amount(v, p, s, currency), default
        )

    median = amount("median")
    assert median is not None  # required: a missing key raised above
    sigma = prices_t.get("sigma", _non_negative_number, 0.5)
    minimum = amount("min", None)
    maximum = amount("max", None)
    step = amount("step", None)
    prices_t.done()
    minimum = minimum if minimum is not None else money(median.amount / 10, currency)
    maximum = maximum if maximum is not None else median * 10
    if step is None:
        step = money(Decimal(1).scaleb(-minor_places(currency)), currency)
    if median.amount <= 0 or minimum.amount <= 0:
        raise ScenarioError(source, "prices.median", "and prices.min must be more than zero")
    if not minimum <= median <= maximum:
        raise ScenarioError(
            source,
            "prices",
            f"must satisfy min <= median <= max, got {minimum.amount} <= {median.amount} <= "
            f"{maximum.amount}",
        )
    if step.amount <= 0:
        raise ScenarioError(source, "prices.step", f"must be more than zero, got {step.amount}")
    prices = PriceSpec(median, sigma, minimum, maximum, step)

    timing_t = _section(top, "timing")
    timing = Timing(
        timing_t.get("delivery_days", _day_range, (1, 5)),
        timing_t.get("start_hours", _non_negative_number, 6.0),
        timing_t.get("response_hours", _non_negative_number, 24.0),
        timing_t.get("late_days", _positive_number, 2.0),
        timing_t.get("revision_hours", _positive_number, 36.0),
        timing_t.get("ruling_hours", _non_negative_number, 48.0),
        timing_t.get("silent_days", _positive_number, 10.0),
    )
    timing_t.done()

    behaviour_t = _section(top, "behaviour")
    p = {
        key: behaviour_t.get(key, _probability, default)
        for key, default in (
            ("decline", 0.02),
            ("cancel_pending", 0.03),
            ("late", 0.10),
            ("cancel_late", 0.30),
            ("mutual_cancel", 0.02),
            ("dispute", 0.01),
            ("revision", 0.15),
            ("refuse", 0.02),
            ("silent", 0.15),
            ("seller_opens", 0.3),
        )
    }
    behaviour_t.done()
    for first, second in (("decline", "cancel_pending"), ("mutual_cancel", "dispute")):
        if p[first] + p[second] > 1:
            raise ScenarioError(
                source,
                f"behaviour.{first}",
                f"+ behaviour.{second} must be at most 1 (they exclude each other), got "
                f"{p[first] + p[second]}",
            )
    behaviour = Behaviour(**p)

    disputes_t = _section(top, "disputes")
    outcomes = DisputeOutcomes(
        disputes_t.get("refund", _probability, 0.4),
        disputes_t.get("release", _probability, 0.4),
        disputes_t.get("split", _probability, 0.2),
        disputes_t.get("split_min", _probability, 0.2),
        disputes_t.get("split_max", _probability, 0.8),
    )
    disputes_t.done()
    total = outcomes.refund + outcomes.release + outcomes.split
    if abs(total - 1) > 1e-9:
        raise ScenarioError(
            source,
            "disputes",
            f"refund + release + split must add up to 1, got {total:g}",
        )
    if outcomes.split_min > outcomes.split_max:
        raise ScenarioError(source, "disputes.split_min", "must be at most disputes.split_max")

    elastic_t = _section(top, "elasticity")
    if elastic_t.data:
        raise ScenarioError(
            source,
            "elasticity",
            "is replaced by [response] (buyer_elasticity, seller_elasticity, cross_side, "
            "pass_through, entry, outside_take, repeat); see docs/simulator.md",
        )
    response = _response(_section(top, "response"), source)
    leakage = _leakage(_section(top, "leakage"), source)

    payouts_t = _section(top, "payouts")
    payouts = Payouts(
        payouts_t.get("every_days", _whole(0), 7),
        payouts_t.get("method", _text, "paypal"),
    )
    payouts_t.done()
    if payouts.method not in ("paypal", "bank"):
        raise ScenarioError(
            source, "payouts.method", f"must be 'paypal' or 'bank', got {payouts.method!r}"
        )

    sweep_data = top.raw("sweep")
    sweep = None if sweep_data is None else read_sweep(sweep_data, source, models)
    top.done()
    return Scenario(
        name=name,
        description=description,
        days=days,
        runs=runs,
        seed=seed,
        start=start,
        currency=currency,
        tick_hours=tick_hours,
        demand=demand,
        prices=prices,
        timing=timing,
        behaviour=behaviour,
        disputes=outcomes,
        response=response,
        leakage=leakage,
        payouts=payouts,
        fee_models=models,
        sweep=sweep,
        source=source,
    )


def scenario_names() -> list[str]:
    """The scenarios shipped with microjob (``quick``, one per preset, ...)."""
    folder = resources.files("microjob.simulation") / "scenarios"
    return sorted(
        entry.name.removesuffix(".toml")
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def load_scenario(ref: str | Path) -> Scenario:
    """Read a scenario from a TOML file, or a shipped one by name (``"quick"``, ``"webpark"``)."""
    path = Path(ref)
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        source = path.name
    else:
        name = str(ref).removesuffix(".toml")
        shipped = scenario_names()
        if name not in shipped:
            raise ScenarioError(
                str(ref),
                "",
                f"is neither a file nor a shipped scenario; shipped: {', '.join(shipped)}",
            )
        entry = resources.files("microjob.simulation") / "scenarios" / f"{name}.toml"
        text = entry.read_text(encoding="utf-8")
        source = f"{name}.toml"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(source, "", f"is not valid TOML: {exc}") from None
    return parse_scenario(data, source)
