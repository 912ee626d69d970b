"""The memory path's cost per order lifecycle, held to a budget of Python calls.

Time is too noisy on shared machines to assert; the number of Python-level calls (functions and
builtins, as ``sys.setprofile`` reports them) a lifecycle makes is not, and it moves with the
time a lifecycle takes. The lifecycle is the one ``benchmarks/bench_orders.py`` times: place +
gateway charge confirmed, start, deliver, accept, and clearance by ``run_due``. See
``docs/scaling.md`` (the memory path) for the figures behind the budget.
"""

from __future__ import annotations

import sys

import attrs
import pytest

from microjob import Marketplace, presets
from microjob.adapters.memory import FrozenClock, RecordingNotifier, RecordingPublisher
from tests.calls import python_calls

USERS = 50
BUDGET = 590
"""Calls per lifecycle, clearance included: about 550 on CPython 3.11, plus a margin for other
Python versions (3.12 inlines comprehensions: fewer calls) and for the housekeeping
``run_due`` does per batch. It was about 1,170 before the memory path was first trimmed, about
790 before the second trim, and 560 before the charge moved into the placing's unit of work."""


def _lifecycles(market: Marketplace, clock: FrozenClock, start: int, count: int) -> None:
    for n in range(start, start + count):
        order = market.orders.place(
            actor=f"u{n % USERS}",
            seller_id=f"u{(n + 1) % USERS}",
            title="Logo",
            price=f"{10 + n % 90}.{n % 100:02d}",
            delivery_days=3,
        )
        market.orders.start(order.id, actor=order.seller_id)
        market.orders.deliver(order.id, actor=order.seller_id, message="done")
        market.orders.accept(order.id, actor=order.buyer_id)
    clock.advance(days=1)
    report = market.run_due(limit=count + 10)
    assert report.moves.get("clear") == count, report


def test_an_order_lifecycle_stays_within_its_call_budget() -> None:
    if sys.getprofile() is not None:
        pytest.skip("a profiler is already running")
    clock = FrozenClock()
    market = Marketplace.in_memory(
        attrs.evolve(presets.fiverr_like(), clearance_days=1),
        clock=clock,
        notifier=RecordingNotifier(keep=False),
        publisher=RecordingPublisher(keep=False),
    )
    for n in range(USERS):
        market.users.register(f"u{n}", name=f"User {n}", email=f"u{n}@example.org")
    _lifecycles(market, clock, 0, 100)  # warm: scanners built, handlers resolved

    lifecycles = 400
    calls = python_calls(lambda: _lifecycles(market, clock, 100, lifecycles))
    per_lifecycle = calls / lifecycles
    assert per_lifecycle <= BUDGET, f"{per_lifecycle:.0f} Python calls per order lifecycle"
