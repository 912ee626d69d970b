"""Random commands by random actors at random times, under several presets."""

from __future__ import annotations

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
