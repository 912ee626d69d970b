"""Reading a scenario's values strictly: every key known, every amount exact, every error named.

A typo in a scenario would otherwise quietly simulate something else, so each reader here
checks one value and raises a `ScenarioError` naming the file, the key path and what it
expects::

    webpark.toml: demand.orders_per_day must be a positive number, got -3

Money and fee rates are written as strings (``"40"``, ``"12.50"``, ``"0.15"``) or whole
numbers, never floats: a binary float cannot hold 0.1 exactly. Probabilities and spreads are
plain numbers, because they only steer the random draws. Policy overrides in a fee model are
converted by the policy field's own declared type (`FIELDS`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import pendulum
from moneyed import Money
from pendulum import DateTime

from microjob.errors import ValidationError
from microjob.money import money
from microjob.policies import (
    CommissionBand,
    ContactFilter,
    DisputeFee,
    MarketplacePolicy,
    PaymentMode,
    RefundTo,
)

__all__ = ["FEE_MODEL_KEYS", "FIELDS", "NOT_OVERRIDABLE", "ScenarioError", "Table"]


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


# -- policy fields -------------------------------------------------------------------------
_ENUMS: dict[str, type[PaymentMode] | type[DisputeFee] | type[RefundTo] | type[ContactFilter]] = {
    "ContactFilter": ContactFilter,
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


FIELDS = _FIELDS
"""Every policy field a fee model may override, with its declared type as text."""
FEE_MODEL_KEYS = _FEE_MODEL_KEYS
NOT_OVERRIDABLE = _NOT_OVERRIDABLE
Table = _Table
