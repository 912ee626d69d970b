"""Attacks on the money paths: replays, ordering tricks, wrong subjects and amounts, races.

Each test names the attack in its docstring and what must hold afterwards; every one ends with
the books checked (`admin.verify`: money in = money out, no negative user balance, no escrow
left in a closed order).
"""

from __future__ import annotations

import attrs
import pytest
from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, Ruling, events, presets
from microjob import ledger as accounts
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingPublisher
from microjob.errors import Conflict
from microjob.orders import OrderState
from microjob.payouts import Deposit, DepositState
from microjob.policies import RefundTo
from microjob.ports import GatewayEvent
from microjob.testing import expect_deltas

S = OrderState


@attrs.frozen
class Paid:
    market: Marketplace
    order_id: str
    total: Money
    clock: FrozenClock
    published: RecordingPublisher


def _market(
    gateway: FakeGateway | None = None,
    clock: FrozenClock | None = None,
    publisher: RecordingPublisher | None = None,
) -> Marketplace:
    market = Marketplace.in_memory(
        presets.fiverr_like(),
        clock=clock or FrozenClock(),
        gateway=gateway or FakeGateway("pending"),
        publisher=publisher,
    )
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    market.users.register("cat", name="Cat", email="cat@example.org")
    market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
    return market


def _books_balance(market: Marketplace) -> None:
    assert market.admin.verify().totals == {"USD": 0}


class TestChargebacks:
    """Reversals of order charges: only what the reversed charge brought in goes back."""

    @pytest.fixture
    def paid_twice(self) -> Paid:
        """An order paid by charge ``ch_a``, then charged again by ``ch_b``: the second charge
        is credited to the buyer's wallet."""
        clock = FrozenClock()
        published = RecordingPublisher()
        market = _market(clock=clock, publisher=published)
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
        )
        total = order.escrow_total
        subject = f"order:{order.id}"
        paid = GatewayEvent("evt_a", "charge.succeeded", subject, total, "ch_a")
        assert market.handle_gateway_event(paid) == "applied"
        extra = GatewayEvent("evt_b", "charge.succeeded", subject, total, "ch_b")
        assert market.handle_gateway_event(extra) == "credited"
        return Paid(market, order.id, total, clock, published)

    @pytest.mark.parametrize("named_amount", [True, False])
    def test_reversing_the_extra_charge_takes_back_its_credit_only(
        self, paid_twice: Paid, named_amount: bool
    ) -> None:
        """Attack: the provider reverses the *second* charge of an order (the one credited to
        the buyer's wallet), with or without naming the amount.

        Must hold: only that credit goes back to the provider; the order keeps running on the
        first charge, its escrow untouched. Before, the whole order's money (both charges) was
        planned back: with the amount named the legitimate reversal was refused as a partial
        one, without it the running order was cancelled and the escrow of a charge the provider
        never took back was booked out to ``world``."""
        market, order_id, total = paid_twice.market, paid_twice.order_id, paid_twice.total
        reversal = GatewayEvent(
            "evt_r", "charge.reversed", f"order:{order_id}", total if named_amount else None, "ch_b"
        )
        with expect_deltas(
            market, {accounts.available("ann"): -total.amount, accounts.WORLD: total.amount}
        ):
            assert market.handle_gateway_event(reversal) == "applied"
        assert market.orders.get(order_id, viewer=BACK_OFFICE).state == S.PENDING
        assert market.wallet.balances("ann", viewer="ann").in_escrow == total
        again = GatewayEvent("evt_r2", "charge.reversed", f"order:{order_id}", total, "ch_b")
        assert market.handle_gateway_event(again) == "duplicate"
        _books_balance(market)

    def test_reversing_the_order_charge_leaves_the_extra_credit_alone(
        self, paid_twice: Paid
    ) -> None:
        """Attack: the provider reverses the charge that paid the order, naming its amount,
        while a second charge of the same order sits in the buyer's wallet.

        Must hold: the reversal is applied (not refused as "partial" because the order's cause
        also holds the second charge), the order is cancelled and its escrow goes back; the
        credit of the charge that still stands stays in the wallet."""
        market, order_id, total = paid_twice.market, paid_twice.order_id, paid_twice.total
        reversal = GatewayEvent("evt_r", "charge.reversed", f"order:{order_id}", total, "ch_a")
        assert market.handle_gateway_event(reversal) == "applied"
        assert market.orders.get(order_id, viewer=BACK_OFFICE).state == S.CANCELLED
        balances = market.wallet.balances("ann", viewer="ann")
        assert (balances.available, balances.in_escrow) == (total, Money(0, "USD"))
        _books_balance(market)

    def test_both_charges_reversed_one_after_the_other_each_go_back_once(
        self, paid_twice: Paid
    ) -> None:
        """Attack: both charges reversed, the extra one first and then, without a reference,
        the rest (a reversal naming no charge covers every charge of the order).

        Must hold: each charge goes back once: the second reversal does not take the extra
        charge's credit (already returned) again, nor the debt account's receivable."""
        market, order_id, total = paid_twice.market, paid_twice.order_id, paid_twice.total
        subject = f"order:{order_id}"
        first = GatewayEvent("evt_r1", "charge.reversed", subject, total, "ch_b")
        assert market.handle_gateway_event(first) == "applied"
        rest = GatewayEvent("evt_r2", "charge.reversed", subject, total)
        assert market.handle_gateway_event(rest) == "applied"
        assert market.orders.get(order_id, viewer=BACK_OFFICE).state == S.CANCELLED
        assert market.wallet.debts("ann", viewer="ann") == []
        told = [e for e in paid_twice.published.events if isinstance(e, events.ChargeReversed)]
        assert [(e.amount, e.reversal) for e in told] == [
            (total, f"order:{order_id}:charge:ch_b"),
            (total, f"order:{order_id}"),
        ]
        _books_balance(market)

    def test_a_reversal_of_every_charge_then_of_the_extra_one_takes_it_back_once(
        self, paid_twice: Paid
    ) -> None:
        """Attack (ordering): a reversal naming no charge (it covers every charge of the
        order), then the provider's own reversal of the extra charge.

        Must hold: the extra charge's credit goes back once: the second reversal is a
        duplicate, not a second take from the buyer's wallet or a debt."""
        market, order_id, total = paid_twice.market, paid_twice.order_id, paid_twice.total
        subject = f"order:{order_id}"
        every = GatewayEvent("evt_r1", "charge.reversed", subject, total + total)
        assert market.handle_gateway_event(every) == "applied"
        with expect_deltas(market, {}):
            extra = GatewayEvent("evt_r2", "charge.reversed", subject, total, "ch_b")
            assert market.handle_gateway_event(extra) == "duplicate"
        assert market.wallet.debts("ann", viewer="ann") == []
        _books_balance(market)

    def test_a_reversal_of_every_charge_after_a_refund_to_the_card_overdraws_nothing(
        self,
    ) -> None:
        """Ordering: the order is declined and refunded to the card, a second charge is
        credited to the buyer's wallet, then the provider reverses every charge (naming none).

        Must hold: the refund the buyer got to the card and the credit in the wallet are taken
        once, together: the wallet first, the rest a debt. Before, both parts were planned
        against the same wallet balance and the second posting failed with
        InsufficientFunds (found by the wallet state machine)."""
        market = Marketplace.in_memory(
            attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL),
            clock=FrozenClock(),
            gateway=FakeGateway("pending"),
        )
        for user in ("ann", "bob"):
            market.users.register(user, name=user.title(), email=f"{user}@example.org")
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
        )
        total, subject = order.escrow_total, f"order:{order.id}"
        paid = GatewayEvent("evt_a", "charge.succeeded", subject, total, "ch_a")
        assert market.handle_gateway_event(paid) == "applied"
        market.orders.decline(order.id, actor="bob", reason="busy")
        extra = GatewayEvent("evt_b", "charge.succeeded", subject, total, "ch_b")
        assert market.handle_gateway_event(extra) == "credited"
        every = GatewayEvent("evt_r", "charge.reversed", subject)
        assert market.handle_gateway_event(every) == "applied"
        assert market.wallet.balances("ann", viewer="ann").available == Money(0, "USD")
        [debt] = market.wallet.debts("ann", viewer="ann")
        assert debt.amount == total
        _books_balance(market)

    def test_a_charge_reversed_after_the_order_was_and_confirmed_later_books_nothing(
        self,
    ) -> None:
        """Attack (ordering): the order's charge is reversed (the order is cancelled), then the
        provider reverses another charge of the order it had not told about yet, then tells
        that charge succeeded.

        Must hold: the second reversal is kept on the order, so the late confirmation books
        nothing: the provider has that money back. Before, the reversal was answered
        "duplicate" and forgotten, and the confirmation credited the buyer's wallet with
        money the provider had already taken back."""
        market = _market()
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
        )
        total, subject = order.escrow_total, f"order:{order.id}"
        paid = GatewayEvent("evt_a", "charge.succeeded", subject, total, "ch_a")
        assert market.handle_gateway_event(paid) == "applied"
        first = GatewayEvent("evt_r1", "charge.reversed", subject, total, "ch_a")
        assert market.handle_gateway_event(first) == "applied"
        other = GatewayEvent("evt_r2", "charge.reversed", subject, total, "ch_x")
        assert market.handle_gateway_event(other) == "recorded"
        assert market.handle_gateway_event(other) == "duplicate"
        late = GatewayEvent("evt_x", "charge.succeeded", subject, total, "ch_x")
        with expect_deltas(market, {}):
            assert market.handle_gateway_event(late) == "reversed"
        _books_balance(market)

    def test_a_spent_extra_credit_reversed_is_a_debt_and_taints_its_payee(
        self, paid_twice: Paid
    ) -> None:
        """Attack: the buyer spends the extra charge's credit on another order from the wallet
        (the seller is paid from it), then the provider reverses that extra charge.

        Must hold: the buyer owes the credit (a debt), the first order runs on, and the source
        of the other seller's money is flagged while the debt is open."""
        market, order_id, total = paid_twice.market, paid_twice.order_id, paid_twice.total
        clock = paid_twice.clock
        other = market.orders.place(
            actor="ann",
            seller_id="cat",
            title="Banner",
            price="20",
            delivery_days=3,
            pay_from_wallet=True,
        )
        market.orders.start(other.id, actor="cat")
        market.orders.deliver(other.id, actor="cat", message="done")
        market.orders.accept(other.id, actor="ann")
        clock.advance(days=30)
        market.run_due()  # cat's earnings cleared into her available balance
        assert market.wallet.check_sources("cat", viewer=BACK_OFFICE).ok
        reversal = GatewayEvent("evt_r", "charge.reversed", f"order:{order_id}", None, "ch_b")
        assert market.handle_gateway_event(reversal) == "applied"
        [debt] = market.wallet.debts("ann", viewer="ann")
        assert debt.amount == total
        assert market.orders.get(order_id, viewer=BACK_OFFICE).state == S.PENDING
        assert not market.wallet.check_sources("cat", viewer=BACK_OFFICE).ok
        _books_balance(market)

    def test_a_reversal_of_the_extra_charge_for_another_amount_is_kept_for_an_operator(
        self, paid_twice: Paid
    ) -> None:
        """Attack: a reversal of the extra charge for more than it brought in.

        Must hold: refused as a conflict, nothing moves."""
        market, order_id = paid_twice.market, paid_twice.order_id
        wrong = GatewayEvent(
            "evt_r", "charge.reversed", f"order:{order_id}", Money("99.00", "USD"), "ch_b"
        )
        with expect_deltas(market, {}), pytest.raises(Conflict):
            market.handle_gateway_event(wrong)
        _books_balance(market)


class TestRefundsToTheCard:
    """Refunds to the original payment method, pending at the provider, then a chargeback."""

    @pytest.fixture
    def refund_refused(self) -> tuple[Marketplace, FakeGateway, str, Money]:
        """A paid order declined by its seller under ``refund_to=ORIGINAL``; the provider
        refuses the refund to the card, so it waits to be retried."""
        gateway = FakeGateway()
        market = Marketplace.in_memory(
            attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL), gateway=gateway
        )
        for user in ("ann", "bob"):
            market.users.register(user, name=user.title(), email=f"{user}@example.org")
        order = market.orders.place(
            actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
        )
        gateway.script("failed")
        market.orders.decline(order.id, actor="bob", reason="too busy")
        assert list(market.admin.unsent_refunds) == [f"order:{order.id}:refund"]
        return market, gateway, order.id, order.escrow_total

    def test_a_chargeback_before_the_refund_went_out_is_no_debt_and_stops_the_refund(
        self, refund_refused: tuple[Marketplace, FakeGateway, str, Money]
    ) -> None:
        """Attack: the buyer charges back the payment while the platform's refund to the card
        is still unsent (refused or timed out, waiting for `run_due`).

        Must hold: the chargeback gave the buyer their money, so they owe nothing, and the
        refund is never sent after it (they would be paid twice). Before, the buyer got a debt
        for the whole price, a refund they never received, and the refund was still retried."""
        market, gateway, order_id, total = refund_refused
        charge = market.orders.get(order_id, viewer=BACK_OFFICE).charge_ref or ""
        reversal = GatewayEvent("evt_r", "charge.reversed", f"order:{order_id}", total, charge)
        assert market.handle_gateway_event(reversal) == "applied"
        assert market.wallet.debts("ann", viewer="ann") == []
        assert market.admin.unsent_refunds == {}
        calls = len(gateway.calls)
        market.run_due()
        assert market.admin.retry_refunds() == 0
        assert len(gateway.calls) == calls  # no refund sent after the chargeback
        again = GatewayEvent("evt_r2", "charge.reversed", f"order:{order_id}", total, charge)
        market.handle_gateway_event(again)
        assert market.wallet.debts("ann", viewer="ann") == []
        _books_balance(market)

    def test_a_chargeback_after_the_refund_went_out_is_still_the_buyers_debt(
        self, refund_refused: tuple[Marketplace, FakeGateway, str, Money]
    ) -> None:
        """Attack: the same chargeback, once the retried refund did reach the card.

        Must hold: the buyer was paid twice, so they owe the refund (unchanged behaviour)."""
        market, _, order_id, total = refund_refused
        assert market.admin.retry_refunds() == 0  # the provider takes it this time
        charge = market.orders.get(order_id, viewer=BACK_OFFICE).charge_ref or ""
        reversal = GatewayEvent("evt_r", "charge.reversed", f"order:{order_id}", total, charge)
        assert market.handle_gateway_event(reversal) == "applied"
        [debt] = market.wallet.debts("ann", viewer="ann")
        assert debt.amount == total
        _books_balance(market)


class TestDeposits:
    """Deposits confirmed by hand (deposit_review) and what the provider says afterwards."""

    @pytest.fixture
    def confirmed_early(self) -> tuple[Marketplace, Deposit]:
        """Web Park reviews every deposit; the admin confirms one while the provider's charge
        is still pending."""
        market = Marketplace.in_memory(presets.webpark(), gateway=FakeGateway("pending"))
        market.users.register("ann", name="Ann", email="ann@example.org")
        market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
        deposit = market.wallet.announce_deposit(actor="ann", amount="1000")
        assert deposit.provider_status == "pending"
        return market, market.wallet.confirm_deposit(deposit.id, actor="ops")

    def test_a_deposit_confirmed_by_hand_and_then_declined_goes_back(
        self, confirmed_early: tuple[Marketplace, Deposit]
    ) -> None:
        """Attack: the admin confirms a deposit before the provider answered; the provider
        then declines the charge (card refused).

        Must hold: the money that never came leaves the wallet again (the deposit is
        reversed), so it cannot be withdrawn. Before, the failure was "ignored" and the user
        kept 1,000 RUB the platform never received, with a clean source-of-funds check."""
        market, deposit = confirmed_early
        declined = GatewayEvent("evt_f", "charge.failed", deposit.cause, None, "ch_1", "declined")
        with expect_deltas(
            market,
            {accounts.available("ann"): "-1000", accounts.WORLD: "1000"},  # RUB
        ):
            assert market.handle_gateway_event(declined) == "applied"
        assert market.wallet.deposit(deposit.id, viewer="ann").state == DepositState.REVERSED
        again = GatewayEvent("evt_f2", "charge.failed", deposit.cause, None, "ch_1")
        assert market.handle_gateway_event(again) == "duplicate"
        market.admin.verify()

    def test_a_declined_deposit_already_spent_is_a_debt(
        self, confirmed_early: tuple[Marketplace, Deposit]
    ) -> None:
        """Attack: the same, but the user spent the money on an order first.

        Must hold: what is left goes back and the rest is the user's debt."""
        market, deposit = confirmed_early
        market.users.register("bob", name="Bob", email="bob@example.org")
        market.orders.place(
            actor="ann",
            seller_id="bob",
            title="Logo",
            price="600",
            delivery_days=3,
            pay_from_wallet=True,
        )
        left = market.wallet.balances("ann", viewer="ann").available
        declined = GatewayEvent("evt_f", "charge.failed", deposit.cause, None, "ch_1")
        assert market.handle_gateway_event(declined) == "applied"
        [debt] = market.wallet.debts("ann", viewer="ann")
        assert debt.amount == Money("1000", "RUB") - left
        market.admin.verify()

    def test_a_stale_failure_after_the_providers_success_changes_nothing(self) -> None:
        """Attack: the provider confirmed the charge (recorded for review), the admin
        confirmed it, then a stale failure notice arrives.

        Must hold: the provider's own success stands; nothing moves."""
        market = Marketplace.in_memory(presets.webpark(), gateway=FakeGateway("succeeded"))
        market.users.register("ann", name="Ann", email="ann@example.org")
        market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
        deposit = market.wallet.announce_deposit(actor="ann", amount="1000")
        assert deposit.provider_status == "succeeded"
        market.wallet.confirm_deposit(deposit.id, actor="ops")
        stale = GatewayEvent("evt_f", "charge.failed", deposit.cause, None, "ch_1")
        with expect_deltas(market, {}):
            assert market.handle_gateway_event(stale) == "ignored"


class TestDebts:
    """Debts left by reversals are repaid first from any money landing in the wallet."""

    @pytest.fixture
    def debtor(self) -> Marketplace:
        """Ann deposited 50, spent 45.20 of it on an order from her wallet, and the provider
        reversed the deposit: she owes 45.20."""
        market = _market(FakeGateway())
        deposit = market.wallet.announce_deposit(actor="ann", amount="50")
        market.orders.place(
            actor="ann",
            seller_id="bob",
            title="Logo",
            price="40",
            delivery_days=3,
            pay_from_wallet=True,
        )
        reversal = GatewayEvent("evt_r", "charge.reversed", deposit.cause, None, "ch_d")
        assert market.handle_gateway_event(reversal) == "applied"
        [debt] = market.wallet.debts("ann", viewer="ann")
        assert debt.remaining == Money("45.20", "USD")
        return market

    def test_a_refund_to_the_debtors_wallet_repays_the_debt_first(
        self, debtor: Marketplace
    ) -> None:
        """Attack: the debtor orders by card and has the order cancelled (declined by the
        seller) under ``refund_to=WALLET``: the refund lands in her wallet.

        Must hold: it repays the debt first, as every other credit does (deposits, earnings,
        returned payouts, late charges). Before, it stayed spendable: the debtor could pay
        new orders with money owed to the platform."""
        order = debtor.orders.place(
            actor="ann", seller_id="bob", title="Banner", price="20", delivery_days=3
        )
        debtor.orders.decline(order.id, actor="bob", reason="too busy")
        [debt] = debtor.wallet.debts("ann", viewer="ann")
        assert debt.remaining == Money("45.20", "USD") - order.escrow_total
        assert debtor.wallet.balances("ann", viewer="ann").available == Money(0, "USD")
        _books_balance(debtor)

    def test_a_dispute_refund_to_the_debtors_wallet_repays_the_debt_first(
        self, debtor: Marketplace
    ) -> None:
        """Attack: the same money reaching the wallet through a dispute ruled for the buyer.

        Must hold: the debt is repaid from it first."""
        order = debtor.orders.place(
            actor="ann", seller_id="bob", title="Banner", price="20", delivery_days=3
        )
        debtor.orders.start(order.id, actor="bob")
        debtor.orders.deliver(order.id, actor="bob", message="done")
        dispute = debtor.disputes.open(order.id, actor="ann", reason="not what I ordered")
        debtor.disputes.rule(
            dispute.id, actor="ops", ruling=Ruling.split("half", buyer_share="0.5")
        )
        [debt] = debtor.wallet.debts("ann", viewer="ann")
        assert debt.remaining == Money("35.20", "USD")  # 10.00 of the price came back to her
        assert debtor.wallet.balances("ann", viewer="ann").available == Money(0, "USD")
        _books_balance(debtor)


class TestDepositsConfirmedAfterRejection:
    """A provider's success for a deposit that was already rejected."""

    def test_a_success_after_the_providers_own_failure_is_kept_for_an_operator(self) -> None:
        """Attack (ordering): the provider reports the deposit's charge failed (a first
        attempt), the deposit is rejected, then it reports the charge succeeded.

        Must hold: the money the provider now holds is not dropped silently: the event is
        refused and kept in ``gateway_conflicts`` for an operator, and nothing is booked.
        Before, it was answered "ignored" and the user's money was in no balance at all."""
        market = _market()
        deposit = market.wallet.announce_deposit(actor="ann", amount="100")
        failed = GatewayEvent("evt_f", "charge.failed", deposit.cause, None, "ch_1", "3DS")
        assert market.handle_gateway_event(failed) == "applied"
        paid = GatewayEvent("evt_s", "charge.succeeded", deposit.cause, deposit.amount, "ch_1")
        with expect_deltas(market, {}), pytest.raises(Conflict, match="credit or refund"):
            market.handle_gateway_event(paid)
        [kept] = market.admin.gateway_conflicts(viewer="ops")
        assert (kept.event_id, kept.subject) == ("evt_s", deposit.cause)
        _books_balance(market)

    def test_a_success_told_after_its_own_reversal_books_nothing(self) -> None:
        """Ordering: the provider's reversal of the deposit's charge overtakes its success
        (the fault simulator's chargebacks mix, seed 18).

        Must hold: the reversal rejects the deposit, and the success told after it books
        nothing and is no conflict: the provider has that money back already. Before, the
        success was refused as one for a rejected deposit and kept for an operator."""
        market = _market()
        deposit = market.wallet.announce_deposit(actor="ann", amount="100")
        back = GatewayEvent("evt_r", "charge.reversed", deposit.cause, deposit.amount, "ch_1")
        assert market.handle_gateway_event(back) == "applied"
        paid = GatewayEvent("evt_s", "charge.succeeded", deposit.cause, deposit.amount, "ch_1")
        with expect_deltas(market, {}):
            assert market.handle_gateway_event(paid) == "reversed"
        assert market.admin.gateway_conflicts(viewer="ops") == []
        # another charge for it is not the reversed one: still kept for an operator
        other = GatewayEvent("evt_o", "charge.succeeded", deposit.cause, deposit.amount, "ch_2")
        with expect_deltas(market, {}), pytest.raises(Conflict, match="credit or refund"):
            market.handle_gateway_event(other)
        _books_balance(market)

    def test_a_repeat_of_the_success_an_admin_saw_before_rejecting_changes_nothing(
        self,
    ) -> None:
        """Attack (replay): under review the provider's success is recorded, an admin rejects
        the deposit anyway, and the provider repeats that success under a new event id.

        Must hold: nothing moves and no conflict is raised: the admin decided with it known."""
        market = Marketplace.in_memory(presets.webpark(), gateway=FakeGateway("succeeded"))
        market.users.register("ann", name="Ann", email="ann@example.org")
        market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
        deposit = market.wallet.announce_deposit(actor="ann", amount="1000")
        assert deposit.provider_status == "succeeded"
        market.wallet.reject_deposit(deposit.id, actor="ops", reason="stolen card")
        again = GatewayEvent(
            "evt_s2", "charge.succeeded", deposit.cause, deposit.amount, deposit.reference
        )
        with expect_deltas(market, {}):
            assert market.handle_gateway_event(again) == "ignored"


class TestWireDeposits:
    """Deposits sent outside the gateway (a bank wire with a reference)."""

    @pytest.mark.parametrize("kind", ["charge.succeeded", "charge.failed"])
    def test_a_provider_event_cannot_decide_a_wire_deposit(self, kind: str) -> None:
        """Attack: a provider event names a deposit made outside the gateway (the provider
        was never asked to charge it), e.g. a wire of 100 announced with a reference.

        Must hold: only an admin confirms or rejects it (as documented); the event is refused
        and kept for an operator, nothing moves. Before, a ``charge.succeeded`` confirmed the
        wire into the wallet without any admin."""
        market = _market(FakeGateway())
        wire = market.wallet.announce_deposit(
            actor="ann", amount="100", through_gateway=False, reference="wire 42"
        )
        event = GatewayEvent("evt_w", kind, wire.cause, wire.amount, "ch_9")
        with expect_deltas(market, {}), pytest.raises(Conflict, match="outside the gateway"):
            market.handle_gateway_event(event)
        assert market.wallet.deposit(wire.id, viewer="ann").state == DepositState.ANNOUNCED
        assert [c.event_id for c in market.admin.gateway_conflicts(viewer="ops")] == ["evt_w"]
