"""Shared fixtures: a marketplace on the memory adapter with a frozen clock and two users."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from microjob import BACK_OFFICE, Marketplace, MarketplacePolicy, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingNotifier, RecordingPublisher


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
