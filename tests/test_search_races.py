"""Two workers on one database and one shared search index, their index writes landing late.

Each worker applies its commands' index updates after they commit, in a transaction of its
own, so a slow worker's update of a card can land after a newer one from another worker. The
index must still end as the committed cards are: a late, older document neither overwrites a
newer edit nor brings back a card paused in the meantime, whether it came from an edit, a
review that refreshed the seller's cards, or a rebuild. Each case runs on SQLite and on
PostgreSQL (``tests/pg.py``); a worker's writes are held back by wrapping its index, and the
last test lets two threads race with random delays instead.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from microjob import Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, RecordingNotifier, RecordingPublisher
from microjob.adapters.sql import SqlSearchIndex, SqlStore
from microjob.errors import InvalidTransition
from microjob.search import SearchDocument, SearchPage, SearchQuery
from tests.pg import Schema, pg_url

__all__ = ["pg_url"]


class Late:
    """A worker's view of the shared index whose writes can be held back and let go later
    (the worker was slow between its commit and its index write)."""

    def __init__(self, inner: SqlSearchIndex, delay: Callable[[], float] | None = None) -> None:
        self.inner = inner
        self.delay = delay
        self.holding = False
        self.held: list[Callable[[], None]] = []

    def index(self, doc: SearchDocument) -> None:
        self._write(lambda: self.inner.index(doc))

    def remove(self, listing_id: str, stamp: int | None = None) -> None:
        if stamp is None:  # as an index written before stamps is called
            self._write(lambda: self.inner.remove(listing_id))
        else:
            self._write(lambda: self.inner.remove(listing_id, stamp))

    def search(self, query: SearchQuery) -> SearchPage:
        return self.inner.search(query)

    def count(self) -> int:
        return self.inner.count()

    def _write(self, write: Callable[[], None]) -> None:
        if self.holding:
            self.held.append(write)
            return
        if self.delay is not None:
            time.sleep(self.delay())
        write()

    def release(self) -> None:
        self.holding = False
        held, self.held = self.held, []
        for write in held:
            write()


class Worker:
    def __init__(self, url: str, options: dict[str, object], clock: FrozenClock) -> None:
        self.store = SqlStore(url, **options)  # type: ignore[arg-type]
        self.index = Late(self.store.search_index())
        self.market = Marketplace(
            uow=self.store.unit_of_work,
            clock=clock,
            policy=presets.fiverr_like(),
            gateway=FakeGateway(),
            notifier=RecordingNotifier(),
            publisher=RecordingPublisher(),
            search_index=self.index,
        )

    def found(self, text: str = "", **filters: object) -> int:
        """How many cards the shared index itself matches (not filtered by the catalogue)."""
        return self.index.search(SearchQuery(text=text, **filters)).total  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "postgres"])
def workers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Worker, Worker]]:
    clock = FrozenClock()
    if request.param == "sqlite":
        url, options, schema = f"sqlite:///{tmp_path / 'market.db'}", {}, None
    else:
        schema = Schema(request.getfixturevalue("pg_url"))
        url, options = schema.url, dict(schema.options)
    first = Worker(url, {**options, "synchronous": "NORMAL"} if schema is None else options, clock)
    second = Worker(url, {**options, "synchronous": "NORMAL"} if schema is None else options, clock)
    market = first.market
    for user in ("ann", "bob", "cid"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    yield first, second
    first.store.close()
    second.store.close()
    if schema is not None:
        schema.drop()


def _publish(worker: Worker, title: str = "Minimalist logo design") -> str:
    listing = worker.market.listings.create(
        actor="ann",
        title=title,
        description="Made to order.",
        category="design",
        price="40",
        delivery_days=3,
        submit=True,
    )
    return listing.id


def _completed_order(worker: Worker, listing_id: str, buyer: str) -> str:
    m = worker.market
    order = m.listings.order(listing_id, actor=buyer)
    m.orders.start(order.id, actor="ann")
    m.orders.deliver(order.id, actor="ann", message="done")
    m.orders.accept(order.id, actor=buyer)
    return order.id


def test_a_late_older_edit_does_not_overwrite_a_newer_one(workers: tuple[Worker, Worker]) -> None:
    slow, fast = workers
    card = _publish(slow)
    slow.index.holding = True
    slow.market.listings.edit(card, actor="ann", title="Alpha logo design")
    fast.market.listings.edit(card, actor="ann", title="Beta logo design")
    slow.index.release()  # the edit committed first lands last
    assert fast.found("beta") == 1
    assert fast.found("alpha") == 0


def test_a_late_document_does_not_bring_back_a_paused_card(
    workers: tuple[Worker, Worker],
) -> None:
    slow, fast = workers
    card = _publish(slow)
    slow.index.holding = True
    slow.market.listings.edit(card, actor="ann", title="Alpha logo design")
    fast.market.listings.pause(card, actor="ann")
    slow.index.release()
    assert fast.found("logo") == 0
    fast.market.listings.resume(card, actor="ann")  # and it comes back when it should
    assert fast.found("alpha") == 1


def test_a_late_document_of_a_card_never_indexed_does_not_appear_after_its_removal(
    workers: tuple[Worker, Worker],
) -> None:
    slow, fast = workers
    slow.index.holding = True
    card = _publish(slow)  # its first document is held
    fast.market.listings.pause(card, actor="ann")  # removes a card the index never had
    slow.index.release()
    assert fast.found("logo") == 0


def test_a_late_refresh_by_a_review_neither_reverts_the_rating_nor_resurrects(
    workers: tuple[Worker, Worker],
) -> None:
    """A review refreshes every card of the seller (the rating is in each document) without
    changing the cards: the stamp still orders it after the card edits and earlier reviews."""
    slow, fast = workers
    card = _publish(slow)
    other = _publish(slow, "Mascot illustration")
    first, second = (_completed_order(slow, card, buyer) for buyer in ("bob", "cid"))
    slow.index.holding = True
    slow.market.reviews.write(first, actor="bob", stars=5)  # rating 5.00
    fast.market.reviews.write(second, actor="cid", stars=1)  # rating 3.00
    fast.market.listings.pause(other, actor="ann")
    slow.index.release()
    assert fast.found("logo") == 1
    assert fast.found("logo", min_rating=3) == 1
    assert fast.found("logo", min_rating=4) == 0  # not the older 5.00
    assert fast.found("mascot") == 0  # the held refresh had the paused card too


def test_a_rebuild_that_read_before_an_edit_does_not_undo_it(
    workers: tuple[Worker, Worker],
) -> None:
    slow, fast = workers
    card = _publish(slow, "Alpha logo design")
    slow.index.holding = True
    slow.market.listings.rebuild_search_index()  # read now, written late
    fast.market.listings.edit(card, actor="ann", title="Beta logo design")
    slow.index.release()
    assert fast.found("beta") == 1
    assert fast.found("alpha") == 0


def _letter(step: int) -> str:
    return chr(ord("a") + step)


def test_two_workers_racing_on_one_card_leave_the_index_as_the_card_is(
    workers: tuple[Worker, Worker],
) -> None:
    """Two threads edit, pause and resume one card through two workers whose index writes
    land after random delays; after each round the index holds exactly the stored card."""
    first = workers[0]
    card = _publish(first)
    chance = random.Random(7)
    for worker in workers:
        worker.index.delay = lambda: chance.random() * 0.01
    errors: list[BaseException] = []
    steps = 6

    def run(worker: Worker, name: str) -> None:
        listings = worker.market.listings
        try:
            for step in range(steps):
                listings.edit(card, actor="ann", title=f"Logo {name}{_letter(step)} design")
                if step % 3 == 2:
                    for move in (listings.pause, listings.resume):
                        with contextlib.suppress(InvalidTransition):  # the other was first
                            move(card, actor="ann")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    for round_ in range(4):
        # Title words of one length, so that no word is completed to another.
        names = [f"a{_letter(round_)}", f"b{_letter(round_)}"]
        threads = [
            threading.Thread(target=run, args=(worker, name))
            for worker, name in zip(workers, names, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        stored = first.market.listings.get(card, viewer="ann")
        last_word = stored.title.split()[1].lower()
        live = int(stored.is_live)
        assert first.found("logo") == live
        for name in names:
            for step in range(steps):
                word = f"{name}{_letter(step)}"
                assert first.found(word) == (live if word == last_word else 0), (round_, word)
        if not live:  # paused last: resuming shows the last edit
            first.market.listings.resume(card, actor="ann")
            assert first.found(last_word) == 1


def test_a_rebuild_removes_a_card_whose_removal_never_reached_the_shared_index(
    workers: tuple[Worker, Worker],
) -> None:
    """The worker that paused a card died between its commit and its index write: the card
    stays findable though it is paused. A rebuild (by any worker) removes it, so searches and
    their totals agree with the store again."""
    first, second = workers
    card = _publish(first, "Alpha logo design")
    _publish(first, "Beta logo design")
    first.index.holding = True
    first.market.listings.pause(card, actor="ann")
    first.index.held.clear()  # the removal is lost with the worker
    first.index.holding = False
    assert second.found("logo") == 2
    assert second.market.listings.rebuild_search_index() == 1
    assert second.found("logo") == 1
    assert second.found("alpha") == 0
    first.market.listings.resume(card, actor="ann")  # and it comes back when it should
    assert second.found("alpha") == 1


def _review_held_while_editing(
    slow: Worker, fast: Worker, review: Callable[[], object], edit: Callable[[], object]
) -> None:
    """Run ``review`` on ``slow``, held inside its unit of work once it has read its documents
    (so it holds what it locked), start ``edit`` on ``fast`` meanwhile, then let both finish."""
    index = slow.market.listings.index
    compute = index._index_updates
    inside, go = threading.Event(), threading.Event()

    def held(uow: Any, listing_ids: Any, sellers: Any) -> Any:
        updates = compute(uow, listing_ids, sellers)
        if tuple(sellers):  # the review's refresh of the seller's cards
            inside.set()
            assert go.wait(20)
        return updates

    index._index_updates = held  # type: ignore[method-assign]
    errors: list[BaseException] = []

    def run(work: Callable[[], object]) -> None:
        try:
            work()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    first = threading.Thread(target=run, args=(review,))
    first.start()
    assert inside.wait(20)
    second = threading.Thread(target=run, args=(edit,))
    second.start()
    time.sleep(0.5)  # the edit is now waiting for the review's locks, if it takes any
    go.set()
    first.join(30)
    second.join(30)
    assert errors == []


def test_an_edit_committed_while_a_review_holds_the_sellers_level_keeps_both(
    workers: tuple[Worker, Worker],
) -> None:
    """A review and an edit of one of the seller's cards, in flight together on two workers.

    The review's unit of work marks the seller's level record (locking it) and refreshes the
    seller's cards; the edit's re-index reads the same level record. Each document must be read
    after the other command committed, or both come out with the same stamp and one of them is
    lost: the edit's document read the reviews *before* it waited for the level record, so it
    missed the review, while the review's document had the card as it was before the edit.
    Whichever lands last, the index must end with the new title and the rating.
    """
    slow, fast = workers
    card = _publish(slow, "Alpha logo design")
    first, second = (_completed_order(slow, card, buyer) for buyer in ("bob", "cid"))
    slow.market.reviews.write(first, actor="bob", stars=5)
    _review_held_while_editing(
        slow,
        fast,
        lambda: slow.market.reviews.write(second, actor="cid", stars=1),
        lambda: fast.market.listings.edit(card, actor="ann", title="Beta logo design"),
    )
    assert fast.found("beta") == 1
    assert fast.found("alpha") == 0
    assert fast.found("beta", min_rating=3) == 1  # (5 + 1) / 2: the review is in
    assert fast.found("beta", min_rating=4) == 0


def _bought_from_bob(worker: Worker, buyer: str) -> str:
    """``buyer`` orders from bob and the order completes: bob may review ``buyer``."""
    m = worker.market
    order = m.orders.place(
        actor=buyer, seller_id="bob", title="Proofreading", price="20", delivery_days=2
    )
    m.orders.start(order.id, actor="bob")
    m.orders.deliver(order.id, actor="bob", message="done")
    m.orders.accept(order.id, actor=buyer)
    return order.id


@pytest.mark.parametrize("change", ["edit", "pause"])
def test_the_first_review_of_a_seller_who_never_sold_races_a_change_of_their_card(
    workers: tuple[Worker, Worker], change: str
) -> None:
    """ann has a card but has never sold, so nothing had created her level record; bob
    reviews her as a buyer while she edits (or pauses) the card. There must be a row for the
    two commands to take turns on, or the review's refresh, read with the card as it was,
    outranks the edit (or brings the paused card back)."""
    slow, fast = workers
    card = _publish(slow, "Alpha logo design")
    order = _bought_from_bob(slow, "ann")
    listings = fast.market.listings
    _review_held_while_editing(
        slow,
        fast,
        lambda: slow.market.reviews.write(order, actor="bob", stars=4),
        (
            (lambda: listings.edit(card, actor="ann", title="Beta logo design"))
            if change == "edit"
            else (lambda: listings.pause(card, actor="ann"))
        ),
    )
    if change == "edit":
        assert fast.found("beta") == 1
        assert fast.found("alpha") == 0
        assert fast.found("beta", min_rating=4) == 1  # the review is in
    else:
        assert fast.found("logo") == 0
        listings.resume(card, actor="ann")
        assert fast.found("alpha", min_rating=4) == 1
