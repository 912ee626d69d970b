"""One log record per command: name, subject, actor, outcome, duration; no text or money."""

from __future__ import annotations

import logging

import pytest

from microjob import Marketplace, PermissionDenied, presets


@pytest.fixture
def market() -> Marketplace:
    market = Marketplace.in_memory(presets.fiverr_like())
    for user in ("ann", "bob", "cy"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    return market


def test_each_command_writes_one_record_with_its_subject_actor_and_outcome(
    market: Marketplace, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="microjob.commands"):
        order = market.orders.place(
            actor="ann",
            seller_id="bob",
            title="Logo for +36 30 123 4567",
            price="123.45",
            delivery_days=3,
        )
        market.orders.start(order.id, actor="bob")
        with pytest.raises(PermissionDenied):
            market.orders.deliver(order.id, actor="cy", message="mail me at cy@example.org")
    records = [r for r in caplog.records if r.name == "microjob.commands"]
    seen = [
        (r.command, r.subject, r.actor, r.outcome)  # type: ignore[attr-defined]
        for r in records
    ]
    assert seen == [
        ("orders.place", order.id, "ann", "ok"),
        ("orders.start", order.id, "bob", "ok"),
        ("orders.deliver", order.id, "cy", "PermissionDenied"),
    ]
    assert all(r.levelno == logging.INFO for r in records)
    assert all(r.duration_ms >= 0 for r in records)  # type: ignore[attr-defined]
    text = "\n".join(r.getMessage() for r in records)
    for secret in ("4567", "cy@example.org", "Logo", "123.45"):
        assert secret not in text.replace(order.id, "")


def test_no_record_when_the_logger_is_not_enabled(
    market: Marketplace, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="microjob.commands"):
        market.orders.place(actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3)
    assert not [r for r in caplog.records if r.name == "microjob.commands"]


def test_a_held_message_is_a_warning_that_names_the_kind_of_detail_not_the_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    market = Marketplace.in_memory(presets.webpark())
    for user in ("ann", "bob"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    chat = market.chat.start(actor="ann", other="bob")
    with caplog.at_level(logging.WARNING, logger="microjob"):
        held = market.chat.send(chat.id, actor="ann", text="write to ann.berg@example.org")
    assert held.status == "held"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert held.id in warnings[0]
    assert "email" in warnings[0]
    assert "ann.berg" not in warnings[0]


def test_the_deposit_queue_is_for_admins(market: Marketplace) -> None:
    from microjob import BACK_OFFICE

    market.users.register("ops", name="Ops", email="ops@example.org", is_admin=True)
    first = market.wallet.announce_deposit(actor="ann", amount="50", through_gateway=False)
    second = market.wallet.announce_deposit(actor="bob", amount="20", through_gateway=False)
    assert market.wallet.to_review(viewer="ops") == [first, second]
    market.wallet.confirm_deposit(first.id, actor="ops")
    assert market.wallet.to_review(viewer=BACK_OFFICE) == [second]
    with pytest.raises(PermissionDenied):
        market.wallet.to_review(viewer="ann")
