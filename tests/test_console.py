"""The operator console over the ASGI test client: who may see it, CSRF on every form, and
each page's actions doing exactly what the engine's commands do — and nothing when refused."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import attrs
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Mount
from starlette.testclient import TestClient

from microjob import BACK_OFFICE, ValidationError, format_money, money, presets
from microjob.console import create_console, status_of
from microjob.console.csrf import COOKIE, CsrfGuard
from microjob.disputes import Ruling, ruling_parts
from microjob.errors import (
    Conflict,
    InsufficientFunds,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    PolicyViolation,
)
from microjob.orders import Order
from microjob.payouts import BankAccount
from microjob.policies import RefundTo
from tests.conftest import World

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

IBAN = "DE89 3704 0044 0532 0130 00"


def who(request: Request) -> str | None:
    """The test host's auth: the user named in a header (a real host reads its session)."""
    return request.headers.get("x-user")


ADMIN = {"x-user": "admin"}


@pytest.fixture
def w() -> World:
    """A moderated marketplace (cards, chat, deposits wait for a person) with one of each."""
    w = World(presets.webpark("USD"))
    m = w.market
    m.listings.create(
        actor="seller",
        title="A clean logo",
        description="Three drafts of a logo for your brand, vector files included.",
        category="design",
        price="50",
        delivery_days=3,
        submit=True,
    )
    cid = m.chat.start(actor="buyer", other="seller").id
    m.chat.send(cid, actor="buyer", text="write to me at ann.smith@example.org instead")
    order = m.orders.place(
        actor="buyer", seller_id="seller", title="Poster", price="200", delivery_days=3
    )
    m.orders.start(order.id, actor="seller")
    dispute = m.disputes.open(order.id, actor="buyer", reason="The seller stopped answering")
    m.disputes.add_evidence(dispute.id, actor="seller", text="<script>alert(1)</script> I did")
    m.wallet.announce_deposit(actor="stranger", amount="80", through_gateway=False, reference="w1")
    cash = m.wallet.announce_deposit(actor="seller", amount="600")
    m.wallet.confirm_deposit(cash.id, actor="admin")
    method = m.payouts.add_method(
        actor="seller", method=BankAccount(iban=IBAN, bic="DEUTDEFF", holder="Seller")
    )
    m.payouts.request(actor="seller", method_id=method.id, amount="500")
    return w


@pytest.fixture
def client(w: World) -> Iterator[TestClient]:
    with TestClient(create_console(w.market, admin_of=who)) as client:
        yield client


def token(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    assert found, "the page has no form token"
    return found.group(1)


def item(page: str, kind: str, action: str) -> str:
    found = re.search(rf'action="[^"]*/{kind}/([^/"]+)/{action}"', page)
    assert found, f"no {action} form for {kind}"
    return found.group(1)


def post(client: TestClient, path: str, page: str, **fields: str) -> object:
    return client.post(
        path, data={"csrf": token(page), **fields}, headers=ADMIN, follow_redirects=False
    )


# -- who may see it -------------------------------------------------------------------------------
def test_importing_microjob_does_not_import_the_console_or_its_web_stack() -> None:
    code = (
        "import sys, microjob; "
        "print(sorted(m for m in ('microjob.console', 'starlette', 'jinja2') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_nobody_gets_401_and_a_user_who_is_not_an_admin_gets_403(client: TestClient) -> None:
    assert client.get("/").status_code == 401
    assert client.get("/disputes", headers={"x-user": "buyer"}).status_code == 403
    assert client.get("/disputes", headers={"x-user": "ghost"}).status_code == 403
    posted = client.post("/listings/l1/approve", data={"csrf": "x"})
    assert posted.status_code == 401


def test_with_a_login_url_pages_redirect_there_and_forms_still_answer_401(w: World) -> None:
    console = create_console(w.market, admin_of=who, login_url="/login")
    with TestClient(console) as client:
        answer = client.get("/disputes", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/login?next=%2Fdisputes"
        assert client.post("/listings/l1/approve", data={}).status_code == 401


def test_unknown_pages_and_actions_are_404(client: TestClient) -> None:
    assert client.get("/nowhere", headers=ADMIN).status_code == 404
    assert client.post("/listings/l1/explode", headers=ADMIN, data={}).status_code == 404
    assert client.post("/listings/bad id!/approve", headers=ADMIN, data={}).status_code == 404


# -- CSRF ----------------------------------------------------------------------------------------
def test_a_form_without_its_token_changes_nothing(client: TestClient, w: World) -> None:
    page = client.get("/listings", headers=ADMIN).text
    listing = item(page, "listings", "approve")
    good = token(page)
    altered = good[:-1] + ("1" if good[-1] == "0" else "0")  # one hex digit off
    for fields in ({}, {"csrf": "0" * 64}, {"csrf": altered}):
        answer = client.post(f"/listings/{listing}/approve", data=fields, headers=ADMIN)
        assert answer.status_code == 403
        assert "Nothing was changed" in answer.text
    assert [card.id for card in w.market.listings.to_review(viewer="admin")] == [listing]


def test_a_token_is_bound_to_the_admin_and_to_the_browser(w: World) -> None:
    w.market.users.register("admin2", name="Other", email="o@example.org", is_admin=True)
    console = create_console(w.market, admin_of=who)
    with TestClient(console) as first, TestClient(console) as second:
        page = first.get("/listings", headers=ADMIN).text
        listing = item(page, "listings", "approve")
        as_other = first.post(
            f"/listings/{listing}/approve", data={"csrf": token(page)}, headers={"x-user": "admin2"}
        )
        assert as_other.status_code == 403  # rendered for admin, posted as admin2
        second.get("/", headers=ADMIN)  # another browser, its own nonce
        stolen = second.post(
            f"/listings/{listing}/approve", data={"csrf": token(page)}, headers=ADMIN
        )
        assert stolen.status_code == 403
    assert len(w.market.listings.to_review(viewer="admin")) == 1


def test_the_nonce_cookie_is_http_only_strict_and_scoped_to_the_mount(w: World) -> None:
    host = Starlette(routes=[Mount("/console", create_console(w.market, admin_of=who))])
    with TestClient(host) as client:
        answer = client.get("/console/listings", headers=ADMIN)
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=")
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()
        assert "Path=/console" in cookie
        assert 'action="/console/listings/' in answer.text
        listing = item(answer.text, "listings", "approve")
        done = client.post(
            f"/console/listings/{listing}/approve",
            data={"csrf": token(answer.text)},
            headers=ADMIN,
            follow_redirects=False,
        )
        assert (done.status_code, done.headers["location"]) == (303, "/console/listings")


def test_a_body_that_is_not_a_form_is_400(client: TestClient) -> None:
    page = client.get("/listings", headers=ADMIN).text
    listing = item(page, "listings", "approve")
    answer = client.post(f"/listings/{listing}/approve", json={"csrf": token(page)}, headers=ADMIN)
    assert answer.status_code == 400


def test_the_guard_refuses_short_secrets_and_checks_in_constant_time() -> None:
    with pytest.raises(ValueError, match="16 random bytes"):
        CsrfGuard(b"short")
    guard = CsrfGuard(b"k" * 32)
    assert guard.check("admin", "n", guard.token("admin", "n"))
    assert not guard.check("admin", None, guard.token("admin", "n"))
    assert not guard.check("admin", "n", None)
    assert CsrfGuard(b"k" * 32).token("a", "n") == guard.token("a", "n")  # shared by workers


# -- cards ---------------------------------------------------------------------------------------
def test_approving_a_card_publishes_it_and_tells_so_once(client: TestClient, w: World) -> None:
    page = client.get("/listings", headers=ADMIN)
    assert page.status_code == 200
    assert "A clean logo" in page.text
    assert format_money(money("50", "USD"), "en") in page.text
    listing = item(page.text, "listings", "approve")
    done = post(client, f"/listings/{listing}/approve", page.text)
    assert done.status_code == 303
    assert w.market.listings.get(listing).state == "published"
    after = client.get("/listings", headers=ADMIN).text
    assert f"Card {listing} (A clean logo) is published." in after
    assert "No card is waiting" in after
    assert "is published" not in client.get("/listings", headers=ADMIN).text  # shown once


def test_rejecting_a_card_needs_a_reason_and_a_refusal_shows_on_the_page(
    client: TestClient, w: World
) -> None:
    page = client.get("/listings", headers=ADMIN).text
    listing = item(page, "listings", "reject")
    blank = post(client, f"/listings/{listing}/reject", page, reason="  ")
    assert blank.status_code == 422
    assert "reason" in blank.text
    assert "Refused" in blank.text
    assert w.market.listings.get(listing, viewer="admin").state == "pending_review"
    assert post(client, f"/listings/{listing}/reject", page, reason="No prices").status_code == 303
    card = w.market.listings.get(listing, viewer="admin")
    assert (card.state, card.rejection_reason) == ("rejected", "No prices")
    again = post(client, f"/listings/{listing}/approve", page)
    assert again.status_code == 409  # the engine's InvalidTransition, with its message
    assert "rejected" in again.text


# -- chat ----------------------------------------------------------------------------------------
def test_a_held_message_is_shown_as_typed_and_delivered_masked(
    client: TestClient, w: World
) -> None:
    page = client.get("/messages", headers=ADMIN).text
    assert "ann.smith@example.org" in page  # the moderator sees what the sender typed
    message = item(page, "messages", "approve")
    assert post(client, f"/messages/{message}/approve", page, mask="1").status_code == 303
    conversation = w.market.chat.conversations(viewer="seller")[0]
    seen = w.market.chat.messages(conversation.id, viewer="seller")
    assert [m.id for m in seen] == [message]
    assert "ann.smith@example.org" not in seen[0].text
    assert seen[0].moderated_by == "admin"


def test_rejecting_a_held_message_keeps_it_from_the_recipient(client: TestClient, w: World) -> None:
    page = client.get("/messages", headers=ADMIN).text
    message = item(page, "messages", "reject")
    assert post(client, f"/messages/{message}/reject", page, reason="no emails").status_code == 303
    conversation = w.market.chat.conversations(viewer="seller")[0]
    assert w.market.chat.messages(conversation.id, viewer="seller") == []
    assert w.market.chat.contact_strikes("buyer", viewer=BACK_OFFICE) == 1


# -- disputes ------------------------------------------------------------------------------------
def test_the_dispute_page_shows_evidence_escaped_and_what_each_outcome_pays(
    client: TestClient, w: World
) -> None:
    page = client.get("/disputes", headers=ADMIN).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; I did" in page
    assert "<script>" not in page
    assert "The seller stopped answering" in page
    dispute = w.market.disputes.unresolved(viewer="admin")[0]
    order = w.market.orders.get(dispute.order_id, viewer="admin")
    released = ruling_parts(order, Ruling.release_to_seller("x"))
    assert format_money(released.seller, "en") in page  # 200 less 15 % commission


def test_a_split_ruling_moves_the_money_exactly_as_the_ruling_says(
    client: TestClient, w: World
) -> None:
    page = client.get("/disputes", headers=ADMIN).text
    dispute_id = item(page, "disputes", "rule")
    dispute = w.market.disputes.get(dispute_id, viewer="admin")
    order = w.market.orders.get(dispute.order_id, viewer="admin")
    before = w.market.wallet.balances("buyer", viewer="buyer").available
    answer = post(
        client,
        f"/disputes/{dispute_id}/rule",
        page,
        outcome="split",
        buyer_share="0.4",
        buyer_amount="",
        reason="Half the work was delivered",
    )
    assert answer.status_code == 303
    parts = ruling_parts(order, Ruling.split("x", buyer_share="0.4"))
    buyer = w.market.wallet.balances("buyer", viewer="buyer")
    seller = w.market.wallet.balances("seller", viewer="seller")
    assert buyer.available - before == parts.buyer == money("80", "USD")
    assert (
        seller.clearing == parts.seller == money("102", "USD")
    )  # 120 less 15 %, 3 days' clearance
    ruled = w.market.disputes.get(dispute_id, viewer="admin")
    assert (ruled.state, ruled.ruled_by) == ("resolved", "admin")
    assert "Dispute" in client.get("/disputes", headers=ADMIN).text
    w.market.admin.verify()


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"outcome": "refund_buyer", "reason": ""}, "reason"),
        ({"outcome": "pay_me", "reason": "r"}, "refund_buyer, release_to_seller, split"),
        ({"outcome": "split", "reason": "r"}, "exactly one of"),
        ({"outcome": "split", "reason": "r", "buyer_share": "0.4", "buyer_amount": "1"}, "one"),
        ({"outcome": "split", "reason": "r", "buyer_share": "1.5"}, "0..1"),
        ({"outcome": "split", "reason": "r", "buyer_amount": "abc"}, "not a number"),
        ({"outcome": "split", "reason": "r", "buyer_amount": "10.001"}, "USD"),
        ({"outcome": "split", "reason": "r", "buyer_amount": "900"}, "between 0 and the price"),
    ],
)
def test_a_bad_ruling_form_is_422_and_rules_nothing(
    client: TestClient, w: World, fields: dict[str, str], says: str
) -> None:
    page = client.get("/disputes", headers=ADMIN).text
    dispute_id = item(page, "disputes", "rule")
    answer = post(client, f"/disputes/{dispute_id}/rule", page, **fields)
    assert answer.status_code == 422
    assert says in answer.text
    assert w.market.disputes.get(dispute_id, viewer="admin").state == "answered"


# -- deposits and payouts ------------------------------------------------------------------------
def test_confirming_a_deposit_makes_it_available(client: TestClient, w: World) -> None:
    page = client.get("/deposits", headers=ADMIN).text
    assert "stranger" in page
    assert "outside the provider" in page
    deposit = item(page, "deposits", "confirm")
    assert post(client, f"/deposits/{deposit}/confirm", page, reference="stmt 7").status_code == 303
    balances = w.market.wallet.balances("stranger", viewer="stranger")
    assert (balances.available, balances.incoming) == (money("80", "USD"), money("0", "USD"))
    assert "No deposit is waiting" in client.get("/deposits", headers=ADMIN).text


def test_rejecting_a_deposit_drops_it(client: TestClient, w: World) -> None:
    page = client.get("/deposits", headers=ADMIN).text
    deposit = item(page, "deposits", "reject")
    assert post(client, f"/deposits/{deposit}/reject", page, reason="").status_code == 422
    assert w.market.wallet.balances("stranger", viewer="stranger").incoming == money("80", "USD")
    assert post(client, f"/deposits/{deposit}/reject", page, reason="no wire").status_code == 303
    assert w.market.wallet.balances("stranger", viewer="stranger").incoming == money("0", "USD")


def test_approving_a_payout_sends_it(client: TestClient, w: World) -> None:
    page = client.get("/payouts", headers=ADMIN).text
    assert "ending" in page
    assert format_money(money("500", "USD"), "en") in page
    payout = item(page, "payouts", "approve")
    assert post(client, f"/payouts/{payout}/approve", page).status_code == 303
    assert w.market.payouts.get(payout, viewer="admin").state == "paid"
    assert w.market.wallet.balances("seller", viewer="seller").available == money("100", "USD")


def test_rejecting_a_payout_gives_the_amount_back(client: TestClient, w: World) -> None:
    page = client.get("/payouts", headers=ADMIN).text
    payout = item(page, "payouts", "reject")
    assert post(client, f"/payouts/{payout}/reject", page, reason="check id").status_code == 303
    assert w.market.payouts.get(payout, viewer="admin").state == "rejected"
    assert w.market.wallet.balances("seller", viewer="seller").available == money("600", "USD")


# -- refunds the provider refused for good ---------------------------------------------------------
def refused_world() -> tuple[World, Order]:
    """A marketplace whose provider refused the refund of an order to the card for good (the
    card closed), and that order."""
    w = World(attrs.evolve(presets.fiverr_like(), refund_to=RefundTo.ORIGINAL))
    order = w.market.orders.place(
        actor="buyer", seller_id="seller", title="Logo", price="20", delivery_days=3
    )
    w.gateway.default = "failed"
    w.market.orders.decline(order.id, actor="seller", reason="too busy")
    for _ in range(24 * 4):  # a scheduler, every 15 minutes for a day
        w.clock.advance(minutes=15)
        w.market.run_due()
    assert len(w.market.admin.refused_refunds(viewer=BACK_OFFICE)) == 1
    return w, order


@pytest.fixture
def refused() -> World:
    return refused_world()[0]


def test_a_refused_refund_is_listed_and_sent_again_from_its_page(refused: World) -> None:
    with TestClient(create_console(refused.market, admin_of=who)) as client:
        overview = client.get("/", headers=ADMIN).text
        assert re.search(r">Refunds the provider refused</a></td><td class=\"amount\">1<", overview)
        page = client.get("/refunds", headers=ADMIN).text
        assert "refused it 5 times" in page
        key = item(page, "refunds", "resend")
        refused.gateway.default = "succeeded"  # the buyer gave a new card
        answer = post(client, f"/refunds/{key}/resend", page)
        assert answer.status_code == 303  # type: ignore[attr-defined]
        assert refused.market.admin.refused_refunds(viewer=BACK_OFFICE) == []
        assert refused.gateway.calls[-1][0] == "re"
        assert refused.gateway.calls[-1][3] == f"{key}:5"  # a key of its own
        assert "No refund is waiting" in client.get("/refunds", headers=ADMIN).text
        # Sent again once: a second post is refused by the engine and changes nothing.
        again = post(client, f"/refunds/{key}/resend", page)
        assert again.status_code == 409  # type: ignore[attr-defined]
        assert refused.gateway.calls[-1][3] == f"{key}:5"


# -- the overview ----------------------------------------------------------------------------------
def test_the_overview_shows_revenue_the_ledger_check_and_the_queues(
    client: TestClient, w: World
) -> None:
    page = client.get("/disputes", headers=ADMIN).text
    dispute_id = item(page, "disputes", "rule")
    post(client, f"/disputes/{dispute_id}/rule", page, outcome="release_to_seller", reason="ok")
    overview = client.get("/", headers=ADMIN)
    assert overview.status_code == 200
    assert "The ledger verifies" in overview.text
    total = sum(w.market.admin.revenue(viewer=BACK_OFFICE).values(), money("0", "USD"))
    assert total == money("30", "USD")  # 15 % of 200
    assert f'id="revenue-total">{format_money(total, "en")}<' in overview.text
    for title in ("Cards to moderate", "Held messages", "Deposits to confirm"):
        assert re.search(rf">{title}</a></td><td class=\"amount\">1<", overview.text), title


def test_the_overview_checks_the_ledger_at_most_once_per_interval(
    w: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check reads every entry: loads within ``verify_every`` show the last result (with
    when it was taken), "Verify now" checks at once."""
    calls = []
    real = type(w.market.admin).verify

    def verify(self: object, checkpoint: object = None) -> object:
        calls.append(1)
        return real(self, checkpoint)  # type: ignore[arg-type]

    monkeypatch.setattr(type(w.market.admin), "verify", verify)
    with TestClient(create_console(w.market, admin_of=who, verify_every=3600)) as client:
        first = client.get("/", headers=ADMIN).text
        client.get("/", headers=ADMIN)
        assert len(calls) == 1
        assert 'id="ledger-checked">Checked at ' in first
        answer = post(client, "/overview/ledger/verify", first)
        assert answer.status_code == 303  # type: ignore[attr-defined]
        assert len(calls) == 2
        assert "The ledger verifies" in client.get("/", headers=ADMIN).text
        assert len(calls) == 2
    with TestClient(create_console(w.market, admin_of=who, verify_every=0)) as client:
        client.get("/", headers=ADMIN)
        client.get("/", headers=ADMIN)
        assert len(calls) == 4  # no interval: every load checks
    with pytest.raises(ValueError, match="verify_every"):
        create_console(w.market, admin_of=who, verify_every=-1)


def test_verify_now_needs_the_forms_token(client: TestClient, w: World) -> None:
    answer = client.post("/overview/ledger/verify", headers=ADMIN, follow_redirects=False)
    assert answer.status_code == 403


def test_create_console_refuses_an_unknown_locale(w: World) -> None:
    with pytest.raises(ValidationError, match="locale"):
        create_console(w.market, admin_of=who, locale="xx_NOWHERE")


def test_each_error_kind_has_its_status() -> None:
    assert status_of(ValidationError("x")) == 422
    assert status_of(PermissionDenied("x")) == 403
    assert status_of(NotFound("x")) == 404
    assert status_of(InvalidTransition("order", "a", "b", ())) == 409
    assert status_of(Conflict("x")) == 409
    assert status_of(PolicyViolation("x")) == 409
    assert status_of(InsufficientFunds("x")) == 409
