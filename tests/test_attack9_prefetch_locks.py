"""`UnitOfWork.prefetch` on PostgreSQL locks the records it reads (``FOR UPDATE``) in
(kind, id) order, all at once. `ReputationService.count_closed_order` now prefetches its
seller's ``seller_tally``, ``seller_level`` (and a ``totals`` stripe), so it locks the level
*before* the tally. Every other path that touches both locks them the other way round, the
order the handlers read them in: `count_review` bumps the tally (`_bump`) and then marks the
level (`_mark`), and `count_closed_order` itself did the same before the prefetch. Two
commands on one seller — a review published while one of the seller's orders completes —
then wait for each other in a cycle, and PostgreSQL aborts one of them ("deadlock detected",
a `Conflict` the buyer or reviewer sees). Before the prefetch both took the tally first, so
the second waited for the first and both committed.

What must hold: a completion and a review of one seller, interleaved as below, both commit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import attrs
import pendulum
import pytest

from microjob import Marketplace, events, money, presets
from microjob.adapters.memory import FakeGateway, FrozenClock
from microjob.services import reputation as reputation_module
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]

QUICK = attrs.evolve(presets.fiverr_like(), clearance_days=0)
T0 = pendulum.datetime(2026, 3, 2, 9, tz="UTC")


@pytest.fixture
def market(pg_url: str) -> Iterator[Marketplace]:
    schema = Schema(pg_url)
    found = Marketplace.from_url(
        schema.url,
        QUICK,
        clock=FrozenClock(T0),
        gateway=FakeGateway(),
        migrate=True,
        store_options=schema.options,
    )
    yield found
    found.store.close()
    schema.drop()


def test_a_completion_and_a_review_of_one_seller_do_not_deadlock(
    market: Marketplace, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ann", "bob"):
        market.users.register(name, name=name.title(), email=f"{name}@example.org")
    order = market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="10", delivery_days=3
    )
    market.orders.start(order.id, actor="bob")
    market.orders.deliver(order.id, actor="bob", message="done")
    market.orders.accept(order.id, actor="ann")  # bob's tally, level and a totals stripe exist
    rep = market.reputation
    now = T0.add(hours=1)
    completed = events.OrderCompleted(now, "ann", order.id, "bob", money("10", "USD"))
    review = events.ReviewPublished(now, "ann", "r1", "bob", 5, now)

    review_holds_tally = threading.Event()
    completion_started = threading.Event()
    levels = reputation_module._levels

    def levels_after_the_tally(uow: Any) -> Any:
        # The review's unit of work has bumped (and locked) the tally; let the completion
        # start and reach its locks before the review goes on to the level.
        if threading.current_thread().name == "review":
            review_holds_tally.set()
            completion_started.wait(10)
            time.sleep(0.5)
        return levels(uow)

    monkeypatch.setattr(reputation_module, "_levels", levels_after_the_tally)
    outcomes: dict[str, str] = {}

    def review_side() -> None:
        try:
            with market.unit_of_work() as uow:
                rep.count_review(uow, review)
                uow.commit()
            outcomes["review"] = "ok"
        except Exception as exc:
            outcomes["review"] = f"{type(exc).__name__}: {exc}"

    def completion_side() -> None:
        review_holds_tally.wait(10)
        completion_started.set()
        try:
            with market.unit_of_work() as uow:
                rep.count_closed_order(uow, completed)
                rep.add_to_totals(uow, completed)
                uow.commit()
            outcomes["completion"] = "ok"
        except Exception as exc:
            outcomes["completion"] = f"{type(exc).__name__}: {exc}"

    threads = [
        threading.Thread(target=review_side, name="review"),
        threading.Thread(target=completion_side, name="completion"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert outcomes == {"review": "ok", "completion": "ok"}, outcomes
