"""One scenario per seed system, following its document step by step under its preset."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from microjob import BACK_OFFICE, Attachment, InvalidTransition, OrderState, money, presets
from microjob.events import FundsReleased, OrderLate
from tests.conftest import World

S = OrderState


def test_jobindoor_pending_to_active_in_progress_balance_then_90_10_split(
    make_world: Callable[..., World],
) -> None:
    """Jobindoor: the buyer pays the price to the platform; Start moves Pending to Active and the
    seller's "in progress" balance shows the amount; on approval 90 % lands in Available."""
    w = make_world(presets.jobindoor())
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Weboldal", price="40000", delivery_days=5
    )
    assert order.state == S.PENDING
    assert order.escrow_total == money("40000", "HUF")  # the price, no buyer fee
    assert w.balances("seller") == ("0.00", "0.00", "36000.00")

    order = w.market.orders.start(order.id, actor="seller")
    assert order.state == S.ACTIVE
    assert w.balances("seller") == ("0.00", "0.00", "36000.00")

    order = w.market.orders.deliver(
        order.id,
        actor="seller",
        message="Kész",
        attachments=[Attachment("site.zip", 2_000_000, "application/zip", head=b"PK\x03\x04")],
    )
    order = w.market.orders.accept(order.id, actor="buyer")
    assert order.state == S.COMPLETED
    assert w.balances("seller") == ("36000.00", "0.00", "0.00")
    assert w.revenue() == {"commission": "4000.00"}
    w.market.admin.verify()


def test_jobindoor_countdown_turns_the_order_late_at_zero(make_world: Callable[..., World]) -> None:
    """Jobindoor: the countdown runs from the delivery time; at zero the status becomes Late.
    The countdown runs in calendar days (working days are for payouts): 2 days from a
    Saturday is Monday, not Tuesday."""
    w = make_world(presets.jobindoor())
    w.clock.set(w.clock.now().next(5).at(10))  # a Saturday, 10:00 (pendulum: Monday is 0)
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="9000", delivery_days=2
    )
    order = w.market.orders.start(order.id, actor="seller")
    assert order.due_at is not None
    assert order.due_at.isoweekday() == 1  # Monday

    w.clock.set(order.due_at.subtract(minutes=1))
    assert w.market.run_due().total == 0
    assert w.market.orders.get(order.id, viewer=BACK_OFFICE).state == S.ACTIVE

    w.clock.set(order.due_at)
    report = w.market.run_due()
    assert report.moves == {"late": 1}
    assert w.market.orders.get(order.id, viewer=BACK_OFFICE).state == S.LATE
    assert len(w.publisher.of(OrderLate)) == 1
    assert w.market.run_due().total == 0  # idempotent

    order = w.market.orders.deliver(order.id, actor="seller", message="Sorry for the delay")
    assert order.state == S.DELIVERED


def test_kiwigigs_booking_fee_on_the_platform_price_settled_directly(
    make_world: Callable[..., World],
) -> None:
    """KiwiGigs: the customer books and pays only the platform fee; the expert is notified
    and starts; the price (less the fee) is settled directly between them."""
    w = make_world(presets.kiwigigs())
    quote = w.market.orders.quote("500")
    assert quote.through_platform == money("50", "NZD")
    assert quote.paid_directly == money("450", "NZD")

    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Garden makeover", price="500", delivery_days=7
    )
    # The gateway charged the booking fee only.
    assert [call[2] for call in w.gateway.calls] == [money("50", "NZD")]
    assert order.state == S.PENDING
    assert any(n.kind == "order.payment_confirmed" for n in w.notifier.for_user("seller"))

    order = w.market.orders.start(order.id, actor="seller")
    order = w.market.orders.deliver(order.id, actor="seller", message="Job done")
    order = w.market.orders.accept(order.id, actor="buyer")
    assert order.state == S.COMPLETED
    # The platform keeps its booking fee; no seller money ever passed through the platform.
    assert w.revenue() == {"booking_fees": "50.00"}
    assert w.balances("seller") == ("0.00", "0.00", "0.00")
    w.market.admin.verify()


def test_webpark_refuse_return_for_revision_and_accept(make_world: Callable[..., World]) -> None:
    """Web Park: the contractor confirms, takes into work and announces completion; the
    customer chooses between Refusing, Returning for revision and Accepting."""
    w = make_world(presets.webpark())
    # Return for revision, then accept.
    first = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Сайт", price="3000", delivery_days=3
    )
    w.market.orders.start(first.id, actor="seller")
    w.market.orders.deliver(first.id, actor="seller", message="Готово")
    revised = w.market.orders.request_revision(first.id, actor="buyer", reason="Поменяйте цвет")
    assert revised.state == S.ACTIVE
    assert revised.revisions == 1
    w.market.orders.deliver(first.id, actor="seller", message="Исправлено")
    done = w.market.orders.accept(first.id, actor="buyer")
    assert done.state == S.COMPLETED
    # 15 % commission; three days of clearance before the money is available.
    assert w.balances("seller") == ("0.00", "2550.00", "0.00")
    w.clock.advance(days=3)
    assert w.market.run_due().moves == {"clear": 1}
    assert w.balances("seller") == ("2550.00", "0.00", "0.00")

    # Refuse: the order goes to the operator with its money still in escrow.
    second = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Логотип", price="1000", delivery_days=3
    )
    w.market.orders.start(second.id, actor="seller")
    w.market.orders.deliver(second.id, actor="seller", message="Вот")
    dispute = w.market.disputes.refuse(second.id, actor="buyer", reason="Не то, что заказывал")
    assert (dispute.order_id, dispute.opened_by, dispute.state) == (second.id, "buyer", "open")
    refused = w.market.orders.get(second.id, viewer="buyer")
    assert refused.state == S.DISPUTED
    assert refused.paused is not None
    assert refused.paused.state == S.DELIVERED
    with pytest.raises(InvalidTransition):
        w.market.orders.accept(second.id, actor="buyer")
    w.market.admin.verify()


def test_webpark_revisions_stop_at_the_policy_limit(make_world: Callable[..., World]) -> None:
    from microjob import PolicyViolation

    w = make_world(presets.webpark())
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Текст", price="500", delivery_days=1
    )
    w.market.orders.start(order.id, actor="seller")
    for _ in range(3):
        w.market.orders.deliver(order.id, actor="seller", message="v")
        w.market.orders.request_revision(order.id, actor="buyer", reason="ещё раз")
    w.market.orders.deliver(order.id, actor="seller", message="v4")
    with pytest.raises(PolicyViolation, match="3 revision"):
        w.market.orders.request_revision(order.id, actor="buyer", reason="ещё раз")
    assert w.market.orders.get(order.id, viewer=BACK_OFFICE).state == S.DELIVERED


def test_microjobengine_price_plus_commission_held_by_admin_until_finished(
    make_world: Callable[..., World],
) -> None:
    """MicrojobEngine: the buyer sends price + commission to the admin, who keeps it until the job
    is finished and then pays the seller; delivery is a message with files."""
    w = make_world(presets.microjobengine())
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Voice over", price="50", delivery_days=2
    )
    assert order.escrow_total == money("55", "USD")  # price + 10 % commission
    held = w.market.wallet.balances("buyer", viewer="buyer").in_escrow
    assert held == money("55", "USD")
    w.market.orders.start(order.id, actor="seller")
    delivered = w.market.orders.deliver(
        order.id,
        actor="seller",
        message="Your files",
        attachments=[
            Attachment("voice.mp3", 1000, head=b"ID3\x04"),
            Attachment("script.pdf", 200, head=b"%PDF-1.7"),
        ],
    )
    assert len(delivered.deliveries[0].attachments) == 2
    assert any(n.kind == "order.deliver" for n in w.notifier.for_user("buyer"))
    w.market.orders.accept(order.id, actor="buyer")
    assert w.balances("seller") == ("50.00", "0.00", "0.00")
    assert w.revenue() == {"buyer_fees": "5.00"}
    released = w.publisher.of(FundsReleased)
    assert len(released) == 1


def test_fiverr_like_fees_clearance_and_auto_complete(make_world: Callable[..., World]) -> None:
    w = make_world(presets.fiverr_like())
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="50", delivery_days=1
    )
    # 5.5 % service fee + 3.00 small-order fee under 75.
    assert order.buyer_fee == money("5.75", "USD")
    w.market.orders.start(order.id, actor="seller")
    w.market.orders.deliver(order.id, actor="seller", message="done")
    w.clock.advance(days=3)
    assert w.market.run_due().moves == {"auto_complete": 1}
    assert w.market.orders.get(order.id, viewer=BACK_OFFICE).state == S.COMPLETED
    assert w.balances("seller") == ("0.00", "40.00", "0.00")
    w.clock.advance(days=14)
    assert w.market.run_due().moves == {"clear": 1}
    assert w.balances("seller") == ("40.00", "0.00", "0.00")
    assert w.revenue() == {"commission": "10.00", "buyer_fees": "5.75"}
    w.market.admin.verify()
