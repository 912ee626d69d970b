"""What the tests of placing with the provider first share: a provider that can act while a
charge is in flight, a marketplace with a buyer and a seller, and short reads of the books."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from moneyed import Money

from microjob import BACK_OFFICE, Marketplace, presets
from microjob.adapters.memory import FakeGateway, FrozenClock, GatewayTimeout
from microjob.errors import NotFound
from microjob.orders import Order
from microjob.ports import ChargeResult
from microjob.services.orphan_charges import ORPHAN_GRACE
from tests.pg import Schema

ESCROW = Money("24.10", "USD")  # 20.00 + the Fiverr-like buyer fee on it
PAST_GRACE = ORPHAN_GRACE.in_seconds() + 60


class Provider(FakeGateway):
    """A provider that can run something while a charge is in flight (a webhook arriving
    before the placing commits, time passing) and remembers what the marketplace had stored
    when the charge came."""

    def __init__(self, default: str = "succeeded") -> None:
        super().__init__(default)
        self.during_charge: list[Any] = []
        self.stored_when_charged: list[bool] = []
        self.market: Marketplace | None = None

    def charge(self, subject: str, amount: Money, idempotency_key: str) -> ChargeResult:
        if self.market is not None:
            self.stored_when_charged.append(stored(self.market, subject.partition(":")[2]))
        result = super().charge(subject, amount, idempotency_key)
        for act in self.during_charge:
            act(subject, result)
        return result


class ReplayingProvider(FakeGateway):
    """A provider that answers a refund key it has seen with its first answer (as real ones
    do), can run something while a refund is in flight (``during``: after it acted, before its
    answer returns) and can lose the answer of a refund it carried out (``lose_answer``: the
    keys whose answer is lost, once)."""

    def __init__(self, default: str = "succeeded") -> None:
        super().__init__(default)
        self.answered: dict[str, ChargeResult] = {}
        self.during: dict[str, Callable[[], None]] = {}
        self.lose_answer: set[str] = set()

    def first_refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult:
        """What the provider does the first time it is asked under ``idempotency_key``."""
        return super().refund(reference, amount, idempotency_key)

    def refund(self, reference: str, amount: Money, idempotency_key: str) -> ChargeResult:
        if idempotency_key not in self.answered:
            self.answered[idempotency_key] = self.first_refund(reference, amount, idempotency_key)
            act = self.during.pop(idempotency_key, None)
            if act is not None:
                act()
        if idempotency_key in self.lose_answer:
            self.lose_answer.discard(idempotency_key)
            raise GatewayTimeout(f"refund {idempotency_key}: the answer was lost")
        return self.answered[idempotency_key]

    def refunded(self) -> list[str]:
        """The keys of the refunds the provider carried out."""
        return [k for k, r in self.answered.items() if r.status == "succeeded"]


def with_people(market: Marketplace) -> Marketplace:
    market.users.register("ann", name="Ann", email="ann@example.org")
    market.users.register("bob", name="Bob", email="bob@example.org")
    return market


def market_for(provider: FakeGateway, clock: FrozenClock, **kw: Any) -> Marketplace:
    """A Fiverr-like marketplace in memory on ``provider``, with Ann (buyer) and Bob."""
    market = Marketplace.in_memory(presets.fiverr_like(), clock=clock, gateway=provider, **kw)
    if isinstance(provider, Provider):
        provider.market = market
    return with_people(market)


def place(market: Marketplace) -> Order:
    return market.orders.place(
        actor="ann", seller_id="bob", title="Logo", price="20", delivery_days=3
    )


def reserved(market: Marketplace) -> str:
    """An order id a placing reserved before it died (after the provider took the money)."""
    return market.unit_of_work().orders.next_id()


def escrow_of(market: Marketplace, order_id: str) -> Money:
    with market.unit_of_work() as uow:
        return uow.ledger.balance(f"order:{order_id}:escrow", "USD")


def refunds(provider: FakeGateway) -> list[tuple[str, str, Money, str]]:
    return [call for call in provider.calls if call[0] == "re"]


def stored(market: Marketplace, order_id: str) -> bool:
    try:
        market.orders.get(order_id, viewer=BACK_OFFICE)
    except NotFound:
        return False
    return True


def orphan_charge(market: Marketplace, provider: FakeGateway) -> tuple[str, ChargeResult]:
    """A charge the provider took for an order whose placing died before storing it, and its
    success told by webhook: the order id and the provider's answer."""
    order_id = reserved(market)
    subject = f"order:{order_id}"
    result = provider.charge(subject, ESCROW, f"{subject}:charge")
    market.handle_gateway_event(
        provider.event("charge.succeeded", subject, ESCROW, result.reference)
    )
    return order_id, result


def webhook_first(provider: Provider, market: Marketplace) -> None:
    """The provider's webhook for each charge reaches ``market`` while the placing is in flight."""
    provider.during_charge.append(
        lambda subject, result: market.handle_gateway_event(
            provider.event("charge.succeeded", subject, ESCROW, result.reference)
        )
    )


def run_due_beside(market: Marketplace, ran: list[object]) -> threading.Thread:
    """Another worker's scheduler: ``market.run_due()`` in a thread of its own, started."""
    worker = threading.Thread(target=lambda: ran.append(market.run_due()))
    worker.start()
    return worker


def charged_order(provider: FakeGateway) -> str:
    """The id of the one order ``provider`` was asked to charge."""
    (charged,) = [c for c in provider.calls if c[0] == "ch"]
    return str(charged[1]).partition(":")[2]


class Workers(NamedTuple):
    placing: Marketplace
    other: Marketplace
    provider: Provider
    clock: FrozenClock


@contextlib.contextmanager
def postgres_workers(
    pg_url: str, answer: str = "succeeded", *, early_webhook: bool = True
) -> Iterator[Workers]:
    """Two workers on one throwaway PostgreSQL schema sharing a provider (its charges answered
    ``answer``) and a clock, with Ann and Bob; with ``early_webhook`` the provider's webhook for
    a charge reaches the other worker while the placing worker is in flight."""
    schema = Schema(pg_url)
    clock, provider = FrozenClock(), Provider(answer)
    opened: list[Marketplace] = []
    try:
        for migrate in (True, False):
            opened.append(
                Marketplace.from_url(
                    schema.url,
                    presets.fiverr_like(),
                    clock=clock,
                    gateway=provider,
                    migrate=migrate,
                    store_options=schema.options,
                )
            )
        placing, other = opened
        with_people(placing)
        if early_webhook:
            webhook_first(provider, other)
        yield Workers(placing, other, provider, clock)
    finally:
        for market in opened:
            market.store.close()
        schema.drop()
