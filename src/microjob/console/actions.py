"""What each console form does: one engine command, taken as the logged-in admin.

Every action is a plain call on the [`Marketplace`][microjob.Marketplace] with ``actor=admin``; the
engine decides whether this admin may do it and whether the object is in a state that allows
it, and its refusal (with its message) is what the console shows. Each returns the notice the
page shows after the redirect.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping

from microjob.console.forms import required, ruling_from
from microjob.console.ledger_check import watch_of
from microjob.context import COVERED
from microjob.marketplace import Marketplace

__all__ = ["ACTIONS", "ITEM", "Action", "refund_item"]

ITEM = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
"""What an item's id in a form's URL may be (``/{page}/{id}/{action}``): anything else is 404."""

Action = Callable[[Marketplace, str, str, Mapping[str, str]], str]
"""``(market, admin, item_id, form) -> notice``."""


def approve_listing(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    listing = market.listings.approve(item, actor=admin)
    return f"Card {listing.id} ({listing.title}) is published."


def reject_listing(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    reason = required(form, "reason", "a reason the seller can act on")
    listing = market.listings.reject(item, actor=admin, reason=reason)
    return f"Card {listing.id} went back to its seller."


def approve_message(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    mask = form.get("mask", "") in ("1", "on", "true", "yes")
    message = market.chat.approve(item, actor=admin, mask=mask)
    how = " with the contact details removed" if mask else ""
    return f"Message {message.id} was delivered{how}."


def reject_message(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    reason = required(form, "reason", "a reason the sender can read")
    message = market.chat.reject(item, actor=admin, reason=reason)
    return f"Message {message.id} was rejected; its sender was told why."


def rule_dispute(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    dispute = market.disputes.get(item, viewer=admin)
    order = market.orders.get(dispute.order_id, viewer=admin)
    ruled = market.disputes.rule(item, actor=admin, ruling=ruling_from(form, order.currency))
    outcome = ruled.ruling.outcome.value if ruled.ruling else "ruled"
    return f"Dispute {ruled.id} is decided: {outcome}."


def confirm_deposit(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    reference = form.get("reference", "").strip()
    deposit = market.wallet.confirm_deposit(item, actor=admin, reference=reference)
    return f"Deposit {deposit.id} is in {deposit.user_id}'s balance."


def reject_deposit(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    reason = required(form, "reason", "a reason the depositor can read")
    deposit = market.wallet.reject_deposit(item, actor=admin, reason=reason)
    return f"Deposit {deposit.id} was rejected."


def approve_payout(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    reviewed = form.get("reviewed", "") in ("1", "on", "true", "yes")
    payout = market.payouts.approve(item, actor=admin, reviewed=reviewed)
    return f"Payout {payout.id} is {payout.state.replace('_', ' ')}."


def reject_payout(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    reason = required(form, "reason", "a reason the user can read")
    payout = market.payouts.reject(item, actor=admin, reason=reason)
    return f"Payout {payout.id} was rejected; the amount is available again."


def refund_item(key: str) -> str:
    """A refund's id in the console's URLs: its key, or, for a key a URL path cannot carry as
    an item (an orphan refund's key holds the provider's charge reference, which may have
    ``/``, ``+`` or ``=`` or be long), a digest of it that `resend_refund` looks up."""
    if ITEM.match(key):
        return key
    return "refund-" + hashlib.sha256(key.encode()).hexdigest()[:32]


def resend_refund(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    listed = market.admin.refused_refunds(viewer=admin)
    key = next((r.id for r in listed if refund_item(r.id) == item), item)
    refund = market.admin.resend_refund(key, actor=admin)
    if refund.state == "sent":
        return f"The refund of {refund.order_id} went to the card."
    if refund.state == COVERED:
        return (
            f"The refund of {refund.order_id} was not sent: a chargeback gave the buyer the "
            "money meanwhile."
        )
    if refund.state == "pending":
        return f"The refund of {refund.order_id} was sent; the provider's answer is awaited."
    return f"The provider refused the refund of {refund.order_id} again: {refund.reason}."


def verify_ledger(market: Marketplace, admin: str, item: str, form: Mapping[str, str]) -> str:
    # The console lets only admins of this marketplace post; verify changes nothing.
    check = watch_of(market).check_now(market)
    if check.ok:
        return f"The ledger verifies: {check.entries} entries over {check.accounts} accounts."
    return f"The ledger does not verify: {len(check.problems)} problems, listed below."


ACTIONS: dict[tuple[str, str], Action] = {
    ("overview", "verify"): verify_ledger,
    ("listings", "approve"): approve_listing,
    ("listings", "reject"): reject_listing,
    ("messages", "approve"): approve_message,
    ("messages", "reject"): reject_message,
    ("disputes", "rule"): rule_dispute,
    ("deposits", "confirm"): confirm_deposit,
    ("deposits", "reject"): reject_deposit,
    ("payouts", "approve"): approve_payout,
    ("payouts", "reject"): reject_payout,
    ("refunds", "resend"): resend_refund,
}
"""``(page, action)`` → what the form posted to ``/{page}/{id}/{action}`` does."""
