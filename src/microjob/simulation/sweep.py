"""Sweeps: one fee field run over a range of values on a base fee model.

``commission_rate=0.05:0.60:0.05`` on the command line or a ``[sweep]`` table in the file;
every value is checked against the policy *before* any run starts, so a sweep that would make
an impossible policy half-way through is refused up front with the key and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from microjob.simulation.parts import SUBSCRIPTION, FeeModel, Scenario, Sweep
from microjob.simulation.reading import (
    _FIELDS,
    _NOT_OVERRIDABLE,
    ScenarioError,
    _exact,
    _Table,
    _text,
)

__all__ = ["MAX_SWEEP_POINTS", "parse_sweep", "read_sweep", "sweep_values"]

MAX_SWEEP_POINTS = 60
_MAX_SWEEP_POINTS = MAX_SWEEP_POINTS


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


def read_sweep(data: object, source: str, models: Sequence[FeeModel]) -> Sweep:
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
