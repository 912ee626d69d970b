"""Random deposits, payouts, webhooks and reversals on top of random orders, under presets."""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, settings

from microjob import money, presets
from microjob.testing.payouts_machine import PayoutsMachine

SETTINGS = settings(
    max_examples=80,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class FiverrLikeWallets(PayoutsMachine):
    """14-day clearance (reversals hit pending money), fees per method, admin approval."""

    policy = presets.fiverr_like()


class JobindoorWallets(PayoutsMachine):
    """Minimum payouts, business days, automatic approval of small payouts."""

    policy = attrs.evolve(presets.jobindoor(), payout_auto_approve_limit=money("12000", "HUF"))


class WebparkWallets(PayoutsMachine):
    """Every deposit reconciled by an admin (Web Park), clearance, bank payouts only."""

    policy = presets.webpark()


TestFiverrLikeWallets = FiverrLikeWallets.TestCase
TestFiverrLikeWallets.settings = SETTINGS
TestJobindoorWallets = JobindoorWallets.TestCase
TestJobindoorWallets.settings = SETTINGS
TestWebparkWallets = WebparkWallets.TestCase
TestWebparkWallets.settings = SETTINGS
