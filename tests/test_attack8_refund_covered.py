"""A refund to the card in flight when a chargeback came, then refused by the provider
(``covered``): what must hold for the buyer's money afterwards, beyond the cases of
`tests/test_refund_covered_late.py`.

Each test here failed when it was written.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace
from microjob import ledger as accounts
from microjob.adapters.memory import FrozenClock
from microjob.context import COVERED
from microjob.orders import Order
from microjob.payouts import PayPal
from tests.test_refund_covered_late import Provider, _earn, _refund, _reversal_during_refund
from tests.test_refund_covered_late import _market as market_on


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    return None if request.param == "memory" else f"sqlite:///{tmp_path / 'market.db'}"


def _market(url: str | None) -> tuple[Marketplace, Provider, FrozenClock]:
    store = {"url": url} if url else {}
    return market_on(store, payout_auto_approve_limit=Money(1000, "USD"))


def _books_agree(market: Marketplace, user: str) -> None:
    """The debt account holds what the open debts still owe; no debt record is impossible
    (repaid below zero, more cancelled than owed); the ledger verifies."""
    debts = market.wallet.debts(user, viewer=BACK_OFFICE)
    with market.unit_of_work() as uow:
        account = uow.ledger.balance(accounts.debt(user), "USD")
        wallet = uow.ledger.balance(accounts.available(user), "USD")
    open_sum = sum((d.remaining.amount for d in debts if d.state == "open"), Decimal(0))
    assert account.amount == open_sum
    assert wallet.amount >= 0
    for debt in debts:
        assert debt.repaid.amount >= 0, debt
        assert debt.remaining.amount >= 0, debt
        cancelled = debt.cancelled.amount if debt.cancelled is not None else Decimal(0)
        assert cancelled <= debt.amount.amount, debt
    market.admin.verify()


def test_money_a_covered_refund_gives_back_traces_to_its_source(store: str | None) -> None:
    """What the chargeback took from Ann's wallet for the refund in flight was her earnings,
    whose source was checked; once the refund is covered it comes back to her wallet under
    ``order:ID:refund:covered``. That credit is her own money returned, so the source-of-funds
    check (what every payout approval runs) must accept it: otherwise her balance, correct as
    it is, can never be withdrawn without an admin's review, and every automatic payout of
    hers is held. The check reads the entry as "money from world is not part of an order's
    payment"."""
    market, provider, clock = _market(store)
    earned = _earn(market, clock, "20")
    assert market.wallet.check_sources("ann", viewer=BACK_OFFICE).ok
    _, key = _reversal_during_refund(market, provider)
    assert _refund(market, key) == COVERED
    assert market.wallet.balances("ann", viewer="ann").available == earned
    check = market.wallet.check_sources("ann", viewer=BACK_OFFICE)
    assert check.problems == ()
    method = market.payouts.add_method(actor="ann", method=PayPal("ann@example.org")).id
    payout = market.payouts.request(actor="ann", method_id=method, amount=earned)
    assert payout.state != "held_for_review"
    _books_agree(market, "ann")


def test_what_was_repaid_of_a_covered_refunds_debt_traces_to_its_source(
    store: str | None,
) -> None:
    """The other half of the same: Ann's earnings repaid the refund's debt while the refund
    was in doubt; once it is covered, what was repaid comes back from
    ``platform:recoveries``. It was her own (checked) money, so her sources stay clean."""
    market, provider, clock = _market(store)
    provider.lose_answer.add("order:o1:refund")
    placed, key = _reversal_during_refund(market, provider)
    assert key == "order:o1:refund"
    assert [d.remaining for d in market.wallet.debts("ann", viewer="ann")] == [placed.escrow_total]
    provider.down = True
    earned = _earn(market, clock, "20")  # repays part of the debt
    assert market.wallet.balances("ann", viewer="ann").available == Money(0, "USD")
    provider.down = False
    assert market.run_due().errors == ()
    assert _refund(market, key) == COVERED
    assert market.wallet.balances("ann", viewer="ann").available == earned
    assert market.wallet.check_sources("ann", viewer=BACK_OFFICE).problems == ()
    _books_agree(market, "ann")


def test_the_debt_cancelled_is_the_refunds_own_not_a_later_one_of_the_same_order(
    store: str | None,
) -> None:
    """Ann's order was charged twice (the second charge credited to her wallet under
    ``order:ID:charge:REF``), she spent part of that credit, and both charges were reversed
    while the refund was in flight: the order's own reversal left her a debt for the part of
    the refund her wallet could not give back, and the second charge's reversal a debt of its
    own, opened later, with the same cause. The refusal must cancel the refund's debt (the one
    the chargeback opened for it), not the newest debt of the order: the second charge's debt
    is owed in full whatever happens to the refund. Picking the newest (``max`` by opening
    time and id) cancels the wrong debt, leaves the refund's debt open, and books money as
    "repaid" that Ann never paid."""
    market, provider, _ = _market(store)
    seen: dict[str, Any] = {}

    def second_charge_reversed(placed: Order) -> None:
        reversal = provider.event(
            "charge.reversed", f"order:{placed.id}", placed.escrow_total, seen["second"]
        )
        assert market.handle_gateway_event(reversal) == "applied"

    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    )
    subject = f"order:{order.id}"
    second = provider.charge(subject, order.escrow_total, f"{subject}:again")
    seen["second"] = second.reference
    told = provider.event("charge.succeeded", subject, order.escrow_total, second.reference)
    assert market.handle_gateway_event(told) == "credited"
    # she spends part of the credit on another order, paid from her wallet
    market.orders.place(
        actor="ann",
        seller_id="bob",
        title="Other",
        price="10",
        delivery_days=3,
        pay_from_wallet=True,
    )
    left = market.wallet.balances("ann", viewer="ann").available
    assert Decimal(0) < left.amount < order.escrow_total.amount
    placed = market.orders.get(order.id, viewer=BACK_OFFICE)
    key = f"{subject}:refund"

    def chargebacks() -> None:
        reversal = provider.event(
            "charge.reversed", subject, placed.escrow_total, placed.charge_ref or ""
        )
        assert market.handle_gateway_event(reversal) == "applied"
        second_charge_reversed(placed)

    provider.during[key] = chargebacks
    market.orders.decline(order.id, actor="bob", reason="too busy")
    assert _refund(market, key) == COVERED
    debts = sorted(market.wallet.debts("ann", viewer="ann"), key=lambda d: int(d.id[1:]))
    refunds_debt, second_debt = debts
    assert refunds_debt.amount == order.escrow_total - left  # the refund, less the wallet
    assert second_debt.amount == order.escrow_total  # the second charge, wallet empty
    # The refund's debt is cancelled in full; the second charge's stays owed, less what came
    # back to the wallet (the part of the refund the wallet had given) and repaid it.
    assert refunds_debt.state == "settled"
    assert refunds_debt.repaid == Money(0, "USD")
    assert refunds_debt.cancelled == refunds_debt.amount
    assert second_debt.cancelled is None
    assert second_debt.remaining == order.escrow_total - left
    assert market.wallet.balances("ann", viewer="ann").available == Money(0, "USD")
    _books_agree(market, "ann")
