"""microjob: the rules and the money of a service marketplace.

The public face. Import what you need from here::

    from microjob import Marketplace, presets, money

    market = Marketplace.in_memory(presets.jobindoor())
"""

from microjob.errors import (
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
from microjob.money import Money, allocate, money, percent, quantize, split_commission
from microjob.orders import Attachment, Fault, Order, OrderState
from microjob.policies import (
    CommissionBand,
    DisputeFee,
    MarketplacePolicy,
    PaymentMode,
    RefundTo,
    presets,
)
from microjob.service import Balances, Dashboard, DueReport, Marketplace, Quote
from microjob.users import SYSTEM, User

__version__ = "0.1.0"

__all__ = [
    "SYSTEM",
    "Attachment",
    "Balances",
    "CommissionBand",
    "Conflict",
    "CurrencyMismatch",
    "Dashboard",
    "DisputeFee",
    "DueReport",
    "Fault",
    "InsufficientFunds",
    "InvalidTransition",
    "LedgerIntegrityError",
    "Marketplace",
    "MarketplaceError",
    "MarketplacePolicy",
    "Money",
    "NotFound",
    "Order",
    "OrderState",
    "PaymentMode",
    "PermissionDenied",
    "PolicyViolation",
    "Quote",
    "RefundTo",
    "Role",
    "User",
    "ValidationError",
    "__version__",
    "allocate",
    "money",
    "percent",
    "presets",
    "quantize",
    "split_commission",
]
