"""Random commands by random actors at random times, under several presets."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from microjob import presets
from microjob.testing.machine import MarketplaceMachine

SETTINGS = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class FiverrLike(MarketplaceMachine):
    policy = presets.fiverr_like()


class Jobindoor(MarketplaceMachine):
    policy = presets.jobindoor()


class Kiwigigs(MarketplaceMachine):
    policy = presets.kiwigigs()


class Webpark(MarketplaceMachine):
    policy = presets.webpark()


TestFiverrLike = FiverrLike.TestCase
TestFiverrLike.settings = SETTINGS
TestJobindoor = Jobindoor.TestCase
TestJobindoor.settings = SETTINGS
TestKiwigigs = Kiwigigs.TestCase
TestKiwigigs.settings = SETTINGS
TestWebpark = Webpark.TestCase
TestWebpark.settings = SETTINGS


def test_a_scripted_outcome_no_charge_used_is_not_left_for_a_refund(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run Hypothesis found: a KiwiGigs order of one minor unit books for free (nothing is
    charged), so the outcome scripted for its charge was left for the next provider call, a
    refund, which the fake provider then declined; the next ``run_due`` sent it again and the
    machine took that for ``run_due`` not being idempotent."""
    from microjob.testing import machine

    monkeypatch.setattr(machine, "event", lambda *args, **kwargs: None)
    state = Kiwigigs()
    first = state.set_up(units=6, days=1)
    for pick in (0, 15):
        state.act(
            command="gateway_confirms", order_id=first, pick=pick, sensible=True, units=0,
            who="buyer",
        )  # fmt: skip
    state.place(buyer="ann", days=1, from_wallet=False, outcome="succeeded", seller="bob", units=1)
    state.place(buyer="ann", days=1, from_wallet=False, outcome="failed", seller="bob", units=6)
    state.time_passes(hours=48)
