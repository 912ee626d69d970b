"""Signing in: tokens from a password, 401 without a good one, 403 for someone else's data."""

from __future__ import annotations

import time

import jwt
import pytest
from refapp import auth
from starlette.testclient import TestClient

from conftest import PASSWORDS, as_user, pay, place, token

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_a_demo_user_signs_in_and_is_who_the_token_says(client: TestClient) -> None:
    answer = client.post("/auth/token", json={"username": "ann", "password": PASSWORDS["ann"]})
    assert answer.status_code == 200
    body = answer.json()
    assert (body["token_type"], body["expires_in"]) == ("bearer", 3600)
    me = client.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json() == {"id": "ann", "name": "Ann Buyer", "is_admin": False}


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "ann", "password": "wrong"},
        {"username": "nobody", "password": "ann-demo-password"},
        {"username": "ann", "password": ""},
    ],
)
def test_wrong_credentials_are_401(client: TestClient, credentials: dict[str, str]) -> None:
    answer = client.post("/auth/token", json=credentials)
    assert answer.status_code == 401
    assert answer.json()["error"] == "Unauthorized"
    assert answer.headers["www-authenticate"] == "Bearer"


def test_a_malformed_sign_in_is_422(client: TestClient) -> None:
    assert client.post("/auth/token", json={"username": "ann"}).status_code == 422
    assert client.post("/auth/token", json={"username": 1, "password": "x"}).status_code == 422


def forged(key: bytes, **claims: object) -> str:
    now = int(time.time())
    base = {"sub": "ann", "aud": auth.API, "iss": auth.ISSUER, "iat": now, "exp": now + 60}
    return jwt.encode({**base, **claims}, key, algorithm="HS256")


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer not-a-token",
        "Basic YW5uOmFubg==",
        f"Bearer {forged(b'another key of at least 32 bytes!')}",
        f"Bearer {forged(b'k' * 32, exp=int(time.time()) - 10)}",
        f"Bearer {forged(b'k' * 32, aud=auth.CONSOLE)}",
        f"Bearer {forged(b'k' * 32, iss='elsewhere')}",
        f"Bearer {jwt.encode({'sub': 'ann', 'aud': auth.API, 'iss': auth.ISSUER}, b'k' * 32)}",
    ],
    ids=[
        "missing",
        "empty",
        "garbage",
        "basic",
        "other-key",
        "expired",
        "console-token",
        "other-issuer",
        "no-expiry",
    ],
)
def test_a_missing_or_invalid_token_is_401_and_changes_nothing(
    client: TestClient, header: str | None
) -> None:
    headers = {} if header is None else {"Authorization": header}
    answer = client.post(
        "/orders",
        json={"seller": "bob", "title": "Logo", "price": "100", "delivery_days": 3},
        headers=headers,
    )
    assert answer.status_code == 401, answer.text
    assert answer.json()["error"] == "Unauthorized"
    assert answer.headers["www-authenticate"] == "Bearer"
    assert sum(client.app.state.market.orders.counts().values()) == 0  # type: ignore[attr-defined]


def test_a_good_token_for_someone_else_is_403(client: TestClient) -> None:
    ann = as_user(client, "ann")
    order = place(client, ann)
    assert pay(client, order).status_code == 200
    for path in ("/users/bob/balances", "/users/bob/notifications"):
        answer = client.get(path, headers=ann)
        assert answer.status_code == 403, path
        assert answer.json()["error"] == "PermissionDenied"
    assert client.get(f"/orders/{order['id']}", headers=as_user(client, "bob")).status_code == 200
    started = client.post(f"/orders/{order['id']}/start", headers=ann)  # the seller's move
    assert started.status_code == 403
    assert started.json()["error"] == "PermissionDenied"
    shown = client.get(f"/orders/{order['id']}", headers=ann).json()
    assert shown["state"] == "pending"  # paid, not started


def test_the_token_outlives_a_restart_with_the_same_key(settings: object) -> None:
    from refapp.main import create_app

    with TestClient(create_app(settings)) as first:  # type: ignore[arg-type]
        issued = token(first, "ann")
        order = place(first, {"Authorization": f"Bearer {issued}"})
    with TestClient(create_app(settings)) as second:  # type: ignore[arg-type]
        shown = second.get(f"/orders/{order['id']}", headers={"Authorization": f"Bearer {issued}"})
        assert shown.status_code == 200  # the same database, the same key
        assert shown.json()["escrow_total"] == "105.50"
