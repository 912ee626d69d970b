"""Scenarios: what the simulated marketplace looks like, read strictly from a TOML file.

A scenario names the synthetic demand (buyers, sellers, arrivals per day, prices, delivery
times, how often people are late, ask for revisions, refuse, cancel or dispute, how an admin
rules) and the **fee models** to compare on that same demand: each a policy preset plus
overrides (``commission_rate = "0.15"``) and, if the operator lives on subscriptions, a
subscription fee per seller.

Validation is strict because a typo in a scenario would otherwise quietly simulate something
else: an unknown key, a wrong type, a probability outside 0..1 or a float where money is
expected is a :class:`ScenarioError` naming the file, the key path and what it expects::

    webpark.toml: demand.orders_per_day must be a positive number, got -3

Money and fee rates are written as strings (``"40"``, ``"12.50"``, ``"0.15"``) or whole
numbers, never floats: a binary float cannot hold 0.1 exactly. Probabilities and spreads are
plain numbers, because they only steer the random draws.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pendulum
from moneyed import Money
from pendulum import DateTime

from microjob.errors import ValidationError
from microjob.money import minor_places, money
from microjob.policies import (
    CommissionBand,
    DisputeFee,
    MarketplacePolicy,
    PaymentMode,
    RefundTo,
    presets,
)

__all__ = [
    "SUBSCRIPTION",
    "Behaviour",
    "DemandSpec",
    "DisputeOutcomes",
    "Elasticity",
    "FeeModel",
    "Payouts",
    "PriceSpec",
    "Scenario",
    "ScenarioError",
    "Sweep",
    "Timing",
    "load_scenario",
    "parse_scenario",
    "parse_sweep",
    "scenario_names",
]

SUBSCRIPTION = "subscription"
"""The sweepable fee that is not a policy field: the subscription fee per seller and period."""

_MAX_SWEEP_POINTS = 60


class ScenarioError(ValidationError):
    """A scenario file (or a command-line override) that cannot be simulated as written.

    ``str(error)`` reads ``"<file>: <key path> <what it expects>, got <value>"``; ``source``,
    ``path`` and ``problem`` hold the three parts.
    """

    def __init__(self, source: str, path: str, problem: str) -> None:
        self.source = source
        self.path = path
        self.problem = problem
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where} {problem}")


# -- the scenario's parts ------------------------------------------------------------------------
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
class Elasticity:
    """Demand that answers to the price: each arriving buyer's willingness to pay is drawn once
    (a log-normal multiple of the listed price); a buyer whose quoted total is higher leaves.
    ``pass_through`` is the share of the commission sellers add to their listed price."""

    enabled: bool = False
    willingness_median: float = 1.3
    willingness_sigma: float = 0.25
    pass_through: Decimal = Decimal(0)


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
        raw: object = int(value) if _FIELDS[field].startswith("int") else value
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
    """Everything one simulation needs; build it with :func:`load_scenario`."""

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
    elasticity: Elasticity
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


# -- reading values ------------------------------------------------------------------------------
def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _got(value: object) -> str:
    if isinstance(value, float):
        return f"{value!r} (a float)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


Check = Callable[[object, str, str], Any]
"""A value checker: ``(value, key path, source) -> converted value`` or ScenarioError."""


def _positive_number(value: object, path: str, source: str) -> float:
    if not _is_number(value) or not math.isfinite(float(value)) or float(value) <= 0:  # type: ignore[arg-type]
        raise ScenarioError(source, path, f"must be a positive number, got {_got(value)}")
    return float(value)  # type: ignore[arg-type]


def _non_negative_number(value: object, path: str, source: str) -> float:
    if not _is_number(value) or not math.isfinite(float(value)) or float(value) < 0:  # type: ignore[arg-type]
        raise ScenarioError(source, path, f"must be a number of zero or more, got {_got(value)}")
    return float(value)  # type: ignore[arg-type]


def _probability(value: object, path: str, source: str) -> float:
    if not _is_number(value) or not 0 <= float(value) <= 1:  # type: ignore[arg-type]
        raise ScenarioError(
            source, path, f"must be a probability between 0 and 1, got {_got(value)}"
        )
    return float(value)  # type: ignore[arg-type]


def _whole(minimum: int) -> Check:
    def check(value: object, path: str, source: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ScenarioError(
                source, path, f"must be a whole number of at least {minimum}, got {_got(value)}"
            )
        return value

    return check


def _text(value: object, path: str, source: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(source, path, f"must be a non-empty string, got {_got(value)}")
    return value.strip()


def _any_text(value: object, path: str, source: str) -> str:
    if not isinstance(value, str):
        raise ScenarioError(source, path, f"must be a string, got {_got(value)}")
    return value


def _flag(value: object, path: str, source: str) -> bool:
    if not isinstance(value, bool):
        raise ScenarioError(source, path, f"must be true or false, got {_got(value)}")
    return value


def _date(value: object, path: str, source: str) -> DateTime:
    if isinstance(value, dt.datetime):
        return pendulum.instance(value, tz="UTC").in_timezone("UTC")
    if isinstance(value, dt.date):
        return pendulum.datetime(value.year, value.month, value.day, tz="UTC")
    if isinstance(value, str):
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            return pendulum.datetime(parsed.year, parsed.month, parsed.day, tz="UTC")
    raise ScenarioError(source, path, f"must be a date such as 2026-01-05, got {_got(value)}")


def _exact(value: object, path: str, source: str, example: str, what: str) -> Decimal:
    if isinstance(value, float):
        raise ScenarioError(
            source,
            path,
            f'must be {what} written as a string such as "{example}" or a whole number '
            f"(floats are not exact), got {_got(value)}",
        )
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ScenarioError(
            source,
            path,
            f'must be {what} written as a string such as "{example}", got {_got(value)}',
        )
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ScenarioError(
            source,
            path,
            f'must be {what} written as a string such as "{example}", got {_got(value)}',
        ) from None
    if not number.is_finite() or number < 0:
        raise ScenarioError(source, path, f"must be {what} of zero or more, got {_got(value)}")
    return number


def _rate(value: object, path: str, source: str) -> Decimal:
    return _exact(value, path, source, "0.15", "a rate")


def _amount(value: object, path: str, source: str, currency: str) -> Money:
    number = _exact(value, path, source, "12.50", "an amount of money")
    try:
        return money(number, currency)
    except ValidationError as exc:
        raise ScenarioError(source, path, f"must be an exact amount in {currency}: {exc}") from None


def _day_range(value: object, path: str, source: str) -> tuple[int, int]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 1 <= value[0] <= value[1]
    ):
        raise ScenarioError(
            source,
            path,
            f"must be [shortest, longest] whole days with 1 <= shortest <= longest, got "
            f"{_got(value) if not isinstance(value, list) else value!r}",
        )
    return value[0], value[1]


class _Table:
    """A TOML table read key by key: every key must be known and is consumed once."""

    def __init__(self, data: object, path: str, source: str) -> None:
        if not isinstance(data, dict):
            raise ScenarioError(source, path, f"must be a table, got {_got(data)}")
        self.data: dict[str, object] = dict(data)
        self.path = path
        self.source = source
        self.known: list[str] = []

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str, check: Check, default: object = attrs.NOTHING) -> Any:
        self.known.append(name)
        if name not in self.data:
            if default is attrs.NOTHING:
                raise ScenarioError(self.source, self.key(name), "is required")
            return default
        return check(self.data.pop(name), self.key(name), self.source)

    def raw(self, name: str, default: object = None) -> object:
        self.known.append(name)
        return self.data.pop(name, default)

    def done(self) -> None:
        for name in self.data:
            raise ScenarioError(
                self.source,
                self.key(name),
                f"is not a known key; expected one of: {', '.join(self.known)}",
            )


def _section(data: _Table, name: str) -> _Table:
    data.known.append(name)
    return _Table(data.data.pop(name, {}), data.key(name), data.source)


# -- fee models ----------------------------------------------------------------------------------
_ENUMS: dict[str, type[PaymentMode] | type[DisputeFee] | type[RefundTo]] = {
    "PaymentMode": PaymentMode,
    "DisputeFee": DisputeFee,
    "RefundTo": RefundTo,
}
_FIELDS = {field.name: str(field.type) for field in attrs.fields(MarketplacePolicy)}
_FEE_MODEL_KEYS = ("name", "preset", "subscription", "subscription_days")
_NOT_OVERRIDABLE = {
    "name": "is the fee model's label here",
    "currency": 'is set once for the whole scenario, at the top (currency = "USD")',
}


def _policy_value(field: str, kind: str, value: object, path: str, source: str, code: str) -> Any:
    """Convert one TOML value to what the policy field holds, refusing inexact input."""
    if "None" in kind and value == "none":
        return None
    base = kind.replace(" | None", "")
    if base == "Decimal":
        return _rate(value, path, source)
    if base == "Money":
        return _amount(value, path, source, code)
    if base == "int":
        return _whole(0)(value, path, source)
    if base == "bool":
        return _flag(value, path, source)
    if base == "str":
        return _text(value, path, source)
    if base in _ENUMS:
        enum = _ENUMS[base]
        choices = [member.value for member in enum]
        if value not in choices:
            raise ScenarioError(
                source, path, f"must be one of {', '.join(map(repr, choices))}, got {_got(value)}"
            )
        return enum(value)
    if base.startswith("Mapping[str, "):
        inner = base.removeprefix("Mapping[str, ").removesuffix("]")
        table = _Table(value, path, source)
        return {
            str(key): _policy_value(field, inner, item, f"{path}.{key}", source, code)
            for key, item in table.data.items()
        }
    if base == "tuple[str, ...]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ScenarioError(source, path, f"must be a list of strings, got {_got(value)}")
        return tuple(value)
    if base == "tuple[CommissionBand, ...]":
        if not isinstance(value, list):
            raise ScenarioError(
                source, path, f'must be a list of ["above", "rate"] pairs, got {_got(value)}'
            )
        bands = []
        for index, pair in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(pair, list) or len(pair) != 2:
                raise ScenarioError(
                    source, where, f'must be an ["above", "rate"] pair, got {_got(pair)}'
                )
            bands.append(
                CommissionBand(_rate(pair[0], where, source), _rate(pair[1], where, source))
            )
        return tuple(bands)
    raise ScenarioError(source, path, "cannot be set from a scenario file")


def _policy_changes(
    overrides: Mapping[str, object], policy: MarketplacePolicy, source: str, path: str
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field, value in overrides.items():
        where = f"{path}.{field}"
        if field in _NOT_OVERRIDABLE:
            raise ScenarioError(source, where, _NOT_OVERRIDABLE[field])
        kind = _FIELDS.get(field)
        if kind is None:
            raise ScenarioError(
                source,
                where,
                "is not a known key; expected one of: "
                + ", ".join([*_FEE_MODEL_KEYS, *(f for f in _FIELDS if f not in _NOT_OVERRIDABLE)]),
            )
        changes[field] = _policy_value(field, kind, value, where, source, policy.currency)
    try:
        attrs.evolve(policy, **changes)
    except (ValidationError, TypeError, ValueError) as exc:
        raise ScenarioError(source, path, f"makes an impossible policy: {exc}") from None
    return changes


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


# -- sweeps --------------------------------------------------------------------------------------
def _sweep_kind(field: str, source: str, path: str) -> str:
    if field == SUBSCRIPTION:
        return "Money"
    kind = _FIELDS.get(field, "").replace(" | None", "")
    if kind not in ("Decimal", "int", "Money") or field in _NOT_OVERRIDABLE:
        numeric = [f for f, k in _FIELDS.items() if k.replace(" | None", "") in ("Decimal", "int")]
        money_fields = [f for f, k in _FIELDS.items() if k.replace(" | None", "") == "Money"]
        raise ScenarioError(
            source,
            path,
            "must name a numeric fee field to sweep ("
            + ", ".join([*numeric, *money_fields, SUBSCRIPTION])
            + f"), got {field!r}",
        )
    return kind


def sweep_values(
    field: str, start: object, stop: object, step: object, source: str, path: str = "sweep"
) -> tuple[str, ...]:
    """The values ``start, start + step, ... <= stop`` as exact strings."""
    kind = _sweep_kind(field, source, f"{path}.field")
    low = _exact(start, f"{path}.start", source, "0.05", "a number")
    high = _exact(stop, f"{path}.stop", source, "0.30", "a number")
    pace = _exact(step, f"{path}.step", source, "0.05", "a number")
    if pace <= 0:
        raise ScenarioError(source, f"{path}.step", f"must be more than zero, got {step!r}")
    if high < low:
        raise ScenarioError(
            source, f"{path}.stop", f"must be at least the start ({low}), got {stop!r}"
        )
    count = int((high - low) / pace) + 1
    if count > _MAX_SWEEP_POINTS:
        raise ScenarioError(
            source,
            f"{path}.step",
            f"makes {count} points; at most {_MAX_SWEEP_POINTS} are allowed, take a larger step",
        )
    values = tuple(str(low + pace * n) for n in range(count))
    if kind == "int" and any(Decimal(v) != Decimal(v).to_integral_value() for v in values):
        raise ScenarioError(
            source, path, f"{field} takes whole numbers; start and step must be whole numbers"
        )
    if kind == "int":
        values = tuple(str(int(Decimal(v))) for v in values)
    return values


def parse_sweep(text: str, scenario: Scenario, source: str = "--sweep") -> Sweep:
    """``"commission_rate=0.05:0.30:0.05"`` on the scenario's first fee model (or its sweep's)."""
    field, sep, spec = text.partition("=")
    parts = spec.split(":")
    if not sep or len(parts) != 3 or not field.strip():
        raise ScenarioError(
            source,
            "",
            f"must look like FIELD=START:STOP:STEP (commission_rate=0.05:0.30:0.05), got {text!r}",
        )
    field = field.strip()
    start, stop, step = (p.strip() for p in parts)
    values = sweep_values(field, start, stop, step, source=source, path=field)
    base = scenario.sweep.fee_model if scenario.sweep else scenario.fee_models[0].name
    sweep = Sweep(field, values, base)
    _check_sweep_applies(sweep, scenario, source)
    return sweep


def _check_sweep_applies(sweep: Sweep, scenario: Scenario, source: str) -> None:
    base = scenario.fee_model(sweep.fee_model)
    for value in sweep.values:
        base.with_value(sweep.field, value, source)


def _sweep(data: object, source: str, models: Sequence[FeeModel]) -> Sweep:
    table = _Table(data, "sweep", source)
    field = table.get("field", _text)
    start, stop, step = (table.raw(key) for key in ("start", "stop", "step"))
    for key, value in (("start", start), ("stop", stop), ("step", step)):
        if value is None:
            raise ScenarioError(source, f"sweep.{key}", "is required")
    name = table.get("fee_model", _text, models[0].name)
    table.done()
    if name not in [m.name for m in models]:
        raise ScenarioError(
            source,
            "sweep.fee_model",
            f"must name one of the fee models ({', '.join(m.name for m in models)}), got {name!r}",
        )
    values = sweep_values(field, start, stop, step, source)
    sweep = Sweep(field, values, name)
    base = next(m for m in models if m.name == name)
    for value in values:
        base.with_value(field, value, source)
    return sweep


# -- the whole file ------------------------------------------------------------------------------
def parse_scenario(data: Mapping[str, object], source: str = "<scenario>") -> Scenario:
    """Build a :class:`Scenario` from parsed TOML, refusing anything unknown or inexact."""
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
    elasticity = Elasticity(
        elastic_t.get("enabled", _flag, False),
        elastic_t.get("willingness_median", _positive_number, 1.3),
        elastic_t.get("willingness_sigma", _non_negative_number, 0.25),
        elastic_t.get("pass_through", _rate, Decimal(0)),
    )
    elastic_t.done()
    if elasticity.pass_through > 1:
        raise ScenarioError(
            source,
            "elasticity.pass_through",
            f"is a share of the commission between 0 and 1, got {elasticity.pass_through}",
        )

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
    sweep = None if sweep_data is None else _sweep(sweep_data, source, models)
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
        elasticity=elasticity,
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
