"""Marketplace policies: every fee, timer and limit that differs from one marketplace to the next.

A [`MarketplacePolicy`][microjob.policies.MarketplacePolicy] is a frozen value. An order keeps a
reference to the policy it was placed under, so an operator who lowers the commission tomorrow
changes new orders only, never the ones already running (the same frozen object is shared, so the
snapshot costs nothing).

Change one rule with `attrs.evolve`::

    policy = attrs.evolve(presets.jobindoor(), commission_rate=Decimal("0.12"))

The presets reproduce the four seed systems and a Fiverr-like marketplace; see
``docs/policies.md`` for them side by side.
"""

from __future__ import annotations

import enum
import itertools
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
from moneyed import Money

from microjob.errors import CurrencyMismatch, ValidationError
from microjob.money import _apply_rate, minor_places, money, plain, quantize, rate, zero

__all__ = [
    "CommissionBand",
    "ContactFilter",
    "DisputeFee",
    "MarketplacePolicy",
    "PaymentMode",
    "RefundTo",
    "presets",
]


class PaymentMode(enum.Enum):
    """How the price travels.

    ``ESCROW``: the buyer pays the platform, which holds the money until the order closes.
    ``DIRECT``: the buyer pays only the platform's booking fee through the platform and settles
    the price with the seller directly (KiwiGigs).
    """

    ESCROW = "escrow"
    DIRECT = "direct"


class RefundTo(enum.Enum):
    """Where a refund goes: the buyer's cash account on the site, or the original payment."""

    WALLET = "wallet"
    ORIGINAL = "original"


class DisputeFee(enum.Enum):
    """What the platform keeps when an admin rules on a dispute.

    ``NONE``: nothing on the part refunded to the buyer; commission only on what the seller gets.
    ``COMMISSION_ALWAYS``: the commission on the full price, whoever wins (Jobindoor's 10 %).
    ``FIXED``: a fixed dispute fee (``dispute_fee_amount``, at most the price) comes off the
    escrow before it is split, so both sides bear it in proportion to what they receive; the
    commission is then taken on the seller's part only.
    """

    NONE = "none"
    COMMISSION_ALWAYS = "commission_always"
    FIXED = "fixed"


MAX_AMOUNT_MINOR_UNITS = 10**15
"""No order may exceed this many minor units (10 trillion dollars): far beyond any real order,
and far enough below the ledger's 64-bit integers that sums over many orders still fit."""


def _default_max_order(policy: Any) -> Money:
    return Money(1_000_000, policy.currency)


def _money_value(value: Any) -> Money:
    converted = _optional_money(value)
    if converted is None:
        raise ValidationError("max_order_amount is an amount, e.g. Money('5000', 'USD')")
    return converted


class ContactFilter(enum.Enum):
    """What the chat does with a message the contact scanner flags (see
    [`microjob.chat`][microjob.chat]).

    ``ALLOW``: deliver it as typed, but count a strike against the sender.
    ``MASK``: deliver it with the contact details replaced by ``[contact removed]``.
    ``BLOCK``: refuse it and tell the sender why (KiwiGigs: no contact details).
    ``HOLD``: keep it for a moderator; the recipient sees it only once approved (Web Park's
    manual check of correspondence).
    """

    ALLOW = "allow"
    MASK = "mask"
    BLOCK = "block"
    HOLD = "hold"


def _contact_filter(value: Any) -> ContactFilter:
    if isinstance(value, ContactFilter):
        return value
    if isinstance(value, str):
        try:
            return ContactFilter(value.strip().lower())
        except ValueError:
            pass
    raise ValidationError(
        f"contact_filter {value!r} is not a ContactFilter; use one of "
        f"{', '.join(f.value for f in ContactFilter)}"
    )


_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}")


def _domains(value: Any) -> tuple[str, ...]:
    """The platform's own domains, lower case, without ``www.``; a bare string is refused
    because ``tuple("site.com")`` would silently become nine one-letter "domains"."""
    if isinstance(value, str) or not isinstance(value, (tuple, list, set, frozenset)):
        raise ValidationError(
            f"allowed_domains must be a tuple of domains such as ('example.com',), got {value!r}"
        )
    out: list[str] = []
    for item in value:
        domain = item.strip().lower().removeprefix("www.") if isinstance(item, str) else ""
        if not _DOMAIN.fullmatch(domain):
            raise ValidationError(
                f"allowed_domains: {item!r} is not a domain name; write it like 'example.com' "
                "(no scheme, no path)"
            )
        out.append(domain)
    return tuple(dict.fromkeys(out))


PAYOUT_MINIMUM_MEANINGS = ("request", "balance")
"""What a payout minimum is measured against: each request's amount, or the available balance."""


def _holiday_dates(value: object) -> frozenset[date]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError("holidays must be a collection of dates, e.g. {date(2026, 3, 15)}")
    days = frozenset(value)
    for day in days:
        if not isinstance(day, date) or isinstance(day, datetime):
            raise ValidationError(f"holidays must be dates (not times), got {day!r}")
    return days


def _minimum_meaning(value: Any) -> str:
    if isinstance(value, str) and value.strip().lower() in PAYOUT_MINIMUM_MEANINGS:
        return value.strip().lower()
    raise ValidationError(
        f"payout_minimum_applies_to must be 'request' (each payout request reaches the minimum) "
        f"or 'balance' (the available balance reaches it), got {value!r}"
    )


def _to_rate(value: Any) -> Decimal:
    return rate(value)


def _to_optional_int(value: Any) -> int | None:
    if value is None:
        return None
    return _to_int(value)


def _to_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"expected a whole number, got {value!r}")
    if value < 0:
        raise ValidationError(f"expected zero or more, got {value}")
    return value


@attrs.frozen
class CommissionBand:
    """From ``above`` (exclusive of what lies below it) the marginal commission is ``rate``.

    Bands are marginal, like Upwork's old sliding fee: with bands (0 → 20 %, 500 → 10 %), a
    1,000 order pays 20 % of the first 500 and 10 % of the next 500.
    """

    above: Decimal = attrs.field(converter=_to_rate)
    rate: Decimal = attrs.field(converter=_to_rate)


def _bands(value: Any) -> tuple[CommissionBand, ...]:
    bands = tuple(
        band if isinstance(band, CommissionBand) else CommissionBand(*band) for band in value
    )
    if bands and bands[0].above != 0:
        raise ValidationError("the first commission band must start at 0")
    for low, high in itertools.pairwise(bands):
        if high.above <= low.above:
            raise ValidationError("commission bands must be in increasing order of 'above'")
    return bands


def _optional_money(value: Any) -> Money | None:
    if value is None:
        return None
    return money(value)


def _minimums(value: Mapping[str, Any]) -> Mapping[str, Money]:
    return {str(k): money(v) for k, v in value.items()}


def _rates(value: Mapping[str, Any]) -> Mapping[str, Decimal]:
    return {str(k): rate(v) for k, v in value.items()}


def _day_counts(value: Mapping[str, Any]) -> Mapping[str, int]:
    return {str(k): _to_int(v) for k, v in value.items()}


def _in_policy_currency(instance: Any, attribute: Any, value: Any) -> None:
    """Payout amounts must be in the policy's currency (checked after every field is set)."""
    amounts = value.items() if isinstance(value, Mapping) else [("", value)]
    for key, amount in amounts:
        if amount is not None and amount.currency.code != instance.currency:
            where = f"{attribute.name}[{key!r}]" if key else attribute.name
            raise ValidationError(
                f"{where} is in {amount.currency.code} but the policy's currency is "
                f"{instance.currency}"
            )


@attrs.frozen(kw_only=True)
class MarketplacePolicy:
    """The rules of one marketplace. All amounts are in ``currency``; all rates are fractions."""

    name: str
    currency: str = "USD"
    payment_mode: PaymentMode = PaymentMode.ESCROW

    # -- fees -----------------------------------------------------------------------------
    commission_rate: Decimal = attrs.field(default=Decimal("0.20"), converter=_to_rate)
    """Share of the price the platform keeps from the seller (``0.10`` = 10 %)."""
    commission_bands: tuple[CommissionBand, ...] = attrs.field(default=(), converter=_bands)
    """Optional marginal bands by order value; when given they replace ``commission_rate``."""
    buyer_fee_rate: Decimal = attrs.field(default=Decimal(0), converter=_to_rate)
    """Service fee the buyer pays on top of the price."""
    small_order_fee: Money | None = attrs.field(default=None, converter=_optional_money)
    small_order_threshold: Money | None = attrs.field(default=None, converter=_optional_money)
    """Orders priced *below* the threshold also pay the small-order fee (buyer side)."""
    booking_fee_rate: Decimal = attrs.field(default=Decimal(0), converter=_to_rate)
    """Direct mode only: the platform's fee, paid through the platform, deducted from the price."""

    # -- timers ---------------------------------------------------------------------------
    payment_window_hours: int | None = attrs.field(default=24, converter=_to_optional_int)
    """An order not paid within this many hours is cancelled (None: never)."""
    start_within_hours: int | None = attrs.field(default=None, converter=_to_optional_int)
    """A paid order the seller has not started in time is cancelled and refunded."""
    auto_complete_days: int | None = attrs.field(default=3, converter=_to_optional_int)
    """A delivery the buyer neither accepts nor contests is accepted after this many days."""
    clearance_days: int = attrs.field(default=0, converter=_to_int)
    """Earnings wait this many days in ``pending`` before they become ``available``."""
    timers_in_business_days: bool = False
    """Count the order's day timers (the delivery countdown, revisions, extensions,
    auto-complete) in working days (Monday to Friday) instead of calendar days. Jobindoor's
    countdown runs "from the delivery time to zero" in calendar days, so no preset sets it."""
    clearance_in_business_days: bool = False
    """Count ``clearance_days`` in working days. Kept apart from the order timers because a
    marketplace can promise money "in a few working days" (Jobindoor: "néhány munkanap")
    while its delivery countdown runs through the weekend. Payout arrival is always counted
    in working days (``payout_business_days``)."""
    holidays: frozenset[date] = attrs.field(factory=frozenset, converter=_holiday_dates)
    """Dates that business-day counts skip besides weekends (order timers, clearance and payout
    arrival, where those count working days): e.g.
    ``microjob.timecalc.holiday_calendar("HU", range(2026, 2031))`` (the ``calendars`` extra)."""
    revision_limit: int | None = attrs.field(default=None, converter=_to_optional_int)
    """How many times the buyer may send a delivery back (None: unlimited)."""
    revision_days: int | None = attrs.field(default=None, converter=_to_optional_int)
    """Time the seller gets for a revision (None: the order's delivery days again)."""

    # -- bounds -------------------------------------------------------------------------------
    max_order_amount: Money = attrs.field(
        default=attrs.Factory(_default_max_order, takes_self=True), converter=_money_value
    )
    """The largest price of one order (and of a card's package or an offer). Checked before
    anything is stored or charged, so an absurd amount gets a clear error, never a charge the
    ledger then refuses. Default: 1,000,000 of the policy's currency."""
    max_delivery_days: int = attrs.field(default=365, converter=_to_int)
    """The longest delivery time an order, a package or an offer may promise."""
    max_extension_days: int = attrs.field(default=90, converter=_to_int)
    """The most days one extension may add."""

    # -- cancellation ---------------------------------------------------------------------
    buyer_may_cancel_pending: bool = True
    """The buyer may cancel alone before the seller starts."""
    exit_goes_to_admin: bool = False
    """Leaving a paid order before it is finished always takes a reason and goes to the admin
    as a dispute (MicrojobEngine: "even when the mJob hasn't been completed, A can 'quit' while B
    can 'close' ... they will have to explain the reason ... the admin then will play the role
    of a judge"). The buyer's ``cancel`` and the seller's ``decline`` are refused with a
    pointer to ``open_dispute``, which then opens from ``pending`` too. A cancellation both
    parties agree to, and an order that expires unpaid or unstarted, are not one side leaving
    and stay as they are. False: the buyer cancels a pending order alone and is refunded at
    once (``buyer_may_cancel_pending``), the seller declines it alone."""
    late_cancel_grace_hours: int | None = attrs.field(default=0, converter=_to_optional_int)
    """Once an order is late by this long the buyer may cancel alone (None: never)."""
    cancel_request_auto_accept_hours: int | None = attrs.field(
        default=48, converter=_to_optional_int
    )
    """A cancellation request the other side ignores is accepted after this long."""
    refund_to: RefundTo = RefundTo.WALLET
    refund_buyer_fee: bool = True
    """Whether a full cancellation also returns the buyer's service fee."""

    # -- disputes and payouts -----------------------------------------------------------
    dispute_fee: DisputeFee = DisputeFee.NONE
    dispute_fee_amount: Money | None = attrs.field(default=None, converter=_optional_money)
    payout_minimums: Mapping[str, Money] = attrs.field(factory=dict, converter=_minimums)
    """Smallest withdrawal per payout method (``{"paypal": Money("10", "USD")}``)."""
    payout_minimum_applies_to: str = attrs.field(default="request", converter=_minimum_meaning)
    """What must reach ``payout_minimums[kind]``. ``"request"``: the amount of each payout
    request. ``"balance"``: the available balance; once it has reached the minimum the seller
    may request any amount up to it, and below it no payout at all (Jobindoor: "once the
    Seller's available balance reaches the payout minimum, the Seller may request a payout")."""
    dispute_response_days: int | None = attrs.field(default=None, converter=_to_optional_int)
    """A dispute the other side does not answer in this many days is decided for the opener."""
    dispute_escalation_days: int | None = attrs.field(default=None, converter=_to_optional_int)
    """A dispute no admin has ruled on in this many days is escalated (event + notice)."""

    # -- subscriptions and listings -------------------------------------------------------
    subscription_grace_days: int = attrs.field(default=7, converter=_to_int)
    """How long a renewal that could not be paid keeps granting before the plan lapses."""
    subscription_retry_hours: int = attrs.field(default=24, converter=_to_int)
    """How often ``run_due`` tries again to charge a past-due renewal."""
    free_listing_limit: int | None = attrs.field(default=None, converter=_to_optional_int)
    """How many listings (not archived) a user without a granting plan may keep; ``None``: no
    limit. A plan's ``listing_limit`` replaces it while the plan grants."""

    # -- reviews ------------------------------------------------------------------------------
    review_window_days: int = attrs.field(default=14, converter=_to_int)
    """Reviews may be written this many days after the order closed."""
    reviews_double_blind: bool = False
    """Neither side sees the other's review until both wrote or the window closed."""
    rating_prior_mean: Decimal = attrs.field(default=Decimal("4.5"), converter=_to_rate)
    rating_prior_weight: int = attrs.field(default=10, converter=_to_int)
    """The Bayesian mean counts this many imaginary reviews of ``rating_prior_mean`` stars."""
    reviews_after_dispute: bool = True
    """An order an admin completed by ruling for the seller may be reviewed like any other;
    False keeps ratings to purchases the buyer accepted."""

    # -- attachments ----------------------------------------------------------------------
    attachment_extensions: tuple[str, ...] | None = None
    """Allowed file extensions for deliveries, evidence and chat (None: any)."""
    attachment_max_bytes: int | None = attrs.field(default=None, converter=_to_optional_int)
    """Largest attachment in bytes (None: no limit)."""

    # -- wallets: deposits and payouts (microjob.payouts) ---------------------------------
    payout_fees: Mapping[str, Money] = attrs.field(
        factory=dict, converter=_minimums, validator=_in_policy_currency
    )
    """Fixed fee per payout method, kept from the amount withdrawn (``{"bank": 3 USD}``)."""
    payout_fee_rates: Mapping[str, Decimal] = attrs.field(factory=dict, converter=_rates)
    """Share of the amount withdrawn kept as a fee, per method, on top of the fixed fee."""
    payout_auto_approve_limit: Money | None = attrs.field(
        default=None, converter=_optional_money, validator=_in_policy_currency
    )
    """Payout requests up to this amount are approved without an admin when their source of
    funds checks out (None: an admin approves every request)."""
    payout_business_days: Mapping[str, int] = attrs.field(
        factory=lambda: {"paypal": 1, "bank": 3}, converter=_day_counts
    )
    """Working days from approval until a payout arrives, per method."""
    deposit_review: bool = False
    """Deposits wait for an admin's manual reconciliation even when the provider confirms the
    charge (Web Park: check every deposit against the payment system's receipts)."""

    # -- chat (microjob.chat) ---------------------------------------------------------------
    contact_filter: ContactFilter = attrs.field(
        default=ContactFilter.MASK, converter=_contact_filter
    )
    """What the chat does with a message that shares contact details or invites the other
    party off the platform (allow, mask, block or hold for a moderator)."""
    allowed_domains: tuple[str, ...] = attrs.field(default=(), converter=_domains)
    """The platform's own domains (and any it trusts): links and addresses on them, and their
    subdomains, are never flagged by the chat's contact scanner."""

    # -- catalogue (microjob.catalog) --------------------------------------------------------
    listing_moderation: bool = False
    """A submitted service card waits for a moderator before anyone else can see, find or
    order it, and goes back to review after each edit (Web Park); False publishes at once."""

    def __attrs_post_init__(self) -> None:
        code = self.currency
        for label in ("small_order_fee", "small_order_threshold", "dispute_fee_amount"):
            value = getattr(self, label)
            if value is not None and value.currency.code != code:
                raise ValidationError(
                    f"{label} is in {value.currency.code} but the policy's currency is {code}"
                )
        for method, minimum in self.payout_minimums.items():
            if minimum.currency.code != code:
                raise ValidationError(
                    f"payout minimum for {method!r} is in {minimum.currency.code}, expected {code}"
                )
        if (self.small_order_fee is None) != (self.small_order_threshold is None):
            raise ValidationError("small_order_fee and small_order_threshold go together")
        if self.commission_rate > 1 or self.buyer_fee_rate > 1 or self.booking_fee_rate > 1:
            raise ValidationError("rates are fractions: 0.10 means 10 %, at most 1")
        cap = self.max_order_amount
        if cap.currency.code != code:
            raise ValidationError(
                f"max_order_amount is in {cap.currency.code} but the policy's currency is {code}"
            )
        if cap.amount <= 0 or cap.amount.scaleb(minor_places(code)) > (MAX_AMOUNT_MINOR_UNITS):
            raise ValidationError(
                f"max_order_amount must be above 0 and at most {MAX_AMOUNT_MINOR_UNITS:,} minor "
                f"units of {code}, got {plain(cap)}"
            )
        if self.max_delivery_days < 1 or self.max_extension_days < 1:
            raise ValidationError("max_delivery_days and max_extension_days are at least 1")
        if self.dispute_fee is DisputeFee.FIXED and self.dispute_fee_amount is None:
            raise ValidationError("dispute_fee FIXED needs dispute_fee_amount")

    # -- the fee rules -------------------------------------------------------------------
    def commission(self, price: Money) -> Money:
        """The platform's commission on ``price`` (escrow mode), quantized once."""
        if self.payment_mode is PaymentMode.DIRECT:
            return zero(price.currency)
        if not self.commission_bands:
            return _apply_rate(price, self.commission_rate)
        amount = price.amount
        total = Decimal(0)
        bands = self.commission_bands
        for index, band in enumerate(bands):
            upper = bands[index + 1].above if index + 1 < len(bands) else None
            if amount <= band.above:
                break
            top = amount if upper is None else min(amount, upper)
            total += (top - band.above) * band.rate
        return quantize(Money(total, price.currency.code))

    def buyer_fee(self, price: Money) -> Money:
        """What the buyer pays on top of the price (service fee + small-order fee)."""
        if self.payment_mode is PaymentMode.DIRECT:
            return zero(price.currency)
        fee = _apply_rate(price, self.buyer_fee_rate)
        if (
            self.small_order_fee is not None
            and self.small_order_threshold is not None
            and price < self.small_order_threshold
        ):
            fee = fee + self.small_order_fee
        return fee

    def booking_fee(self, price: Money) -> Money:
        """Direct mode: the fee paid through the platform (deducted from the direct settlement)."""
        if self.payment_mode is not PaymentMode.DIRECT:
            return zero(price.currency)
        return _apply_rate(price, self.booking_fee_rate)

    def payout_minimum(self, method: str) -> Money:
        """Smallest withdrawal for ``method`` (zero when the policy sets none)."""
        return self.payout_minimums.get(method, zero(self.currency))

    def check_bounds(
        self, *, price: Money | None = None, delivery_days: int | None = None, what: str = "price"
    ) -> None:
        """Refuse a price or a delivery time beyond this marketplace's maximums (before
        anything is stored or charged)."""
        if price is not None and price > self.max_order_amount:
            raise ValidationError(
                f"{what} {plain(price)} is above this marketplace's maximum of "
                f"{plain(self.max_order_amount)} per order"
            )
        if (
            isinstance(delivery_days, int)
            and not isinstance(delivery_days, bool)
            and delivery_days > self.max_delivery_days
        ):
            raise ValidationError(
                f"delivery_days {delivery_days:,} is more than this marketplace allows "
                f"({self.max_delivery_days} days at most)"
            )

    def check_currency(self, amount: Money, what: str = "price") -> None:
        """Refuse an amount in another currency than the marketplace's."""
        if amount.currency.code != self.currency:
            raise CurrencyMismatch(
                f"{what} is in {amount.currency.code} but this marketplace trades in "
                f"{self.currency}; send the amount in {self.currency}"
            )


class presets:  # noqa: N801 - a namespace, read like a module: presets.jobindoor()
    """Policies that reproduce the four seed systems and a Fiverr-like marketplace."""

    @staticmethod
    def microjobengine(currency: str = "USD") -> MarketplacePolicy:
        """MicrojobEngine: buyer pays price + commission to the admin, held until the job is
        finished; seller withdraws to PayPal or bank after completing the details."""
        return MarketplacePolicy(
            name="microjobengine",
            currency=currency,
            commission_rate=Decimal(0),
            buyer_fee_rate=Decimal("0.10"),
            auto_complete_days=None,
            clearance_days=0,
            payment_window_hours=48,
            exit_goes_to_admin=True,  # "quit" and "close" take a reason, the admin judges
            dispute_fee=DisputeFee.NONE,
            payout_minimums={"paypal": money("10", currency), "bank": money("50", currency)},
            contact_filter=ContactFilter.MASK,
        )

    @staticmethod
    def webpark(currency: str = "RUB") -> MarketplacePolicy:
        """Web Park: the contractor confirms, works, announces completion; the customer refuses,
        returns for revision or accepts; the aggregator lives on a commission."""
        return MarketplacePolicy(
            name="webpark",
            currency=currency,
            commission_rate=Decimal("0.15"),
            start_within_hours=72,
            auto_complete_days=7,
            revision_limit=3,
            clearance_days=3,
            refund_to=RefundTo.WALLET,
            payout_minimums={"bank": money("500", currency)},
            deposit_review=True,
            contact_filter=ContactFilter.HOLD,  # "check correspondence manually"
            listing_moderation=True,  # cards "checked by the moderator of the aggregator"
        )

    @staticmethod
    def kiwigigs(currency: str = "NZD") -> MarketplacePolicy:
        """KiwiGigs: the customer pays only the platform fee on the platform and settles the
        price with the expert directly."""
        return MarketplacePolicy(
            name="kiwigigs",
            currency=currency,
            payment_mode=PaymentMode.DIRECT,
            commission_rate=Decimal(0),
            booking_fee_rate=Decimal("0.10"),
            auto_complete_days=None,
            refund_to=RefundTo.ORIGINAL,
            contact_filter=ContactFilter.BLOCK,  # "no contact details ... should be shared"
        )

    @staticmethod
    def jobindoor(currency: str = "HUF") -> MarketplacePolicy:
        """Jobindoor: 90 % of the price to the seller's Available balance on approval, 10 %
        success fee kept in every case (disputes too), Late when the calendar-day countdown
        reaches zero, a minimum payout reached by the available balance, money counted and
        paid in working days."""
        return MarketplacePolicy(
            name="jobindoor",
            currency=currency,
            commission_rate=Decimal("0.10"),
            clearance_days=0,
            auto_complete_days=None,
            late_cancel_grace_hours=None,
            clearance_in_business_days=True,  # the countdown itself runs in calendar days
            dispute_fee=DisputeFee.COMMISSION_ALWAYS,
            payout_minimums={"bank": money("5000", currency), "paypal": money("5000", currency)},
            payout_minimum_applies_to="balance",
            payout_business_days={"bank": 3, "paypal": 2},
            attachment_extensions=("pdf", "doc", "docx", "zip", "psd", "jpg", "png"),
            attachment_max_bytes=150 * 1024 * 1024,
            contact_filter=ContactFilter.MASK,
            # Larger files travel as links from file-sharing sites (WeTransfer, Tresorit).
            allowed_domains=("jobindoor.hu", "wetransfer.com", "we.tl", "tresorit.com"),
        )

    @staticmethod
    def fiverr_like(currency: str = "USD") -> MarketplacePolicy:
        """20 % commission, 5.5 % buyer fee plus a small-order fee under 75, 14-day clearance,
        auto-complete after 3 days, cancellation requests accepted after 48 hours."""
        return MarketplacePolicy(
            name="fiverr_like",
            currency=currency,
            commission_rate=Decimal("0.20"),
            buyer_fee_rate=Decimal("0.055"),
            small_order_fee=money("3", currency),
            small_order_threshold=money("75", currency),
            clearance_days=14,
            auto_complete_days=3,
            cancel_request_auto_accept_hours=48,
            late_cancel_grace_hours=0,
            payout_minimums={"paypal": money("5", currency), "bank": money("20", currency)},
            payout_fees={"paypal": money("1", currency), "bank": money("3", currency)},
            contact_filter=ContactFilter.MASK,
        )

    @staticmethod
    def all(currency: str | None = None) -> dict[str, MarketplacePolicy]:
        """Every preset by name (each in its own default currency unless one is given)."""
        makers = {
            "microjobengine": presets.microjobengine,
            "webpark": presets.webpark,
            "kiwigigs": presets.kiwigigs,
            "jobindoor": presets.jobindoor,
            "fiverr_like": presets.fiverr_like,
        }
        if currency is None:
            return {name: make() for name, make in makers.items()}
        return {name: make(currency) for name, make in makers.items()}
