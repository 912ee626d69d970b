"""Disputes through the facade: MicrojobEngine, Web Park and Jobindoor, the money of every
ruling, timers, permissions, and refused commands that change nothing."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from microjob import (
    BACK_OFFICE,
    Attachment,
    DisputeFee,
    InvalidTransition,
    NotFound,
    OrderState,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
    money,
    presets,
)
from microjob import ledger as accounts
from microjob.disputes import DisputeState, Outcome, Ruling, ruling_parts
from microjob.events import DisputeEscalated, DisputeResolved
from microjob.order_rules import place as place_record
from microjob.testing import strategies as mst
from tests.conftest import World

S = OrderState
D = DisputeState


def running(w: World, price: str = "100", *, deliver: bool = False) -> str:
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price=price, delivery_days=3
    )
    w.market.orders.start(order.id, actor="seller")
    if deliver:
        w.market.orders.deliver(order.id, actor="seller", message="done")
    return order.id


def escrow_of(w: World, order_id: str) -> Decimal:
    currency = w.market.orders.get(order_id, viewer=BACK_OFFICE).currency
    return w.market.store.ledger.balance(accounts.escrow(order_id), currency).amount


def snapshot(w: World) -> tuple[object, ...]:
    store = w.market.store
    return (
        dict(store.orders),
        {k: dict(v) for k, v in store.records.items()},
        len(store.ledger),
        len(w.publisher.events),
    )


# -- MicrojobEngine: the buyer "quits", the seller "closes", the admin judges ----------------------
def test_seed000_buyer_quits_and_the_admin_refunds_him(make_world: Callable[..., World]) -> None:
    w = make_world(presets.microjobengine())
    order_id = running(w, "50")
    dispute = w.market.disputes.open(order_id, actor="buyer", reason="The seller stopped answering")
    assert dispute.state == D.OPEN
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.DISPUTED
    assert any(n.kind == "dispute.opened" for n in w.notifier.for_user("seller"))
    ruled = w.market.disputes.rule(
        dispute.id, actor="admin", ruling=Ruling.refund_buyer("no work delivered")
    )
    assert ruled.state == D.RESOLVED
    order = w.market.orders.get(order_id, viewer=BACK_OFFICE)
    assert order.state == S.CANCELLED
    # Price and the 10 % commission the buyer paid both come back (refund_buyer_fee).
    assert w.market.wallet.balances("buyer", viewer="buyer").available == money("55", "USD")
    assert escrow_of(w, order_id) == 0
    w.market.admin.verify()


def test_seed000_seller_closes_and_the_admin_pays_him(make_world: Callable[..., World]) -> None:
    w = make_world(presets.microjobengine())
    order_id = running(w, "50", deliver=True)
    dispute = w.market.disputes.open(
        order_id, actor="seller", reason="The buyer does not accept finished work"
    )
    assert dispute.requested.outcome is Outcome.RELEASE_TO_SELLER
    w.market.disputes.rule(
        dispute.id, actor="admin", ruling=Ruling.release_to_seller("the work matches")
    )
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.COMPLETED
    assert w.market.wallet.balances("seller", viewer="seller").available == money("50", "USD")
    assert w.revenue() == {"buyer_fees": "5.00"}


# -- Jobindoor: the operator keeps its 10 % in every case ------------------------------------
@pytest.mark.parametrize(
    ("ruling", "buyer", "seller"),
    [
        (Ruling.refund_buyer("the buyer is right"), "18000.00", "0.00"),
        (Ruling.release_to_seller("the seller is right"), "0.00", "18000.00"),
        (Ruling.split("half was done", buyer_share="0.5"), "9000.00", "9000.00"),
    ],
)
def test_seed003_the_success_fee_is_deducted_whoever_wins(
    make_world: Callable[..., World], ruling: Ruling, buyer: str, seller: str
) -> None:
    w = make_world(presets.jobindoor())
    order_id = running(w, "20000", deliver=True)
    dispute = w.market.disputes.open(order_id, actor="buyer", reason="Nem ezt rendeltem")
    w.market.disputes.rule(dispute.id, actor="admin", ruling=ruling)
    assert str(w.market.wallet.balances("buyer", viewer="buyer").available.amount) == buyer
    assert str(w.market.wallet.balances("seller", viewer="seller").available.amount) == seller
    assert w.revenue() == {"commission": "2000.00"}
    assert escrow_of(w, order_id) == 0
    resolved = w.publisher.of(DisputeResolved)
    assert len(resolved) == 1
    w.market.admin.verify()


def test_seed003_the_seller_may_open_a_dispute_too(make_world: Callable[..., World]) -> None:
    w = make_world(presets.jobindoor())
    order_id = running(w, "10000", deliver=True)
    dispute = w.market.disputes.open(
        order_id, actor="seller", reason="A vevő nem hagyja jóvá a munkát"
    )
    assert dispute.opener_role.value == "seller"


# -- Web Park: "Refuse" goes to the operator ---------------------------------------------------
def test_seed001_refusing_a_delivery_opens_a_dispute(make_world: Callable[..., World]) -> None:
    w = make_world(presets.webpark())
    order_id = running(w, "1000", deliver=True)
    w.market.disputes.refuse(order_id, actor="buyer", reason="Не соответствует заданию")
    [dispute] = w.market.disputes.of_order(order_id, viewer="buyer")
    assert dispute.requested.outcome is Outcome.REFUND_BUYER
    w.market.disputes.rule(
        dispute.id, actor="admin", ruling=Ruling.split("частично", buyer_amount=money("400", "RUB"))
    )
    order = w.market.orders.get(order_id, viewer=BACK_OFFICE)
    assert order.state == S.COMPLETED
    assert order.refunded == money("400", "RUB")
    # 15 % commission on the seller's 600 only.
    assert order.commission == money("90", "RUB")
    assert order.seller_amount == money("510", "RUB")
    assert w.market.wallet.balances("seller", viewer="seller").clearing == money("510", "RUB")


# -- the money of a ruling, for any amount -----------------------------------------------------
POLICIES = [
    presets.fiverr_like(),
    presets.jobindoor(),
    presets.webpark(),
    presets.kiwigigs(),
    presets.microjobengine(),
    attrs.evolve(presets.fiverr_like(), dispute_fee=DisputeFee.COMMISSION_ALWAYS),
    attrs.evolve(
        presets.fiverr_like(), dispute_fee=DisputeFee.FIXED, dispute_fee_amount=money("15", "USD")
    ),
    attrs.evolve(presets.fiverr_like(), refund_buyer_fee=False),
]


@st.composite
def rulings(draw: st.DrawFn, price: object) -> Ruling:
    kind = draw(st.sampled_from(list(Outcome)))
    if kind is Outcome.REFUND_BUYER:
        return Ruling.refund_buyer("r")
    if kind is Outcome.RELEASE_TO_SELLER:
        return Ruling.release_to_seller("r")
    if draw(st.booleans()):
        share = draw(mst.rates(max_value=Decimal(1)))
        return Ruling.split("r", buyer_share=share)
    amount = draw(
        mst.amounts(
            currency=price.currency.code,
            min_value=0,  # type: ignore[attr-defined]
            max_value=price.amount,
        )
    )  # type: ignore[attr-defined]
    return Ruling.split("r", buyer_amount=amount)


@given(data=st.data(), policy=st.sampled_from(POLICIES) | mst.policies())
def test_a_ruling_divides_the_escrow_exactly_and_never_negatively(
    data: st.DataObject, policy: object
) -> None:
    from microjob import MarketplacePolicy

    assert isinstance(policy, MarketplacePolicy)
    price = data.draw(
        mst.positive_amounts(currency=policy.currency, max_value=policy.max_order_amount.amount)
    )
    order = place_record(
        order_id="o1",
        buyer_id="b",
        seller_id="s",
        title="t",
        price=price,
        delivery_days=1,
        policy=policy,
        now=__import__("pendulum").now("UTC"),
    )
    ruling = data.draw(rulings(price))
    parts = ruling_parts(order, ruling)
    assert parts.total == order.escrow_total
    for part in (parts.buyer, parts.seller, parts.commission, parts.fees, parts.dispute_fee):
        assert part.amount >= 0
        assert part.currency == price.currency
    if ruling.outcome is Outcome.RELEASE_TO_SELLER and policy.payment_mode.value == "escrow":
        assert parts.buyer.amount == 0
    if ruling.outcome is Outcome.REFUND_BUYER:
        assert parts.seller.amount == 0


# -- withdrawal and timers -------------------------------------------------------------------------
def test_withdrawing_resumes_the_order_with_the_time_it_had_left(world: World) -> None:
    order_id = running(world)
    due = world.market.orders.get(order_id, viewer=BACK_OFFICE).due_at
    assert due is not None
    world.clock.advance(days=1)
    dispute = world.market.disputes.open(order_id, actor="buyer", reason="Is anything happening?")
    world.clock.advance(days=10)
    assert world.market.run_due().total == 0  # paused: no late while disputed
    with pytest.raises(PermissionDenied, match="opened"):
        world.market.disputes.withdraw(dispute.id, actor="seller")
    withdrawn = world.market.disputes.withdraw(dispute.id, actor="buyer")
    assert withdrawn.state == D.WITHDRAWN
    order = world.market.orders.get(order_id, viewer=BACK_OFFICE)
    assert order.state == S.ACTIVE
    assert order.due_at == due.add(days=10)  # two days were left, two days are left
    world.clock.advance(days=2)
    assert world.market.run_due().moves == {"late": 1}


def test_an_unanswered_dispute_is_decided_for_the_opener(make_world: Callable[..., World]) -> None:
    w = make_world(attrs.evolve(presets.fiverr_like(), dispute_response_days=3))
    order_id = running(w)
    dispute = w.market.disputes.open(order_id, actor="buyer", reason="no answer from the seller")
    w.clock.advance(days=3)
    assert w.market.run_due().moves == {"dispute_default": 1}
    assert w.market.disputes.get(dispute.id, viewer="admin").state == D.RESOLVED
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.CANCELLED
    assert w.publisher.of(DisputeResolved)[0].by_default  # type: ignore[attr-defined]


def test_an_answered_dispute_waits_for_the_admin(make_world: Callable[..., World]) -> None:
    w = make_world(
        attrs.evolve(presets.fiverr_like(), dispute_response_days=3, dispute_escalation_days=5)
    )
    order_id = running(w)
    dispute = w.market.disputes.open(order_id, actor="buyer", reason="late and silent")
    answered = w.market.disputes.add_evidence(
        dispute.id, actor="seller", text="I sent drafts by message"
    )
    assert answered.state == D.ANSWERED
    w.clock.advance(days=4)
    assert w.market.run_due().total == 0
    w.clock.advance(days=1)
    assert w.market.run_due().moves == {"dispute_escalated": 1}
    assert w.market.run_due().total == 0
    assert len(w.publisher.of(DisputeEscalated)) == 1
    assert w.market.disputes.unresolved(viewer="admin")[0].escalated


def test_the_admin_may_ask_for_more_information(world: World) -> None:
    order_id = running(world, deliver=True)
    dispute = world.market.disputes.open(order_id, actor="buyer", reason="wrong colours")
    asked = world.market.disputes.request_info(
        dispute.id, actor="admin", question="Which colours were agreed?"
    )
    assert asked.state == D.AWAITING_INFO
    answered = world.market.disputes.add_evidence(
        dispute.id,
        actor="buyer",
        text="See the brief",
        attachments=[Attachment("brief.pdf", 2000, head=b"%PDF-1.7")],
    )
    assert answered.state == D.ANSWERED
    assert len(answered.evidence) == 2
    with pytest.raises(PermissionDenied):
        world.market.disputes.request_info(dispute.id, actor="seller", question="?")


# -- refusals that change nothing ----------------------------------------------------------------
def test_strangers_can_neither_see_nor_act(world: World) -> None:
    order_id = running(world)
    dispute = world.market.disputes.open(order_id, actor="buyer", reason="problem")
    before = snapshot(world)
    with pytest.raises(PermissionDenied):
        world.market.disputes.get(dispute.id, viewer="stranger")
    with pytest.raises(PermissionDenied):
        world.market.disputes.add_evidence(dispute.id, actor="stranger", text="I saw it all")
    with pytest.raises(PermissionDenied):
        world.market.disputes.unresolved(viewer="buyer")
    with pytest.raises(PermissionDenied):
        world.market.disputes.rule(
            dispute.id, actor="seller", ruling=Ruling.release_to_seller("mine")
        )
    assert snapshot(world) == before


def test_ruling_twice_or_after_withdrawal_is_refused(world: World) -> None:
    first = running(world)
    dispute = world.market.disputes.open(first, actor="buyer", reason="problem")
    world.market.disputes.rule(dispute.id, actor="admin", ruling=Ruling.refund_buyer("fine"))
    before = snapshot(world)
    with pytest.raises(InvalidTransition, match="resolved"):
        world.market.disputes.rule(
            dispute.id, actor="admin", ruling=Ruling.release_to_seller("changed mind")
        )
    with pytest.raises(PolicyViolation, match="no longer"):
        world.market.disputes.add_evidence(dispute.id, actor="buyer", text="one more thing")
    assert snapshot(world) == before

    second = running(world)
    other = world.market.disputes.open(second, actor="seller", reason="buyer unreachable")
    world.market.disputes.withdraw(other.id, actor="seller")
    before = snapshot(world)
    with pytest.raises(InvalidTransition, match="withdrawn"):
        world.market.disputes.rule(other.id, actor="admin", ruling=Ruling.refund_buyer("late"))
    assert snapshot(world) == before


def test_a_dispute_needs_a_running_order_and_a_reason(world: World) -> None:
    order = world.market.orders.place(
        actor="buyer", seller_id="seller", title="x", price="10", delivery_days=1
    )
    with pytest.raises(InvalidTransition, match="pending"):
        world.market.disputes.open(order.id, actor="buyer", reason="too slow")
    world.market.orders.start(order.id, actor="seller")
    with pytest.raises(ValidationError, match="reason"):
        world.market.disputes.open(order.id, actor="buyer", reason="  ")
    with pytest.raises(PermissionDenied):
        world.market.disputes.open(order.id, actor="stranger", reason="I want in")
    with pytest.raises(NotFound):
        world.market.disputes.get("d404", viewer="admin")
    assert world.market.orders.get(order.id, viewer=BACK_OFFICE).state == S.ACTIVE


def test_a_ruling_needs_a_written_reason_and_a_valid_split(world: World) -> None:
    order_id = running(world)
    dispute = world.market.disputes.open(order_id, actor="buyer", reason="problem")
    with pytest.raises(ValidationError, match="reason"):
        world.market.disputes.rule(dispute.id, actor="admin", ruling=Ruling.refund_buyer(""))
    with pytest.raises(ValidationError, match="between 0 and the price"):
        world.market.disputes.rule(
            dispute.id, actor="admin", ruling=Ruling.split("x", buyer_amount=money("100.01", "USD"))
        )
    with pytest.raises(ValidationError, match="fraction"):
        Ruling.split("x", buyer_share="1.5")
    with pytest.raises(ValidationError, match="exactly one"):
        Ruling.split("x")
    assert world.market.disputes.get(dispute.id, viewer="admin").state == D.OPEN
    assert escrow_of(world, order_id) == Decimal("105.50")


def test_disguised_evidence_files_are_refused(make_world: Callable[..., World]) -> None:
    w = make_world(presets.jobindoor())
    order_id = running(w, "5000")
    with pytest.raises(PolicyViolation, match="really a program"):
        w.market.disputes.open(
            order_id,
            actor="buyer",
            reason="see proof",
            attachments=[Attachment("proof.pdf", 100, head=b"MZ\x90\x00")],
        )
    with pytest.raises(PolicyViolation, match="not allowed"):
        w.market.disputes.open(
            order_id,
            actor="buyer",
            reason="see proof",
            attachments=[Attachment("proof.pdf.exe", 100)],
        )
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.ACTIVE


def test_in_direct_mode_a_ruling_moves_only_the_booking_fee(
    make_world: Callable[..., World],
) -> None:
    w = make_world(presets.kiwigigs())
    order_id = running(w, "500", deliver=True)
    dispute = w.market.disputes.open(order_id, actor="buyer", reason="job not done")
    w.market.disputes.rule(dispute.id, actor="admin", ruling=Ruling.refund_buyer("not done"))
    assert w.market.orders.get(order_id, viewer=BACK_OFFICE).state == S.CANCELLED
    assert escrow_of(w, order_id) == 0
    # KiwiGigs refunds to the original payment method: the gateway was asked for the fee back.
    refunds = [call for call in w.gateway.calls if call[0] == "re"]
    assert [call[2] for call in refunds] == [money("50", "NZD")]


def test_the_admin_queue_is_oldest_first(world: World) -> None:
    first = world.market.disputes.open(running(world), actor="buyer", reason="one")
    world.clock.advance(hours=1)
    second = world.market.disputes.open(running(world), actor="seller", reason="two")
    queue = world.market.disputes.unresolved(viewer="admin")
    assert [d.id for d in queue] == [first.id, second.id]
