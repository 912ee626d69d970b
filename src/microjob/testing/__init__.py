"""Test helpers for code built on microjob.

[`microjob.testing.strategies`][microjob.testing.strategies] holds Hypothesis strategies that
generate the values microjob deals in (currencies, exact amounts, weights, rates, and the inputs it
must refuse), so an
application can property-test its own rules with the same generators microjob's suite uses::

    from hypothesis import given
    from microjob.testing import strategies as mst

    @given(mst.positive_amounts(currency="EUR"))
    def test_every_price_can_be_paid(price): ...

This package is the only part of microjob that imports Hypothesis; install it with the
``testing`` extra (``pip install microjob[testing]``).

The fault simulator (`microjob.testing.faults`, ``docs/fault-simulator.md``) runs a whole
marketplace under injected faults and checks the money after every step; its names import from
here too (``from microjob.testing import SimConfig, simulate``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from microjob.testing import strategies
from microjob.testing.balances import assert_deltas, expect_deltas, snapshot

__all__ = ["assert_deltas", "expect_deltas", "snapshot", "strategies"]

# The fault simulator's names, loaded on first use so that ``python -m microjob.testing.faults``
# does not find its own module imported already.
if TYPE_CHECKING:
    from microjob.testing.faultgateway import Crash, FaultGateway, FaultRates, ProviderOp
    from microjob.testing.faults import FaultMix, RunReport, SimConfig, Simulator, simulate
    from microjob.testing.invariants import check

_LAZY = {
    "Crash": "faultgateway",
    "FaultGateway": "faultgateway",
    "FaultRates": "faultgateway",
    "ProviderOp": "faultgateway",
    "FaultMix": "faults",
    "RunReport": "faults",
    "SimConfig": "faults",
    "Simulator": "faults",
    "simulate": "faults",
    "check": "invariants",
}
__all__ += [
    "Crash",
    "FaultGateway",
    "FaultMix",
    "FaultRates",
    "ProviderOp",
    "RunReport",
    "SimConfig",
    "Simulator",
    "check",
    "simulate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'microjob.testing' has no attribute {name!r}")
    return getattr(importlib.import_module(f"microjob.testing.{module}"), name)
