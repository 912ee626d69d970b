"""``orders.save_many`` refuses a stale order with `Conflict` and nothing of the list
written, on every store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from microjob import Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.errors import Conflict
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def market(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Marketplace]:
    policy = presets.fiverr_like()
    schema = None
    if request.param == "memory":
        opened = Marketplace.in_memory(policy, clock=FrozenClock(), gateway=FakeGateway())
    elif request.param == "sqlite":
        opened = Marketplace.from_url(
            f"sqlite:///{tmp_path / 'm.db'}", policy, clock=FrozenClock(), gateway=FakeGateway()
        )
    else:
        url = request.getfixturevalue("pg_url")
        schema = Schema(url)
        opened = Marketplace.from_url(
            url,
            policy,
            clock=FrozenClock(),
            gateway=FakeGateway(),
            migrate=True,
            store_options=schema.options,
        )
    for user in ("ann", "bob"):
        opened.users.register(user, name=user, email=f"{user}@example.org")
    yield opened
    if schema is not None:
        opened.store.close()
        schema.drop()


def test_a_stale_order_in_save_many_fails_the_lot_with_nothing_written(
    market: Marketplace,
) -> None:
    """``save_many`` promises that an order changed since it was read "fails the lot with
    `Conflict`". An order of the list not read in this unit of work was saved at once, one
    by one (``save``), before a later stale one was refused: the Conflict came with part of
    the lot written, and a caller that carries on in the unit of work (as the contract test
    of ``save_many`` does after its Conflict) commits that part. Every version must be
    checked before anything is written."""
    a, b = (
        market.orders.place(actor="ann", seller_id="bob", title="Logo", price="10", delivery_days=3)
        for _ in range(2)
    )
    with market.unit_of_work() as uow:
        read_a = uow.orders.get(a.id)
        renamed_b = attrs.evolve(b, title="Renamed", version=b.version + 1)  # b not read here
        stale_a = attrs.evolve(read_a, title="Stale")  # at the version read: refused
        with pytest.raises(Conflict):
            uow.orders.save_many([renamed_b, stale_a])
        assert uow.orders.get(b.id).title == "Logo"
        assert uow.orders.get(a.id).title == "Logo"
