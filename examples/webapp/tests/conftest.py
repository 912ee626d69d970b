"""The reference app's fixtures: a fresh SQLite marketplace per test, with the demo users."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from refapp import webhooks
from refapp.main import create_app
from refapp.settings import Settings

HOOK_SECRET = b"whsec_test_0123456789abcdef"
PASSWORDS = {"ann": "ann-demo-password", "bob": "bob-demo-password", "admin": "admin-demo-password"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'market.db'}",
        secret_key=b"k" * 32,
        webhook_secret=HOOK_SECRET,
        demo=True,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def token(client: TestClient, user: str) -> str:
    answer = client.post("/auth/token", json={"username": user, "password": PASSWORDS[user]})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def as_user(client: TestClient, user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(client, user)}"}


def send_webhook(
    client: TestClient, payload: dict[str, Any] | bytes, *, secret: bytes = HOOK_SECRET, **kw: Any
) -> Any:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signature = webhooks.sign(secret, body, **kw)
    return client.post(
        "/webhooks/payments",
        content=body,
        headers={"content-type": "application/json", webhooks.HEADER: signature},
    )


def place(client: TestClient, headers: dict[str, str], price: str = "100") -> dict[str, Any]:
    answer = client.post(
        "/orders",
        json={"seller": "bob", "title": "Logo", "price": price, "delivery_days": 3},
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def pay(client: TestClient, order: dict[str, Any], event_id: str = "evt_1") -> Any:
    return send_webhook(
        client,
        {
            "id": event_id,
            "kind": "charge.succeeded",
            "subject": f"order:{order['id']}",
            "amount": order["escrow_total"],
            "currency": order["currency"],
            "reference": "ch_1",
        },
    )
