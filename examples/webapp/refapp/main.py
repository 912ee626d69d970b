"""The reference app: a marketplace API on FastAPI, and the operator console at ``/console``.

* **Sign-in**: ``POST /auth/token`` trades a user name and password for a signed bearer token;
  every other API call needs it (missing or invalid: 401) and acts as its user (someone else's
  order or balance: 403, decided by the engine's own ``viewer=`` checks).
* **Storage**: :meth:`microjob.Marketplace.from_url` on ``MICROJOB_DATABASE_URL`` (SQLite by
  default, PostgreSQL by URL), so the marketplace outlives the process.
* **Off the event loop**: the endpoints that call the engine are plain ``def`` functions, which
  FastAPI runs in its thread pool; the one ``async`` endpoint (the webhook, which must read the
  raw body) hands the engine call to ``run_in_threadpool``.
* **Webhooks**: signed with a shared secret, checked before anything is parsed
  (:mod:`refapp.webhooks`). An order is paid by the provider's ``charge.succeeded`` for
  exactly its ``escrow_total``.
* **Errors**: every :class:`microjob.MarketplaceError` is JSON with the status of
  :func:`microjob.console.status_of` (``ValidationError`` 422, ``PermissionDenied`` 403,
  ``NotFound`` 404, ``Conflict``/``InvalidTransition``/``PolicyViolation``/``InsufficientFunds``
  409); so are unknown routes (404) and malformed bodies (422).
"""

from __future__ import annotations

import hmac
import html
from collections import defaultdict
from collections.abc import Callable
from http import HTTPStatus
from typing import Annotated, Any

import attrs
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import ValidationError as ModelError
from starlette.exceptions import HTTPException as StarletteHTTPException

from microjob import (
    ContactFilter,
    Marketplace,
    MarketplaceError,
    MarketplacePolicy,
    NotFound,
    PermissionDenied,
    money,
    presets,
)
from microjob.adapters.memory import FakeGateway
from microjob.console import CsrfGuard, create_console, status_of
from microjob.ports import GatewayEvent, Notification, PaymentGateway
from refapp import auth, schemas, webhooks
from refapp.auth import User
from refapp.settings import Settings

__all__ = ["create_app", "default_app", "reference_policy"]


class Inboxes:
    """The app's ``Notifier``: an inbox per user, kept in memory (a real app sends mail or
    push, or stores them)."""

    def __init__(self) -> None:
        self.by_user: dict[str, list[Notification]] = defaultdict(list)

    def send(self, notification: Notification) -> None:
        self.by_user[notification.user_id].append(notification)


def reference_policy(settings: Settings) -> MarketplacePolicy:
    """The chosen preset, with every queue of the console switched on: cards and held chat
    messages wait for a moderator, deposits for an admin's reconciliation."""
    makers: dict[str, Callable[..., MarketplacePolicy]] = {
        name: getattr(presets, name) for name in presets.all()
    }
    make = makers.get(settings.preset)
    if make is None:
        raise ValueError(f"MICROJOB_PRESET {settings.preset!r} is not one of {', '.join(makers)}")
    base = make(settings.currency) if settings.currency else make()
    return attrs.evolve(
        base, listing_moderation=True, contact_filter=ContactFilter.HOLD, deposit_review=True
    )


def _error(status: int, kind: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": kind, "message": message, **extra}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MarketplaceError)
    async def marketplace_error(request: Request, error: MarketplaceError) -> JSONResponse:
        return _error(status_of(error), type(error).__name__, str(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        kind = HTTPStatus(error.status_code).phrase.title().replace(" ", "").replace("-", "")
        message = str(error.detail)
        if error.status_code == 404 and message == "Not Found":
            message = f"no route {request.method} {request.url.path}; see /docs for the API"
        response = _error(error.status_code, kind, message)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        first = problems[0] if problems else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"{where}: {first.get('msg', 'invalid')}" if where else first.get("msg", "")
        return _error(422, "ValidationError", message, detail=jsonable_encoder(problems))


LOGIN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Sign in · microjob console</title></head>
<body style="font: 15px system-ui, sans-serif; max-width: 24rem; margin: 4rem auto">
<h1>Operator sign-in</h1>{problem}
<form method="post" action="/login">
<input type="hidden" name="next" value="{next}">
<input type="hidden" name="csrf" value="{csrf}">
<p><label>User name<br><input name="username" autocomplete="username" required></label></p>
<p><label>Password<br><input name="password" type="password" autocomplete="current-password"
required></label></p>
<p><button type="submit">Sign in</button></p>
</form></body></html>"""


LOGIN_NONCE = "refapp_login_nonce"
"""The cookie holding the browser's nonce for the sign-in form's token."""

_SIGN_IN = "sign-in"
"""Whom a sign-in form's token is bound to: no one is signed in yet (the form's guard has a key
of its own, derived from the app's secret, so its tokens are worth nothing to the console)."""


def _safe_next(target: str) -> str:
    """Only a console page: never an open redirect to another site."""
    if target.startswith("/console") and not target.startswith("//") and "\\" not in target:
        return target
    return "/console/"


def create_app(
    settings: Settings,
    *,
    gateway: PaymentGateway | None = None,
    market: Marketplace | None = None,
) -> FastAPI:
    """The app over a marketplace at ``settings.database_url`` (or the ``market`` given).

    ``gateway`` is your payment provider's adapter; the default is a fake provider that
    leaves every charge pending until its webhook arrives, like most real ones.
    """
    inboxes = Inboxes()
    if market is None:
        market = Marketplace.from_url(
            settings.database_url,
            reference_policy(settings),
            gateway=gateway or FakeGateway("pending"),
            notifier=inboxes,
        )
    directory = auth.Directory.demo() if settings.demo else auth.Directory()
    for account in directory.accounts.values():
        try:
            market.users.get(account.user_id)
        except NotFound:
            market.users.register(
                account.user_id, name=account.name, email=account.email, is_admin=account.is_admin
            )
    tokens = auth.Tokens(settings.secret_key, settings.token_minutes)

    app = FastAPI(
        title="microjob reference app",
        version="1.0",
        description="A service marketplace on microjob: orders, escrow, disputes, chat, wallets.",
    )
    app.state.market = market
    app.state.tokens = tokens
    app.state.inboxes = inboxes
    _install_error_handlers(app)

    # -- signing in ----------------------------------------------------------------------------
    @app.post("/auth/token", tags=["auth"])
    def sign_in(credentials: schemas.Credentials) -> schemas.TokenOut:
        """A bearer token for the API (send it as ``Authorization: Bearer <token>``)."""
        account = directory.check(credentials.username, credentials.password)
        if account is None:
            raise HTTPException(401, "wrong user name or password", {"WWW-Authenticate": "Bearer"})
        return schemas.TokenOut(
            access_token=tokens.issue(account.user_id, auth.API),
            expires_in=settings.token_minutes * 60,
        )

    @app.get("/me", tags=["auth"])
    def me(user: User) -> dict[str, Any]:
        account = market.users.get(user)
        return {"id": account.id, "name": account.name, "is_admin": account.is_admin}

    # -- the marketplace -------------------------------------------------------------------------
    @app.post("/listings", status_code=201, tags=["listings"])
    def create_listing(body: schemas.ListingIn, user: User) -> dict[str, Any]:
        """A seller's service card, submitted: it waits for a moderator in the console."""
        listing = market.listings.create(
            actor=user,
            title=body.title,
            description=body.description,
            category=body.category,
            price=body.price,
            delivery_days=body.delivery_days,
            submit=True,
        )
        return schemas.listing_out(listing)

    @app.get("/listings/{listing_id}", tags=["listings"])
    def show_listing(listing_id: str, user: User) -> dict[str, Any]:
        return schemas.listing_out(market.listings.get(listing_id, viewer=user))

    @app.post("/orders", status_code=201, tags=["orders"])
    def place_order(body: schemas.OrderIn, user: User) -> dict[str, Any]:
        """A buyer orders from a seller. The order waits for its payment: the provider's
        ``charge.succeeded`` webhook for ``escrow_total`` pays it."""
        order = market.orders.place(
            actor=user,
            seller_id=body.seller,
            title=body.title,
            price=body.price,
            delivery_days=body.delivery_days,
        )
        return schemas.order_out(order)

    @app.get("/orders/{order_id}", tags=["orders"])
    def show_order(order_id: str, user: User) -> dict[str, Any]:
        return schemas.order_out(market.orders.get(order_id, viewer=user))

    @app.post("/orders/{order_id}/start", tags=["orders"])
    def start(order_id: str, user: User) -> dict[str, Any]:
        return schemas.order_out(market.orders.start(order_id, actor=user))

    @app.post("/orders/{order_id}/deliver", tags=["orders"])
    def deliver(order_id: str, body: schemas.DeliveryIn, user: User) -> dict[str, Any]:
        return schemas.order_out(market.orders.deliver(order_id, actor=user, message=body.message))

    @app.post("/orders/{order_id}/accept", tags=["orders"])
    def accept(order_id: str, user: User) -> dict[str, Any]:
        return schemas.order_out(market.orders.accept(order_id, actor=user))

    @app.post("/orders/{order_id}/disputes", status_code=201, tags=["disputes"])
    def open_dispute(order_id: str, body: schemas.DisputeIn, user: User) -> dict[str, Any]:
        """Either party takes a running order to the operator, who rules in the console."""
        return schemas.dispute_out(market.disputes.open(order_id, actor=user, reason=body.reason))

    @app.get("/disputes/{dispute_id}", tags=["disputes"])
    def show_dispute(dispute_id: str, user: User) -> dict[str, Any]:
        return schemas.dispute_out(market.disputes.get(dispute_id, viewer=user))

    @app.post("/disputes/{dispute_id}/evidence", tags=["disputes"])
    def add_evidence(dispute_id: str, body: schemas.EvidenceIn, user: User) -> dict[str, Any]:
        dispute = market.disputes.add_evidence(dispute_id, actor=user, text=body.text)
        return schemas.dispute_out(dispute)

    @app.post("/conversations", status_code=201, tags=["chat"])
    def start_conversation(body: schemas.ConversationIn, user: User) -> dict[str, Any]:
        conversation = market.chat.start(actor=user, other=body.other)
        return {"id": conversation.id}

    @app.post("/conversations/{conversation_id}/messages", status_code=201, tags=["chat"])
    def send_message(conversation_id: str, body: schemas.MessageIn, user: User) -> dict[str, Any]:
        """A message; one that shares contact details is held for a moderator."""
        return schemas.message_out(market.chat.send(conversation_id, actor=user, text=body.text))

    @app.post("/wallet/deposits", status_code=201, tags=["wallet"])
    def deposit(body: schemas.DepositIn, user: User) -> dict[str, Any]:
        """Money into the user's wallet: charged through the provider, confirmed by an admin."""
        made = market.wallet.announce_deposit(actor=user, amount=body.amount)
        return {"id": made.id, "state": made.state, "amount": schemas.money_text(made.amount)}

    @app.get("/users/{user_id}/balances", tags=["wallet"])
    def balances(user_id: str, user: User) -> dict[str, Any]:
        return schemas.balances_out(market.wallet.balances(user_id, viewer=user))

    @app.get("/users/{user_id}/notifications", tags=["wallet"])
    def notifications(user_id: str, user: User) -> list[dict[str, str]]:
        if user != user_id:
            raise PermissionDenied("users read only their own notifications")
        return [{"kind": n.kind, "text": n.text} for n in inboxes.by_user.get(user_id, [])]

    # -- the payment provider ----------------------------------------------------------------------
    webhook_body = {
        "content": {"application/json": {"schema": schemas.WebhookIn.model_json_schema()}}
    }

    @app.post(
        "/webhooks/payments",
        tags=["provider"],
        openapi_extra={"requestBody": {"required": True, **webhook_body}},
    )
    async def payment_webhook(request: Request) -> dict[str, str]:
        """A provider event, signed (``Microjob-Signature``); applied once per event id."""
        if settings.webhook_secret is None:
            raise HTTPException(503, "webhooks are off: set MICROJOB_WEBHOOK_SECRET")
        body = await request.body()
        header = request.headers.get(webhooks.HEADER, "")
        problem = webhooks.verify(
            settings.webhook_secret, body, header, settings.webhook_tolerance_seconds
        )
        if problem:
            raise HTTPException(401, problem)
        try:
            data = schemas.WebhookIn.model_validate_json(body)
        except ModelError as error:
            raise RequestValidationError(error.errors()) from None
        amount = None if data.amount is None else money(data.amount, data.currency)
        event = GatewayEvent(
            id=data.id,
            kind=data.kind,
            subject=data.subject,
            amount=amount,
            reference=data.reference,
            reason=data.reason,
        )
        return {"result": await run_in_threadpool(market.handle_gateway_event, event)}

    # -- the operator console ------------------------------------------------------------------
    # The sign-in form is a form like the console's: without a token of its own, a hostile page
    # could post the attacker's own credentials from the operator's browser and have it signed
    # in as the attacker (login CSRF). The browser's nonce cookie is SameSite=Strict, so a
    # cross-site post arrives without it and is refused.
    login_guard = CsrfGuard(hmac.digest(settings.secret_key, b"refapp sign-in form", "sha256"))

    def login_form(request: Request, next_page: str, problem: str, status: int) -> HTMLResponse:
        nonce = request.cookies.get(LOGIN_NONCE) or login_guard.new_nonce()
        page = LOGIN_PAGE.format(
            problem=problem,
            next=html.escape(_safe_next(next_page)),
            csrf=login_guard.token(_SIGN_IN, nonce),
        )
        response = HTMLResponse(page, status_code=status)
        if request.cookies.get(LOGIN_NONCE) != nonce:
            response.set_cookie(
                LOGIN_NONCE,
                nonce,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
        return response

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, next: str = "/console/") -> HTMLResponse:
        return login_form(request, next, "", 200)

    @app.post("/login", response_model=None, include_in_schema=False)
    def login(
        request: Request,
        username: Annotated[str, Form(max_length=64)],
        password: Annotated[str, Form(max_length=200)],
        next: Annotated[str, Form()] = "/console/",
        csrf: Annotated[str, Form(max_length=128)] = "",
    ) -> HTMLResponse | RedirectResponse:
        if not login_guard.check(_SIGN_IN, request.cookies.get(LOGIN_NONCE), csrf):
            problem = '<p role="alert">This sign-in form has expired: please sign in again.</p>'
            return login_form(request, next, problem, 403)
        account = directory.check(username, password)
        if account is None or not account.is_admin:
            problem = '<p role="alert">Wrong user name or password, or not an operator.</p>'
            return login_form(request, next, problem, 401)
        response = RedirectResponse(_safe_next(next), status_code=303)
        response.set_cookie(
            auth.COOKIE,
            tokens.issue(account.user_id, auth.CONSOLE),
            max_age=settings.token_minutes * 60,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
        return response

    @app.post("/logout", include_in_schema=False)
    def logout() -> RedirectResponse:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(auth.COOKIE)
        return response

    def admin_of(request: Request) -> str | None:
        return auth.console_admin(tokens, directory, request)

    console = create_console(
        market,
        admin_of=admin_of,
        login_url="/login",
        logout_url="/logout",
        secret=settings.secret_key,
    )
    app.mount("/console", console)
    return app


def default_app() -> FastAPI:
    """The app as configured by the environment (``uvicorn --factory refapp.main:default_app``)."""
    return create_app(Settings.from_env())
