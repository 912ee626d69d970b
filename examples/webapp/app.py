"""A marketplace over HTTP: microjob embedded in a small Starlette app.

The web framework lives only here. The app turns requests into facade commands and
:class:`microjob.MarketplaceError` s into HTTP answers; notifications reach users through a
``Notifier`` port of our own (an inbox per user, read over HTTP), and the payment provider's
webhooks go to ``handle_gateway_event``, which applies each provider event once. Run it::

    pip install -r examples/webapp/requirements.txt
    uvicorn app:app --app-dir examples/webapp
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from microjob import (
    BACK_OFFICE,
    Conflict,
    InvalidTransition,
    Marketplace,
    MarketplaceError,
    NotFound,
    Order,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
    money,
    presets,
)
from microjob.adapters.memory import FakeGateway
from microjob.ports import GatewayEvent, Notification

# Most specific first: InvalidTransition is a kind of Conflict in spirit, a wrong state.
STATUS: tuple[tuple[type[MarketplaceError], int], ...] = (
    (NotFound, 404),
    (PermissionDenied, 403),
    (InvalidTransition, 409),
    (Conflict, 409),
    (PolicyViolation, 422),
    (ValidationError, 422),
)


class Inboxes:
    """The app's Notifier: one inbox per user (a real app would send mail or push)."""

    def __init__(self) -> None:
        self.by_user: dict[str, list[Notification]] = defaultdict(list)

    def send(self, notification: Notification) -> None:
        self.by_user[notification.user_id].append(notification)


def order_json(order: Order) -> dict[str, Any]:
    return {
        "id": order.id,
        "state": str(order.state),
        "buyer": order.buyer_id,
        "seller": order.seller_id,
        "title": order.title,
        "price": str(order.price.amount),
        "currency": order.currency,
        "seller_amount": str(order.seller_amount.amount) if order.seller_amount else None,
    }


Handler = Callable[[Request], Awaitable[JSONResponse]]


def create_app(market: Marketplace, inboxes: Inboxes) -> Starlette:
    """The routes over one marketplace; ``X-User`` names the acting user (a real app would
    take it from its session or token)."""

    def guarded(handler: Handler) -> Handler:
        async def run(request: Request) -> JSONResponse:
            try:
                return await handler(request)
            except MarketplaceError as error:
                status = next((code for kind, code in STATUS if isinstance(error, kind)), 400)
                return JSONResponse({"error": type(error).__name__, "message": str(error)}, status)

        return run

    def actor(request: Request) -> str:
        user = request.headers.get("x-user", "")
        if not user:
            raise PermissionDenied("say who you are in the X-User header")
        return user

    async def body(request: Request) -> dict[str, Any]:
        try:
            data = await request.json()
        except ValueError as error:
            raise ValidationError(f"the body must be JSON: {error}") from error
        if not isinstance(data, dict):
            raise ValidationError("the body must be a JSON object")
        return data

    @guarded
    async def register(request: Request) -> JSONResponse:
        data = await body(request)
        user = market.users.register(
            str(data.get("id", "")),
            name=str(data.get("name", "")),
            email=str(data.get("email", "")),
        )
        return JSONResponse({"id": user.id}, 201)

    @guarded
    async def place(request: Request) -> JSONResponse:
        data = await body(request)
        # JSON numbers would arrive as floats, which microjob refuses: prices travel as strings.
        order = market.orders.place(
            actor=actor(request),
            seller_id=str(data.get("seller", "")),
            title=str(data.get("title", "")),
            price=data.get("price"),
            delivery_days=data.get("delivery_days"),
        )
        return JSONResponse(order_json(order), 201)

    @guarded
    async def show(request: Request) -> JSONResponse:
        order = market.orders.get(request.path_params["order_id"], viewer=BACK_OFFICE)
        if actor(request) not in (order.buyer_id, order.seller_id):
            raise PermissionDenied("only the buyer and the seller see an order")
        return JSONResponse(order_json(order))

    @guarded
    async def act(request: Request) -> JSONResponse:
        order_id, action = request.path_params["order_id"], request.path_params["action"]
        who = actor(request)
        if action == "start":
            order = market.orders.start(order_id, actor=who)
        elif action == "deliver":
            data = await body(request)
            order = market.orders.deliver(order_id, actor=who, message=str(data.get("message", "")))
        elif action == "accept":
            order = market.orders.accept(order_id, actor=who)
        else:
            raise NotFound(f"no action {action!r}; use start, deliver or accept")
        return JSONResponse(order_json(order))

    @guarded
    async def balances(request: Request) -> JSONResponse:
        user_id = request.path_params["user_id"]
        if actor(request) != user_id:
            raise PermissionDenied("users see only their own balances")
        b = market.wallet.balances(user_id, viewer=user_id)
        return JSONResponse(
            {
                name: str(getattr(b, name).amount)
                for name in ("in_open_orders", "clearing", "available", "in_escrow")
            }
        )

    @guarded
    async def notifications(request: Request) -> JSONResponse:
        user_id = request.path_params["user_id"]
        if actor(request) != user_id:
            raise PermissionDenied("users read only their own notifications")
        return JSONResponse(
            [{"kind": n.kind, "text": n.text} for n in inboxes.by_user.get(user_id, [])]
        )

    @guarded
    async def webhook(request: Request) -> JSONResponse:
        # A real app checks the provider's signature here, before anything else.
        data = await body(request)
        amount = data.get("amount")
        event = GatewayEvent(
            id=str(data.get("id", "")),
            kind=str(data.get("kind", "")),
            subject=str(data.get("subject", "")),
            amount=money(Decimal(str(amount)), data.get("currency", "USD")) if amount else None,
            reference=str(data.get("reference", "")),
        )
        return JSONResponse({"result": market.handle_gateway_event(event)})

    return Starlette(
        routes=[
            Route("/users", register, methods=["POST"]),
            Route("/orders", place, methods=["POST"]),
            Route("/orders/{order_id}", show, methods=["GET"]),
            Route("/orders/{order_id}/{action}", act, methods=["POST"]),
            Route("/users/{user_id}/balances", balances, methods=["GET"]),
            Route("/users/{user_id}/notifications", notifications, methods=["GET"]),
            Route("/webhooks/payments", webhook, methods=["POST"]),
        ]
    )


def default_app() -> Starlette:
    """An in-memory marketplace whose provider confirms charges by webhook."""
    inboxes = Inboxes()
    market = Marketplace.in_memory(
        presets.fiverr_like(), gateway=FakeGateway("pending"), notifier=inboxes
    )
    return create_app(market, inboxes)


app = default_app()
