"""`cross_check` against a database writer who sets a paid order back to awaiting payment: its
escrow, funded in the transaction that marked it paid, gives it away (it was exempt before)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa

from microjob import Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.errors import LedgerIntegrityError


def test_a_paid_order_set_back_to_awaiting_payment_is_reported(tmp_path: Path) -> None:
    market = Marketplace.from_url(
        f"sqlite:///{tmp_path / 'm.db'}",
        attrs.evolve(presets.fiverr_like(), clearance_days=1),
        clock=FrozenClock(),
        gateway=FakeGateway(),
    )
    for user in ("ann", "bob"):
        market.users.register(user, name=user, email=f"{user}@example.org")
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    )
    assert order.state == "pending"
    market.admin.verify()
    with market.store.engine.begin() as conn:
        changed = conn.execute(
            sa.text(
                "UPDATE microjob_orders SET state = 'awaiting_payment', "
                "data = json_set(data, '$.state', 'awaiting_payment') WHERE id = :id"
            ),
            {"id": order.id},
        ).rowcount
    assert changed == 1
    assert market.orders.get(order.id, viewer="ann").state == "awaiting_payment"
    with pytest.raises(LedgerIntegrityError, match="awaiting payment but its escrow holds"):
        market.admin.verify()
    market.store.close()
