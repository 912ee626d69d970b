"""The console's page of refunds the provider refused for good: every refund it lists can be
sent again from its own button, whatever the provider's charge reference looks like."""

from __future__ import annotations

import logging
import re

import pytest
from moneyed import Money
from starlette.testclient import TestClient

from microjob import BACK_OFFICE, presets
from microjob.console import create_console
from microjob.console.actions import resend_refund
from microjob.context import COVERED, pending_refunds_repo
from microjob.orders import Order
from tests.conftest import World
from tests.test_console import ADMIN, post, refused_world, who

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize(
    "reference",
    [
        "pi_3N+abc/def==",  # base64-like references carry '+', '/' and '='
        "ch_" + "9" * 120,  # a long one (the gateway accepts up to 255 characters)
    ],
)
def test_a_refused_orphan_refund_can_be_sent_again_from_its_page(reference: str) -> None:
    w = World(presets.fiverr_like())
    order_id = w.market.unit_of_work().orders.next_id()  # a placing that died after its charge
    amount = Money("24.10", "USD")
    w.market.handle_gateway_event(
        w.gateway.event("charge.succeeded", f"order:{order_id}", amount, reference)
    )
    w.gateway.default = "failed"  # the card is closed
    for _ in range(24 * 4):  # a scheduler, every 15 minutes for a day
        w.clock.advance(minutes=15)
        w.market.run_due()
    [refused] = w.market.admin.refused_refunds(viewer=BACK_OFFICE)
    assert refused.reference == reference
    with TestClient(create_console(w.market, admin_of=who)) as client:
        page = client.get("/refunds", headers=ADMIN).text
        found = re.search(r'action="([^"]*/refunds/[^"]*/resend)"', page)
        assert found, "the refused refund has no resend form"
        w.gateway.default = "succeeded"  # the buyer gave a new card
        answer = post(client, found.group(1), page)
        assert answer.status_code == 303, answer.status_code  # type: ignore[attr-defined]
    assert w.market.admin.refused_refunds(viewer=BACK_OFFICE) == []


class _ChargebackMeanwhile(logging.Handler):
    """The provider's chargeback of the order's charge, handled by another worker right after
    the operator's resend committed and before the refund goes out."""

    def __init__(self, w: World, order: Order) -> None:
        super().__init__()
        self.w, self.order, self.done = w, order, False

    def emit(self, record: logging.LogRecord) -> None:
        if self.done or "sent again by" not in record.getMessage():
            return
        self.done = True
        reversal = self.w.gateway.event(
            "charge.reversed",
            f"order:{self.order.id}",
            self.order.escrow_total,
            self.order.charge_ref or "",
        )
        assert self.w.market.handle_gateway_event(reversal) == "applied"


def test_the_notice_of_a_resend_a_chargeback_covered_meanwhile_does_not_say_refused() -> None:
    w, order = refused_world()
    [refused] = w.market.admin.refused_refunds(viewer=BACK_OFFICE)
    meanwhile = _ChargebackMeanwhile(w, order)
    log = logging.getLogger("microjob")
    level = log.level
    log.addHandler(meanwhile)
    log.setLevel(logging.INFO)
    try:
        notice = resend_refund(w.market, "admin", refused.id, {})
    finally:
        log.removeHandler(meanwhile)
        log.setLevel(level)
    assert meanwhile.done, "the scenario did not happen"
    with w.market.unit_of_work() as uow:
        now = pending_refunds_repo(uow).find(refused.id)
    assert now is not None
    assert now.state == COVERED
    assert "refused" not in notice, notice  # nothing was sent: the chargeback gave it back
