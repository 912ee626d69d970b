"""The console mounted in the reference app: the operator signs in with a form, gets an
HttpOnly session cookie for the console only, and acts as themselves."""

from __future__ import annotations

import re

import pytest
from refapp import auth
from refapp.seed import seed
from starlette.testclient import TestClient

from conftest import PASSWORDS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def form_token(client: TestClient) -> str:
    """The sign-in form's token, as a browser gets it with the page (and its nonce cookie)."""
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/login").text)
    assert found
    return found.group(1)


def sign_in(client: TestClient, user: str, next_page: str = "/console/") -> object:
    return client.post(
        "/login",
        data={
            "username": user,
            "password": PASSWORDS[user],
            "next": next_page,
            "csrf": form_token(client),
        },
        follow_redirects=False,
    )


def test_the_console_sends_strangers_to_the_login_page(client: TestClient) -> None:
    answer = client.get("/console/disputes", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fconsole%2Fdisputes"
    page = client.get("/login?next=/console/disputes")
    assert 'name="next" value="/console/disputes"' in page.text


def test_only_an_admin_with_the_right_password_gets_in(client: TestClient) -> None:
    wrong = client.post(
        "/login",
        data={"username": "admin", "password": "nope", "csrf": form_token(client)},
        follow_redirects=False,
    )
    assert wrong.status_code == 401
    assert auth.COOKIE not in wrong.cookies
    not_admin = sign_in(client, "ann")
    assert not_admin.status_code == 401  # a customer is not an operator
    answer = sign_in(client, "admin", "/console/disputes")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/disputes"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    page = client.get("/console/disputes")
    assert page.status_code == 200
    assert "signed in as <strong>admin</strong>" in page.text


def test_a_sign_in_posted_without_the_forms_token_is_refused(client: TestClient) -> None:
    """Login CSRF: a hostile page posting the attacker's credentials from the operator's
    browser carries neither the nonce cookie (SameSite=Strict) nor a token for it."""
    token = form_token(client)
    data = {"username": "admin", "password": PASSWORDS["admin"]}
    for attempt in ({}, {"csrf": "0" * 64}):
        answer = client.post("/login", data=data | attempt, follow_redirects=False)
        assert answer.status_code == 403
        assert auth.COOKIE not in answer.cookies
    stranger = TestClient(client.app)  # another browser: the token is bound to this one's nonce
    answer = stranger.post("/login", data=data | {"csrf": token}, follow_redirects=False)
    assert answer.status_code == 403
    assert "expired" in answer.text
    assert sign_in(client, "admin").status_code == 303


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/orders"])
def test_the_login_never_redirects_off_the_console(client: TestClient, target: str) -> None:
    answer = sign_in(client, "admin", target)
    assert answer.headers["location"] == "/console/"


def test_an_api_token_is_not_a_console_session(client: TestClient) -> None:
    tokens = client.app.state.tokens  # type: ignore[attr-defined]
    client.cookies.set(auth.COOKIE, tokens.issue("admin", auth.API))
    answer = client.get("/console/", follow_redirects=False)
    assert answer.status_code == 303


def test_the_admin_rules_the_seeded_dispute_in_the_console(client: TestClient) -> None:
    market = client.app.state.market  # type: ignore[attr-defined]
    made = seed(market)
    sign_in(client, "admin")
    page = client.get("/console/disputes").text
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert csrf
    answer = client.post(
        f"/console/disputes/{made['dispute']}/rule",
        data={"csrf": csrf.group(1), "outcome": "refund_buyer", "reason": "no work delivered"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    ruled = market.disputes.get(made["dispute"], viewer="admin")
    assert (ruled.state, ruled.ruled_by) == ("resolved", "admin")
    available = market.wallet.balances("ann", viewer="ann").available
    assert str(available.amount) == "211.00"  # the price and the buyer fee, back in the wallet
    assert client.post("/logout", follow_redirects=False).status_code == 303
    assert client.get("/console/", follow_redirects=False).status_code == 303
