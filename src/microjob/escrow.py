"""The money side of an order, as ledger entries.

Every function here turns one business moment of an order into one ledger entry with a
deterministic idempotency key (``order:{id}:fund``, ``...:release``, ...), so running the same
moment twice (a retried command, a duplicated webhook) posts nothing new. Amounts come from the
order and its policy through [`microjob.money`][microjob.money]; transfers of zero are left out
because the ledger refuses them (a zero buyer fee simply has no leg).
"""

from __future__ import annotations

from moneyed import Money
from pendulum import DateTime

from microjob import ledger as accounts
from microjob.errors import ValidationError
from microjob.ledger import Entry, Transfer
from microjob.money import plain
from microjob.orders import Order
from microjob.policies import PaymentMode, RefundTo
from microjob.ports import LedgerStore

__all__ = [
    "clear",
    "credit_late_payment",
    "fund",
    "late_payment_key",
    "refund",
    "release",
    "settle",
]


def order_fee_account(order: Order) -> str:
    """Where the fee an order keeps goes: a direct-mode order's booking fee, otherwise the
    buyer fee (an order has one or the other)."""
    if order.policy.payment_mode is PaymentMode.DIRECT:
        return accounts.PLATFORM_BOOKING_FEES
    return accounts.PLATFORM_BUYER_FEES


_transfer = tuple.__new__  # a Transfer from a (source, destination, amount) triple, in C


def _legs(*legs: tuple[str, str, Money]) -> list[Transfer]:
    return [_transfer(Transfer, leg) for leg in legs if leg[2].amount > 0]


def fund(book: LedgerStore, order: Order, at: DateTime) -> Entry | None:
    """The buyer's payment enters escrow: from the gateway (``world``) or from their wallet."""
    source = accounts.available(order.buyer_id) if order.paid_from == "wallet" else accounts.WORLD
    if order.escrow_total.amount == 0:
        return None
    return book.post(
        f"order:{order.id}:fund",
        f"order:{order.id}",
        [_transfer(Transfer, (source, accounts.escrow(order.id), order.escrow_total))],
        at,
        "payment",
    )


def refund(book: LedgerStore, order: Order, to_buyer: Money, at: DateTime) -> Entry | None:
    """Close the escrow without the work: ``to_buyer`` goes back, anything else is kept as fees.

    Money paid from the wallet always returns to the wallet; gateway money returns to the wallet
    or to the original payment method as the policy says.
    """
    escrow = accounts.escrow(order.id)
    held = book.balance(escrow, order.currency)
    if held.amount == 0:
        return None
    back_to = (
        accounts.WORLD
        if order.paid_from != "wallet" and order.policy.refund_to is RefundTo.ORIGINAL
        else accounts.available(order.buyer_id)
    )
    legs = _legs((escrow, back_to, to_buyer), (escrow, order_fee_account(order), held - to_buyer))
    return book.post(f"order:{order.id}:refund", f"order:{order.id}", legs, at, "refund")


def release(book: LedgerStore, order: Order, at: DateTime) -> Entry | None:
    """Completion: commission and fees to the platform, the rest to the seller.

    The seller's part goes to ``pending`` while the order is in clearance and straight to
    ``available`` when the policy has none.
    """
    escrow = accounts.escrow(order.id)
    assert order.commission is not None
    assert order.seller_amount is not None
    if order.policy.payment_mode is PaymentMode.DIRECT:
        legs = _legs((escrow, accounts.PLATFORM_BOOKING_FEES, order.booking_fee))
    else:
        seller = (
            accounts.available(order.seller_id)
            if order.cleared
            else accounts.pending(order.seller_id)
        )
        legs = _legs(
            (escrow, seller, order.seller_amount),
            (escrow, accounts.PLATFORM_COMMISSION, order.commission),
            (escrow, accounts.PLATFORM_BUYER_FEES, order.buyer_fee),
        )
    if not legs:
        return None
    return book.post(f"order:{order.id}:release", f"order:{order.id}", legs, at, "release")


def settle(
    book: LedgerStore,
    order: Order,
    to_buyer: Money,
    seller_amount: Money,
    commission: Money,
    at: DateTime,
) -> Entry:
    """A partial refund: the buyer gets ``to_buyer`` back, the seller the rest less commission.

    ``to_buyer + seller_amount + commission + buyer fee`` must equal what the escrow holds: the
    caller computes the parts with the money helpers and this refuses parts that do not empty
    the escrow exactly, before anything is posted.
    """
    escrow = accounts.escrow(order.id)
    held = book.balance(escrow, order.currency)
    if to_buyer + seller_amount + commission + order.buyer_fee != held:
        raise ValidationError(
            f"a settlement must empty the escrow of {plain(held)}: {plain(to_buyer)} to the "
            f"buyer + {plain(seller_amount)} to the seller + {plain(commission)} commission + "
            f"{plain(order.buyer_fee)} fees"
        )
    seller = (
        accounts.available(order.seller_id) if order.cleared else accounts.pending(order.seller_id)
    )
    legs = _legs(
        (
            escrow,
            accounts.available(order.buyer_id)
            if order.paid_from == "wallet" or order.policy.refund_to is RefundTo.WALLET
            else accounts.WORLD,
            to_buyer,
        ),
        (escrow, seller, seller_amount),
        (escrow, accounts.PLATFORM_COMMISSION, commission),
        (escrow, order_fee_account(order), order.buyer_fee),
    )
    return book.post(f"order:{order.id}:settle", f"order:{order.id}", legs, at, "partial refund")


def clearance_accounts(order: Order) -> list[tuple[str, str]]:
    """The (account, currency) pairs `clear` moves for ``order``: what a batch of clearances
    names to the ledger up front (`LedgerStore.deferred`)."""
    if order.seller_amount is None or order.seller_amount.amount == 0:
        return []
    code = order.seller_amount.currency.code
    seller = order.seller_id
    return [(accounts.pending(seller), code), (accounts.available(seller), code)]


def clear(book: LedgerStore, order: Order, at: DateTime) -> Entry | None:
    """Clearance over: the seller's earnings move from ``pending`` to ``available``."""
    if order.seller_amount is None or order.seller_amount.amount == 0:
        return None
    seller = order.seller_id
    return book.post(
        f"order:{order.id}:clear",
        f"order:{order.id}",
        [
            _transfer(
                Transfer,
                (accounts.pending(seller), accounts.available(seller), order.seller_amount),
            )
        ],
        at,
        "clearance",
    )


def late_payment_key(order: Order, reference: str = "") -> str:
    """The entry of one provider charge the order's escrow did not take: one per provider
    reference, so a second, different charge is credited too; a charge without a reference
    cannot be told from another, so there is one such entry per order."""
    if reference:
        return f"order:{order.id}:charge:{reference}"
    return f"order:{order.id}:late-payment"


def credit_late_payment(
    book: LedgerStore, order: Order, amount: Money, at: DateTime, reference: str = ""
) -> Entry:
    """A charge the order did not take (paid after the order was cancelled, or a second charge
    for an order already paid) lands in the buyer's wallet, not lost."""
    return book.post(
        late_payment_key(order, reference),
        f"order:{order.id}",
        [Transfer(accounts.WORLD, accounts.available(order.buyer_id), amount)],
        at,
        "a payment the order did not take, credited to the buyer",
    )
