"""Shared fixtures: a marketplace on the memory adapter with a frozen clock and two users."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from microjob import Marketplace, MarketplacePolicy, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingNotifier, RecordingPublisher


class World:
    """A marketplace plus the fakes behind it, so a test can look at every side."""

    def __init__(self, policy: MarketplacePolicy, gateway_default: str = "succeeded") -> None:
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
        )
        for user in ("buyer", "seller", "stranger"):
            self.market.register_user(user, name=user.title(), email=f"{user}@example.org")
        self.market.register_user("admin", name="Admin", email="admin@example.org", is_admin=True)

    def balances(self, user: str) -> tuple[str, str, str]:
        """(available, pending, in_progress) as plain strings, for compact assertions."""
        b = self.market.balances(user, viewer=user)
        return (str(b.available.amount), str(b.pending.amount), str(b.in_progress.amount))

    def revenue(self) -> dict[str, str]:
        return {k: str(v.amount) for k, v in self.market.revenue().items() if v.amount}


@pytest.fixture
def make_world() -> Callable[..., World]:
    return World


@pytest.fixture
def world() -> World:
    return World(presets.fiverr_like())
