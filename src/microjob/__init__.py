"""microjob: the rules and the money of a service marketplace.

The public face. Import what you need from here::

    from microjob import Marketplace, presets, money

    market = Marketplace.in_memory(presets.jobindoor())

The engine logs through the standard ``logging`` module under the ``microjob`` logger
(warnings for refused provider events and failed provider calls); as a library it installs only
a ``NullHandler``: the host decides where records go.
"""

import logging

from microjob.attachments import MagicInspector, check_attachments
from microjob.catalog import (
    AttributeSpec,
    Extra,
    Listing,
    ListingQuote,
    ListingSchema,
    ListingState,
    Package,
)
from microjob.chat import ContactDetailsBlocked, Conversation, Message, MessageStatus
from microjob.disputes import Dispute, DisputeState, Outcome, Ruling
from microjob.errors import (
    Busy,
    Conflict,
    CurrencyMismatch,
    InsufficientFunds,
    InvalidTransition,
    LedgerIntegrityError,
    MarketplaceError,
    NotFound,
    PermissionDenied,
    PolicyViolation,
    ValidationError,
)
from microjob.lifecycle import Role
from microjob.marketplace import DueReport, Marketplace
from microjob.money import (
    Money,
    allocate,
    format_money,
    money,
    percent,
    quantize,
    split_commission,
)
from microjob.orders import Attachment, Fault, Order, OrderState
from microjob.policies import (
    CommissionBand,
    ContactFilter,
    DisputeFee,
    MarketplacePolicy,
    PaymentMode,
    RefundTo,
    presets,
)
from microjob.reputation import ReputationRules, SellerStats, Standing
from microjob.requests import JobRequest, Offer, OfferState, RequestState
from microjob.reviews import Rating, Review
from microjob.search import SortBy
from microjob.services.orders import Dashboard, Quote
from microjob.services.wallet import Balances
from microjob.users import BACK_OFFICE, SYSTEM, BackOffice, User, Viewer

__version__ = "0.1.0"

logging.getLogger("microjob").addHandler(logging.NullHandler())

__all__ = [
    "BACK_OFFICE",
    "SYSTEM",
    "Attachment",
    "AttributeSpec",
    "BackOffice",
    "Balances",
    "Busy",
    "CommissionBand",
    "Conflict",
    "ContactDetailsBlocked",
    "ContactFilter",
    "Conversation",
    "CurrencyMismatch",
    "Dashboard",
    "Dispute",
    "DisputeFee",
    "DisputeState",
    "DueReport",
    "Extra",
    "Fault",
    "InsufficientFunds",
    "InvalidTransition",
    "JobRequest",
    "LedgerIntegrityError",
    "Listing",
    "ListingQuote",
    "ListingSchema",
    "ListingState",
    "MagicInspector",
    "Marketplace",
    "MarketplaceError",
    "MarketplacePolicy",
    "Message",
    "MessageStatus",
    "Money",
    "NotFound",
    "Offer",
    "OfferState",
    "Order",
    "OrderState",
    "Outcome",
    "Package",
    "PaymentMode",
    "PermissionDenied",
    "PolicyViolation",
    "Quote",
    "Rating",
    "RefundTo",
    "ReputationRules",
    "RequestState",
    "Review",
    "Role",
    "Ruling",
    "SellerStats",
    "SortBy",
    "Standing",
    "User",
    "ValidationError",
    "Viewer",
    "__version__",
    "allocate",
    "check_attachments",
    "format_money",
    "money",
    "percent",
    "presets",
    "quantize",
    "split_commission",
]
