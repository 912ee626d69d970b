"""Money invariants checked against a marketplace *and* the provider's own record.

`check` reads the whole ledger once, independently of the
engine's ``verify()`` (which it also calls), and reconciles it with what `FaultGateway`
really did. The rules, each a line in `RULES`:

* ``verify``: the engine's own check of the books passes;
* ``zero_sum``: each currency's transfers sum to zero over all accounts;
* ``no_negative``: no account but ``world`` is below zero;
* ``escrow``: a closed order holds no escrow, a paid open one holds exactly its escrow total;
* ``charge_booked``: money booked in from ``world`` for an order never exceeds what the provider
  charged for it, and a charge whose success reached the marketplace is booked exactly once,
  unless its reversal reached it too (then ``reconciled`` checks that nothing of it is kept);
  for an order that was never stored (its placing died after the charge), nothing is booked and
  every charge the provider reported is kept (`microjob.services.orphan_charges`), and only
  what those keep is refunded (a charge whose reference the provider also gave another order's
  charge may instead be kept for an operator: a refund by that reference could hit the other);
* ``refund_once``: the provider refunded each order at most once, never more than the ledger
  sent out, and (at the end of a run, after retries) exactly what it sent out, but for a
  refund an operator holds that ``refund_refused`` accepts;
* ``refund_refused``: a refund to the card listed for an operator
  (``admin.refused_refunds``) was refused by the provider under each of its keys, at least
  `MAX_REFUSALS` times in all, the provider took none of them, and no chargeback of its charge
  reached the marketplace (that chargeback paid the buyer: the refund is covered);
* ``payout_once``: a payout is marked paid only for money the provider paid, each is paid at most
  once, and a payout the provider reported paid (or failed) is booked as such;
* ``deposit``: a deposit the provider charged is credited (or awaits review), one it declined or
  reversed is not, and the system credits no deposit the provider did not charge;
* ``reconciled`` (end of run): for every order, the money between ``world`` and the platform in
  the ledger equals what the provider moved (charges − refunds − chargebacks);
* ``provider``: the marketplace never misused the provider (an idempotency key reused with other
  parameters, a refund against something that is not a succeeded charge);
* ``events_once`` (when the published events are given): a fact that happens once to its
  subject — a payment confirmed, failed or credited late, an order refunded, completed or
  cancelled, a deposit confirmed or rejected, a payout paid or failed, a charge reversed — is
  announced at most once, however often the provider repeats itself;
* ``subscription_periods``: a subscription's periods are booked 1 to ``period``, each one paid
  through the provider names a charge the provider took, for that amount, no charge pays two
  periods, and a user holds at most one live subscription;
* ``subscription_revenue``: ``platform:subscriptions`` holds the periods booked minus the charges
  taken back, and a charge charged back (and told) is no longer kept;
* ``subscription_charges``: a subscription charge the provider took and reported reached a period
  or the wallet (never both), was taken back before it was booked, or is kept for an operator
  (``gateway_conflicts``); a credited charge charged back leaves the wallet;
* ``subscription_grants``: a plan grants only for a period paid and not taken back, and at most
  ``subscription_grace_days`` beyond its end;
* ``subscription_reconciled`` (end of run): for every subscription, the money between ``world``
  and the ledger equals the provider's standing charges.

They are written against the public records (orders, deposits, payouts, ledger entries), so they
hold for any policy; an embedder adds rules of their own by wrapping
`check`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from microjob import events
from microjob import ledger as accounts
from microjob.context import COVERED, MAX_REFUSALS, PendingRefund, pending_refunds_repo
from microjob.errors import MarketplaceError
from microjob.marketplace import Marketplace
from microjob.orders import CLOSED, Order, OrderState
from microjob.payouts import DepositState, PayoutState
from microjob.services.orphan_charges import (
    ANOTHER_ORDERS,
    REFUNDED_TWICE,
    ParkedEvent,
    orphan_refund_key,
    parked_events,
)
from microjob.testing.faultgateway import FaultGateway
from microjob.testing.invariant_books import ZERO as _ZERO
from microjob.testing.invariant_books import Books, Checked, all_orders, read_books
from microjob.testing.subscription_invariants import subscription_rules
from microjob.users import BACK_OFFICE

__all__ = ["RULES", "Books", "Checked", "all_orders", "check", "read_books"]

RULES = (
    "verify",
    "zero_sum",
    "no_negative",
    "escrow",
    "charge_booked",
    "refund_once",
    "refund_refused",
    "payout_once",
    "deposit",
    "reconciled",
    "provider",
    "events_once",
    "subscription_periods",
    "subscription_revenue",
    "subscription_charges",
    "subscription_grants",
    "subscription_reconciled",
)


def check(
    market: Marketplace,
    gateway: FaultGateway,
    people: Iterable[str],
    *,
    final: bool = False,
    hand_confirmed: Iterable[str] = (),
    published: Iterable[events.Event] = (),
) -> Checked:
    """Check every rule of the module doc; ``final`` adds the end-of-run reconciliation.

    ``hand_confirmed`` are deposit ids an admin confirmed or rejected by hand (their outcome is
    the admin's decision, not the provider's).
    """
    people = tuple(people)
    out = Checked()
    try:
        market.admin.verify()
        out.expect(True, "")
    except MarketplaceError as exc:
        out.expect(False, f"verify: {exc}")
    books = read_books(market)
    _ledger_rules(books, out)
    orders = list(all_orders(market, people))
    _escrow_rule(books, orders, out)
    held = _refused_rule(market, gateway, out)
    _charge_rules(books, gateway, orders, _orphans(market), held, out, final)
    _payout_rules(market, books, gateway, people, out)
    _deposit_rules(market, gateway, people, set(hand_confirmed), out)
    subscription_rules(market, books, gateway, people, out, final)
    for problem in gateway.misuse:
        out.expect(False, f"provider: {problem}")
    out.expect(True, "")
    _events_rule(published, out)
    return out


_ONCE: tuple[tuple[type[events.Event], str], ...] = (
    (events.PaymentConfirmed, "order_id"),
    (events.PaymentFailed, "order_id"),
    (events.LatePaymentCredited, "order_id"),
    (events.OrderRefunded, "order_id"),
    (events.OrderCompleted, "order_id"),
    (events.OrderCancelled, "order_id"),
    (events.DepositConfirmed, "deposit_id"),
    (events.DepositRejected, "deposit_id"),
    (events.PayoutPaid, "payout_id"),
    (events.PayoutFailed, "payout_id"),
    (events.ChargeReversed, "reversal"),
)


def _events_rule(published: Iterable[events.Event], out: Checked) -> None:
    seen: Counter[tuple[str, str]] = Counter()
    for event in published:
        for once, field in _ONCE:
            if type(event) is once:
                seen[(once.__name__, getattr(event, field))] += 1
    for (name, subject), count in sorted(seen.items()):
        out.expect(count == 1, f"events_once: {name} for {subject} published {count} times")


def _ledger_rules(books: Books, out: Checked) -> None:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (account, code), value in books.balances.items():
        totals[code] += value
        out.expect(
            account == accounts.WORLD or value >= 0,
            f"no_negative: {account} holds {value} {code}",
        )
    for code, total in totals.items():
        out.expect(total == 0, f"zero_sum: {code} sums to {total}")


def _escrow_rule(books: Books, orders: list[Order], out: Checked) -> None:
    for order in orders:
        held = books.balances.get((accounts.escrow(order.id), order.currency), _ZERO)
        if order.state in CLOSED:
            out.expect(held == 0, f"escrow: order {order.id} is {order.state} but holds {held}")
        elif order.state != OrderState.AWAITING_PAYMENT:
            out.expect(
                held == order.escrow_total.amount,
                f"escrow: open order {order.id} ({order.state}) holds {held}, "
                f"expects {order.escrow_total.amount}",
            )


@attrs.frozen
class _Orphan:
    """What the marketplace keeps about an order that was never stored."""

    parked: list[ParkedEvent]
    refunds: Decimal
    """What it owes back to the card for the order's charges (its orphan refunds)."""


def _orphans(market: Marketplace) -> dict[str, _Orphan]:
    found: dict[str, _Orphan] = {}
    with market.unit_of_work() as uow:
        kept = parked_events(uow)
        refunds = pending_refunds_repo(uow)
        for state in ("waiting", "applied", "settled"):
            for parked in kept.where(state=state):
                subject = f"order:{parked.order_id}"
                if subject in found:
                    continue
                every = kept.where(order_id=parked.order_id)
                owed = _ZERO
                for ref in {p.reference for p in every if p.reference}:
                    refund = refunds.find(orphan_refund_key(parked.order_id, ref))
                    if refund is not None and refund.state != "covered":
                        owed += refund.amount.amount
                found[subject] = _Orphan(every, owed)
    return found


def _held_for_operator(gateway: FaultGateway, subject: str, orphan: _Orphan | None) -> Decimal:
    """What the provider charged for an order never stored that is rightly kept for an
    operator instead of refunded: a charge whose reference the provider also gave another
    order's charge (references numbered per process), which a refund by reference could hit."""
    if orphan is None:
        return _ZERO
    charges = [op for op in gateway.ops.values() if op.op == "charge" and op.reference]
    shared = Counter(op.reference for op in charges)
    held = {p.reference for p in orphan.parked if p.outcome == ANOTHER_ORDERS}
    return sum(
        (
            op.amount.amount
            for op in charges
            if op.subject == subject
            and op.status == "succeeded"
            and op.reference in held
            and shared[op.reference] > 1
        ),
        _ZERO,
    )


def _refused_rule(
    market: Marketplace, gateway: FaultGateway, out: Checked
) -> dict[str, list[PendingRefund]]:
    """Check each refund listed for an operator against the provider's own record, and that a
    refund covered by a chargeback was charged back; returns those that hold (and the order's
    own refunds that are covered), by the subject of their charge (``order:7``)."""
    held: dict[str, list[PendingRefund]] = defaultdict(list)
    ours = gateway.subjects("charge")  # (a host's database keeps earlier runs' refunds too)
    for refund in market.admin.refused_refunds(viewer=BACK_OFFICE):
        if f"order:{refund.order_id}" not in ours:
            continue
        refused_keys = refund.call_keys[:-1]  # the current key is the next call's
        refusals = gateway.refusals(refund.reference, refused_keys)
        taken = [
            key
            for key in refund.call_keys
            if (op := gateway.ops.get(key)) is not None and op.status in ("succeeded", "pending")
        ]
        # A chargeback the marketplace heard of gave the buyer this money: the refund is then
        # covered, whether the provider refused it before or after (then the buyer owes none).
        charged_back = any(
            op.op == "charge"
            and op.reference == refund.reference
            and op.reversed
            and op.reversal_told
            for op in gateway.ops.values()
            if op.subject == f"order:{refund.order_id}"
        )
        ok = (
            refund.refusals >= MAX_REFUSALS
            and len(refusals) == len(refused_keys) == refund.refusals
            and not taken
            and not refund.in_doubt
            and not charged_back
        )
        out.expect(
            ok,
            f"refund_refused: order:{refund.order_id}: refund {refund.id} is listed for an "
            f"operator after {refund.refusals} refusals (at least {MAX_REFUSALS}); the provider "
            f"refused {len(refusals)} of its keys {', '.join(refused_keys)}"
            + (f" and took {', '.join(taken)}" if taken else "")
            + (
                f"; its charge {refund.reference} was charged back, so the chargeback paid it"
                if charged_back
                else ""
            ),
        )
        if ok:
            held[f"order:{refund.order_id}"].append(refund)
    with market.unit_of_work() as uow:
        covered = pending_refunds_repo(uow).where(state=COVERED)
    for refund in covered:
        if f"order:{refund.order_id}" not in ours:
            continue
        # Never sent: a chargeback gave the card the money; only right if the provider
        # really took the charge back.
        reversed_ = any(
            op.op == "charge" and op.reference == refund.reference and op.reversed
            for op in gateway.ops.values()
            if op.subject == f"order:{refund.order_id}"
        )
        out.expect(
            reversed_,
            f"refund_once: order:{refund.order_id}: refund {refund.id} is covered by a "
            f"chargeback, the provider did not reverse its charge {refund.reference}",
        )
        if refund.id == f"order:{refund.order_id}:refund":
            held[f"order:{refund.order_id}"].append(refund)
    return held


def _charge_rules(
    books: Books,
    gateway: FaultGateway,
    orders: list[Order],
    orphans: dict[str, _Orphan],
    held: dict[str, list[PendingRefund]],
    out: Checked,
    final: bool,
) -> None:
    """``charge_booked``, ``refund_once`` and ``reconciled``; ``held``: the refunds an
    operator holds (`_refused_rule`), which the ledger sent out and the provider did not."""
    stored = {f"order:{o.id}" for o in orders}
    subjects = stored | {s for s in gateway.subjects("charge") if s.startswith("order:")}
    refunds: dict[str, list[Any]] = defaultdict(list)
    for op in gateway.ops.values():
        if op.op == "refund" and op.status == "succeeded":
            refunds[op.subject].append(op)
    for subject in sorted(subjects):
        booked = books.world_in.get(subject, _ZERO)
        charged = gateway.done("charge", subject)
        told = gateway.done("charge", subject, told_only=True, standing_only=True)
        out.expect(
            booked <= charged,
            f"charge_booked: {subject}: {booked} booked in, the provider charged {charged}",
        )
        orphan = orphans.get(subject)
        owed = books.world_out.get(subject, _ZERO)
        if subject in stored:
            out.expect(
                booked >= told,
                f"charge_booked: {subject}: the provider's charge of {told} was reported "
                f"and not booked ({booked} booked)",
            )
        else:  # never stored: each reported charge is kept, to be applied or refunded
            kept = {p.reference for p in orphan.parked} if orphan else set()
            for op in gateway.ops.values():
                if (
                    op.op == "charge"
                    and op.subject == subject
                    and op.status == "succeeded"
                    and op.told
                    and not (op.reversed and op.reversal_told)
                ):
                    out.expect(
                        op.reference in kept,
                        f"charge_booked: {subject} was never stored, and the provider's "
                        f"charge {op.reference} of {op.amount} was reported and not kept",
                    )
            owed += orphan.refunds if orphan else _ZERO
        sent = sum((op.amount.amount for op in refunds[subject]), _ZERO)
        out.expect(
            len(refunds[subject]) <= 1,
            f"refund_once: {subject} refunded {len(refunds[subject])} times at the provider",
        )
        out.expect(
            sent <= owed, f"refund_once: {subject}: provider refunded {sent}, the ledger {owed}"
        )
        if final:
            # Refused for good and held by an operator: sent out by the ledger (or owed, for
            # an order never stored), never taken by the provider. Covered by a chargeback:
            # sent out by the ledger, never sent (the chargeback's reversal accounts for it).
            held_own = held_orphan = covered = _ZERO
            for refund in held.get(subject, ()):
                if refund.state == COVERED:
                    covered += refund.amount.amount
                elif refund.id == f"{subject}:refund":
                    held_own += refund.amount.amount
                else:
                    held_orphan += refund.amount.amount
            asked = [
                "timed out before reaching it" if op.status == "none" else op.status
                for op in gateway.ops.values()
                if op.op == "refund" and op.subject == subject
            ]
            why = (
                f"the provider's answers: {', '.join(asked)}"
                if asked
                else "no refund request reached the provider"
            )
            out.expect(
                sent == owed - held_own - held_orphan - covered,
                f"refund_once: {subject}: the ledger sent {owed} back to the buyer's card, "
                f"the provider refunded {sent} ({why})"
                + (
                    f"; an operator holds {held_own + held_orphan} refused"
                    if held_own or held_orphan
                    else ""
                ),
            )
            reversed_ = sum(
                (
                    op.amount.amount
                    for op in gateway.ops.values()
                    if op.op == "charge" and op.subject == subject and op.reversed
                ),
                _ZERO,
            )
            orphan_refunds = orphan.refunds if orphan else _ZERO  # owed, but not from the ledger
            if orphan is not None:
                # Refunded, then charged back, kept for an operator: only right when the refund
                # went out before the marketplace heard of the chargeback (else it had to be
                # covered, and `reconciled` fails as it should).
                refunded_at = {
                    op.charge_reference: op.at
                    for op in gateway.ops.values()
                    if op.op == "refund" and op.status == "succeeded"
                }
                reversed_ -= sum(
                    (
                        op.amount.amount
                        for op in gateway.ops.values()
                        if op.op == "charge"
                        and op.subject == subject
                        and op.reversed
                        and 0 < refunded_at.get(op.reference, 0) < op.reversal_told_at
                        and any(
                            p.reference == op.reference and p.outcome == REFUNDED_TWICE
                            for p in orphan.parked
                        )
                    ),
                    _ZERO,
                )
            ledger_net = (
                booked - (owed - orphan_refunds - held_own) - books.reversed_out.get(subject, _ZERO)
            )
            provider_net = (
                charged
                - sent
                - reversed_
                - _held_for_operator(gateway, subject, orphan)
                - held_orphan
            )
            out.expect(
                ledger_net == provider_net,
                f"reconciled: {subject}: the ledger keeps {ledger_net} from the provider, "
                f"the provider says {provider_net} (charged {charged}, refunded {sent}, "
                f"reversed {reversed_})",
            )


def _payout_rules(
    market: Marketplace, books: Books, gateway: FaultGateway, people: tuple[str, ...], out: Checked
) -> None:
    payouts = {
        p.cause: p for person in people for p in market.payouts.of_user(person, viewer=person)
    }
    executed: dict[str, int] = defaultdict(int)
    for op in gateway.ops.values():
        if op.op == "payout" and op.status in ("succeeded", "pending"):
            executed[op.subject] += 1
    for cause, payout in sorted(payouts.items()):
        paid = books.world_out.get(cause, _ZERO) - books.world_in.get(cause, _ZERO)
        provider = gateway.done("payout", cause)
        told = gateway.done("payout", cause, told_only=True)
        out.expect(executed[cause] <= 1, f"payout_once: {cause} sent {executed[cause]} times")
        out.expect(
            paid <= provider,
            f"payout_once: {cause} booked {paid} paid out, the provider paid {provider}",
        )
        out.expect(
            payout.state != PayoutState.PAID or provider > 0,
            f"payout_once: {cause} is paid but the provider paid nothing",
        )
        if told and payout.state not in (PayoutState.PAID,):
            out.expect(
                payout.state == PayoutState.FAILED and paid == 0,
                f"payout_once: the provider paid {cause} ({told}), it is {payout.state}",
            )
        failed_told = any(
            op.op == "payout" and op.subject == cause and op.status == "failed" and op.told
            for op in gateway.ops.values()
        )
        if failed_told:
            out.expect(
                payout.state != PayoutState.PAID and paid == 0,
                f"payout_once: the provider declined {cause}, yet it is {payout.state}",
            )


def _deposit_rules(
    market: Marketplace,
    gateway: FaultGateway,
    people: tuple[str, ...],
    by_hand: set[str],
    out: Checked,
) -> None:
    review = market.policy.deposit_review
    charges = {op.subject: op for op in gateway.ops.values() if op.op == "charge"}
    for person in people:
        for deposit in market.wallet.deposits(person, viewer=person):
            if not deposit.through_gateway or deposit.id in by_hand:
                continue
            op = charges.get(deposit.cause)
            state = deposit.state
            if op is None or op.status != "succeeded":
                out.expect(
                    state != DepositState.CONFIRMED,
                    f"deposit: {deposit.cause} is confirmed, the provider charged nothing",
                )
                if op is not None and op.status == "failed" and op.told:
                    out.expect(
                        state == DepositState.REJECTED,
                        f"deposit: the provider declined {deposit.cause}, it is {state}",
                    )
                continue
            taken_back = state in (DepositState.REJECTED, DepositState.REVERSED)
            if op.reversed and (op.reversal_told or taken_back):
                # (Taken back without the reversal acknowledged: the worker died after it
                # committed the reversal, before answering the provider.)
                out.expect(taken_back, f"deposit: {deposit.cause} was charged back, it is {state}")
            elif op.told:
                waiting = review and state == DepositState.ANNOUNCED
                out.expect(
                    state in (DepositState.CONFIRMED, DepositState.REVERSED) or waiting,
                    f"deposit: the provider charged {deposit.cause}, it is {state}",
                )
