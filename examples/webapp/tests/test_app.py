"""The example app end to end over HTTP: an order paid by webhook, errors as HTTP answers,
duplicate webhooks applied once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from app import default_app


@pytest.fixture
def client() -> TestClient:
    client = TestClient(default_app())
    for user in ("ann", "bob"):
        answer = client.post(
            "/users", json={"id": user, "name": user.title(), "email": f"{user}@example.org"}
        )
        assert answer.status_code == 201
    return client


def as_user(user: str) -> dict[str, str]:
    return {"X-User": user}


def place(client: TestClient) -> dict[str, object]:
    answer = client.post(
        "/orders",
        json={"seller": "bob", "title": "Logo", "price": "100", "delivery_days": 3},
        headers=as_user("ann"),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def pay(client: TestClient, order_id: object, event_id: str = "evt_1") -> str:
    answer = client.post(
        "/webhooks/payments",
        json={
            "id": event_id,
            "kind": "charge.succeeded",
            "subject": f"order:{order_id}",
            "amount": "105.50",  # the price and the 5.5 % buyer fee
            "currency": "USD",
        },
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["result"])


def test_an_order_paid_by_webhook_goes_through_and_pays_the_seller(client: TestClient) -> None:
    order = place(client)
    assert order["state"] == "awaiting_payment"
    assert pay(client, order["id"]) == "applied"
    assert pay(client, order["id"]) == "duplicate"  # the provider delivered it twice
    for user, action, payload in (
        ("bob", "start", None),
        ("bob", "deliver", {"message": "three drafts"}),
        ("ann", "accept", None),
    ):
        answer = client.post(f"/orders/{order['id']}/{action}", json=payload, headers=as_user(user))
        assert answer.status_code == 200, answer.text
    shown = client.get(f"/orders/{order['id']}", headers=as_user("bob")).json()
    assert (shown["state"], shown["seller_amount"]) == ("completed", "80.00")
    balances = client.get("/users/bob/balances", headers=as_user("bob")).json()
    assert balances["clearing"] == "80.00"  # in clearance for 14 days
    kinds = [
        n["kind"] for n in client.get("/users/bob/notifications", headers=as_user("bob")).json()
    ]
    assert kinds[0] == "order.place"


def test_marketplace_errors_become_http_answers(client: TestClient) -> None:
    order = place(client)
    wrong_state = client.post(f"/orders/{order['id']}/accept", headers=as_user("ann"))
    assert wrong_state.status_code == 409
    assert "awaiting_payment" in wrong_state.json()["message"]
    missing = client.get("/orders/o999", headers=as_user("ann"))
    assert missing.status_code == 404
    float_price = client.post(
        "/orders",
        json={"seller": "bob", "title": "Logo", "price": 9.99, "delivery_days": 3},
        headers=as_user("ann"),
    )
    assert float_price.status_code == 422
    assert "float" in float_price.json()["message"]
    pay(client, order["id"])
    wrong_actor = client.post(f"/orders/{order['id']}/start", headers=as_user("ann"))
    assert wrong_actor.status_code == 403  # only the seller starts the work
    unknown = client.post(f"/orders/{order['id']}/refund", headers=as_user("ann"))
    assert unknown.status_code == 404
    nobody = client.get(f"/orders/{order['id']}")
    assert nobody.status_code == 403
    snooping = client.get("/users/bob/balances", headers=as_user("ann"))
    assert snooping.status_code == 403


def test_a_webhook_for_the_wrong_amount_is_refused_and_changes_nothing(client: TestClient) -> None:
    order = place(client)
    answer = client.post(
        "/webhooks/payments",
        json={
            "id": "evt_9",
            "kind": "charge.succeeded",
            "subject": f"order:{order['id']}",
            "amount": "1.00",
            "currency": "USD",
        },
    )
    assert answer.status_code in (409, 422)
    shown = client.get(f"/orders/{order['id']}", headers=as_user("ann")).json()
    assert shown["state"] == "awaiting_payment"
