"""A real browser through the reference app: an operator signs in to the console, approves a
card and rules a dispute, and the money lands where the ruling says.

Debian's Chromium, driven by Playwright (no browser download: ``executable_path``), against the
app served by uvicorn on a loopback port. Without Chromium or Playwright the test is skipped —
unless ``MICROJOB_REQUIRE_BROWSER=1`` (as in CI), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from microjob import BACK_OFFICE
from microjob.disputes import Ruling, ruling_parts

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("MICROJOB_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORDS = {"ann": "ann-demo-password", "bob": "bob-demo-password", "admin": "admin-demo-password"}


def _missing(why: str) -> None:
    if os.environ.get("MICROJOB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"MICROJOB_REQUIRE_BROWSER=1 but {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any, dict[str, str]]]:
    """The reference app on SQLite, seeded with the demo story, on a free loopback port."""
    try:
        import uvicorn

        sys.path.insert(0, str(ROOT / "examples" / "webapp"))
        from refapp.main import create_app
        from refapp.seed import seed
        from refapp.settings import Settings
    except ImportError as error:
        _missing(f"the reference app's requirements are not installed ({error.name})")
    folder = tmp_path_factory.mktemp("browser-app")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'market.db'}",
        secret_key=os.urandom(32),
        webhook_secret=os.urandom(32),
        demo=True,
    )
    app = create_app(settings)
    made = seed(app.state.market)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the reference app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app, made
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install playwright)")
    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh --user-data-dir
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
        )
        context.set_default_timeout(20_000)
        try:
            yield context.new_page()
        finally:
            context.close()


def test_an_operator_approves_a_card_and_rules_a_dispute_in_the_browser(
    served: tuple[str, Any, dict[str, str]], page: Any
) -> None:
    base, app, made = served
    market = app.state.market
    dispute = market.disputes.get(made["dispute"], viewer="admin")
    order = market.orders.get(dispute.order_id, viewer="admin")
    parts = ruling_parts(order, Ruling.split("expected", buyer_share="0.4"))
    before = {u: market.wallet.balances(u, viewer=u) for u in ("ann", "bob")}

    page.goto(f"{base}/console/disputes")
    assert "/login?next=" in page.url  # not signed in: to the host's login
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", PASSWORDS["admin"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/console/disputes")
    assert "signed in as admin" in page.inner_text("header")

    page.click("nav >> text=Cards to moderate")
    card = page.locator(f"#listing-{made['listing']}")
    card.locator("button", has_text="Approve and publish").click()
    page.wait_for_url(f"{base}/console/listings")
    assert "is published" in page.inner_text("[role=status]")
    assert market.listings.get(made["listing"]).state == "published"

    page.click("nav >> text=Open disputes")
    ruling = page.locator(f"#dispute-{made['dispute']}")
    assert "The sketch is half the work" in ruling.inner_text()  # the seller's evidence
    ruling.locator("input[name=outcome][value=split]").check()
    ruling.locator("input[name=buyer_share]").fill("0.4")
    ruling.locator("input[name=reason]").fill("Half the work was delivered")
    ruling.locator("button", has_text="Rule").click()
    page.wait_for_url(f"{base}/console/disputes")
    assert "is decided: split" in page.inner_text("[role=status]")

    page.click("nav >> text=Overview")
    assert "The ledger verifies" in page.inner_text("#ledger")

    # The money, read back through the API as each party sees it.
    page.goto(f"{base}/docs")  # any page: the API calls below go through the browser too
    balances = {}
    for user in ("ann", "bob"):
        answer = page.request.post(
            f"{base}/auth/token", data={"username": user, "password": PASSWORDS[user]}
        )
        token = answer.json()["access_token"]
        shown = page.request.get(
            f"{base}/users/{user}/balances", headers={"Authorization": f"Bearer {token}"}
        )
        assert shown.status == 200
        balances[user] = shown.json()
    ann_gain = market.wallet.balances("ann", viewer="ann").available - before["ann"].available
    bob_gain = market.wallet.balances("bob", viewer="bob").clearing - before["bob"].clearing
    assert (ann_gain, bob_gain) == (parts.buyer, parts.seller)
    assert balances["ann"]["available"] == str(parts.buyer.amount)  # 40 % of the price: 80.00
    assert balances["bob"]["clearing"] == str(parts.seller.amount)  # 60 %, less commission
    revenue = sum(market.admin.revenue(viewer=BACK_OFFICE).values(), parts.buyer - parts.buyer)
    assert revenue == parts.commission + parts.fees + parts.dispute_fee
    market.admin.verify()
