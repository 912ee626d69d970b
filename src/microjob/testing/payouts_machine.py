"""``PayoutsMachine``: [`MarketplaceMachine`][microjob.testing.machine.MarketplaceMachine] plus the
wallet.

On top of the order rules it deposits money (confirmed, pending, failed or timed out at the
provider; through the gateway or as a wire an admin reconciles), confirms and rejects deposits,
requests payouts (sometimes with a float, another currency or someone else's method), approves,
rejects and cancels them, delivers the provider's ``payout.paid`` / ``payout.failed`` webhooks
(sometimes twice) and reverses order charges. After every step it checks, besides the order
invariants:

* the books balance and no account but ``world`` is negative (``verify()``);
* ``user:{id}:payout`` holds exactly the payouts still reserved, ``incoming`` exactly the
  announced deposits, ``debt`` exactly the open debts;
* what a user holds (available + reserved) never exceeds what they were paid, refunded and
  deposited;
* every payout that was not paid (failed, rejected, cancelled) gave its whole amount back, and
  every paid one sent its net out and its fee to the platform;
* a refused command changed nothing, a duplicated webhook changed nothing, and nobody with an
  open debt got a payout accepted.

Use it like the order machine::

    class OurWallets(PayoutsMachine):
        policy = attrs.evolve(presets.jobindoor(), payout_auto_approve_limit=money("20000", "HUF"))

    TestOurWallets = OurWallets.TestCase
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import MultipleResults, invariant, multiple, rule

from microjob import BACK_OFFICE
from microjob import ledger as accounts
from microjob.adapters.memory import GatewayTimeout
from microjob.errors import MarketplaceError
from microjob.inbox import EventRefused
from microjob.money import from_minor, to_minor
from microjob.payouts import BankAccount, DebtState, DepositState, PayoutState, PayPal
from microjob.policies import RefundTo
from microjob.testing.machine import MarketplaceMachine

__all__ = ["PayoutsMachine"]

P = PayoutState
_BANK = {  # valid IBANs of the SWIFT registry's examples, one per person
    0: ("DE89370400440532013000", "DEUTDEFF"),
    1: ("GB82WEST12345698765432", "NWBKGB2L"),
    2: ("HU42117730161111101800000000", "OTPVHUHB"),
    3: ("FR1420041010050500013M02606", "BNPAFRPP"),
}
_ZERO = Decimal(0)
_OUTCOMES = ("succeeded", "succeeded", "pending", "failed", "timeout")


class PayoutsMachine(MarketplaceMachine):
    """The order machine plus deposits, payouts, reversals and debts (see the module doc)."""

    # -- helpers ------------------------------------------------------------------------------
    def _wallets(self) -> None:
        """Payout methods for everyone, added the first time a wallet rule runs."""
        if hasattr(self, "methods"):
            return
        self.deposit_ids: list[str] = []
        self.payout_ids: list[str] = []
        self.methods: dict[str, dict[str, str]] = {}
        for index, person in enumerate(self.people):
            iban, bic = _BANK[index % len(_BANK)]
            paypal = self.market.payouts.add_method(
                actor=person, method=PayPal(f"{person}@example.org")
            )
            bank = self.market.payouts.add_method(
                actor=person, method=BankAccount(iban=iban, bic=bic, holder=person.title())
            )
            self.methods[person] = {"paypal": paypal.id, "bank": bank.id}

    def _script(self, outcome: str) -> None:
        self.gateway.script(GatewayTimeout("no answer") if outcome == "timeout" else outcome)

    def wallet_snapshot(self) -> tuple[Any, ...]:
        """What a refused wallet command or a duplicated webhook must leave as it was."""
        m = self.market
        return (
            m.admin.verify().entries,
            tuple(
                (
                    tuple(m.wallet.deposits(p, viewer=p)),
                    tuple(m.payouts.of_user(p, viewer=p)),
                    tuple(m.wallet.debts(p, viewer=p)),
                )
                for p in self.people
            ),
            tuple(m.orders.get(o, viewer=BACK_OFFICE) for o in sorted(self.known)),
        )

    def _pick(self, pick: int, states: tuple[str, ...]) -> str:
        """A payout in one of ``states`` three times in four (any payout otherwise)."""
        fitting = [
            i
            for i in self.payout_ids
            if self.market.payouts.get(i, viewer=BACK_OFFICE).state in states
        ]
        if fitting and pick % 4:
            return fitting[pick % len(fitting)]
        return self.payout_ids[pick % len(self.payout_ids)]

    def _owes(self, person: str) -> bool:
        return any(
            d.state == DebtState.OPEN for d in self.market.wallet.debts(person, viewer=person)
        )

    # -- earning ---------------------------------------------------------------------------------
    @rule(
        target=MarketplaceMachine.orders,
        buyer=st.sampled_from(MarketplaceMachine.people),
        seller=st.sampled_from(MarketplaceMachine.people),
        units=st.integers(min_value=1, max_value=2_000_000),
        from_wallet=st.booleans(),
    )
    def complete_an_order(
        self, buyer: str, seller: str, units: int, from_wallet: bool
    ) -> str | MultipleResults[str]:
        """Place, start, deliver and accept an order in one step, so sellers have earnings
        to withdraw (paid from the buyer's wallet half of the time)."""
        self._wallets()
        if buyer == seller:
            return multiple()
        before = self.wallet_snapshot()
        self.gateway.script("succeeded")
        try:
            order = self.market.orders.place(
                actor=buyer,
                seller_id=seller,
                title="Quick job",
                price=from_minor(units, self.policy.currency),
                delivery_days=2,
                pay_from_wallet=from_wallet,
            )
        except MarketplaceError:
            assert self.wallet_snapshot() == before, "a refused order changed something"
            return multiple()
        finally:
            self.gateway._script.clear()
        self.known.add(order.id)
        self.market.orders.start(order.id, actor=seller)
        self.market.orders.deliver(order.id, actor=seller, message="done")
        done = self.market.orders.accept(order.id, actor=buyer)
        assert done.state == "completed"
        event(f"complete_an_order (wallet={from_wallet})")
        return order.id

    # -- deposits -------------------------------------------------------------------------------
    @rule(
        person=st.sampled_from(MarketplaceMachine.people),
        units=st.integers(min_value=1, max_value=3_000_000),
        outcome=st.sampled_from(_OUTCOMES),
        through_gateway=st.sampled_from((True, True, True, False)),
    )
    def deposit(self, person: str, units: int, outcome: str, through_gateway: bool) -> None:
        self._wallets()
        if through_gateway:
            self._script(outcome)
        found = self.market.wallet.announce_deposit(
            actor=person,
            amount=from_minor(units, self.policy.currency),
            through_gateway=through_gateway,
        )
        self.deposit_ids.append(found.id)
        if not through_gateway or outcome in ("pending", "timeout"):
            assert found.state == DepositState.ANNOUNCED
        elif outcome == "failed":
            assert found.state == DepositState.REJECTED
        else:
            expected = DepositState.ANNOUNCED if self.policy.deposit_review else "confirmed"
            assert found.state == expected
        event(f"deposit -> {found.state}")

    @rule(
        pick=st.integers(min_value=0, max_value=10**6),
        action=st.sampled_from(
            (
                "confirm",
                "confirm",
                "reject",
                "stranger_confirms",
                "charge.succeeded",
                "charge.failed",
                "charge.reversed",
            )
        ),
        duplicate=st.booleans(),
    )
    def settle_deposit(self, pick: int, action: str, duplicate: bool) -> None:
        self._wallets()
        if not self.deposit_ids:
            return
        deposit_id = self.deposit_ids[pick % len(self.deposit_ids)]
        deposit = self.market.wallet.deposit(deposit_id, viewer=BACK_OFFICE)
        before = self.wallet_snapshot()
        if action.startswith("charge."):
            webhook = self.gateway.event(
                action, f"deposit:{deposit_id}", deposit.amount, f"ref_{deposit_id}"
            )
            try:
                outcome = self.market.handle_gateway_event(webhook)
            except EventRefused:
                # The provider's word on a wire deposit, or a charge for a rejected one: kept
                # for an operator, nothing booked.
                if deposit.through_gateway:
                    assert action == "charge.succeeded"
                    assert deposit.state == DepositState.REJECTED
                assert self.wallet_snapshot() == before, "a refused event changed something"
                event(f"deposit {action} -> refused")
                return
            if outcome in ("duplicate", "ignored"):
                assert self.wallet_snapshot() == before, f"{outcome} {action} changed something"
            if duplicate:
                again = self.wallet_snapshot()
                assert self.market.handle_gateway_event(webhook) == "duplicate"
                assert self.wallet_snapshot() == again
            event(f"deposit {action} -> {outcome}")
            return
        try:
            if action == "confirm":
                self.market.wallet.confirm_deposit(deposit_id, actor="admin")
            elif action == "reject":
                self.market.wallet.reject_deposit(
                    deposit_id, actor="admin", reason="not on the statement"
                )
            else:
                self.market.wallet.confirm_deposit(deposit_id, actor=self.people[0])
                raise AssertionError("a user who is not an admin confirmed a deposit")
        except MarketplaceError:
            assert self.wallet_snapshot() == before, f"refused {action} changed something"
            return
        event(f"deposit {action}")

    # -- payouts ----------------------------------------------------------------------------------
    @rule(
        person=st.sampled_from(MarketplaceMachine.people),
        kind=st.sampled_from(("paypal", "bank")),
        share=st.sampled_from((1000, 1000, 600, 250)),
        outcome=st.sampled_from(_OUTCOMES),
    )
    def request_payout(self, person: str, kind: str, share: int, outcome: str) -> None:
        """All, part or a quarter (``share`` per mille) of what someone has available, from
        ``person`` on: whoever comes first with money to withdraw."""
        self._wallets()
        start = self.people.index(person)
        for offset in range(len(self.people)):
            person = self.people[(start + offset) % len(self.people)]
            have = to_minor(self.market.wallet.balances(person, viewer=person).available)
            if have:
                break
        amount = from_minor(max(1, have * share // 1000), self.policy.currency)
        before = self.wallet_snapshot()
        owes = self._owes(person)
        self._script(outcome)  # used only if the request is approved automatically
        try:
            payout = self.market.payouts.request(
                actor=person, method_id=self.methods[person][kind], amount=amount
            )
        except MarketplaceError as exc:
            assert self.wallet_snapshot() == before, "a refused payout request changed something"
            event(f"request_payout refused: {type(exc).__name__}")
            return
        finally:
            self.gateway._script.clear()
        assert not owes, "a payout was accepted while the user owes a debt"
        assert amount.amount <= have, "a payout asked for more than was available"
        self.payout_ids.append(payout.id)
        event(f"request_payout -> {payout.state}")

    @rule(
        person=st.sampled_from(MarketplaceMachine.people),
        kind=st.sampled_from(("paypal", "bank")),
        units=st.integers(min_value=1, max_value=3_000_000),
        bad=st.sampled_from(
            ("float", "currency", "someone_else", "too_much", "too_little", "text", "negative")
        ),
    )
    def bad_payout_request(self, person: str, kind: str, units: int, bad: str) -> None:
        """A request that must be refused, with nothing changed."""
        self._wallets()
        code = self.policy.currency
        owner = next(p for p in self.people if p != person) if bad == "someone_else" else person
        have = self.market.wallet.balances(person, viewer=person).available
        amount: Any = from_minor(units, code)
        if bad == "float":
            amount = float(amount.amount)
        elif bad == "currency":
            amount = from_minor(units, "EUR" if code != "EUR" else "USD")
        elif bad == "too_much":
            amount = have + from_minor(units, code)
        elif bad == "too_little":
            minimum = self.policy.payout_minimum(kind)
            if minimum.amount <= 0:
                return
            if self.policy.payout_minimum_applies_to == "balance" and have >= minimum:
                return  # the balance reached the minimum: any amount up to it may be requested
            amount = min(minimum - from_minor(1, code), have) if have.amount else minimum * 0
        elif bad == "text":
            amount = "ten"
        elif bad == "negative":
            amount = -from_minor(units, code)
        before = self.wallet_snapshot()
        try:
            self.market.payouts.request(
                actor=person, method_id=self.methods[owner][kind], amount=amount
            )
        except MarketplaceError as exc:
            assert self.wallet_snapshot() == before, "a refused payout request changed something"
            event(f"bad request ({bad}) -> {type(exc).__name__}")
            return
        raise AssertionError(f"a payout request with {bad} was accepted")

    @rule(
        pick=st.integers(min_value=0, max_value=10**6),
        action=st.sampled_from(
            ("approve", "approve", "approve_reviewed", "reject", "cancel", "by_someone_else")
        ),
        outcome=st.sampled_from(_OUTCOMES),
    )
    def decide_payout(self, pick: int, action: str, outcome: str) -> None:
        self._wallets()
        if not self.payout_ids:
            return
        payout_id = self._pick(pick, (P.REQUESTED, P.HELD_FOR_REVIEW))
        payout = self.market.payouts.get(payout_id, viewer=BACK_OFFICE)
        owes = self._owes(payout.user_id)
        before = self.wallet_snapshot()
        self._script(outcome)
        m = self.market
        try:
            if action == "approve":
                after = m.payouts.approve(payout_id, actor="admin")
            elif action == "approve_reviewed":
                after = m.payouts.approve(payout_id, actor="admin", reviewed=True)
            elif action == "reject":
                after = m.payouts.reject(payout_id, actor="admin", reason="not now")
            elif action == "cancel":
                after = m.payouts.cancel(payout_id, actor=payout.user_id)
            else:
                stranger = next(p for p in self.people if p != payout.user_id)
                try:
                    m.payouts.approve(payout_id, actor=stranger)
                finally:
                    assert self.wallet_snapshot() == before
                raise AssertionError("a user who is not an admin approved a payout")
        except MarketplaceError:
            assert self.wallet_snapshot() == before, "a refused decision changed something"
            return
        finally:
            self.gateway._script.clear()
        if after.state in (P.APPROVED, P.SENT, P.PAID) or (
            after.state == P.FAILED and payout.state != P.FAILED
        ):
            assert not owes, "a payout was approved while the user owes a debt"
        event(f"{action} {payout.state} -> {after.state}")

    @rule(
        pick=st.integers(min_value=0, max_value=10**6),
        kind=st.sampled_from(("payout.paid", "payout.paid", "payout.failed", "payout.sent")),
        duplicate=st.booleans(),
    )
    def payout_webhook(self, pick: int, kind: str, duplicate: bool) -> None:
        self._wallets()
        if not self.payout_ids:
            return
        payout_id = self._pick(pick, (P.APPROVED, P.SENT, P.PAID))
        payout = self.market.payouts.get(payout_id, viewer=BACK_OFFICE)
        before = self.wallet_snapshot()
        webhook = self.gateway.event(kind, f"payout:{payout_id}", payout.net, f"po_{payout_id}")
        if kind == "payout.paid" and payout.state not in (P.APPROVED, P.SENT, P.PAID):
            # Paid, says the provider, for a payout never sent or already given back: the
            # user may have the money twice, so it is refused and kept for an operator.
            try:
                self.market.handle_gateway_event(webhook)
            except EventRefused:
                assert self.wallet_snapshot() == before, "a refused payout.paid moved money"
                event(f"{kind} on {payout.state} -> refused")
                return
            raise AssertionError(f"payout.paid on a {payout.state} payout was not refused")
        outcome = self.market.handle_gateway_event(webhook)
        if outcome in ("duplicate", "ignored"):
            assert self.wallet_snapshot() == before, f"{outcome} {kind} changed something"
        if duplicate:
            again = self.wallet_snapshot()
            assert self.market.handle_gateway_event(webhook) == "duplicate"
            assert self.wallet_snapshot() == again
        event(f"{kind} on {payout.state} -> {outcome}")

    # -- charge reversals --------------------------------------------------------------------------
    @rule(
        order_id=MarketplaceMachine.orders,
        duplicate=st.booleans(),
        chance=st.integers(min_value=0, max_value=2),
    )
    def reverse_charge(self, order_id: str, duplicate: bool, chance: int) -> None:
        """A chargeback (one time in three, so orders also get to live long enough)."""
        self._wallets()
        if chance:
            return
        before = self.wallet_snapshot()
        webhook = self.gateway.event("charge.reversed", f"order:{order_id}")
        outcome = self.market.handle_gateway_event(webhook)
        order = self.market.orders.get(order_id, viewer=BACK_OFFICE)
        if outcome == "applied":
            assert order.is_closed, f"a reversed order is still {order.state}"
        elif outcome == "recorded":
            # nothing was booked: kept on the order, and an order still waiting is cancelled
            assert order.charge_reversed(None), "a recorded reversal is not kept on the order"
            assert order.state != "awaiting_payment", "an undone payment is still awaited"
            assert self.wallet_snapshot()[:2] == before[:2], "a recorded reversal moved money"
        else:
            assert self.wallet_snapshot() == before, f"a {outcome} reversal changed something"
        if duplicate:
            again = self.wallet_snapshot()
            assert self.market.handle_gateway_event(webhook) == "duplicate"
            other = self.gateway.event("charge.reversed", f"order:{order_id}")
            assert self.market.handle_gateway_event(other) in ("duplicate", "ignored")
            assert self.wallet_snapshot() == again
        event(f"charge.reversed -> {outcome}")

    # -- invariants --------------------------------------------------------------------------------
    @invariant()
    def wallet_accounts_match_their_records(self) -> None:
        if not hasattr(self, "methods"):
            return
        m = self.market
        code = self.policy.currency
        book = m.store.ledger if m.store is not None else None
        for person in self.people:
            balances = m.wallet.balances(person, viewer=person)
            reserved = sum(
                (p.amount.amount for p in m.payouts.of_user(person, viewer=person) if p.reserved),
                Decimal(0),
            )
            assert balances.reserved.amount == reserved, f"{person}: payout account != requests"
            announced = sum(
                (
                    d.amount.amount
                    for d in m.wallet.deposits(person, viewer=person)
                    if d.state == DepositState.ANNOUNCED
                ),
                Decimal(0),
            )
            assert balances.incoming.amount == announced, f"{person}: incoming != deposits"
            owed = sum(
                (
                    d.remaining.amount
                    for d in m.wallet.debts(person, viewer=person)
                    if d.state == DebtState.OPEN
                ),
                Decimal(0),
            )
            if book is not None:
                assert book.balance(accounts.debt(person), code).amount == owed

    @invariant()
    def nobody_holds_more_than_they_received(self) -> None:
        """available + reserved <= deposits confirmed + earnings + refunds to the wallet."""
        if not hasattr(self, "methods"):
            return
        m = self.market
        received = {person: Decimal(0) for person in self.people}
        for person in self.people:
            for deposit in m.wallet.deposits(person, viewer=person):
                if deposit.state in (DepositState.CONFIRMED, DepositState.REVERSED):
                    received[person] += deposit.amount.amount
        for order in self.all_orders():
            if order.seller_amount is not None:
                received[order.seller_id] += order.seller_amount.amount
            to_wallet = order.paid_from == "wallet" or order.policy.refund_to is RefundTo.WALLET
            if order.refunded is not None and to_wallet:
                received[order.buyer_id] += order.refunded.amount
            for entry in m.admin.ledger_entries(f"order:{order.id}", viewer=BACK_OFFICE):
                # A charge the order did not take is credited to the buyer's wallet.
                if entry.key.endswith(":late-payment") or ":charge:" in entry.key:
                    received[order.buyer_id] += sum(
                        (t.amount.amount for t in entry.transfers), Decimal(0)
                    )
        for person in self.people:
            held = m.wallet.balances(person, viewer=person)
            total = held.available.amount + held.reserved.amount
            assert total <= received[person], (
                f"{person} holds {total} but received only {received[person]}"
            )

    @invariant()
    def unpaid_payouts_came_back_in_full(self) -> None:
        if not hasattr(self, "methods"):
            return
        m = self.market
        for person in self.people:
            wallet = accounts.available(person)
            for payout in m.payouts.of_user(person, viewer=person):
                back = Decimal(0)
                out = Decimal(0)
                fee = Decimal(0)
                for entry in m.admin.ledger_entries(payout.cause, viewer=BACK_OFFICE):
                    for t in entry.transfers:
                        if t.destination == wallet:
                            back += t.amount.amount
                        elif t.destination == accounts.WORLD:
                            out += t.amount.amount
                        elif t.destination == accounts.PLATFORM_PAYOUT_FEES:
                            fee += t.amount.amount
                if payout.state in (P.FAILED, P.REJECTED, P.CANCELLED):
                    assert back == payout.amount.amount, f"payout {payout.id} returned {back}"
                elif payout.state == P.PAID:
                    assert (back, out, fee) == (_ZERO, payout.net.amount, payout.fee.amount)
                else:
                    assert (back, out, fee) == (_ZERO, _ZERO, _ZERO), (
                        f"payout {payout.id} moved early"
                    )
