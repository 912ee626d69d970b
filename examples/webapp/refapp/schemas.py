"""What travels over the API, as pydantic models: the OpenAPI description is built from them.

Amounts travel as strings (``"19.90"``): a JSON number is a float on arrival, and microjob
refuses floats for money, so the models refuse numbers where an amount belongs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from microjob import Balances, Dispute, Listing, Message, Order

Amount = Field(
    pattern=r"^-?[0-9]+(\.[0-9]+)?$", examples=["19.90"], description="a decimal, as a string"
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Credentials(Strict):
    username: str = Field(max_length=64)
    password: str = Field(max_length=200)


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class ListingIn(Strict):
    title: str
    description: str
    category: str
    price: str = Amount
    delivery_days: int


class OrderIn(Strict):
    seller: str
    title: str
    price: str = Amount
    delivery_days: int


class DeliveryIn(Strict):
    message: str


class DisputeIn(Strict):
    reason: str


class EvidenceIn(Strict):
    text: str


class ConversationIn(Strict):
    other: str = Field(description="the user to talk to")


class MessageIn(Strict):
    text: str


class DepositIn(Strict):
    amount: str = Amount


class WebhookIn(Strict):
    """A payment provider's event (see ``microjob.ports.GatewayEvent``)."""

    id: str = Field(max_length=255)
    kind: str = Field(max_length=255, examples=["charge.succeeded"])
    subject: str = Field(max_length=255, examples=["order:o1"])
    amount: str | None = Field(default=None, examples=["105.50"])
    currency: str | None = Field(default=None, examples=["USD"])
    reference: str = Field(default="", max_length=255)
    reason: str = ""


def money_text(value: Any) -> str | None:
    return None if value is None else str(value.amount)


def order_out(order: Order) -> dict[str, Any]:
    """An order as the API shows it. ``escrow_total`` is what the buyer is charged (the price
    plus the buyer's fees): the amount a payment webhook must report to pay the order."""
    return {
        "id": order.id,
        "state": str(order.state),
        "buyer": order.buyer_id,
        "seller": order.seller_id,
        "title": order.title,
        "currency": order.currency,
        "price": money_text(order.price),
        "buyer_fee": money_text(order.buyer_fee),
        "escrow_total": money_text(order.escrow_total),
        "seller_amount": money_text(order.seller_amount),
        "refunded": money_text(order.refunded),
    }


def listing_out(listing: Listing) -> dict[str, Any]:
    return {
        "id": listing.id,
        "state": listing.state,
        "seller": listing.seller_id,
        "title": listing.title,
        "category": listing.category,
        "price": money_text(listing.price),
        "rejection_reason": listing.rejection_reason,
    }


def dispute_out(dispute: Dispute) -> dict[str, Any]:
    ruling = dispute.ruling
    return {
        "id": dispute.id,
        "order": dispute.order_id,
        "state": dispute.state,
        "opened_by": dispute.opened_by,
        "reason": dispute.reason,
        "evidence": [{"by": e.by, "text": e.text} for e in dispute.evidence],
        "ruling": None
        if ruling is None
        else {"outcome": ruling.outcome.value, "reason": ruling.reason},
    }


def message_out(message: Message) -> dict[str, Any]:
    return {
        "id": message.id,
        "conversation": message.conversation_id,
        "status": message.status,
        "text": message.text,
    }


def balances_out(b: Balances) -> dict[str, Any]:
    names = ("available", "clearing", "in_open_orders", "in_escrow", "reserved", "incoming")
    return {"currency": b.currency, **{name: money_text(getattr(b, name)) for name in names}}
