"""A chargeback that comes while a refund to the card is in flight, and the provider then
refuses that refund.

While the call has not answered, the refund may have reached the card, so the chargeback books
the refunded money as the buyer's (taken from their wallet, the rest owed): paid back twice,
they owe it. Once the provider answers that it refused the refund, nothing reached the card:
the chargeback alone gave the buyer their money back. Before, the buyer kept the debt (and the
refund went on being asked for, then handed to an operator) for money they never got. Each
test below failed so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FrozenClock, GatewayTimeout
from microjob.context import COVERED, pending_refunds_repo
from microjob.errors import InvalidTransition
from microjob.orders import Order
from microjob.policies import RefundTo
from microjob.ports import ChargeResult
from tests.pg import Schema, pg_url
from tests.placing_kit import ReplayingProvider

__all__ = ["pg_url"]


class Provider(ReplayingProvider):
    """Charges succeed; refunds are refused while ``refusing``."""

    refusing = True
    down = False

    def refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult:
        if self.down:
            raise GatewayTimeout(f"refund {idempotency_key}: the provider is down")
        return super().refund(reference, amount, idempotency_key)

    def first_refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult:
        result = super().first_refund(reference, amount, idempotency_key)
        if self.refusing:
            return attrs.evolve(result, status="failed", reason="charge disputed")
        return result


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Where the marketplace keeps its data: ``from_url``'s arguments (none for memory)."""
    if request.param == "memory":
        yield {}
    elif request.param == "sqlite":
        yield {"url": f"sqlite:///{tmp_path / 'market.db'}"}
    else:
        schema = Schema(request.getfixturevalue("pg_url"))
        try:
            yield {"url": schema.url, "store_options": schema.options}
        finally:
            schema.drop()


def _market(store: dict[str, Any], **terms: Any) -> tuple[Marketplace, Provider, FrozenClock]:
    """A marketplace refunding to the card (``terms``: more of the policy) on ``store``,
    with ann, bob and an admin."""
    clock = FrozenClock()
    provider = Provider()
    policy = attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL, **terms)
    if store:
        market = Marketplace.from_url(
            store["url"],
            policy,
            clock=clock,
            gateway=provider,
            store_options=store.get("store_options"),
        )
    else:
        market = Marketplace.in_memory(policy, clock=clock, gateway=provider)
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
    return market, provider, clock


def _reversal_during_refund(
    market: Marketplace, provider: Provider, *, also: Any = None, lose_answer: bool = False
) -> tuple[Order, str]:
    """A paid order its seller declines; while its refund's call is at the provider, the
    provider tells of a chargeback of the order's charge (and runs ``also`` after it). With
    ``lose_answer``, the refund call's answer is lost: the refund stays in doubt."""
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    )
    key = f"order:{order.id}:refund"
    placed = market.orders.get(order.id, viewer=BACK_OFFICE)

    def chargeback() -> None:
        reversal = provider.event(
            "charge.reversed", f"order:{order.id}", placed.escrow_total, placed.charge_ref or ""
        )
        assert market.handle_gateway_event(reversal) == "applied"
        if also is not None:
            also(placed)

    provider.during[key] = chargeback
    if lose_answer:
        provider.lose_answer.add(key)
    market.orders.decline(order.id, actor="bob", reason="too busy")
    return placed, key


def _wallet(market: Marketplace, user: str) -> Money:
    return market.wallet.balances(user, viewer=user).available


def _open_debts(market: Marketplace, user: str) -> list[Money]:
    return [d.remaining for d in market.wallet.debts(user, viewer=user) if d.state == "open"]


def _refund(market: Marketplace, key: str) -> str:
    with market.unit_of_work() as uow:
        refund = pending_refunds_repo(uow).find(key)
    assert refund is not None
    return refund.state


def _earn(market: Marketplace, clock: FrozenClock, price: str = "10") -> Money:
    """Ann sells bob a job, and its money clears into her wallet: what she earned."""
    job = market.orders.place(
        actor="bob", seller_id="ann", title="Icon", price=price, delivery_days=3
    )
    market.orders.start(job.id, actor="ann")
    market.orders.deliver(job.id, actor="ann", message="done")
    market.orders.accept(job.id, actor="bob")
    clock.advance(days=30)
    assert market.run_due().errors == ()
    earned = market.orders.get(job.id, viewer=BACK_OFFICE).seller_amount
    assert earned is not None
    return earned


def test_a_refund_refused_after_a_chargeback_is_covered_and_nothing_is_owed(
    store: dict[str, Any],
) -> None:
    market, provider, _ = _market(store)
    _, key = _reversal_during_refund(market, provider)
    assert _refund(market, key) == COVERED
    assert _open_debts(market, "ann") == []
    assert _wallet(market, "ann") == Money(0, "USD")
    assert provider.refunded() == []
    assert market.admin.refused_refunds(viewer=BACK_OFFICE) == []
    with pytest.raises(InvalidTransition, match="covered"):
        market.admin.resend_refund(key, actor="ops")
    assert market.run_due().errors == ()
    assert provider.refunded() == []
    assert market.admin.verify().totals == {"USD": 0}


def test_what_the_chargeback_took_from_the_buyers_wallet_comes_back(store: dict[str, Any]) -> None:
    """The buyer had money in their wallet when the chargeback came: it was taken for the
    refund in flight, and comes back once the provider refuses that refund."""
    market, provider, clock = _market(store)
    earned = _earn(market, clock)
    assert _wallet(market, "ann") == earned
    _, key = _reversal_during_refund(market, provider)
    assert _refund(market, key) == COVERED
    assert _open_debts(market, "ann") == []
    assert _wallet(market, "ann") == earned
    assert market.admin.verify().totals == {"USD": 0}


def test_a_refund_carried_out_after_the_chargeback_stays_owed(
    store: dict[str, Any],
) -> None:
    """The other answer: the refund reached the card, so the buyer was paid twice and owes
    it (this held before too)."""
    market, provider, _ = _market(store)
    provider.refusing = False
    order, key = _reversal_during_refund(market, provider)
    assert _refund(market, key) == "sent"
    assert _open_debts(market, "ann") == [order.escrow_total]
    assert len(provider.refunded()) == 1
    assert market.admin.verify().totals == {"USD": 0}


def test_a_debt_repaid_in_part_before_the_refusal_is_given_back(store: dict[str, Any]) -> None:
    """The refusal's answer is lost, so the refund stays in doubt and the buyer owes it; her
    earnings repay part of that debt while the provider is down; then the refund is asked for
    again and refused. The debt closes, and what was repaid of it goes back to her wallet."""
    market, provider, clock = _market(store)
    placed, key = _reversal_during_refund(market, provider, lose_answer=True)
    assert _open_debts(market, "ann") == [placed.escrow_total]
    provider.down = True
    earned = _earn(market, clock)
    assert _open_debts(market, "ann") == [placed.escrow_total - earned]  # repaid in part
    assert _wallet(market, "ann") == Money(0, "USD")
    provider.down = False
    assert market.run_due().errors == ()
    assert _refund(market, key) == COVERED
    assert _open_debts(market, "ann") == []
    assert _wallet(market, "ann") == earned
    assert provider.refunded() == []
    assert market.admin.verify().totals == {"USD": 0}


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    before=st.one_of(st.none(), st.integers(5, 60)),
    meanwhile=st.one_of(st.none(), st.integers(5, 60)),
)
def test_a_covered_refund_leaves_the_buyer_exactly_her_own_earnings(
    before: int | None, meanwhile: int | None
) -> None:
    """Whatever the buyer held when the chargeback came and whatever she earned before the
    refusal (repaying the debt in part, in full, or beyond), once the refund is covered she
    owes nothing and holds exactly what she earned; the books balance to the cent."""
    market, provider, clock = _market({})
    earned = Money(0, "USD")
    if before is not None:
        earned += _earn(market, clock, str(before))
    _, key = _reversal_during_refund(market, provider, lose_answer=True)
    provider.down = True
    if meanwhile is not None:
        earned += _earn(market, clock, str(meanwhile))
    provider.down = False
    assert market.run_due().errors == ()
    assert _refund(market, key) == COVERED
    assert _open_debts(market, "ann") == []
    assert _wallet(market, "ann") == earned
    with market.unit_of_work() as uow:
        assert uow.ledger.balance(accounts.debt("ann"), "USD") == Money(0, "USD")
    assert market.admin.verify().totals == {"USD": 0}
