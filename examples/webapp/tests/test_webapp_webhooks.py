"""Provider webhooks: signed over the raw body, checked in constant time before parsing, fresh;
a bad amount is a 422 and a wrong one a 409 kept for an operator — never a 500."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from refapp import webhooks
from refapp.main import create_app
from starlette.testclient import TestClient

from conftest import HOOK_SECRET, as_user, place, send_webhook

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def event(order: dict[str, Any], **changes: Any) -> dict[str, Any]:
    base = {
        "id": "evt_7",
        "kind": "charge.succeeded",
        "subject": f"order:{order['id']}",
        "amount": order["escrow_total"],
        "currency": "USD",
    }
    return {**base, **changes}


def state(client: TestClient, order: dict[str, Any]) -> str:
    shown = client.get(f"/orders/{order['id']}", headers=as_user(client, "ann")).json()
    return str(shown["state"])


@pytest.fixture
def order(client: TestClient) -> dict[str, Any]:
    return place(client, as_user(client, "ann"))


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "t=abc,v1=00",
        "v1=" + "0" * 64,
        "t={now},v1=" + "0" * 64,
        "t={old},v1={good_old}",
        "t={now},v1={other_key}",
    ],
    ids=["missing", "empty", "bad-time", "no-time", "wrong-mac", "stale", "other-secret"],
)
def test_an_unsigned_or_badly_signed_webhook_is_401_and_changes_nothing(
    client: TestClient, order: dict[str, Any], header: str | None
) -> None:
    body = json.dumps(event(order)).encode()
    now, old = int(time.time()), int(time.time()) - 3600
    if header is not None:
        header = header.format(
            now=now,
            old=old,
            good_old=webhooks.sign(HOOK_SECRET, body, old).split("v1=")[1],
            other_key=webhooks.sign(b"another-secret", body, now).split("v1=")[1],
        )
    headers = {"content-type": "application/json"}
    if header is not None:
        headers[webhooks.HEADER] = header
    answer = client.post("/webhooks/payments", content=body, headers=headers)
    assert answer.status_code == 401, answer.text
    assert answer.json()["error"] == "Unauthorized"
    assert state(client, order) == "awaiting_payment"


def test_a_signature_covers_the_exact_body(client: TestClient, order: dict[str, Any]) -> None:
    body = json.dumps(event(order)).encode()
    signature = webhooks.sign(HOOK_SECRET, body)
    tampered = body.replace(b'"evt_7"', b'"evt_8"')
    answer = client.post(
        "/webhooks/payments",
        content=tampered,
        headers={"content-type": "application/json", webhooks.HEADER: signature},
    )
    assert answer.status_code == 401
    assert state(client, order) == "awaiting_payment"


def test_without_a_configured_secret_webhooks_are_refused(settings: Any) -> None:
    import attrs

    with TestClient(create_app(attrs.evolve(settings, webhook_secret=None))) as client:
        order = place(client, as_user(client, "ann"))
        answer = send_webhook(client, event(order))
        assert answer.status_code == 503
        assert "MICROJOB_WEBHOOK_SECRET" in answer.json()["message"]


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"amount": "abc"}, "amount"),
        ({"amount": 105.5}, "amount"),
        ({"amount": "105.501"}, "USD"),
        ({"amount": "1e999999"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"currency": None}, "currency"),
        ({"currency": "ZZZ"}, "ZZZ"),
        ({"id": 7}, "id"),
        ({"subject": "order"}, "subject"),
        ({"id": "x" * 300}, "id"),
    ],
)
def test_a_malformed_event_is_422_never_500(
    client: TestClient, order: dict[str, Any], changes: dict[str, Any], says: str
) -> None:
    answer = send_webhook(client, event(order, **changes))
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "ValidationError"
    assert says in answer.text
    assert state(client, order) == "awaiting_payment"


def test_a_body_that_is_not_json_is_422(client: TestClient) -> None:
    answer = send_webhook(client, b"{not json")
    assert answer.status_code == 422
    assert send_webhook(client, b"[1, 2]").status_code == 422


def test_the_wrong_amount_is_409_and_kept_for_an_operator(
    client: TestClient, order: dict[str, Any]
) -> None:
    answer = send_webhook(client, event(order, amount="100"))  # the price, not escrow_total
    assert answer.status_code == 409
    assert "105.50" in answer.json()["message"]
    assert state(client, order) == "awaiting_payment"
    market = client.app.state.market  # type: ignore[attr-defined]
    assert len(market.admin.gateway_conflicts(viewer="admin")) == 1
    assert send_webhook(client, event(order, id="evt_8")).json() == {"result": "applied"}
    assert state(client, order) == "pending"


def test_an_event_for_an_order_not_stored_is_kept_not_refused(
    client: TestClient, order: dict[str, Any]
) -> None:
    """The engine charges before it stores a new order, so a webhook may come for an order
    that is about to be stored, or never will be: it is kept (and its charge refunded by
    ``run_due`` if the order never appears), never refused, or the provider would resend it."""
    answer = send_webhook(client, event(order, subject="order:o999"))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"result": "parked"}
    market = client.app.state.market  # type: ignore[attr-defined]
    assert [p.order_id for p in market.orders.orphans.waiting()] == ["o999"]
    assert state(client, order) == "awaiting_payment"
