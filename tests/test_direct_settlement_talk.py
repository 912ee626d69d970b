"""KiwiGigs (KiwiGigs): "they will proceed to pay the expert directly", yet "no contact details,
with intend to bypass the KiwiGigs platform, should be shared". In direct mode, talk of settling
the booked job's price directly is the rule working; contact details and going around the
booking are still refused."""

from __future__ import annotations

import attrs
import pytest

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.chat import ContactDetailsBlocked
from microjob.policies import ContactFilter

SETTLE = "Thanks! I will pay you the rest of the agreed price by bank transfer tomorrow."


def _chat(policy: object) -> tuple[Marketplace, str]:
    market = Marketplace.in_memory(policy)  # type: ignore[arg-type]
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    return market, market.chat.start(actor="ann", other="bob").id


def test_kiwigigs_lets_the_customer_say_they_will_pay_the_agreed_price_directly() -> None:
    market, cid = _chat(presets.kiwigigs())
    message = market.chat.send(cid, actor="ann", text=SETTLE)
    assert message.status == "delivered"
    assert message.text == SETTLE
    assert market.chat.contact_strikes("ann", viewer=BACK_OFFICE) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Let's skip the site for the next job, call me on +1 415 555 2671",
        "my e-mail is anna.berg@outlook.com",
    ],
)
def test_kiwigigs_still_blocks_contact_details_and_going_around_the_booking(text: str) -> None:
    market, cid = _chat(presets.kiwigigs())
    with pytest.raises(ContactDetailsBlocked):
        market.chat.send(cid, actor="ann", text=text)
    assert market.chat.contact_strikes("ann", viewer=BACK_OFFICE) == 1


def test_in_escrow_mode_paying_outside_the_platform_is_still_flagged() -> None:
    policy = attrs.evolve(presets.fiverr_like(), contact_filter=ContactFilter.BLOCK)
    market, cid = _chat(policy)
    with pytest.raises(ContactDetailsBlocked):
        market.chat.send(cid, actor="ann", text=SETTLE)
