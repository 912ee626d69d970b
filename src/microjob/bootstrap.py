"""Building a marketplace: one context, one service per capability, one wiring table.

[`bootstrap`][microjob.bootstrap.bootstrap] is the only place that knows how the parts fit: it makes
the `Context` (ports, policy, clock, bus), one service per capability
over it, hands each service the others it needs, and wires their reactions
([`microjob.handlers`][microjob.handlers]) into the bus. Everything the rules depend on — the
policy, the reputation rules, the listing schema, the search index, the file inspector, the payment
gateway — is an argument here, so two processes built from the same arguments behave the same.
"""

from __future__ import annotations

import attrs

from microjob.bus import HandlerTable, MessageBus
from microjob.catalog import ListingSchema
from microjob.context import Context
from microjob.handlers import wiring
from microjob.policies import MarketplacePolicy
from microjob.ports import (
    Clock,
    EventPublisher,
    FileInspector,
    Notifier,
    PaymentGateway,
    UnitOfWorkFactory,
)
from microjob.reputation import FIVERR_LIKE, ReputationRules
from microjob.search import SearchIndex
from microjob.services.admin import AdminService
from microjob.services.chat import ChatService
from microjob.services.disputes import DisputeService
from microjob.services.listings import ListingService
from microjob.services.offers import OfferService
from microjob.services.orders import OrderService
from microjob.services.payouts import PayoutService
from microjob.services.reputation import ReputationService
from microjob.services.requests import RequestService
from microjob.services.reviews import ReviewService
from microjob.services.subscriptions import SubscriptionService
from microjob.services.users import UserService
from microjob.services.wallet import WalletService

__all__ = ["Services", "bootstrap"]


@attrs.frozen
class Services:
    """One service per capability, all over the same context."""

    ctx: Context
    users: UserService
    orders: OrderService
    disputes: DisputeService
    wallet: WalletService
    payouts: PayoutService
    chat: ChatService
    listings: ListingService
    requests: RequestService
    offers: OfferService
    reviews: ReviewService
    reputation: ReputationService
    subscriptions: SubscriptionService
    admin: AdminService


def bootstrap(
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
    policy: MarketplacePolicy,
    gateway: PaymentGateway,
    notifier: Notifier,
    publisher: EventPublisher,
    inspector: FileInspector | None = None,
    reputation_rules: ReputationRules = FIVERR_LIKE,
    listing_schema: ListingSchema | None = None,
    search_index: SearchIndex | None = None,
) -> Services:
    """Build every service over one context and wire their reactions into its bus."""
    # The bus exists before the services (they commit through it) and learns its table once
    # they all exist: the wiring below is what it runs.
    bus = MessageBus(HandlerTable(), publisher, notifier)
    ctx = Context(
        uow=uow, clock=clock, policy=policy, gateway=gateway, bus=bus, inspector=inspector
    )
    orders = OrderService(ctx)
    listings = ListingService(
        ctx,
        orders=orders,
        reputation_rules=reputation_rules,
        schema=listing_schema,
        search_index=search_index,
    )
    requests = RequestService(
        ctx, orders=orders, listings=listings, reputation_rules=reputation_rules
    )
    services = Services(
        ctx=ctx,
        users=UserService(ctx),
        orders=orders,
        disputes=DisputeService(ctx),
        wallet=WalletService(ctx),
        payouts=PayoutService(ctx),
        chat=ChatService(ctx),
        listings=listings,
        requests=requests,
        offers=OfferService(
            ctx, requests=requests, orders=orders, reputation_rules=reputation_rules
        ),
        reviews=ReviewService(ctx),
        reputation=ReputationService(ctx, reputation_rules),
        subscriptions=SubscriptionService(ctx),
        admin=AdminService(ctx),
    )
    ctx.wiring = wiring(services)
    bus.wire(ctx.wiring.events)
    return services
