"""Shared fixtures: a marketplace on the memory adapter with a frozen clock and two users."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from microjob import BACK_OFFICE, Marketplace, MarketplacePolicy, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingNotifier, RecordingPublisher


@pytest.fixture(autouse=True)
def _run_due_jobs_do_not_fail(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """A `run_due` job that raises is reported in the pass's ``errors`` and logged, and the
    other jobs run (one broken record must not stop a marketplace). Most tests call
    ``run_due()`` without reading ``errors``: so that a bug in a job still fails them, a job
    failure logged by `run_due` fails the test, unless it is marked ``run_due_job_fails``."""
    yield
    if request.node.get_closest_marker("run_due_job_fails"):
        return
    failed = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.name == "microjob.marketplace" and record.levelno >= logging.ERROR
    ]
    if failed:
        pytest.fail(f"a run_due job failed: {failed}")


class World:
    """A marketplace plus the fakes behind it, so a test can look at every side."""

    def __init__(
        self, policy: MarketplacePolicy, gateway_default: str = "succeeded", **options: Any
    ) -> None:
        self.clock = FrozenClock()
        self.gateway = FakeGateway(gateway_default)
        self.notifier = RecordingNotifier()
        self.publisher = RecordingPublisher()
        self.market = Marketplace.in_memory(
            policy,
            clock=self.clock,
            gateway=self.gateway,
            notifier=self.notifier,
            publisher=self.publisher,
            **options,
        )
        for user in ("buyer", "seller", "stranger"):
            self.market.users.register(user, name=user.title(), email=f"{user}@example.org")
        self.market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)

    def balances(self, user: str) -> tuple[str, str, str]:
        """(available, clearing, in open orders) as plain strings, for compact assertions."""
        b = self.market.wallet.balances(user, viewer=user)
        return (str(b.available.amount), str(b.clearing.amount), str(b.in_open_orders.amount))

    def revenue(self) -> dict[str, str]:
        return {
            k: str(v.amount)
            for k, v in self.market.admin.revenue(viewer=BACK_OFFICE).items()
            if v.amount
        }


@pytest.fixture
def make_world() -> Callable[..., World]:
    return World


@pytest.fixture
def world() -> World:
    return World(presets.fiverr_like())
