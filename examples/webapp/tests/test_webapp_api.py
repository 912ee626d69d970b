"""The API end to end: an order paid by a signed webhook, every library error as JSON with its
status, the OpenAPI description, and engine calls kept off the event loop."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from conftest import as_user, pay, place
from microjob import (
    Conflict,
    CurrencyMismatch,
    InsufficientFunds,
    InvalidTransition,
    LedgerIntegrityError,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_an_order_shows_what_to_charge_and_is_paid_by_webhook(client: TestClient) -> None:
    ann, bob = as_user(client, "ann"), as_user(client, "bob")
    order = place(client, ann)
    assert order["state"] == "awaiting_payment"
    assert (order["price"], order["buyer_fee"], order["escrow_total"]) == (
        "100.00",
        "5.50",
        "105.50",
    )
    early = client.post(f"/orders/{order['id']}/start", headers=bob)
    assert early.status_code == 409  # not paid yet
    assert early.json()["error"] == "InvalidTransition"
    assert pay(client, order).json() == {"result": "applied"}
    assert pay(client, order).json() == {"result": "duplicate"}  # delivered twice, applied once
    for who, action, payload in (
        (bob, "start", None),
        (bob, "deliver", {"message": "three drafts"}),
        (ann, "accept", None),
    ):
        answer = client.post(f"/orders/{order['id']}/{action}", json=payload, headers=who)
        assert answer.status_code == 200, answer.text
    shown = client.get(f"/orders/{order['id']}", headers=bob).json()
    assert (shown["state"], shown["seller_amount"]) == ("completed", "80.00")
    balances = client.get("/users/bob/balances", headers=bob).json()
    assert balances["clearing"] == "80.00"  # 14 days' clearance under fiverr_like
    kinds = [n["kind"] for n in client.get("/users/bob/notifications", headers=bob).json()]
    assert "order.place" in kinds


def test_a_card_and_a_contact_sharing_message_wait_for_a_moderator(client: TestClient) -> None:
    bob, ann = as_user(client, "bob"), as_user(client, "ann")
    card = client.post(
        "/listings",
        json={
            "title": "A clean logo",
            "description": "Three drafts of a logo for your brand.",
            "category": "design",
            "price": "50",
            "delivery_days": 3,
        },
        headers=bob,
    )
    assert card.status_code == 201, card.text
    assert card.json()["state"] == "pending_review"
    assert client.get(f"/listings/{card.json()['id']}", headers=ann).status_code == 404
    chat = client.post("/conversations", json={"other": "bob"}, headers=ann).json()
    sent = client.post(
        f"/conversations/{chat['id']}/messages",
        json={"text": "mail me: ann.x@example.org"},
        headers=ann,
    )
    assert sent.json()["status"] == "held"


def test_a_dispute_is_opened_and_argued_over_the_api(client: TestClient) -> None:
    ann, bob = as_user(client, "ann"), as_user(client, "bob")
    order = place(client, ann)
    pay(client, order)
    client.post(f"/orders/{order['id']}/start", headers=bob)
    opened = client.post(f"/orders/{order['id']}/disputes", json={"reason": "late"}, headers=ann)
    assert opened.status_code == 201, opened.text
    dispute = opened.json()
    argued = client.post(
        f"/disputes/{dispute['id']}/evidence", json={"text": "it is on time"}, headers=bob
    )
    assert argued.json()["evidence"][-1] == {"by": "bob", "text": "it is on time"}
    assert client.get(f"/disputes/{dispute['id']}", headers=as_user(client, "admin")).is_success


@pytest.mark.parametrize(
    ("payload", "says"),
    [
        ({"seller": "bob", "title": "Logo", "price": 9.99, "delivery_days": 3}, "price"),
        ({"seller": "bob", "title": "Logo", "price": "9.999", "delivery_days": 3}, "decimal"),
        ({"seller": "bob", "title": "Logo", "price": "abc", "delivery_days": 3}, "price"),
        ({"seller": "bob", "title": "Logo", "delivery_days": 3}, "price"),
        ({"seller": "bob", "title": "Logo", "price": "10", "delivery_days": "3"}, "delivery_days"),
        ({"seller": "bob", "title": "Logo", "price": "10", "delivery_days": 3, "x": 1}, "x"),
    ],
)
def test_malformed_bodies_are_422_json(
    client: TestClient, payload: dict[str, Any], says: str
) -> None:
    answer = client.post("/orders", json=payload, headers=as_user(client, "ann"))
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["error"] == "ValidationError"
    assert says in body["message"] or says in str(body.get("detail"))


def test_unknown_routes_and_objects_are_json_404(client: TestClient) -> None:
    for answer in (client.get("/nowhere"), client.post("/orders/o1/refund")):
        assert answer.status_code == 404
        assert answer.json()["error"] == "NotFound"
        assert "no route" in answer.json()["message"]
    missing = client.get("/orders/o999", headers=as_user(client, "ann"))
    assert (missing.status_code, missing.json()["error"]) == (404, "NotFound")
    wrong_method = client.delete("/orders")
    assert wrong_method.status_code == 405
    assert wrong_method.json()["error"] == "MethodNotAllowed"


ERRORS: list[tuple[Callable[[], MarketplaceError], int]] = [
    (lambda: ValidationError("bad"), 422),
    (lambda: CurrencyMismatch("EUR, not USD"), 422),
    (lambda: PermissionDenied("not yours"), 403),
    (lambda: NotFound("no such thing"), 404),
    (lambda: Conflict("retry"), 409),
    (lambda: InvalidTransition("order", "completed", "start", ()), 409),
    (lambda: PolicyViolation("too small"), 409),
    (lambda: InsufficientFunds("short"), 409),
    (lambda: LedgerIntegrityError(["broken"]), 400),
]


@pytest.mark.parametrize(("make", "status"), ERRORS, ids=[s for _, s in ERRORS])
def test_every_library_error_is_json_with_its_status(
    client: TestClient, make: Callable[[], MarketplaceError], status: int
) -> None:
    error = make()
    app: FastAPI = client.app  # type: ignore[assignment]

    def boom() -> None:
        raise error

    app.add_api_route("/boom", boom)
    answer = client.get("/boom")
    assert answer.status_code == status
    assert answer.json() == {"error": type(error).__name__, "message": str(error)}


def test_the_openapi_description_lists_the_api_its_auth_and_the_webhook(
    client: TestClient,
) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/auth/token", "/orders", "/orders/{order_id}/accept", "/webhooks/payments"):
        assert path in spec["paths"], path
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    hook = spec["paths"]["/webhooks/payments"]["post"]["requestBody"]
    assert "subject" in hook["content"]["application/json"]["schema"]["properties"]
    assert "/console" not in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_engine_calls_run_off_the_event_loop(client: TestClient) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    market = app.state.market
    blocking = [
        route.path
        for route in app.routes
        if isinstance(route, APIRoute)
        and inspect.iscoroutinefunction(route.endpoint)
        and route.path != "/webhooks/payments"
    ]
    assert blocking == []  # every other endpoint is a plain def: FastAPI's thread pool
    seen: list[bool] = []
    original = market.handle_gateway_event

    def spy(event: Any) -> str:
        try:
            asyncio.get_running_loop()
            seen.append(True)
        except RuntimeError:
            seen.append(False)
        return str(original(event))

    market.handle_gateway_event = spy
    order = place(client, as_user(client, "ann"))
    assert pay(client, order).status_code == 200
    assert seen == [False]  # the webhook's engine call ran in a worker thread
