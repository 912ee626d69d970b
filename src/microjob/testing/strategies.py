"""Hypothesis strategies for the values microjob deals in.

Conventions, so that every strategy here reads the same way:

* every argument is keyword-only, and defaults describe the whole space a value can come from
  (every currency, amounts up to a trillion), so a bare ``amounts()`` already explores it;
* where one test may want a value fixed or varied (a currency), the argument takes either a
  plain value or a strategy that draws it;
* values are built with [`microjob.money`][microjob.money], so a generated amount is one microjob
  itself would accept, and they shrink towards small, familiar examples (USD, zero, one minor unit);
* an impossible combination of arguments raises Hypothesis' ``InvalidArgument`` when the
  strategy is built, not halfway through a test run.

The module is organised in sections, one per domain: money, policies, users, orders, service
cards and chat messages. A new section goes at the end, under its own ``# --`` heading, and adds its
names to ``__all__``.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

try:
    from hypothesis import assume
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError(
        "microjob.testing needs Hypothesis; install it with: pip install 'microjob[testing]'"
    ) from exc

from moneyed import CURRENCIES, Currency, Money

from microjob.money import from_minor, minor_places
from microjob.users import BACK_OFFICE

if TYPE_CHECKING:
    from microjob.adapters.memory import FrozenClock
    from microjob.marketplace import Marketplace
    from microjob.orders import Order
    from microjob.policies import MarketplacePolicy

__all__ = [
    "DEFAULT_MAX_AMOUNT",
    "PREFERRED_CODES",
    "PlacedOrder",
    "amounts",
    "bad_amount_values",
    "chat_texts",
    "currencies",
    "listings",
    "orders",
    "policies",
    "positive_amounts",
    "preset_policies",
    "rates",
    "user_ids",
    "users",
    "weights",
]

Bound = Decimal | int | str
"""How a bound is given: like an amount, exactly (floats are refused here too)."""


def _bound(value: object, name: str) -> Decimal:
    """A strategy argument as an exact Decimal, or ``InvalidArgument`` saying why not."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidArgument(
            f"{name} must be a Decimal, int or str (exact), got {type(value).__name__} {value!r}"
        )
    try:
        result = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
    except decimal.InvalidOperation:
        raise InvalidArgument(f"{name}={value!r} is not a number") from None
    if not result.is_finite():
        raise InvalidArgument(f"{name}={value!r} must be finite")
    return result


# -- money ------------------------------------------------------------------------------------

PREFERRED_CODES: Final = ("USD", "EUR", "JPY", "BHD", "CLF")
"""Drawn first and shrunk to first: USD, then one currency for each unusual number of places
(JPY 0, BHD 3, CLF 4), so a failing example is reported in a currency a reader knows."""

_ALL_CODES: Final = PREFERRED_CODES + tuple(
    sorted(code for code in CURRENCIES if code not in PREFERRED_CODES)
)

DEFAULT_MAX_AMOUNT: Final = Decimal(10**12)
"""Default upper bound of [`amounts`][microjob.testing.strategies.amounts]: a trillion major units,
above any real payment yet far inside the 28 significant digits a Decimal holds exactly, so products
with a rate stay exact."""

_PRECISION: Final = decimal.getcontext().prec
_MAX_PLACES: Final = max(minor_places(code) for code in CURRENCIES)


def _known_code(code: object, name: str) -> str:
    if isinstance(code, Currency):
        code = code.code
    if not isinstance(code, str) or code.upper() not in CURRENCIES:
        raise InvalidArgument(f"{name}: {code!r} is not an ISO 4217 code py-moneyed knows")
    return code.upper()


def currencies(*, codes: Iterable[str | Currency] | None = None) -> st.SearchStrategy[str]:
    """ISO 4217 codes py-moneyed knows, as upper-case strings such as ``"USD"``.

    Why: a money rule that holds for USD often breaks for a currency with 0 (JPY), 3 (BHD) or 4
    (CLF) decimal places; drawing from every currency finds those bugs, and shrinking reports
    them in the most familiar currency that still fails (see
    [`PREFERRED_CODES`][microjob.testing.strategies.PREFERRED_CODES]).

    ``codes`` restricts the draw, e.g. to the currencies a marketplace supports; the order given
    is the shrinking order.
    """
    if codes is None:
        return st.sampled_from(_ALL_CODES)
    if isinstance(codes, str | Currency):
        raise InvalidArgument(f"codes must be a collection of codes, e.g. [{codes!r}]")
    pool = tuple(dict.fromkeys(_known_code(code, "codes") for code in codes))
    if not pool:
        raise InvalidArgument("codes must name at least one currency")
    return st.sampled_from(pool)


def _unit_range(code: str, low: Decimal, high: Decimal, *, positive: bool) -> tuple[int, int]:
    """The minor-unit counts of ``code`` between the bounds (inclusive), or InvalidArgument."""
    places = minor_places(code)
    first = int(low.scaleb(places).to_integral_value(rounding=ROUND_CEILING))
    last = int(high.scaleb(places).to_integral_value(rounding=ROUND_FLOOR))
    if positive:
        first = max(first, 1)
    if first > last:
        raise InvalidArgument(
            f"no {'positive ' if positive else ''}{code} amount lies between {low} and {high} "
            f"({code} has {places} decimal places)"
        )
    if max(abs(first), abs(last)) >= 10**_PRECISION:
        raise InvalidArgument(
            f"bounds {low}..{high} {code} go beyond the {_PRECISION} digits a Decimal holds exactly"
        )
    return first, last


def _amounts_in(
    code: str, low: Decimal, high: Decimal, *, positive: bool
) -> st.SearchStrategy[Money]:
    first, last = _unit_range(code, low, high, positive=positive)
    return st.integers(min_value=first, max_value=last).map(lambda units: from_minor(units, code))


def _money_strategy(
    currency: str | Currency | st.SearchStrategy[str] | None,
    low: Decimal,
    high: Decimal,
    *,
    positive: bool,
) -> st.SearchStrategy[Money]:
    if low > high:
        raise InvalidArgument(f"min_value={low} is greater than max_value={high}")
    if currency is None:
        currency = currencies()
    if isinstance(currency, st.SearchStrategy):
        if max(abs(low), abs(high)).scaleb(_MAX_PLACES) >= 10**_PRECISION:
            raise InvalidArgument(
                f"bounds {low}..{high} go beyond the {_PRECISION} digits a Decimal holds exactly "
                f"in a currency with {_MAX_PLACES} decimal places; fix the currency or lower them"
            )
        return currency.flatmap(
            lambda code: _amounts_in(_known_code(code, "currency"), low, high, positive=positive)
        )
    return _amounts_in(_known_code(currency, "currency"), low, high, positive=positive)


def amounts(
    *,
    currency: str | Currency | st.SearchStrategy[str] | None = None,
    min_value: Bound = 0,
    max_value: Bound = DEFAULT_MAX_AMOUNT,
) -> st.SearchStrategy[Money]:
    """Exact amounts: a ``Money`` with no more decimal places than its currency has.

    Why: every amount microjob stores has passed [`microjob.money.money`][microjob.money.money], so
    tests should feed the same kind of value; an over-precise amount is a *different* test, see
    [`bad_amount_values`][microjob.testing.strategies.bad_amount_values]. Amounts are drawn as whole
    numbers of minor units (cents, yen, fils), which is how they shrink: towards zero, or the bound
    nearest to it.

    ``currency`` is a code, a ``Currency`` or a strategy of codes; by default every currency
    ([`currencies`][microjob.testing.strategies.currencies]). The bounds are in major units,
    inclusive, and default to ``0 .. DEFAULT_MAX_AMOUNT``: most money in a marketplace is not
    negative, so pass a negative ``min_value`` to test refunds and corrections.
    """
    low, high = _bound(min_value, "min_value"), _bound(max_value, "max_value")
    return _money_strategy(currency, low, high, positive=False)


def positive_amounts(
    *,
    currency: str | Currency | st.SearchStrategy[str] | None = None,
    max_value: Bound = DEFAULT_MAX_AMOUNT,
) -> st.SearchStrategy[Money]:
    """Amounts of at least one minor unit: prices, deposits, transfers.

    Why: the ledger refuses to move zero, and a price of nothing is not an order; the smallest
    amount that *is* accepted (0.01 USD, 1 JPY, 0.0001 CLF) is where rounding hurts most, and
    this is where these amounts shrink to.
    """
    high = _bound(max_value, "max_value")
    return _money_strategy(currency, Decimal(0), high, positive=True)


@st.composite
def _weight_lists(
    draw: st.DrawFn,
    min_size: int,
    max_size: int,
    elements: st.SearchStrategy[Decimal | int],
    positive: st.SearchStrategy[Decimal | int],
) -> list[Decimal | int]:
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    values = draw(st.lists(elements, min_size=size - 1, max_size=size - 1))
    values.insert(draw(st.integers(min_value=0, max_value=size - 1)), draw(positive))
    return values


def weights(
    *,
    min_size: int = 1,
    max_size: int = 6,
    elements: st.SearchStrategy[Decimal | int] | None = None,
) -> st.SearchStrategy[list[Decimal | int]]:
    """Weights for [`microjob.money.allocate`][microjob.money.allocate]: none negative, at least one
    positive.

    Why: an allocation must add up exactly whatever the proportions, so the default elements mix
    small ints (even splits and exact ties, where the remainder rule decides), huge ints
    (lopsided splits), Decimals with places, and zeros (a party that gets nothing, and must get
    exactly nothing). One positive weight is placed at a drawn position, so no draw is wasted on
    an all-zero list and the positive one is not always first.

    ``elements`` replaces the default element strategy; its values must not be negative.
    """
    if min_size < 1:
        raise InvalidArgument(f"min_size={min_size}: allocate needs at least one weight")
    if max_size < min_size:
        raise InvalidArgument(f"max_size={max_size} is smaller than min_size={min_size}")
    if elements is None:
        elements = st.one_of(
            st.integers(min_value=0, max_value=10),
            st.integers(min_value=0, max_value=10**9),
            st.decimals(min_value=0, max_value=1000, places=3),
        )
    positive = elements.filter(lambda weight: weight > 0)
    return _weight_lists(min_size, max_size, elements, positive)


def rates(
    *,
    min_value: Bound = 0,
    max_value: Bound = Decimal(1),
    places: int = 4,
) -> st.SearchStrategy[Decimal]:
    """Rates as exact Decimals, ``0.1`` meaning 10 %: commissions, fees, discounts.

    Why: a rate with four places (``0.0725``) times an amount with two has six, so nearly every
    product needs rounding and many land exactly on a half cent, which is where half-even
    rounding and ``commission + remainder == price`` are actually tested. The default range
    ``0 .. 1`` covers "nothing" to "everything"; negative rates are refused by microjob, test
    those separately.
    """
    low, high = _bound(min_value, "min_value"), _bound(max_value, "max_value")
    if low < 0:
        raise InvalidArgument(f"min_value={low}: microjob refuses negative rates")
    if low > high:
        raise InvalidArgument(f"min_value={low} is greater than max_value={high}")
    if places < 0:
        raise InvalidArgument(f"places={places} must not be negative")
    return st.decimals(
        min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
    )


_GARBAGE_STRINGS: Final = (
    "",
    " ",
    "12,50",
    "1.2.3",
    "0x10",
    "ten",
    "$5",
    "5 USD",
    "1e",
    "--1",
    "1/3",
)
_NOT_FINITE: Final = (
    Decimal("NaN"),
    Decimal("-NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    "NaN",
    "nan",
    "sNaN",
    "inf",
    "-Infinity",
)
_WRONG_TYPES: Final = (None, b"12.50", [12], {"amount": "12.50"}, 1 + 2j, Fraction(1, 3))


def _is_not_a_number(text: str) -> bool:
    try:
        Decimal(text.strip())
    except decimal.InvalidOperation:
        return True
    return False


def bad_amount_values(*, currency: str | Currency = "USD") -> st.SearchStrategy[object]:
    """Values ``microjob.money.money(value, currency)`` must refuse with a ValidationError.

    Why each kind is refused (and why each is worth testing):

    * floats, including NaN, infinities and ``-0.0``: a binary float cannot hold 0.10 exactly;
    * bools: ``True`` is an ``int`` to Python but never an amount anyone meant;
    * NaN and infinities as Decimals or strings: not amounts at all, and NaN poisons every sum;
    * over-precise values (``"10.005"`` for USD, ``"1.5"`` for JPY): rounding them silently would
      hide the caller's bug; how many places are too many depends on ``currency``;
    * values beyond the 28 significant digits a Decimal holds exactly (``"1e30"``);
    * strings that are not numbers (``"12,50"``, ``"$5"``, any text Decimal cannot parse);
    * other types (None, bytes, lists, complex numbers, ``Fraction(1, 3)``).
    """
    code = _known_code(currency, "currency")
    places = minor_places(code)
    over_precise = st.builds(
        lambda units, extra: Decimal(units).scaleb(-(places + extra)),
        st.integers(min_value=-(10**12), max_value=10**12).filter(lambda n: n % 10 != 0),
        st.integers(min_value=1, max_value=3),
    )
    limit = 10 ** (_PRECISION - places)
    too_large = st.integers(min_value=limit) | st.integers(max_value=-limit)
    return st.one_of(
        st.floats(),
        st.booleans(),
        st.sampled_from(_NOT_FINITE),
        over_precise,
        over_precise.map(str),
        too_large,
        st.sampled_from(("1e30", "-1e30", "1e999", "1E+1000000")),
        st.sampled_from(_GARBAGE_STRINGS),
        st.text(max_size=12).filter(_is_not_a_number),
        st.sampled_from(_WRONG_TYPES),
    )


# -- policies ---------------------------------------------------------------------------------
_PRESET_NAMES: Final = ("microjobengine", "webpark", "kiwigigs", "jobindoor", "fiverr_like")


def preset_policies(
    *, currency: str | Currency | st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[MarketplacePolicy]:
    """One of the shipped presets, in its own currency or in ``currency``.

    Why: a rule that holds under every preset holds under the four seed systems users start
    from; the presets shrink towards the first one (MicrojobEngine).
    """
    from microjob.policies import presets

    if currency is None:
        return st.sampled_from(_PRESET_NAMES).map(lambda name: getattr(presets, name)())
    codes = currency if isinstance(currency, st.SearchStrategy) else st.just(currency)
    return st.builds(
        lambda name, code: getattr(presets, name)(_known_code(code, "currency")),
        st.sampled_from(_PRESET_NAMES),
        codes,
    )


def policies(
    *, currency: str | Currency | st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[MarketplacePolicy]:
    """Any valid MarketplacePolicy: a preset with its commission, buyer fee, clearance,
    auto-completion, revision limit and refund rules drawn anew.

    Why start from a preset: the fields of a policy are not independent (a small-order fee needs
    its threshold, payout minimums are in the policy's currency), and the presets are valid
    combinations; drawing the numeric rules over them reaches the edge cases (0 % and 50 %
    commission, no clearance, no auto-completion) without producing policies nobody could run.
    """
    from microjob.policies import RefundTo

    return st.builds(
        lambda base, commission, fee, clearance, auto, revisions, refund_to, refund_fee: (
            attrs.evolve(
                base,
                commission_rate=commission,
                commission_bands=(),
                buyer_fee_rate=fee,
                clearance_days=clearance,
                auto_complete_days=auto,
                revision_limit=revisions,
                refund_to=refund_to,
                refund_buyer_fee=refund_fee,
            )
        ),
        preset_policies(currency=currency),
        rates(max_value="0.5"),
        rates(max_value="0.2"),
        st.integers(min_value=0, max_value=30),
        st.one_of(st.none(), st.integers(min_value=1, max_value=14)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
        st.sampled_from(list(RefundTo)),
        st.booleans(),
    )


# -- users ------------------------------------------------------------------------------------
def user_ids() -> st.SearchStrategy[str]:
    """User ids microjob accepts: short, lower-case letters, digits, dots, dashes, underscores
    (the reserved ``system`` actor excluded)."""
    first = st.sampled_from("abcdefghijklmnopqrstuvwxyz")
    rest = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", max_size=15)
    return st.builds(lambda a, b: a + b, first, rest).filter(lambda uid: uid != "system")


def users(*, admin: bool | None = False) -> st.SearchStrategy[dict[str, object]]:
    """Keyword arguments for ``Marketplace.register_user``: ``{"user_id", "name", "email",
    "is_admin"}``. ``admin=None`` draws the flag too."""
    flags = st.booleans() if admin is None else st.just(admin)
    names = st.text(
        alphabet=st.characters(categories=["L"], max_codepoint=0x24F), min_size=1, max_size=20
    )
    return st.builds(
        lambda uid, name, flag: {
            "user_id": uid,
            "name": name,
            "email": f"u{uid.encode().hex()}@example.org",  # one address per id
            "is_admin": flag,
        },
        user_ids(),
        names,
        flags,
    )


# -- orders -------------------------------------------------------------------------------------
@attrs.frozen
class PlacedOrder:
    """A fresh in-memory marketplace (users ``buyer``, ``seller`` and admin ``admin``) and one
    order brought to a state through the facade's own commands, the way it happens for real."""

    market: Marketplace
    clock: FrozenClock
    order: Order
    path: tuple[str, ...]

    def __repr__(self) -> str:  # what a failing example prints: short and readable
        return f"PlacedOrder({self.order.state}, price={self.order.price}, path={self.path})"


_ORDER_STATES: Final = (
    "awaiting_payment",
    "pending",
    "active",
    "late",
    "delivered",
    "completed",
    "cancelled",
    "disputed",
)

_PATHS: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    "awaiting_payment": (("unpaid",),),
    "pending": ((),),
    "active": (("start",), ("start", "deliver", "revise")),
    "late": (("start", "overdue"),),
    "delivered": (("start", "deliver"), ("start", "deliver", "revise", "deliver")),
    "completed": (
        ("start", "deliver", "accept"),
        ("start", "deliver", "wait"),
        ("start", "dispute", "release"),
    ),
    "cancelled": (("cancel",), ("decline",), ("start", "dispute", "refund"), ("failed",)),
    "disputed": (("start", "dispute"), ("start", "deliver", "refuse")),
}


def _drive(
    policy: MarketplacePolicy, price: Money, days: int, path: tuple[str, ...]
) -> PlacedOrder:
    from microjob.adapters.memory import FakeGateway, FrozenClock
    from microjob.disputes import Ruling
    from microjob.marketplace import Marketplace

    clock = FrozenClock()
    gateway = FakeGateway()
    market = Marketplace.in_memory(policy, clock=clock, gateway=gateway)
    for user in ("buyer", "seller"):
        market.users.register(user, name=user.title(), email=f"{user}@example.org")
    market.users.register("admin", name="Admin", email="admin@example.org", is_admin=True)
    if path and path[0] in ("unpaid", "failed"):
        gateway.script("pending" if path[0] == "unpaid" else "failed")
    order = market.orders.place(
        actor="buyer", seller_id="seller", title="Service", price=price, delivery_days=days
    )
    oid = order.id
    steps: dict[str, Callable[[], object]] = {
        "unpaid": lambda: None,
        "failed": lambda: None,
        "start": lambda: market.orders.start(oid, actor="seller"),
        "deliver": lambda: market.orders.deliver(oid, actor="seller", message="the work"),
        "revise": lambda: market.orders.request_revision(
            oid, actor="buyer", reason="one more change"
        ),
        "accept": lambda: market.orders.accept(oid, actor="buyer"),
        "cancel": lambda: market.orders.cancel(oid, actor="buyer", reason="changed my mind"),
        "decline": lambda: market.orders.decline(oid, actor="seller", reason="too busy"),
        "refuse": lambda: market.disputes.refuse(oid, actor="buyer", reason="not what I asked for"),
        "dispute": lambda: market.disputes.open(oid, actor="buyer", reason="no answer"),
        "release": lambda: market.disputes.rule(
            market.disputes.of_order(oid, viewer="admin")[-1].id,
            actor="admin",
            ruling=Ruling.release_to_seller("ok"),
        ),
        "refund": lambda: market.disputes.rule(
            market.disputes.of_order(oid, viewer="admin")[-1].id,
            actor="admin",
            ruling=Ruling.refund_buyer("no"),
        ),
        "overdue": lambda: (clock.advance(days=days, seconds=1), market.run_due()),
        "wait": lambda: (
            clock.advance(days=(policy.auto_complete_days or 0) + 1),
            market.run_due(),
        ),
    }
    for step in path:
        steps[step]()
    return PlacedOrder(market, clock, market.orders.get(oid, viewer=BACK_OFFICE), path)


def orders(
    *,
    states: Iterable[str] | None = None,
    policy: MarketplacePolicy | st.SearchStrategy[MarketplacePolicy] | None = None,
    max_price: Bound = 10_000,
) -> st.SearchStrategy[PlacedOrder]:
    """An order in any reachable state (or one of ``states``), reached by a drawn path of real
    commands (a dispute ruled either way, a revision round, the clock running out).

    Why through the facade: an order built field by field could be in a state no command sequence
    reaches, and a test passing on it proves nothing. Shrinks towards a small price, the first
    path of the first state, and the default policy (the first preset).
    """
    wanted = tuple(_ORDER_STATES if states is None else states)
    unknown = [state for state in wanted if state not in _PATHS]
    if unknown or not wanted:
        raise InvalidArgument(f"states={wanted!r}: use some of {', '.join(_ORDER_STATES)}")
    if policy is None:
        chosen: st.SearchStrategy[MarketplacePolicy] = preset_policies()
    elif isinstance(policy, st.SearchStrategy):
        chosen = policy
    else:
        chosen = st.just(policy)
    paths = [path for state in wanted for path in _PATHS[state]]

    def draw_order(draw: st.DrawFn) -> PlacedOrder:
        base = draw(chosen)
        # Without auto-completion, "the clock runs out" completes nothing; completed has
        # other paths, so some path to every wanted state remains.
        usable = paths if base.auto_complete_days else [p for p in paths if "wait" not in p]
        if base.exit_goes_to_admin:  # no cancel or decline alone: a dispute still cancels
            usable = [p for p in usable if "cancel" not in p and "decline" not in p]
        path = draw(st.sampled_from(usable))
        price = draw(positive_amounts(currency=base.currency, max_value=max_price))
        days = draw(st.integers(min_value=1, max_value=30))
        placed = _drive(base, price, days, path)
        # A price too small to carry a fee leaves nothing to pay through the platform, so the
        # order is paid at once and an "unpaid" path cannot stay unpaid: draw another.
        assume(placed.order.state in wanted)
        return placed

    return st.composite(draw_order)()


# -- service cards ------------------------------------------------------------------------------
_CARD_WORDS: Final = (
    "logo", "design", "website", "landing", "page", "translation", "english", "spanish",
    "voice", "over", "video", "edit", "illustration", "portrait", "resume", "writing",
    "seo", "audit", "wordpress", "fix", "banner", "animation", "podcast", "mixing",
)  # fmt: skip


def listings(
    *, currency: str | Currency = "USD", max_price: Bound = 5_000
) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``Marketplace.create_listing`` (all but the seller): a title, a
    description, a category, tags, one to three packages in ``currency`` and up to three
    extras that add a price, revisions or a faster delivery.

    Why this shape: it is what a seller fills in; the extras never cut delivery below one day,
    so every card drawn is one microjob accepts and every package-plus-extras order is valid.
    """
    from microjob.catalog import PACKAGE_NAMES, Extra, Package

    code = _known_code(currency, "currency")
    words_ = st.sampled_from(_CARD_WORDS)
    title = st.lists(words_, min_size=2, max_size=8).map(lambda w: " ".join(w).capitalize())
    description = st.lists(words_, min_size=3, max_size=40).map(" ".join)
    tags = st.lists(words_, max_size=5, unique=True)
    prices = positive_amounts(currency=code, max_value=max_price)

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        count = draw(st.integers(min_value=1, max_value=len(PACKAGE_NAMES)))
        packages = [
            Package(
                name,
                draw(prices),
                draw(st.integers(min_value=1, max_value=30)),
                draw(st.one_of(st.none(), st.integers(min_value=0, max_value=5))),
            )
            for name in PACKAGE_NAMES[:count]
        ]
        fastest = min(p.delivery_days for p in packages)
        extras: list[Extra] = []
        budget = fastest - 1  # days all extras together may take off
        for number in range(draw(st.integers(min_value=0, max_value=3))):
            faster = draw(st.integers(min_value=0, max_value=budget))
            budget -= faster
            extra_price = draw(st.one_of(st.just(None), prices))
            revisions = draw(st.integers(min_value=0, max_value=2))
            if faster == 0 and revisions == 0 and extra_price is None:
                revisions = 1  # an extra must change something
            extras.append(
                Extra(
                    f"extra-{number}",
                    f"Extra {number}",
                    extra_price if extra_price is not None else from_minor(0, code),
                    -faster,
                    revisions,
                )
            )
        return {
            "title": draw(title),
            "description": draw(description),
            "category": draw(st.sampled_from(("design", "writing", "video", "programming"))),
            "tags": draw(tags),
            "packages": packages,
            "extras": extras,
        }

    return build()


# -- chat messages ------------------------------------------------------------------------------
_WORDS: Final = (
    "hello",
    "thanks",
    "for",
    "the",
    "order",
    "I",
    "will",
    "send",
    "the",
    "first",
    "draft",
    "tomorrow",
    "could",
    "you",
    "share",
    "the",
    "brand",
    "colours",
    "please",
    "the",
    "logo",
    "looks",
    "great",
    "can",
    "we",
    "change",
    "the",
    "font",
    "size",
    "one",
    "more",
    "revision",
    "and",
    "we",
    "are",
    "done",
    "sure",
    "no",
    "problem",
    "delivery",
    "is",
    "ready",
    "have",
    "a",
    "look",
)
_CONTACTS: Final = (
    "write me at {name}@gmail.com",
    "my email is {name}.work@outlook.com",
    "call me on +1 415 555 {digits}",
    "whatsapp +44 7700 900{digits3}",
    "add me on telegram @{name}_design",
    "my skype is live:{name}.studio",
    "see my portfolio at https://{name}-studio.com",
    "text me +49 151 2345 {digits}",
)


def chat_texts(*, contact: bool | None = None) -> st.SearchStrategy[str]:
    """Chat messages: ordinary talk about the work, with a way to reach the sender off the
    platform (``contact=True``), without one (``False``), or either (``None``).

    The hidden contacts are forms the scanner is built to catch (e-mail addresses, phone
    numbers with a country code, messenger handles, personal websites); a test of the filter's
    recall on exotic spellings belongs with a corpus, not here.
    """
    talk = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=20).map(" ".join)
    names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10)
    hidden = st.builds(
        lambda template, name, d, before, after: " ".join(
            part
            for part in (
                before,
                template.format(name=name, digits=f"{d:04d}", digits3=f"{d % 1000:03d}"),
                after,
            )
            if part
        ),
        st.sampled_from(_CONTACTS),
        names,
        st.integers(min_value=0, max_value=9999),
        talk | st.just(""),
        talk | st.just(""),
    )
    if contact is None:
        return talk | hidden
    return hidden if contact else talk
